using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Commands;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Views;

/// <summary>
/// The live view in a terminal (Spectre.Console): what the command will do, printed once at the start; then, redrawn
/// in place at most ten times a second, a progress bar with runs done, rate and ETA, a table of the national bands at
/// each April that tightens as replications complete, a sparkline per level across the horizon and the last notices
/// (a retry, Ctrl-C); then the final summary as plain lines.
/// </summary>
/// <remarks>
/// Nothing else may write to the terminal while the view is drawn: the redraw moves the cursor up by the height it
/// drew last, so a line written past it would leave the view's top drawn twice. So notices and Ctrl-C's message are
/// drawn inside the view. Every line of the view ends at least <see cref="EchoRoom"/> columns short of the width: the
/// terminal echoes ^C where the cursor is, at the end of the view's last line, and an echo that wrapped would push
/// every redraw a line down just the same.
/// </remarks>
public sealed class LiveView(SimulationSetup setup, IAnsiConsole console, TextWriter output, int width) : IProgressView
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private const string Blocks = "▁▂▃▄▅▆▇█";
    private const int EchoRoom = 3;
    private const int NoticesShown = 3;
    private readonly Stopwatch _sinceUpdate = new();
    private readonly Lock _lock = new();
    private readonly List<string> _notices = [];
    private readonly HashSet<string> _legendsSeen = [];
    private readonly List<string> _legends = [];
    private readonly int _room = width - EchoRoom;
    private LiveDisplayContext? _live;
    private JobStart? _start;
    private Snapshot _shown = new(0, setup.Scenario.Runs, TimeSpan.Zero, ViewText.Rows(setup.Scenario.Horizon, null), []);

    /// <summary>What the view shows of the progress, taken when it is reported: a redraw for a notice (on the signal
    /// handler's thread, for Ctrl-C) must not read the accumulator while a batch is being added to it.</summary>
    private sealed record Snapshot(long Done, long Total, TimeSpan Elapsed, (string Quarter, string[] Cells)[] Rows, string[] Sparklines);

    public TextWriter Messages => output;

    public int Width => width;

    public TextWriter Alerts(TextWriter errors) => new LineWriter(line =>
    {
        lock (_lock)
        {
            if (_live is null) errors.WriteLine(line);
            else Notice(line);
        }
    });

    public void Started(JobStart start)
    {
        _start = start;
        foreach (var line in ViewText.Wrap(start.Description, width)) output.WriteLine(line);
    }

    public async Task<T> Around<T>(Func<Task<T>> run)
    {
        var result = default(T)!;
        await console.Live(View()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            lock (_lock) _live = context;
            try
            {
                result = await run();
            }
            finally
            {
                lock (_lock) _live = null;
            }
        });
        return result;
    }

    public void Progress(RunProgress progress)
    {
        lock (_lock)
        {
            var last = progress.RunsDone >= progress.RunsTotal;
            if (_live is null || (!last && _sinceUpdate.IsRunning && _sinceUpdate.Elapsed < Interval)) return;
            _sinceUpdate.Restart();
            var a = progress.Accumulator;
            _shown = new Snapshot(progress.RunsDone, progress.RunsTotal, progress.Elapsed, ViewText.Rows(setup.Scenario.Horizon, a),
                a.Runs == 0 ? [] : [.. Enumerable.Range(1, Levels.Count).Select(level => Sparkline(a, level))]);
            Redraw();
        }
    }

    public void Retry(BatchRetry retry) => Note(BatchDescription.Retry(retry));

    /// <summary>A step among the notices; its legend, the first time, printed or kept in the view for good (the
    /// notices scroll away, and the terms must stay explained while the steps go on).</summary>
    public void Step(ExperimentStep step)
    {
        lock (_lock)
        {
            if (step.Legend() is { } legend && _legendsSeen.Add(legend))
            {
                if (_live is not null) _legends.Add(legend);
                else
                {
                    foreach (var line in ViewText.Wrap(legend, width)) output.WriteLine(line);
                }
            }
        }
        Note(step.Describe());
    }

    public void Note(string message)
    {
        lock (_lock)
        {
            if (_live is null)
            {
                foreach (var line in ViewText.Wrap(message, width)) output.WriteLine(line);
            }
            else Notice(message);
        }
    }

    public void Final(JobOutcome outcome, TimeSpan elapsed) => Tables.Print(output, outcome, elapsed, width);

    /// <summary>Shows <paramref name="text"/> among the notices at the foot of the view, at once. Under the lock.</summary>
    private void Notice(string text)
    {
        _notices.Add(text);
        Redraw();
    }

    /// <summary>Draws the view again now (UpdateTarget redraws). Under the lock.</summary>
    private void Redraw() => _live!.UpdateTarget(View());

    private IRenderable View()
    {
        var s = _shown;
        var fraction = s.Total == 0 ? 0 : (double)s.Done / s.Total;
        var rate = s.Done / Math.Max(s.Elapsed.TotalSeconds, 1e-3);
        var runs = ViewText.IsComparison(_start) ? "paired runs" : "runs";
        var text = ViewText.Cut($"{s.Done:N0}/{s.Total:N0} {runs}  {fraction * 100:F0}%  {rate:N0} runs/s"
            + (s.Done == 0 ? "" : $"  ETA {ViewText.Duration(TimeSpan.FromSeconds((s.Total - s.Done) / Math.Max(rate, 1e-9)))}"), _room);
        var barWidth = Math.Min(40, _room - text.Length - 1);
        var filled = (int)Math.Round(fraction * Math.Max(barWidth, 0));
        var bar = barWidth < 10 ? Markup.Escape(text)
            : $"[green]{new string('█', filled)}[/][grey]{new string('░', barWidth - filled)}[/] {Markup.Escape(text)}";

        // Each column takes its cells and 3 of the border's columns, and the border's last 1.
        var headings = ViewText.Headings(s.Rows, _room, 3 * (s.Rows[0].Cells.Length + 1) + 1);
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{ViewText.BandsOf(_start, _room)}: mean [90% band]")).AddColumn("quarter");
        foreach (var heading in headings) table.AddColumn(Markup.Escape(heading));
        foreach (var (quarter, cells) in s.Rows) table.AddRow([quarter, .. cells.Select(Markup.Escape)]);

        var rows = new List<IRenderable> { new Markup(bar), table };
        var names = Enumerable.Range(1, Levels.Count).Select(Levels.Name).ToArray();
        rows.AddRange(s.Sparklines.Select((line, i) => new Text(ViewText.Cut($"L{i + 1} {line} {names[i]}", _room))));
        // The progress carries the reference's bands only; the differences come with the results.
        if (ViewText.IsComparison(_start))
            rows.AddRange(ViewText.Wrap("each scenario's paired difference from the reference follows when the runs end", _room).Select(line => new Markup($"[grey]{Markup.Escape(line)}[/]")));
        foreach (var legend in _legends)
            rows.AddRange(ViewText.Wrap(legend, _room).Select(line => new Markup($"[grey]{Markup.Escape(line)}[/]")));
        foreach (var notice in _notices.TakeLast(NoticesShown))
            rows.AddRange(ViewText.Wrap(notice, _room).Select(line => new Markup($"[yellow]{Markup.Escape(line)}[/]")));
        return new Rows(rows);
    }

    /// <summary>Mean CCGs at the level in each quarter, as a share of the CCGs existing in that quarter (after mergers),
    /// one character for each quarter, or for as many as need to share one for the line to fit.</summary>
    private string Sparkline(TrajectoryAccumulator a, int level)
    {
        var room = Math.Max(1, _room - "L1  ".Length - Enumerable.Range(1, Levels.Count).Max(l => Levels.Name(l).Length));
        var perChar = (a.Quarters + room - 1) / room;
        var chars = Enumerable.Range(0, (a.Quarters + perChar - 1) / perChar).Select(c =>
        {
            var quarters = Enumerable.Range(c * perChar, Math.Min(perChar, a.Quarters - c * perChar));
            var share = quarters.Average(q =>
            {
                var existing = Enumerable.Range(1, Levels.Count).Sum(l => a.Stats(q, 0, l).Mean);
                return existing > 0 ? a.Stats(q, 0, level).Mean / existing : 0;
            });
            return Blocks[Math.Clamp((int)Math.Round(share * (Blocks.Length - 1)), 0, Blocks.Length - 1)];
        });
        return new string([.. chars]);
    }
}
