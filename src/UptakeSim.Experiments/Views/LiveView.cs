using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;
using UptakeSim.Experiments.Commands;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Views;

/// <summary>
/// The live view in a terminal (Spectre.Console): a progress bar with runs done, rate and ETA; a table of the national
/// bands at each April that tightens as replications complete; a sparkline per level across the horizon; then the
/// final summary as plain lines. Redrawn at most ten times a second.
/// </summary>
public sealed class LiveView(SimulationSetup setup) : IProgressView
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private const string Blocks = "▁▂▃▄▅▆▇█";
    private readonly Stopwatch _sinceUpdate = new();
    private readonly List<string> _notices = [];
    private LiveDisplayContext? _live;
    private string _title = "";
    private long _total = setup.Scenario.Runs;

    public TextWriter Messages => Console.Out;

    public void Started(JobStart start) => _title = start.Description;

    public async Task<T> Around<T>(Func<Task<T>> run)
    {
        var result = default(T)!;
        await AnsiConsole.Live(View(null, 0, TimeSpan.Zero)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            lock (_notices) _live = context;
            try
            {
                result = await run();
            }
            finally
            {
                lock (_notices) _live = null;
            }
        });
        return result;
    }

    public void Progress(RunProgress progress)
    {
        lock (_notices)
        {
            var last = progress.RunsDone >= progress.RunsTotal;
            if (_live is null || (!last && _sinceUpdate.IsRunning && _sinceUpdate.Elapsed < Interval)) return;
            _sinceUpdate.Restart();
            _total = progress.RunsTotal;
            _live.UpdateTarget(View(progress.Accumulator, progress.RunsDone, progress.Elapsed));
            _live.Refresh();
        }
    }

    public void Retry(BatchRetry retry) => Notice(BatchDescription.Retry(retry));

    public void Step(ExperimentStep step) => Notice(step.Describe());

    public void Note(string message) => Notice(message);

    private void Notice(string text)
    {
        lock (_notices)
        {
            _notices.Add(text);
            if (_live is null) Console.Out.WriteLine(text);
        }
    }

    public void Final(JobOutcome outcome, TimeSpan elapsed) => Tables.Print(Console.Out, outcome, elapsed, Tables.Width());

    private IRenderable View(TrajectoryAccumulator? accumulator, long done, TimeSpan elapsed)
    {
        var total = _total;
        var fraction = total == 0 ? 0 : (double)done / total;
        var rate = done / Math.Max(elapsed.TotalSeconds, 1e-3);
        var eta = done == 0 ? "" : $"ETA {TimeSpan.FromSeconds((total - done) / Math.Max(rate, 1e-9)):mm\\:ss}";
        const int width = 40;
        var filled = (int)Math.Round(fraction * width);
        var bar = $"[green]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {done:N0}/{total:N0} runs  {fraction:P0}  {rate:N0} runs/s  {eta}";

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape("CCGs at each level: mean [90% band]"))
            .AddColumn("quarter").AddColumn("L1 greater involvement").AddColumn("L2 joint").AddColumn("L3 delegated");
        var horizon = setup.Scenario.Horizon;
        for (var q = 0; q < horizon.Quarters; q++)
        {
            if (horizon[q].Number != 1 && q != horizon.Quarters - 1) continue;
            table.AddRow(horizon.Label(q),
                accumulator is null || accumulator.Runs == 0 ? "" : Markup.Escape(Tables.Cell(accumulator.Stats(q, 0, 1))),
                accumulator is null || accumulator.Runs == 0 ? "" : Markup.Escape(Tables.Cell(accumulator.Stats(q, 0, 2))),
                accumulator is null || accumulator.Runs == 0 ? "" : Markup.Escape(Tables.Cell(accumulator.Stats(q, 0, 3))));
        }

        var rows = new List<IRenderable> { new Markup($"[bold]{Markup.Escape(_title)}[/]"), new Markup(bar), table };
        if (accumulator is { Runs: > 0 })
        {
            for (var level = 1; level <= Levels.Count; level++) rows.Add(new Markup($"L{level} {Sparkline(accumulator, level)} {Markup.Escape(Levels.Name(level))}"));
        }
        rows.AddRange(_notices.TakeLast(3).Select(n => new Markup($"[yellow]{Markup.Escape(n)}[/]")));
        return new Rows(rows);
    }

    /// <summary>Mean CCGs at the level in each quarter, as a share of the CCGs existing in that quarter (after mergers).</summary>
    private static string Sparkline(TrajectoryAccumulator a, int level)
    {
        var chars = Enumerable.Range(0, a.Quarters).Select(q =>
        {
            var existing = Enumerable.Range(1, Levels.Count).Sum(l => a.Stats(q, 0, l).Mean);
            var share = existing > 0 ? a.Stats(q, 0, level).Mean / existing : 0;
            return Blocks[Math.Clamp((int)Math.Round(share * (Blocks.Length - 1)), 0, Blocks.Length - 1)];
        });
        return new string(chars.ToArray());
    }
}
