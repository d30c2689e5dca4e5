using System.Diagnostics;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Commands;
using UptakeSim.Runner;

namespace UptakeSim.Views;

/// <summary>
/// Streams a command to the console as plain lines (no control codes, so it reads the same in a terminal and a pipe),
/// none longer than the width: what the command will do, progress and the national bands for each April as batches
/// complete (at most one update per interval), the command's own steps, then its results.
/// </summary>
public sealed class PlainView(TextWriter output, TimeSpan interval, int? width = null) : IProgressView
{
    private readonly Stopwatch _sinceUpdate = new();
    private readonly HashSet<string> _legends = [];
    private JobStart? _start;

    public TextWriter Messages => output;

    public int Width { get; } = width ?? ProgressViews.Width();

    public TextWriter Alerts(TextWriter errors) => errors;

    public void Started(JobStart start)
    {
        _start = start;
        Line(start.Description);
    }

    public Task<T> Around<T>(Func<Task<T>> run) => run();

    public void Retry(BatchRetry retry) => Line(BatchDescription.Retry(retry));

    public void Step(ExperimentStep step)
    {
        if (step.Legend() is { } legend && _legends.Add(legend)) Line(legend);
        Line(step.Describe());
    }

    public void Note(string message) => Line(message);

    public void Progress(RunProgress progress)
    {
        if (progress.RunsDone >= progress.RunsTotal || (_sinceUpdate.IsRunning && _sinceUpdate.Elapsed < interval)) return;
        _sinceUpdate.Restart();
        var rate = progress.RunsDone / Math.Max(progress.Elapsed.TotalSeconds, 1e-3);
        var runs = ViewText.IsComparison(_start) ? "paired runs" : "runs";
        var done = $"{runs} {progress.RunsDone}/{progress.RunsTotal} ({100.0 * progress.RunsDone / progress.RunsTotal:F0}%), {progress.Elapsed.TotalSeconds:F1} s, {rate:F0} runs/s";
        var bands = $"{ViewText.BandsOf(_start, Width)}, mean [90% band]:";
        // One line where it fits, else the bands' legend on a line of its own rather than broken mid-phrase.
        if (done.Length + 2 + bands.Length <= Width) output.WriteLine($"{done}; {bands}");
        else
        {
            Line(done);
            Line(bands);
        }
        var rows = ViewText.Rows(_start!.Setup.Scenario.Horizon, progress.Accumulator);
        var headings = ViewText.Headings(rows, Width, 2 * rows[0].Cells.Length);
        var quarterWidth = Math.Max("quarter".Length, rows.Max(r => r.Quarter.Length));
        var widths = headings.Select((h, level) => Math.Max(h.Length, rows.Max(r => r.Cells[level].Length))).ToArray();
        string Row(string quarter, string[] cells) => (quarter.PadRight(quarterWidth) + string.Concat(cells.Select((c, level) => "  " + c.PadRight(widths[level])))).TrimEnd();
        output.WriteLine(Row("quarter", headings));
        foreach (var (quarter, cells) in rows) output.WriteLine(Row(quarter, cells));
        output.Flush();
    }

    public void Final(JobOutcome outcome, TimeSpan elapsed) => Tables.Print(output, outcome, elapsed, Width);

    private void Line(string text)
    {
        foreach (var line in ViewText.Wrap(text, Width)) output.WriteLine(line);
    }
}
