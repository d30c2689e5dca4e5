using System.Diagnostics;
using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>Where a run stands after a batch completes.</summary>
public sealed record RunProgress(long RunsDone, int RunsTotal, TimeSpan Elapsed, TrajectoryAccumulator Accumulator);

/// <summary>
/// Runs a scenario's replications on an engine and folds every completed batch into a <see cref="TrajectoryAccumulator"/>,
/// reporting progress as batches complete. Optional observers see each batch too (e.g. per-run output). Pass your own
/// accumulator to keep the completed replications when the run is cancelled.
/// </summary>
public static class MonteCarloRun
{
    public static async Task<TrajectoryAccumulator> RunAsync(
        IReplicationEngine engine,
        SimulationSetup setup,
        BatchPlan plan,
        Action<RunProgress>? progress = null,
        Func<BatchTrajectories, ValueTask>? observer = null,
        TrajectoryAccumulator? accumulator = null,
        Action<BatchRetry>? retrying = null,
        RunCheckpoint? checkpoint = null,
        CancellationToken cancellationToken = default)
    {
        accumulator ??= new TrajectoryAccumulator(setup);
        var clock = Stopwatch.StartNew();
        var sink = accumulator;
        var batches = checkpoint?.Remaining(plan) ?? plan.Batches();
        await BatchScheduler.RunAsync(batches, engine.MaxConcurrentBatches, (batch, ct) => Timed(() => engine.RunBatchAsync(setup, batch, ct), setup.Ccgs), async (batch, result) =>
        {
            sink.Add(result);
            checkpoint?.Completed(batch, sink);
            UptakeSimMetrics.Latest(sink);
            if (observer is not null) await observer(result);
            progress?.Invoke(new RunProgress(sink.Runs, plan.Runs, clock.Elapsed, sink));
        }, retrying, cancellationToken);
        return accumulator;
    }

    /// <summary>Records a batch's latency and work in the <see cref="UptakeSimMetrics"/> meter.</summary>
    public static async Task<BatchTrajectories> Timed(Func<Task<BatchTrajectories>> run, int ccgs)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        UptakeSimMetrics.BatchCompleted(result, clock.Elapsed, ccgs);
        return result;
    }
}
