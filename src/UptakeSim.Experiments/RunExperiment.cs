using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments;

/// <summary>What a run found: its summary (flagged partial if stopped) and the aggregation behind it.</summary>
public sealed record RunOutcome(RunSummary Summary, TrajectoryAccumulator Accumulator)
{
    public bool Partial => Summary.Partial;

    public long Runs => Accumulator.Runs;
}

/// <summary>
/// One scenario's Monte Carlo replications on an engine. A stop through the token finishes the batches in flight
/// and returns what completed, flagged partial. A checkpoint (if given) is saved when the run ends, complete or not:
/// it is removed only once the results are committed, so a failure while writing them leaves it resumable.
/// Optional <paramref name="perRun"/> sees every batch (e.g. to write each replication).
/// </summary>
public static class RunExperiment
{
    public static async Task<RunOutcome> RunAsync(
        IReplicationEngine engine, SimulationSetup setup, BatchPlan plan, IExperimentObserver? observer = null, CancellationToken cancellationToken = default,
        TrajectoryAccumulator? resumed = null, RunCheckpoint? checkpoint = null, Func<BatchTrajectories, ValueTask>? perRun = null)
    {
        observer ??= SilentObserver.Instance;
        var accumulator = resumed ?? new TrajectoryAccumulator(setup);
        var partial = await Interrupted.Catch(() => MonteCarloRun.RunAsync(
            engine, setup, plan, observer.Progress, perRun, accumulator, observer.Retry, checkpoint, cancellationToken), cancellationToken);
        if (checkpoint is not null && checkpoint.Save(accumulator) && partial)
            observer.Note("checkpoint saved: run the same command with --resume to finish the remaining replications");
        return new RunOutcome(RunSummary.From(setup, accumulator, partial), accumulator);
    }

    /// <summary>The checkpoint of <c>--checkpoint DIR [--resume]</c> for a run, or null without one; the saved state
    /// is loaded into <paramref name="accumulator"/>.</summary>
    public static RunCheckpoint? OpenCheckpoint(string? directory, bool resume, bool keepRuns, string resolvedScenario, TrajectoryAccumulator accumulator, BatchPlan plan, Action<string> warning)
    {
        if (keepRuns && directory is not null) throw new InputException("--keep-runs: cannot be resumed from a checkpoint; expected one of --keep-runs and --checkpoint");
        return Checkpoints.Open(directory, resume, () => RunCheckpoint.Open(directory!, RunCheckpoint.Fingerprint(resolvedScenario), resume, accumulator, plan, warning));
    }
}
