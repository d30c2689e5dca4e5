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
/// and returns what completed, flagged partial; a checkpoint (if given) is saved then, or removed when the run
/// completes. Optional <paramref name="perRun"/> sees every batch (e.g. to write each replication).
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
            engine, setup, plan, observer.Progress, perRun, cancellationToken, accumulator, observer.Retry, checkpoint), cancellationToken);
        if (checkpoint is not null)
        {
            if (!partial) checkpoint.Delete();
            else if (checkpoint.Save(accumulator)) observer.Note("checkpoint saved: run the same command with --resume to finish the remaining replications");
        }
        return new RunOutcome(RunSummary.From(setup, accumulator, partial), accumulator);
    }

    /// <summary>
    /// The checkpoint of <c>--checkpoint DIR [--resume]</c>, or null without one: a new one, or the saved state loaded
    /// into <paramref name="accumulator"/>. Every way the options or the file can be wrong is bad input naming them.
    /// </summary>
    public static RunCheckpoint? OpenCheckpoint(string? directory, bool resume, bool keepRuns, string resolvedScenario, TrajectoryAccumulator accumulator, BatchPlan plan, Action<string> warning)
    {
        var problem = (directory, resume) switch
        {
            (null, true) => "--resume: expected --checkpoint DIR naming the interrupted run's checkpoint",
            (not null, _) when keepRuns => "--keep-runs: cannot be resumed from a checkpoint; expected one of --keep-runs and --checkpoint",
            (not null, true) when !RunCheckpoint.Exists(directory) => $"--resume: {directory} holds no checkpoint; expected the directory given to --checkpoint in the interrupted run",
            (not null, false) when RunCheckpoint.Exists(directory) => $"--checkpoint: {directory} holds the checkpoint of an unfinished run; expected --resume to continue it, or another directory",
            _ => null,
        };
        if (problem is not null) throw new InputException(problem);
        if (directory is null) return null;
        try
        {
            return RunCheckpoint.Open(directory, RunCheckpoint.Fingerprint(resolvedScenario), resume, accumulator, plan, warning);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"--resume: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--checkpoint: cannot use {directory} ({e.Message}); expected a writable directory");
        }
    }
}
