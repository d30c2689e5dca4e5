using System.Diagnostics;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using UptakeSim.Grains;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Engine;

/// <summary>
/// Runs batches on a cluster of silos, each on the active silo with the fewest batches in flight (a placement hint).
/// <para>
/// When a silo dies, Orleans does not fail a client's calls that depended on it before the response timeout (30
/// minutes here): the batches it ran, and also batches on other silos whose request or response travelled through its
/// gateway. So the engine watches the membership itself and, as soon as the other silos declare a silo dead, fails
/// every batch that was in flight; the scheduler runs them again from their seeds on the silos left. A batch that
/// fails on its own meanwhile (a call to the dying silo, or to CCG grains it kept in the grain directory) waits for
/// that verdict, or <see cref="SettleTimeout"/>, before it reports, so that its next attempt lands on a settled cluster.
/// A request sent while a silo goes can also vanish on the way (through the gateway of a silo that is stopping), so a
/// batch not yet finished after <see cref="ArrivalCheckAfter"/> must be running somewhere (checked twice), or it fails too.
/// When no silo has answered for <see cref="ClusterLostTimeout"/>, every batch fails.
/// </para>
/// </summary>
public sealed class ClusterEngine : IReplicationEngine, IAsyncDisposable
{
    public static readonly TimeSpan MembershipPollPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ClusterLostTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ArrivalCheckAfter = TimeSpan.FromSeconds(5);

    /// <summary>About twice the 3-5 s the silos take to declare a killed silo dead (<see cref="FailureDetection"/>).</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan PollTimeout = MembershipPollPeriod * 5;

    private readonly IGrainFactory _grains;
    private readonly IManagementGrain _management;
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, int> _inFlight = [];
    private readonly HashSet<Attempt> _unconfirmed = [];
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly Task _watching;
    private Membership _membership = new();
    private string? _clusterLost;

    private ClusterEngine(IGrainFactory grains, IReadOnlyCollection<SiloAddress> silos, int batchesPerSilo)
    {
        _grains = grains;
        _management = grains.GetGrain<IManagementGrain>(0);
        foreach (var silo in silos) _inFlight[silo] = 0;
        MaxConcurrentBatches = batchesPerSilo * silos.Count;
        Name = $"Orleans cluster of {silos.Count} silo{(silos.Count == 1 ? "" : "s")} (one grain per CCG, batched replications)";
        _watching = WatchAsync();
    }

    /// <summary>Asks the cluster for its active silos; <paramref name="batchesPerSilo"/> times their number batches run at once.</summary>
    public static async Task<ClusterEngine> StartAsync(IGrainFactory grains, int batchesPerSilo)
    {
        var silos = await ActiveSilosAsync(grains.GetGrain<IManagementGrain>(0));
        if (silos.Count == 0) throw new ClusterUnavailableException("the cluster has no active silo");
        return new ClusterEngine(grains, silos, batchesPerSilo);
    }

    public string Name { get; }

    /// <summary>Fixed at start: silos that join later share the same number of batches, and survivors take over a lost silo's share.</summary>
    public int MaxConcurrentBatches { get; }

    public int ActiveSilos
    {
        get
        {
            lock (_lock) return _inFlight.Count;
        }
    }

