using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;
using UptakeSim.Runner;

namespace UptakeSim.Reports;

public static partial class Charts
{
    /// <summary>Above this many scenarios the overview is drawn as small multiples, one panel per scenario: eight or
    /// more lines on one plot cannot be told apart, however they are styled.</summary>
    public const int SmallMultiplesAbove = 6;

    private const int PanelHeight = 230;
    private const int TitleHeight = 50;

    private static ChartFile OverviewPanels(string directory, HashSet<string> used, ComparisonSummary summary, string title, ChartProvenance provenance)
    {
        var (multiplot, rows, columns, scenarios) = OverviewMultiplot(summary);
        LegendItem[] key =
        [
            new() { LabelText = "This scenario (mean)", LineColor = Dark, LineWidth = 2, LabelFontName = SansSerif, LabelFontSize = 13 },
            new() { LabelText = $"Reference: {summary.Reference} (mean)", LineColor = ReferenceGrey, LineWidth = 2, LabelFontName = SansSerif, LabelFontSize = 13 },
        ];
        return SavePanels(directory, used, "overview", "", scenarios.Count < summary.Scenarios.Count ? $"{title}: the first {scenarios.Count} of {summary.Scenarios.Count}" : title,
            multiplot, rows, columns, scenarios.Count, key, provenance);
    }

    /// <summary>
    /// One panel per scenario in a grid (three across, two when names are long), each with the scenario's mean share
    /// delegated over the reference's in grey, on the same axes, under the scenario's full name.
    /// </summary>
    internal static (Multiplot Multiplot, int Rows, int Columns, IReadOnlyList<RunSummary> Scenarios) OverviewMultiplot(ComparisonSummary summary)
    {
        var quarters = summary.Scenarios.SelectMany(s => s.England.Select(r => r.Quarter)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var reference = summary.Scenarios.First(s => s.Scenario == summary.Reference);
        var scenarios = Detailed(summary);
        var columns = scenarios.Max(s => s.Scenario.Length) > 30 ? 2 : 3;
        var rows = (scenarios.Count + columns - 1) / columns;

        var multiplot = new Multiplot();
        multiplot.AddPlots(scenarios.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        // Shares of the CCGs existing in each quarter, as on every chart (after mergers there are fewer).
        double[] Shares(RunSummary run) => run.England.Select(r => 100.0 * r.Level3.Mean / r.Ccgs).ToArray();
        double[] Positions(RunSummary run) => run.England.Select(r => (double)Array.IndexOf(quarters, r.Quarter)).ToArray();
        for (var i = 0; i < scenarios.Count; i++)
        {
            var run = scenarios[i];
            var plot = multiplot.GetPlot(i);
            plot.Font.Set(SansSerif);
            plot.Title(run.Scenario == summary.Reference ? $"{run.Scenario} (reference)" : run.Scenario, 12);
            plot.YLabel("% delegated", 11);
            plot.Axes.Bottom.TickGenerator = PanelTicks(quarters);
            if (run.Scenario != summary.Reference)
            {
                var behind = plot.Add.Scatter(Positions(reference), Shares(reference));
                (behind.Color, behind.LineWidth, behind.MarkerSize) = (ReferenceGrey, 2, 0);
            }
            var line = plot.Add.Scatter(Positions(run), Shares(run));
            (line.Color, line.LineWidth, line.MarkerSize) = (Dark, 2, 0);
            plot.Axes.SetLimits(-0.5, quarters.Length - 0.5, -2, 102);
        }
        return (multiplot, rows, columns, scenarios);
    }

    /// <summary>Small multiples under a title, with a key below them and <paramref name="provenance"/> at the foot, as
    /// PNG and SVG; the overload without it (in PosteriorCharts) names only the scenario at the foot.</summary>
    private static ChartFile SavePanels(string directory, HashSet<string> used, string kind, string scenario, string title, Multiplot multiplot, int rows, int columns, int series,
        IReadOnlyList<LegendItem> key, ChartProvenance provenance)
    {
        using var measuring = Paint.NewDisposablePaint();
        var keyHeight = key.Count == 0 ? 0 : (int)Math.Ceiling(ChartLegend.Layout(key, Width, measuring).Height) + 20;
        var panels = rows * PanelHeight;
        var height = TitleHeight + panels + keyHeight;
        return SaveDrawing(directory, used, kind, scenario, title, Width, height, series, canvas =>
        {
            using var paint = Paint.NewDisposablePaint();
            DrawPanels(canvas, paint, multiplot, title, Width, height, panels, rows, columns, series, key);
        }, provenance);
    }

    private static readonly Color ReferenceGrey = Color.FromHex("#999999");

    /// <summary>Ticks every quarter; labels on every April, or every other April when a narrow panel has more than four.</summary>
    private static NumericManual PanelTicks(IReadOnlyList<string> quarters)
    {
        var aprils = quarters.Select((q, i) => (q, i)).Where(x => x.q.EndsWith("Q1", StringComparison.Ordinal)).ToArray();
        var every = aprils.Length > 4 ? 2 : 1;
        var ticks = new NumericManual();
        for (var i = 0; i < quarters.Count; i++) ticks.AddMinor(i);
        for (var a = 0; a < aprils.Length; a += every) ticks.AddMajor(aprils[a].i, aprils[a].q);
        return ticks;
    }

    /// <summary>Writes a figure drawn straight onto a canvas (for figures that are more than one plot) as PNG and SVG,
    /// with <paramref name="provenance"/> (by default, only the scenario) in a band of its own below the drawing's
    /// <paramref name="height"/> pixels.</summary>
    private static ChartFile SaveDrawing(string directory, HashSet<string> used, string kind, string scenario, string title, int width, int height, int series, Action<SKCanvas> draw,
        ChartProvenance? provenance = null)
    {
        var foot = provenance ?? new ChartProvenance(scenario);
        var full = height + (int)ChartProvenance.Height;
        void DrawAll(SKCanvas canvas)
        {
            draw(canvas);
            // Drawing a multiplot clears the whole canvas to transparent, the band too.
            using (var white = new SKPaint { Color = SKColors.White }) canvas.DrawRect(0, height, width, full - height, white);
            using var paint = Paint.NewDisposablePaint();
            foot.Draw(canvas, paint, 0, height, width, SansSerif);
        }
        var (png, svg) = FileNames(used, kind, scenario);
        using (var surface = SKSurface.Create(new SKImageInfo(width, full, SKColorType.Rgba8888, SKAlphaType.Premul)))
        {
            surface.Canvas.Clear(SKColors.White);
            DrawAll(surface.Canvas);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(directory, png), data.ToArray());
        }
        using (var stream = new MemoryStream())
        {
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, full), stream)) DrawAll(canvas);
            File.WriteAllText(Path.Combine(directory, svg), RenumberClipPaths(System.Text.Encoding.UTF8.GetString(stream.ToArray())));
        }
        return new ChartFile(kind, scenario, title, png, svg, series, width, full);
    }
}
