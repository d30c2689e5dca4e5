using System.Globalization;
using System.Text;
using Spectre.Console;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Commands;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Views;

/// <summary>How a command shows its progress: the live view in a terminal (plain lines in a pipe), plain lines, or NDJSON.</summary>
public enum StreamFormat
{
    Auto,
    Plain,
    Ndjson,
}

/// <summary>The view a command's progress goes to, as <c>--stream</c> and <c>--plain</c> choose.</summary>
public static class ProgressViews
{
    /// <summary>The narrowest width views lay themselves out for, however narrow <c>COLUMNS</c> says.</summary>
    private const int MinWidth = 40;

    /// <summary>NDJSON when asked; plain lines when asked or when stdout is not a terminal; otherwise the live view.</summary>
    public static IProgressView Create(StreamFormat format, SimulationSetup setup, TextWriter output, TextWriter errors) => format switch
    {
        StreamFormat.Ndjson => new NdjsonView(output, errors),
        StreamFormat.Plain => new PlainView(output, TimeSpan.FromSeconds(1)),
        _ when Console.IsOutputRedirected || output != Console.Out => new PlainView(output, TimeSpan.FromSeconds(1)),
        _ => new LiveView(setup, AnsiConsole.Console, output, Width()),
    };

    /// <summary>The columns views lay themselves out for: the terminal's; in a pipe, <c>COLUMNS</c> when it is set
    /// (as for <c>ls</c>), else 120 (<see cref="Tables.Width"/>).</summary>
    public static int Width() =>
        Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? Math.Max(columns, MinWidth)
            : Math.Max(Tables.Width(), MinWidth);
}

/// <summary>Text as the plain and live views lay it out, within a width.</summary>
internal static class ViewText
{
    /// <summary>The levels' names as column headings, and as short as they go when the full names do not fit.</summary>
    private static readonly string[] LevelHeadings = ["L1 greater involvement", "L2 joint", "L3 delegated"];

    private static readonly string[] ShortLevelHeadings = ["L1", "L2", "L3"];

    /// <summary>
    /// <paramref name="text"/>'s lines wrapped at spaces to <paramref name="width"/> columns, each keeping its
    /// indentation, continued lines indented 2 more; a word longer than a line is cut where the line ends. A line that
    /// fits is kept as it is.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width)
    {
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (paragraph.Length <= width)
            {
                yield return paragraph;
                continue;
            }
            var indent = Math.Min(paragraph.Length - paragraph.TrimStart(' ').Length, width / 2);
            var line = new StringBuilder().Append(' ', indent);
            var start = indent;
            foreach (var word in paragraph.TrimStart(' ').Split(' '))
            {
                var rest = word;
                if (line.Length > start && line.Length + 1 + rest.Length > width)
                {
                    yield return line.ToString();
                    line.Clear().Append(' ', start = Math.Min(indent + 2, width / 2));
                }
                else if (line.Length > start) line.Append(' ');
                while (line.Length + rest.Length > width)
                {
                    var room = width - line.Length;
                    yield return line.Append(rest[..room]).ToString();
                    rest = rest[room..];
                    line.Clear().Append(' ', start = Math.Min(indent + 2, width / 2));
                }
                line.Append(rest);
            }
            yield return line.ToString();
        }
    }

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> columns, with an ellipsis where it was cut.</summary>
    public static string Cut(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";

    /// <summary>The quarters the views show: each April, and the last quarter.</summary>
    public static int[] Shown(Horizon horizon) =>
        [.. Enumerable.Range(0, horizon.Quarters).Where(q => horizon[q].Number == 1 || q == horizon.Quarters - 1)];

    /// <summary>For each quarter shown, its label and each level's mean [90% band] so far (empty before any run).</summary>
    public static (string Quarter, string[] Cells)[] Rows(Horizon horizon, TrajectoryAccumulator? accumulator) =>
        [.. Shown(horizon).Select(q => (horizon.Label(q), Enumerable.Range(1, Levels.Count)
            .Select(level => accumulator is { Runs: > 0 } a ? Tables.Cell(a.Stats(q, 0, level)) : "").ToArray()))];

    /// <summary>The level headings that let a table of <paramref name="rows"/> fit <paramref name="width"/> columns,
    /// given the columns each row takes besides its cells (<paramref name="overhead"/>).</summary>
    public static string[] Headings((string Quarter, string[] Cells)[] rows, int width, int overhead)
    {
        int Needed(string[] headings) => overhead + Math.Max("quarter".Length, rows.Max(r => r.Quarter.Length))
            + headings.Select((h, level) => Math.Max(h.Length, rows.Max(r => r.Cells[level].Length))).Sum();
        return Needed(LevelHeadings) <= width ? LevelHeadings : ShortLevelHeadings;
    }

    /// <summary>What the bands are of: for a comparison, the reference scenario's (in the paired runs).</summary>
    public static string BandsOf(JobStart? start, int width) => IsComparison(start)
        ? $"{Cut(start!.Setup.Scenario.Name, Math.Max(12, width / 4))} (the reference), CCGs at each level so far"
        : "CCGs at each level so far";

    /// <summary>A comparison counts replications done for every scenario (paired runs) and shows the reference's bands.</summary>
    public static bool IsComparison(JobStart? start) => start is { Command: "compare" };

    /// <summary>A duration as m:ss, or h:mm:ss from an hour.</summary>
    public static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"
        : $"{t.Minutes}:{t.Seconds:00}";
}

/// <summary>A writer that hands each line written to <paramref name="line"/> (for messages that must go through a view).</summary>
internal sealed class LineWriter(Action<string> line) : TextWriter
{
    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        string? complete = null;
        lock (_pending)
        {
            if (value == '\n')
            {
                complete = _pending.ToString().TrimEnd('\r');
                _pending.Clear();
            }
            else _pending.Append(value);
        }
        if (complete is not null) line(complete);
    }
}
