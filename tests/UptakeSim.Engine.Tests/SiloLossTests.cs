using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.TestingHost;
using UptakeSim.Grains;
using UptakeSim.Runner;

namespace UptakeSim.Engine.Tests;

[Collection(nameof(ThreeSiloCluster))]
public class ClusterEngineTests(ThreeSiloCluster fixture)
{
    [Fact]
    public async Task The_cluster_engine_spreads_batches_over_every_silo_and_matches_the_reference()
    {
        var setup = Baseline.Setup(runs: 36);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(36, 1, 36));
        await using var engine = await ClusterEngine.StartAsync(fixture.Cluster.Client, batchesPerSilo: 2);
        var result = await MonteCarloRun.RunAsync(engine, setup, BatchPlan.Auto(36, 2, 3));
        Assert.Equal(3, engine.ActiveSilos);
        Assert.Equal(6, engine.MaxConcurrentBatches);
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(result));
    }
}

/// <summary>
/// Silos killed (at once, without a graceful hand-over) while they hold batches: their batches run again on the silos
/// left and the results are the reference kernel's. The test decides the timing: a grain call filter holds every batch
/// that reaches a victim (silos other than the first, the primary), so when the first batch is delivered elsewhere and
/// every victim holds some, the victims are killed. Its own cluster, since it destroys silos. (The test cluster's
/// in-memory membership learns of a kill at once; how fast real silos declare two of three dead is checked with real
/// processes by .ci/cluster-test.sh.)
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _releaseHeldBatches = new();
    private readonly ConcurrentDictionary<SiloAddress, TaskCompletionSource> _victims = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.ConfigureUptakeSim().ConfigureFailureDetection().AddIncomingGrainCallFilter(HoldBatchesOnTheVictims));
        builder.ConfigureClient(client => client.ConfigureUptakeSim());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    private async Task HoldBatchesOnTheVictims(IIncomingGrainCallContext call)
    {
        if (call.Grain is IReplicationBatchGrain && call.TargetContext.Address.SiloAddress is { } silo && _victims.TryGetValue(silo, out var holdsABatch))
        {
            holdsABatch.TrySetResult();
            await Task.Delay(Timeout.Infinite, _releaseHeldBatches.Token);
        }
        await call.Invoke();
    }

    public async Task DisposeAsync()
    {
        await _releaseHeldBatches.CancelAsync();
        await _cluster.DisposeAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Batches_of_killed_silos_run_again_elsewhere_and_the_results_do_not_change(int killed)
    {
        foreach (var silo in _cluster.Silos.Skip(1).Take(killed)) _victims[silo.SiloAddress] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var setup = Baseline.Setup(runs: 60);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(60, 1, 60));
        await using var engine = await ClusterEngine.StartAsync(_cluster.Client, batchesPerSilo: 2);
        var retries = new ConcurrentQueue<BatchRetry>();
        var done = false;

        var result = await MonteCarloRun.RunAsync(engine, setup, BatchPlan.Auto(60, 1, 5), observer: async _ =>
        {
            if (done) return;
            await Task.WhenAll(_victims.Values.Select(v => v.Task)).WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var victim in _cluster.Silos.Where(s => _victims.ContainsKey(s.SiloAddress)).ToList()) await _cluster.KillSiloAsync(victim);
            done = true;
        }, retrying: retries.Enqueue);

        Assert.True(done);
        Assert.Equal(3 - killed, engine.ActiveSilos);
        Assert.NotEmpty(retries);
        Assert.All(retries, r => Assert.IsType<SiloUnavailableException>(r.Reason));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(result));
    }
}
