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
/// A silo killed (at once, without a graceful hand-over) while it holds batches: they run again on the other silos and
/// the results are the reference kernel's. The test decides the timing: a grain call filter holds every batch that
/// reaches the victim (a silo other than the first, the primary), so when the first batch is delivered elsewhere the
/// victim surely holds some, and it is killed then. Its own cluster, since it destroys a silo.
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _victimHoldsABatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _releaseHeldBatches = new();
    private InProcessTestCluster _cluster = null!;
    private SiloAddress? _victim;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.ConfigureUptakeSim().ConfigureFailureDetection().AddIncomingGrainCallFilter(HoldBatchesOnTheVictim));
        builder.ConfigureClient(client => client.ConfigureUptakeSim());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _victim = _cluster.Silos[1].SiloAddress;
    }

    private async Task HoldBatchesOnTheVictim(IIncomingGrainCallContext call)
    {
        if (call.Grain is IReplicationBatchGrain && _victim is not null && _victim.Equals(call.TargetContext.Address.SiloAddress))
        {
            _victimHoldsABatch.TrySetResult();
            await Task.Delay(Timeout.Infinite, _releaseHeldBatches.Token);
        }
        await call.Invoke();
    }

    public async Task DisposeAsync()
    {
        await _releaseHeldBatches.CancelAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Batches_of_a_killed_silo_run_again_elsewhere_and_the_results_do_not_change()
    {
        var setup = Baseline.Setup(runs: 60);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(60, 1, 60));
        await using var engine = await ClusterEngine.StartAsync(_cluster.Client, batchesPerSilo: 2);
        var retries = new ConcurrentQueue<BatchRetry>();
        var killed = false;

        var result = await MonteCarloRun.RunAsync(engine, setup, BatchPlan.Auto(60, 1, 5), observer: async _ =>
        {
            if (killed) return;
            await _victimHoldsABatch.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(_victim)));
            killed = true;
        }, retrying: retries.Enqueue);

        Assert.True(killed);
        Assert.NotEmpty(retries);
        Assert.All(retries, r => Assert.IsType<SiloUnavailableException>(r.Reason));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(result));
    }
}
