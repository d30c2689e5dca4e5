using System.Diagnostics;
using UptakeSim.Experiments.Output;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Commands;

/// <summary>Shows a command's result: one method per kind of result, so a view cannot leave one out, and a new kind of
/// result is a compile error in every view until it is shown.</summary>
public interface IResultView
{
    void Run(RunSummary summary);

    void Comparison(ComparisonSummary summary, ComparisonDocument document);

    void Alternatives(AlternativesResult result, ComparisonDocument document);

    void Fit(PointFit fit);

    void Posterior(AbcFit fit);

    void Hindcast(HindcastResult result);

    void Sensitivity(SensitivityResult result);
}

/// <summary>What a long-running command found: whether anything completed, whether it was stopped, its exit code,
/// how to show its result to people (<see cref="IResultView"/>), the document of its result file for programs (none
/// when nothing completed), and how to write its folder.
/// <see cref="Checkpoint"/> names the command's checkpoint folder, kept until the results are committed, when
/// <see cref="Committed"/> removes it.</summary>
public sealed record JobOutcome(bool Empty, bool Partial, int ExitCode, IResultDocument? Document, Action<IResultView> Show, Action<ResultsFolder> Write)
{
    public string? Checkpoint { get; init; }

    public Action? Committed { get; init; }
}

/// <summary>A long-running command, prepared: what it will show, where its results go by default, its work, and the
/// files and folders it reads (which <c>--overwrite</c> must never delete).</summary>
public sealed record Job(JobStart Start, string DefaultFolder, Func<IReplicationEngine, IExperimentObserver, CancellationToken, ResultsFolder, Task<JobOutcome>> Run)
{
    public IReadOnlyList<string> Inputs { get; init; } = [];
}

/// <summary>
/// The one skeleton of run, compare, calibrate and sensitivity: load and check the inputs and the results folder
/// (every problem printed the same way, exit 2, nothing written); start the engine, its own log going to
/// <see cref="OrleansLog.FileName"/> in the results; run with progress to the view; on Ctrl-C or SIGTERM finish the
/// work in flight and write what completed, flagged partial, exit 130; stop the engine, so that its log is complete;
/// write the results folder whole, renamed into place when complete; say where, and whether Orleans warned.
/// </summary>
public static class CommandSkeleton
{
    public static async Task<int> RunAsync(
        Func<Job> prepare, string? output, bool overwrite, Func<JobStart, IProgressView> view, Func<EngineStart, Task<IEngineSession>> startEngine,
        TextWriter errors, string? checkpoint = null)
    {
        Job job;
        ResultsFolder folder;
        try
        {
            // --out is checked before the inputs, so a bad one touches nothing (not even a --checkpoint folder).
            if (output is not null) ResultsFolder.Check(output, overwrite, checkpoint: checkpoint);
            job = prepare();
            folder = ResultsFolder.Reserve(output ?? job.DefaultFolder, overwrite, job.Inputs);
        }
        catch (Exception e) when (InputException.ProblemsOf(e) is { } problems)
        {
            return BadInput(errors, problems);
        }
        using (folder)
        {
            var progress = view(job.Start);
            using var interrupt = new Interruption(progress.Alerts(errors), folder.Dispose);
            progress.Started(job.Start);
            var clock = Stopwatch.StartNew();
            using var log = new OrleansLog(folder.PathOf(OrleansLog.FileName));
            var kept = false;
            try
            {
                JobOutcome outcome;
                await using (var session = await startEngine(new EngineStart(progress.Messages, log)))
                {
                    outcome = await progress.Around(() => job.Run(session.Engine, progress, interrupt.Token, folder));
                }
                log.Dispose();
                if (outcome.Empty)
                {
                    errors.WriteLine("interrupted before anything completed; nothing written");
                    return ExitCodes.Interrupted;
                }
                try
                {
                    outcome.Write(folder);
                    folder.Commit();
                    kept = true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not CommitException)
                {
                    errors.WriteLine($"error: the results could not be written ({e.Message}); " + (outcome.Checkpoint is { } saved
                        ? $"the checkpoint in {saved} is kept: run the same command with --resume to write them"
                        : "nothing was written (with --checkpoint DIR a run can be resumed after such a failure)"));
                    return ExitCodes.Failed;
                }
                catch (CommitException e)
                {
                    // Complete all the same, kept beside the name asked for (the message says where).
                    kept = true;
                    if (!outcome.Partial) outcome.Committed?.Invoke();
                    errors.WriteLine($"error: {e.Message}");
                    return ExitCodes.Failed;
                }
                // A partial result keeps its checkpoint: the same command with --resume finishes the run.
                if (!outcome.Partial) outcome.Committed?.Invoke();
                progress.Final(outcome, clock.Elapsed);
                progress.Messages.WriteLine(ResultsLine(folder.Target, folder.Entries(), progress.Width));
                return outcome.Partial ? ExitCodes.Interrupted : outcome.ExitCode;
            }
            finally
            {
                log.Dispose();
                ReportWarnings(log, kept ? folder.Target : null, kept ? progress.Messages : errors);
            }
        }
    }

    /// <summary>Where the results are and what they hold, in one line of at most <paramref name="width"/> columns
    /// where the folder's name allows: the entries that fit, then how many more.</summary>
    public static string ResultsLine(string folder, IReadOnlyList<string> entries, int width)
    {
        var start = $"results: {folder}{Path.DirectorySeparatorChar} (";
        string Line(int shown) => start + (shown == 0 ? $"{entries.Count} entries" : string.Join(", ", entries.Take(shown)) + (shown < entries.Count ? $", +{entries.Count - shown} more" : "")) + ")";
        var shown = entries.Count;
        while (shown > 0 && Line(shown).Length > width) shown--;
        return Line(shown);
    }

    /// <summary>One line when Orleans warned and its log is kept with the results; when the results (and the log) were
    /// not written, the last warnings themselves.</summary>
    private static void ReportWarnings(OrleansLog log, string? keptIn, TextWriter output)
    {
        var count = log.Warnings;
        if (count == 0) return;
        var warnings = $"Orleans logged {count} warning{(count == 1 ? "" : "s")}";
        if (keptIn is not null)
        {
            output.WriteLine($"{warnings}: see {Path.Combine(keptIn, OrleansLog.FileName)}");
            return;
        }
        var last = log.LastWarnings;
        output.WriteLine($"{warnings} (no results were written, so no {OrleansLog.FileName}){(last.Count == count ? "" : $"; the last {last.Count}")}:");
        foreach (var line in last) output.WriteLine($"  {line}");
    }

    /// <summary>The one way bad input is reported: each problem on a line of its own, exit 2.</summary>
    public static int BadInput(TextWriter errors, IEnumerable<string> problems)
    {
        foreach (var problem in problems) errors.WriteLine(problem);
        return ExitCodes.BadInput;
    }
}
