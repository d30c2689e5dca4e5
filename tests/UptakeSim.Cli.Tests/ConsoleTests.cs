using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Commands;
using UptakeSim.Views;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli.Tests;

/// <summary>What the console shows (issue 25): views that fit 80 columns, a live view drawn once whatever comes in the
/// middle, and Orleans' log kept off the screen, in the results.</summary>
public class ConsoleTests
{
    private const string LongPath = "/a/folder/whose/name/is/longer/than/any/terminal/is/wide/on/a/laptop/or/a/phone/scenarios/baseline-with-a-long-name.yaml";

    private static readonly SimulationSetup Setup = new(new ScenarioInputs(ShippedData.Loader()).Load(Cli.Scenario("baseline.yaml"), [], runs: 40).Scenario);

    private static JobStart Start(string command) => new(command,
        $"UptakeSim: scenario 'baseline' ({LongPath}), 209 CCGs, 28 quarters from 2015Q1, 40 runs, seed 20150401, batches of 10\n  note: {new string('x', 30)} and a note that goes on for well over a line of eighty columns",
        Setup, 10);

    /// <summary>The progress as reported half-way through 40 runs of the baseline (the first 20, run to the end), and
    /// the outcome of those 20.</summary>
    private static async Task<(RunProgress Half, JobOutcome Outcome)> HalfAndOutcome()
    {
        RunProgress? last = null;
        var run = await RunExperiment.RunAsync(new ReferenceEngine(), Setup, BatchPlan.Auto(20, 1, 10), new Following(p => last = p));
        return (last! with { RunsTotal = 40 }, new JobOutcome(false, false, ExitCodes.Ok, Experiments.Output.RunDocument.Of(run.Summary), view => view.Run(run.Summary), _ => { }));
    }

