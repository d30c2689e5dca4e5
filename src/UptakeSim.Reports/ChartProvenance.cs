using System.Globalization;
using System.Reflection;
using ScottPlot;
using ScottPlot.Panels;
using SkiaSharp;

namespace UptakeSim.Reports;

/// <summary>
/// What a chart was drawn from, printed in small grey text at its foot, so that a figure lifted out of its report
/// still says where it came from: the scenarios (the reference first), the model runs behind it, the seed and the
/// tool's version. Never the date or time: the same scenario, seed and runs give the same bytes.
/// Whatever is not known (no scenarios, <paramref name="Runs"/> or <paramref name="Seed"/> null) is left out of the line.
/// </summary>
public sealed record ChartProvenance(IReadOnlyList<string> Scenarios, long? Runs = null, ulong? Seed = null)
{
    /// <summary>The informational version of this build (for instance 1.0.0+ and the commit it was built from).</summary>
    public static readonly string ToolVersion =
        typeof(ChartProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private const float FontSize = 11;
    internal const float Height = 22;
    private const float Margin = 10;
    private static readonly Color Grey = Color.FromHex("#555555");

    public ChartProvenance(string scenario, long? runs = null, ulong? seed = null) : this([scenario], runs, seed)
    {
    }

    /// <summary>The line in full, naming every scenario.</summary>
    public string Text => Line(Scenarios.Count switch { 0 => null, 1 => $"Scenario: {Scenarios[0]}", _ => $"Scenarios: {string.Join(", ", Scenarios)}" });

    /// <summary>The line, naming as many of the scenarios as fit in <paramref name="width"/> pixels: every one, the
    /// first and how many others, or only how many; a single name too long for the line is cut short.</summary>
    internal string Line(float width, Func<string, float> measure)
    {
        var others = Scenarios.Count - 1;
        string[] candidates = Scenarios.Count <= 1
            ? [Text]
            : [Text, Line($"Scenarios: {Scenarios[0]} and {N(others)} other{(others == 1 ? "" : "s")}"), Line($"{N(Scenarios.Count)} scenarios")];
        foreach (var candidate in candidates.Where(c => measure(c) <= width)) return candidate;
        if (Scenarios.Count != 1) return candidates[^1];
        var name = Scenarios[0];
        for (var keep = name.Length - 1; keep > 0; keep--)
        {
            var cut = Line($"Scenario: {name[..keep].TrimEnd()}…");
            if (measure(cut) <= width) return cut;
        }
        return Line("Scenario: …");
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private string Line(string? scenarios)
    {
        var parts = new List<string>();
        if (scenarios is not null) parts.Add(scenarios);
        if (Runs is { } runs) parts.Add(runs == 1 ? "1 run" : $"{N(runs)} runs");
        if (Seed is { } seed) parts.Add($"seed {seed.ToString(CultureInfo.InvariantCulture)}");
        parts.Add($"UptakeSim {ToolVersion}");
        return string.Join(" · ", parts);
    }

    /// <summary>Draws the line in the band <see cref="Height"/> pixels high whose top is <paramref name="top"/>, from the
    /// left edge of a figure <paramref name="width"/> pixels wide.</summary>
    internal void Draw(SKCanvas canvas, Paint paint, float left, float top, float width, string fontName)
    {
        var style = new LabelStyle { FontName = fontName, FontSize = FontSize, ForeColor = Grey, Alignment = Alignment.MiddleLeft };
        var text = Line(width - 2 * Margin, s => style.Measure(s, paint).Width);
        style.Render(canvas, new Pixel(left + Margin, top + Height / 2), paint, text);
    }

    /// <summary>The line as the bottom-most panel of a plot, under its legend, across the full figure.</summary>
    internal sealed class Panel : PanelBase
    {
        private readonly ChartProvenance _provenance;
        private readonly string _fontName;

        public Panel(ChartProvenance provenance, string fontName)
        {
            (_provenance, _fontName) = (provenance, fontName);
            Edge = Edge.Bottom;
        }

        public override float Measure(Paint paint) => Height;

        public override void Render(RenderPack rp, float size, float offset)
        {
            var panel = GetPanelRect(rp.DataRect, size, offset, rp.Paint);
            _provenance.Draw(rp.Canvas, rp.Paint, rp.FigureRect.Left, panel.Top, rp.FigureRect.Width, _fontName);
        }
    }
}