    public async Task<BatchTrajectories> RunBatchAsync(SimulationSetup setup, Batch batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var attempt = Start(_grains.GetGrain<IReplicationBatchGrain>($"{Guid.NewGuid():N}/{batch.FirstReplication}"));
        try
        {
            Task<Immutable<BatchTrajectories>> call;
            RequestContext.Set(IPlacementDirector.PlacementHintKey, attempt.Silo);
            try
            {
                call = attempt.Grain.Run(setup.AsImmutable(), batch.FirstReplication, batch.Replications);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
            try
            {
                return (await call.WaitAsync(attempt.Abandoned)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One line, without the inner exception: Orleans' messages carry whole stack traces.
                throw new SiloUnavailableException(await UntilSettledAsync(attempt.Membership)
                    ? attempt.Membership.Change
                    : $"{e.GetBaseException().Message.Split('\n')[0].Trim()} (on silo {attempt.Silo.Endpoint})");
            }
        }
        catch (OperationCanceledException) when (attempt.Abandoned.IsCancellationRequested)
        {
            throw new SiloUnavailableException(attempt.Reason);
        }
        finally
        {
            Finish(attempt);
        }
    }

    /// <summary>True if a silo was lost meanwhile: the failure was most likely its doing, and the cluster has settled without it.</summary>
    private static async Task<bool> UntilSettledAsync(Membership membership)
    {
        try
        {
            await Task.Delay(SettleTimeout, membership.Changed);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private Attempt Start(IReplicationBatchGrain grain)
    {
        lock (_lock)
        {
            if (_clusterLost is not null) throw new ClusterUnavailableException(_clusterLost);
            if (_inFlight.Count == 0) throw new ClusterUnavailableException("the cluster has no active silo left");
            var silo = _inFlight.MinBy(s => s.Value).Key;
            _inFlight[silo]++;
            var attempt = new Attempt(grain, silo, _membership);
            _unconfirmed.Add(attempt);
            return attempt;
        }
    }

    private void Finish(Attempt attempt)
    {
        lock (_lock)
        {
            _unconfirmed.Remove(attempt);
            if (_inFlight.TryGetValue(attempt.Silo, out var n)) _inFlight[attempt.Silo] = n - 1;
        }
        attempt.Dispose();
    }

    private static async Task<IReadOnlyCollection<SiloAddress>> ActiveSilosAsync(IManagementGrain management) =>
        (await management.GetHosts(onlyActive: true)).Keys;

    private async Task WatchAsync()
    {
        var lastAnswer = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(MembershipPollPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopWatching.Token))
            {
                try
                {
                    // The poll goes through a gateway that may itself have died: give up on it after a few periods.
                    Update(await ActiveSilosAsync(_management).WaitAsync(PollTimeout, _stopWatching.Token));
                    lastAnswer.Restart();
                    await ConfirmArrivalsAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stopWatching.IsCancellationRequested)
                {
                    if (lastAnswer.Elapsed > ClusterLostTimeout)
                    {
                        var reason = $"the cluster is gone: no silo has answered for {ClusterLostTimeout.TotalSeconds:F0} s (last: {e.GetBaseException().Message.Split('\n')[0].Trim()})";
                        lock (_lock) _clusterLost = reason;
                        Change(reason);
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopWatching.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private void Update(IReadOnlyCollection<SiloAddress> active)
    {
        List<SiloAddress> lost;
        lock (_lock)
        {
            lost = _inFlight.Keys.Where(s => !active.Contains(s)).ToList();
            foreach (var silo in lost) _inFlight.Remove(silo);
            foreach (var silo in active) _inFlight.TryAdd(silo, 0);
        }
        if (lost.Count > 0) Change($"silo {string.Join(", ", lost.Select(s => s.Endpoint))} left the cluster while the batch was in flight");
    }

    /// <summary>Fails every batch in flight (outside the lock: their continuations take it).</summary>
    private void Change(string reason)
    {
        Membership ended;
        lock (_lock)
        {
            ended = _membership;
            _membership = new Membership();
        }
        ended.End(reason);
    }

    /// <summary>
    /// A batch still running after <see cref="ArrivalCheckAfter"/> has a grain somewhere; if none is found twice, that
    /// period apart, its request was lost. (Once is not enough: on a loaded silo a request can wait in its queue for
    /// seconds before the grain is activated, and running such a batch again would only waste an attempt.)
    /// </summary>
    private async Task ConfirmArrivalsAsync()
    {
        Attempt[] due;
        lock (_lock) due = _unconfirmed.Where(a => a.Age > ArrivalCheckAfter * (a.MissedChecks + 1)).ToArray();
        foreach (var attempt in due)
        {
            var silo = await _management.GetActivationAddress(attempt.Grain).AsTask().WaitAsync(PollTimeout, _stopWatching.Token);
            lock (_lock)
            {
                if (!_unconfirmed.Contains(attempt)) continue; // Finished meanwhile.
                if (silo is not null || ++attempt.MissedChecks == 2) _unconfirmed.Remove(attempt);
            }
            if (silo is null && attempt.MissedChecks == 2)
            {
                attempt.Abandon($"its request to silo {attempt.Silo.Endpoint} was lost: no silo runs it after {(ArrivalCheckAfter * 2).TotalSeconds:F0} s");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await _watching;
        _stopWatching.Dispose();
    }

    /// <summary>The cluster as it stood when batches started; it ends when a silo is lost.</summary>
    private sealed class Membership
    {
        private readonly CancellationTokenSource _ended = new();

        public CancellationToken Changed => _ended.Token;

        public string Change { get; private set; } = "";

        public void End(string change)
        {
            Change = change;
            _ended.Cancel();
        }
    }

    /// <summary>One attempt at a batch: its grain, the silo it was sent to, and why it was abandoned, if it was.</summary>
    private sealed class Attempt(IReplicationBatchGrain grain, SiloAddress silo, Membership membership) : IDisposable
    {
        private readonly CancellationTokenSource _abandoned = CancellationTokenSource.CreateLinkedTokenSource(membership.Changed);
        private readonly long _started = Stopwatch.GetTimestamp();
        private string? _reason;

        public IReplicationBatchGrain Grain { get; } = grain;

        public SiloAddress Silo { get; } = silo;

        public Membership Membership { get; } = membership;

        public TimeSpan Age => Stopwatch.GetElapsedTime(_started);

        /// <summary>How many arrival checks found no grain for it (under the engine's lock).</summary>
        public int MissedChecks { get; set; }

        /// <summary>Cancelled when a silo is lost, or when the request turns out to have been lost.</summary>
        public CancellationToken Abandoned => _abandoned.Token;

        public string Reason => _reason ?? Membership.Change;

        public void Abandon(string reason)
        {
            _reason = reason;
            try
            {
                _abandoned.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The batch finished meanwhile.
            }
        }

        public void Dispose() => _abandoned.Dispose();
    }
}
