using Orleans.Concurrency;
using UptakeSim.Grains;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Engine;

/// <summary>
/// Runs replications on an Orleans cluster: one <see cref="IReplicationBatchGrain"/> per batch, each driving one
/// <see cref="ICcgGrain"/> per CCG. At most <paramref name="maxConcurrentBatches"/> batches are in flight, which keeps
/// every core busy and bounds memory whatever the number of replications.
/// </summary>
public sealed class OrleansEngine(IGrainFactory grains, int maxConcurrentBatches) : IReplicationEngine
{
    public static int DefaultConcurrency => Environment.ProcessorCount * 2;

    public string Name => "Orleans (one grain per CCG, batched replications)";

    public async Task RunAsync(SimulationSetup setup, BatchPlan plan, Func<BatchTrajectories, ValueTask> onBatch, CancellationToken cancellationToken = default)
    {
        var run = Guid.NewGuid().ToString("N");
        var message = setup.AsImmutable();
        using var slots = new SemaphoreSlim(maxConcurrentBatches);
        using var delivery = new SemaphoreSlim(1);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new List<Task>();

        async Task RunBatch(Batch batch)
        {
            try
            {
                var grain = grains.GetGrain<IReplicationBatchGrain>($"{run}/{batch.FirstReplication}");
                var result = await grain.Run(message, batch.FirstReplication, batch.Replications);
                await delivery.WaitAsync(CancellationToken.None);
                try
                {
                    await onBatch(result.Value);
                }
                finally
                {
                    delivery.Release();
                }
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }

        try
        {
            foreach (var batch in plan.Batches())
            {
                await slots.WaitAsync(failed.Token);
                inFlight.Add(RunBatch(batch));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A batch failed; its exception is the one to report, below.
        }
        await Task.WhenAll(inFlight);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