    /// <summary>What the terminal shows once its output is replayed, every line checked to fit 80 columns.</summary>
    private static IReadOnlyList<string> ScreenAt80(StringWriter terminal)
    {
        var screen = Terminal.Replay(terminal.ToString(), 80);
        Assert.All(screen, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        return screen;
    }

    /// <summary>The live view in an 80-column ANSI terminal whose output (and stderr) the test reads.</summary>
    private static (StringWriter Terminal, LiveView View) LiveViewAt80()
    {
        var terminal = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(terminal),
        });
        console.Profile.Width = 80;
        return (terminal, new LiveView(Setup, console, terminal, 80));
    }

    [Fact]
    public async Task Every_line_the_plain_view_writes_at_80_columns_fits_and_a_comparison_says_whose_bands_it_shows()
    {
        var (half, outcome) = await HalfAndOutcome();
        var output = new StringWriter();
        var view = new PlainView(output, TimeSpan.Zero, width: 80);
        view.Started(Start("run"));
        view.Progress(half);
        view.Note($"resuming from {LongPath}: 2 batches (20 runs) already done");
        view.Final(outcome, TimeSpan.FromSeconds(1.5));
        var compare = new PlainView(output, TimeSpan.Zero, width: 80);
        compare.Started(Start("compare"));
        compare.Progress(half);

        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains(lines, l => l.StartsWith("runs 20/40 (50%), ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2016Q1 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("paired runs 20/40 (50%), ", StringComparison.Ordinal));
        Assert.Contains("baseline (the reference), CCGs at each level so far, mean [90% band]:", output.ToString());
    }

    [Fact]
    public async Task The_live_view_fits_80_columns_and_is_drawn_once_when_ctrl_c_comes_in_the_middle()
    {
        var (half, outcome) = await HalfAndOutcome();
        var (terminal, view) = LiveViewAt80();
        // stderr goes to the same terminal.
        var alerts = view.Alerts(terminal);

        view.Started(Start("compare"));
        await view.Around(async () =>
        {
            await Task.Yield();
            view.Progress(half);
            // What the terminal does on Ctrl-C: it echoes ^C where the cursor is; then the command says it is stopping.
            terminal.Write("^C");
            alerts.WriteLine("interrupted: finishing the work in flight, then writing what completed, flagged partial (again to quit at once, writing nothing)");
            view.Progress(half with { RunsDone = 40 });
            return 0;
        });
        view.Final(outcome, TimeSpan.FromSeconds(1.5));

        var screen = ScreenAt80(terminal);
        Assert.Single(screen, l => l.StartsWith("UptakeSim: scenario 'baseline'", StringComparison.Ordinal));
        Assert.Single(screen, l => l.Contains("40/40 paired runs", StringComparison.Ordinal));
        Assert.DoesNotContain(screen, l => l.Contains("20/40 paired runs", StringComparison.Ordinal));
        Assert.Single(screen, l => l.Contains("baseline (the reference), CCGs at each level so far: mean [90% band]", StringComparison.Ordinal));
        Assert.Single(screen, l => l.StartsWith("interrupted: finishing the work in flight", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.StartsWith("L3 ", StringComparison.Ordinal) && l.EndsWith("delegated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_live_view_keeps_the_calibrations_legend_in_view_once_while_its_generations_scroll_past()
    {
        var (terminal, view) = LiveViewAt80();
        view.Started(Start("calibrate"));
        await view.Around(async () =>
        {
            await Task.Yield();
            for (var g = 0; g < 6; g++) view.Step(new Experiments.Calibration.GenerationStep("calibrate", g, g == 0 ? null : 9 - g, 0.5, 250, 600, 600 * (g + 1)));
            return 0;
        });

        var screen = ScreenAt80(terminal);
        // Only the last notices stay in view; the terms of a generation's line stay explained, once.
        Assert.DoesNotContain(screen, l => l.StartsWith("calibrate generation 0:", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.StartsWith("calibrate generation 5: tolerance 4.000, accepted 50.0% of 600", StringComparison.Ordinal));
        Assert.Single(screen, l => l.StartsWith("each generation below: tolerance, the ABC distance threshold", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.StartsWith("  effective sample size of the weighted particles", StringComparison.Ordinal));
    }

    private sealed class ReferenceSession : IEngineSession
    {
        public IReplicationEngine Engine { get; } = new ReferenceEngine();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private const string Warning = "2026-01-31T09:30:00.000Z warn: Orleans.Runtime.MembershipService.LocalSiloHealthMonitor[86528487] .NET Thread Pool execution stalled for 1.0s.";

    /// <summary>Runs the skeleton on the reference engine as if Orleans had logged one warning while it started.</summary>
    private static async Task<(int ExitCode, string Out, string Err)> RunWarned(string folder, Func<Job, Job>? change = null)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var job = Jobs.Run(new RunArgs(Cli.Scenario("baseline.yaml"), 8, null, [], 4, false, null, false));
        var exit = await CommandSkeleton.RunAsync(() => change?.Invoke(job) ?? job, folder, overwrite: false, _ => new PlainView(output, TimeSpan.FromSeconds(1), width: 80),
            start =>
            {
                start.Log.Write("Orleans' own log, from Warning up", warning: false);
                start.Log.Write(Warning + "\n   at a stack trace", warning: true);
                return Task.FromResult<IEngineSession>(new ReferenceSession());
            }, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Orleans_log_is_kept_with_the_results_and_a_run_that_warned_ends_saying_where()
    {
        var folder = Path.Combine(Cli.TempDirectory(), "out");
        var (exit, stdout, stderr) = await RunWarned(folder);

        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Equal($"Orleans' own log, from Warning up\n{Warning}\n   at a stack trace\n", File.ReadAllText(Path.Combine(folder, OrleansLog.FileName)));
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal($"Orleans logged 1 warning: see {Path.Combine(folder, OrleansLog.FileName)}", lines[^1]);
        Assert.StartsWith($"results: {folder}{Path.DirectorySeparatorChar} (", lines[^2]);
        // The test's folder is longer than most; a path is never cut.
        Assert.All(lines, line => Assert.True(line.Length <= 80 || line.Contains(folder, StringComparison.Ordinal), $"{line.Length} columns: {line}"));
    }

    [Fact]
    public async Task Results_that_could_not_be_written_take_orleans_log_with_them_and_its_warnings_are_printed_instead()
    {
        var dir = Cli.TempDirectory();
        var (exit, _, stderr) = await RunWarned(Path.Combine(dir, "out"), job => job with
        {
            Run = async (engine, observer, stop, folder) => await job.Run(engine, observer, stop, folder) with { Write = _ => throw new IOException("No space left on device") },
        });

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal(
            "error: the results could not be written (No space left on device); nothing was written (with --checkpoint DIR a run can be resumed after such a failure)\n"
            + $"Orleans logged 1 warning (no results were written, so no {OrleansLog.FileName}):\n  {Warning}\n", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void The_results_line_names_the_folder_and_as_many_entries_as_fit()
    {
        string[] entries = ["ccgs.csv", "charts/", "data/", "orleans.log", "regions.csv", "report.html", "scenario.yaml", "summary.json", "trajectories.csv"];
        Assert.Equal("results: /tmp/x80/ (ccgs.csv, charts/, data/, orleans.log, regions.csv, +4 more)", CommandSkeleton.ResultsLine("/tmp/x80", entries, 80));
        Assert.Equal($"results: /tmp/x80/ ({string.Join(", ", entries)})", CommandSkeleton.ResultsLine("/tmp/x80", entries, 140));
        Assert.Equal($"results: {LongPath}/ (9 entries)", CommandSkeleton.ResultsLine(LongPath, entries, 80));
    }

    private sealed class Following(Action<RunProgress> progress) : IExperimentObserver
    {
        public void Progress(RunProgress p) => progress(p);

        public void Retry(BatchRetry retry)
        {
        }

        public void Step(ExperimentStep step)
        {
        }

        public void Note(string message)
        {
        }
    }
}

/// <summary>A terminal as far as the live view needs one: text, carriage return, line feed (as a terminal's driver
/// makes it, a new line), cursor up, colours ignored, and a line that reaches the last column wrapping at the next
/// character.</summary>
public static partial class Terminal
{
    public static IReadOnlyList<string> Replay(string written, int width)
    {
        var screen = new List<StringBuilder> { new() };
        var (row, column) = (0, 0);
        var wrapNext = false;
        void Put(char c)
        {
            if (wrapNext)
            {
                (row, column, wrapNext) = (row + 1, 0, false);
            }
            while (screen.Count <= row) screen.Add(new StringBuilder());
            var line = screen[row];
            if (line.Length <= column) line.Append(' ', column - line.Length + 1);
            line[column] = c;
            if (column == width - 1) wrapNext = true;
            else column++;
        }
        foreach (var token in Tokens().Split(written))
        {
            if (token.StartsWith('\u001b'))
            {
                if (CursorUp().Match(token) is { Success: true } up) (row, wrapNext) = (Math.Max(0, row - (up.Groups[1].Length == 0 ? 1 : int.Parse(up.Groups[1].Value))), false);
                continue;
            }
            foreach (var c in token)
            {
                if (c == '\r') (column, wrapNext) = (0, false);
                else if (c == '\n') (row, column, wrapNext) = (row + 1, 0, false);
                else Put(c);
            }
            while (screen.Count <= row) screen.Add(new StringBuilder());
        }
        return [.. screen.Select(l => l.ToString().TrimEnd())];
    }

    [GeneratedRegex(@"(\u001b\[[0-9;?]*[A-Za-z]|\u001b.)")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"^\u001b\[(\d*)A$")]
    private static partial Regex CursorUp();
}
