using System.Diagnostics;
using UptakeSim.Experiments.Output;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Commands;

/// <summary>What a long-running command found: whether anything completed, whether it was stopped, its exit code,
/// its typed result (for people), the typed document of its result file (for programs), and how to write its folder.</summary>
public sealed record JobOutcome(bool Empty, bool Partial, int ExitCode, object Result, object Document, Action<ResultsFolder> Write);

/// <summary>A long-running command, prepared: what it will show, where its results go by default, and its work.</summary>
public sealed record Job(JobStart Start, string DefaultFolder, Func<IReplicationEngine, IExperimentObserver, CancellationToken, ResultsFolder, Task<JobOutcome>> Run);

/// <summary>
/// The one skeleton of run, compare, calibrate and sensitivity: load and check the inputs and the results folder
/// (every problem printed the same way, exit 2, nothing written); start the engine; run with progress to the view;
/// on Ctrl-C or SIGTERM finish the work in flight and write what completed, flagged partial, exit 130; write the
/// results folder whole, renamed into place when complete.
/// </summary>
public static class CommandSkeleton
{
    public static async Task<int> RunAsync(
        Func<Job> prepare, string? output, bool overwrite, Func<JobStart, IProgressView> view, Func<TextWriter, Task<IEngineSession>> startEngine, TextWriter errors)
    {
        Job job;
        ResultsFolder folder;
        try
        {
            job = prepare();
            folder = ResultsFolder.Reserve(output ?? job.DefaultFolder, overwrite);
        }
        catch (Exception e) when (InputException.ProblemsOf(e) is { } problems)
        {
            return BadInput(errors, problems);
        }
        using (folder)
        {
            var progress = view(job.Start);
            using var interrupt = new Interruption(errors, folder.Dispose);
            progress.Started(job.Start);
            var clock = Stopwatch.StartNew();
            await using var session = await startEngine(progress.Messages);
            var outcome = await progress.Around(() => job.Run(session.Engine, progress, interrupt.Token, folder));
            if (outcome.Empty)
            {
                errors.WriteLine("interrupted before anything completed; nothing written");
                return ExitCodes.Interrupted;
            }
            outcome.Write(folder);
            folder.Commit();
            progress.Final(outcome, clock.Elapsed);
            progress.Messages.WriteLine($"results: {folder.Target}{Path.DirectorySeparatorChar} ({string.Join(", ", folder.Entries())})");
            return outcome.Partial ? ExitCodes.Interrupted : outcome.ExitCode;
        }
    }

    /// <summary>The one way bad input is reported: each problem on a line of its own, exit 2.</summary>
    public static int BadInput(TextWriter errors, IEnumerable<string> problems)
    {
        foreach (var problem in problems) errors.WriteLine(problem);
        return ExitCodes.BadInput;
    }
}
