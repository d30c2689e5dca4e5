using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>A contiguous range of replications simulated together.</summary>
public readonly record struct Batch(int FirstReplication, int Replications);

/// <summary>
/// How a Monte Carlo run is cut into batches. Results never depend on the cut (every draw is keyed by replication),
/// so it is chosen for speed: up to two batches per core (at least one when the runs allow), so every core stays busy
/// and progress is reported, each as large as <see cref="MaxAutoBatchSize"/> allows, so a grain call carries many
/// replications.
/// </summary>
public sealed record BatchPlan(int Runs, int BatchSize)
{
    /// <summary>The largest automatic batch. Grain calls cost microseconds of processor time each whatever they carry, so
    /// larger batches spend less on them; 2,500 replications (about 30 MB of state over 209 CCGs) took about a tenth off
    /// 1,000's time on 2 cores, 5,000 nothing more (docs/performance.md), and memory grows with batch size times batches
    /// in flight.</summary>
    public const int MaxAutoBatchSize = 2500;

    public static BatchPlan Auto(int runs, int cores, int? batchSize = null)
    {
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), "a run needs at least one replication");
        var size = batchSize ?? Math.Clamp((runs + cores * 2 - 1) / (cores * 2), 1, MaxAutoBatchSize);
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size must be at least 1");
        return new BatchPlan(runs, size);
    }

    public IEnumerable<Batch> Batches()
    {
        for (var first = 0; first < Runs; first += BatchSize) yield return new Batch(first, Math.Min(BatchSize, Runs - first));
    }
}

/// <summary>
/// Something that simulates a batch of replications of a scenario: the Orleans engine (one grain per CCG) or the
/// plain in-process reference kernel. The runner decides which batches to run and how many at once
/// (<see cref="BatchScheduler"/>); an engine only says how many it can usefully run in parallel.
/// </summary>
public interface IReplicationEngine
{
    string Name { get; }

    int MaxConcurrentBatches { get; }

    Task<BatchTrajectories> RunBatchAsync(SimulationSetup setup, Batch batch, CancellationToken cancellationToken = default);
}

/// <summary>
/// The reference kernel: the same model code as the grains, run in-process without Orleans. On one thread (the
/// default) it runs batch after batch; on several it runs a batch per thread, the plain parallel loop that shows what
/// the machine's cores give the kernel with no grain calls at all (<c>bench</c>).
/// </summary>
public sealed class ReferenceEngine(int threads = 1) : IReplicationEngine
{
    public string Name => threads == 1 ? "reference (single-threaded, in-process)" : $"reference on {threads} threads (a batch per thread, no Orleans)";

    public int MaxConcurrentBatches { get; } = threads >= 1 ? threads : throw new ArgumentOutOfRangeException(nameof(threads), "at least one thread");

    public Task<BatchTrajectories> RunBatchAsync(SimulationSetup setup, Batch batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        BatchTrajectories Run() => BatchSimulation.Run(setup, batch.FirstReplication, batch.Replications);
        return threads == 1 ? Task.FromResult(Run()) : Task.Run(Run, cancellationToken);
    }
}
