using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.TestingHost;
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
/// A silo killed (a crash, not a graceful stop) while it holds batches: they run again on the other silos and the
/// results are the reference kernel's. The test picks the moment: the first batch is one replication and the others
/// fifteen, all started at once, so when the first is delivered the others are still running, and the silo killed is
/// one that hosts batch grains right then. Its own cluster, since it destroys a silo.
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.ConfigureUptakeSim().ConfigureFailureDetection());
        builder.ConfigureClient(client => client.ConfigureUptakeSim());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Batches_of_a_killed_silo_run_again_elsewhere_and_the_results_do_not_change()
    {
        Batch[] batches = [new(0, 1), .. Enumerable.Range(0, 8).Select(i => new Batch(1 + 100 * i, 100))];
        var setup = Baseline.Setup(runs: 801);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(801, 1, 801));
        await using var engine = await ClusterEngine.StartAsync(_cluster.Client, batchesPerSilo: 3);
        var result = new TrajectoryAccumulator(setup);
        var retries = new ConcurrentQueue<BatchRetry>();
        InProcessSiloHandle? killed = null;

        await BatchScheduler.RunAsync(batches, engine.MaxConcurrentBatches, (batch, ct) => engine.RunBatchAsync(setup, batch, ct), async (_, trajectories) =>
        {
            result.Add(trajectories);
            if (killed is not null) return;
            killed = await SiloHostingBatchesAsync();
            await _cluster.KillSiloAsync(killed);
        }, retrying: retries.Enqueue);

        Assert.NotNull(killed);
        Assert.NotEmpty(retries);
        Assert.All(retries, r => Assert.IsType<SiloUnavailableException>(r.Reason));
        Assert.Equal(801, result.Runs);
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(result));
    }

    /// <summary>The silo with the most batch grains right now, other than the first (the primary).</summary>
    private async Task<InProcessSiloHandle> SiloHostingBatchesAsync()
    {
        var statistics = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var busiest = statistics
            .Where(s => s.GrainType.Contains("ReplicationBatch") && !s.SiloAddress.Equals(_cluster.Silos[0].SiloAddress))
            .GroupBy(s => s.SiloAddress)
            .MaxBy(g => g.Count())?.Key ?? throw new InvalidOperationException("no secondary silo hosts a batch grain while batches are in flight");
        return _cluster.Silos.Single(s => s.SiloAddress.Equals(busiest));
    }
}
