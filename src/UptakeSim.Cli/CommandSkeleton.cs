using System.Diagnostics;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Output;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>What a long-running command found: whether anything completed, whether it was stopped, its exit code, the
/// typed document of its result file, how to print it for people and how to write its results folder.</summary>
public sealed record JobOutcome(bool Empty, bool Partial, int ExitCode, object Document, Func<TimeSpan, string> Headline, Action<TextWriter, TimeSpan> Print, Action<ResultsFolder> Write);

/// <summary>A long-running command, prepared: what it will show, where its results go by default, and its work.</summary>
public sealed record Job(JobStart Start, string DefaultFolder, Func<IReplicationEngine, IExperimentObserver, CancellationToken, ResultsFolder, Task<JobOutcome>> Run);

/// <summary>The options every long-running command shares.</summary>
public sealed record CommonOptions(string? Out, bool Overwrite, EngineChoice Engine, StreamFormat Stream, string Telemetry = "none", int TelemetryIntervalMs = 1000);

/// <summary>
/// The one skeleton of run, compare, calibrate and sensitivity: load and check the inputs and the results folder
/// (every problem printed the same way, exit 2, nothing written); start the engine; run with progress to the live
/// view, plain lines or NDJSON; on Ctrl-C or SIGTERM finish the work in flight and write what completed, flagged
/// partial, exit 130; write the results folder whole, renamed into place when complete.
/// </summary>
public static class CommandSkeleton
{
    public static async Task<int> RunAsync(CommonOptions options, Func<Job> prepare, TextWriter output, TextWriter errors)
    {
        Job job;
        ResultsFolder folder;
        try
        {
            job = prepare();
            folder = ResultsFolder.Reserve(options.Out ?? job.DefaultFolder, options.Overwrite);
        }
        catch (Exception e) when (InputException.ProblemsOf(e) is { } problems)
        {
            return BadInput(errors, problems);
        }
        using (folder)
        {
            var view = ProgressViews.Create(options.Stream, job.Start.Setup, output, errors);
            using var interrupt = new Interruption(errors, folder.Dispose);
            using var telemetry = Telemetry.Start(options.Telemetry, options.TelemetryIntervalMs);
            view.Started(job.Start);
            var clock = Stopwatch.StartNew();
            await using var session = await EngineSession.StartAsync(options.Engine, view.Messages);
            var outcome = await view.Around(() => job.Run(session.Engine, view, interrupt.Token, folder));
            if (outcome.Empty)
            {
                errors.WriteLine("interrupted before anything completed; nothing written");
                return ExitCodes.Interrupted;
            }
            outcome.Write(folder);
            folder.Commit();
            view.Final(outcome, clock.Elapsed);
            view.Messages.WriteLine($"results: {folder.Target}{Path.DirectorySeparatorChar} ({string.Join(", ", folder.Entries())})");
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
