using Orleans.Concurrency;
using UptakeSim.Grains;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Engine;

/// <summary>
/// Runs replications on an Orleans cluster: one <see cref="IReplicationBatchGrain"/> per batch, each driving one
/// <see cref="ICcgGrain"/> per CCG. <paramref name="maxConcurrentBatches"/> batches in flight keep every core busy
/// and bound memory whatever the number of replications.
/// </summary>
public sealed class OrleansEngine(IGrainFactory grains, int maxConcurrentBatches) : IReplicationEngine
{
    /// <summary>A batch per core: each batch's CCGs step on every core, so one batch's start mix or tally rarely leaves a
    /// core idle, and more in flight would hold more memory without being faster (docs/performance.md).</summary>
    public static int DefaultConcurrency => Environment.ProcessorCount;

    public string Name => "Orleans (one grain per CCG, batched replications)";

    public int MaxConcurrentBatches => maxConcurrentBatches;

    public async Task<BatchTrajectories> RunBatchAsync(SimulationSetup setup, Batch batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var grain = grains.GetGrain<IReplicationBatchGrain>($"{Guid.NewGuid():N}/{batch.FirstReplication}");
        var result = await grain.Run(setup.AsImmutable(), batch.FirstReplication, batch.Replications);
        return result.Value;
    }
}
