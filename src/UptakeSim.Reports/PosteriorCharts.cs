using ScottPlot;
using SkiaSharp;
using UptakeSim.Analysis;

namespace UptakeSim.Reports;

public static partial class Charts
{
    private const int HistogramBins = 24;

    /// <summary>
    /// One panel per parameter: the weighted histogram of the posterior particles as a density, under the prior's
    /// density as a line, on the range the two cover.
    /// </summary>
    public static ChartFile Marginals(string directory, string scenario, IReadOnlyList<UncertainParameter> priors, IReadOnlyList<Particle> particles)
    {
        Directory.CreateDirectory(directory);
        var title = $"{scenario}: posterior (bars) and prior (line) of each parameter";
        var columns = Math.Min(3, priors.Count);
        var rows = (priors.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(priors.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        var weights = particles.Select(p => p.Weight).ToArray();
        for (var k = 0; k < priors.Count; k++)
        {
            var values = particles.Select(p => p.Parameters[k]).ToArray();
            var plot = multiplot.GetPlot(k);
            PanelStyle(plot, priors[k].Name, "density");
            var distribution = priors[k].Distribution;
            var low = Math.Min(values.Min(), Finite(distribution.Lower, distribution.Quantile(0.005)));
            var high = Math.Max(values.Max(), Finite(distribution.Upper, distribution.Quantile(0.995)));
            if (high <= low) (low, high) = (low - 0.5, high + 0.5);
            var width = (high - low) / HistogramBins;
            var density = new double[HistogramBins];
            var total = weights.Sum();
            for (var i = 0; i < values.Length; i++) density[Math.Min(HistogramBins - 1, (int)((values[i] - low) / width))] += weights[i] / total / width;
            plot.Add.Bars(density.Select((d, b) => new Bar { Position = low + (b + 0.5) * width, Value = d, Size = width, FillColor = Light, LineColor = Mid, LineWidth = 1 }).ToList());
            var xs = Enumerable.Range(0, 101).Select(i => low + (high - low) * i / 100).ToArray();
            var prior = plot.Add.Scatter(xs, xs.Select(distribution.Density).ToArray());
            (prior.Color, prior.LineWidth, prior.MarkerSize) = (Dark, 2, 0);
            plot.Axes.SetLimitsX(low, high);
            plot.Axes.SetLimitsY(0, Math.Max(density.Max(), xs.Max(distribution.Density)) * 1.08);
        }
        LegendItem[] key =
        [
            new() { LabelText = "Posterior (weighted particles)", FillColor = Light, OutlineColor = Mid, LabelFontName = SansSerif, LabelFontSize = 13 },
            new() { LabelText = "Prior", LineColor = Dark, LineWidth = 2, LabelFontName = SansSerif, LabelFontSize = 13 },
        ];
        return SavePanels(directory, [], "marginals", scenario, title, multiplot, rows, columns, priors.Count, key);
    }

    /// <summary>
    /// Every pair of parameters as a scatter of the posterior particles (lower triangle; the darker, the heavier the
    /// particle's weight), with each parameter's name on the diagonal: a narrow diagonal cloud is a pair the data cannot
    /// tell apart. One parameter has no pairs and gives no chart.
    /// </summary>
    private static readonly Color[] WeightShades = [.. new[] { "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08306B" }.Select(Color.FromHex)];

    public static ChartFile? Pairs(string directory, string scenario, IReadOnlyList<string> names, IReadOnlyList<Particle> particles)
    {
        if (names.Count < 2) return null;
        Directory.CreateDirectory(directory);
        var title = $"{scenario}: posterior particles, parameter against parameter";
        var d = names.Count;
        var multiplot = new Multiplot();
        multiplot.AddPlots(d * d);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(d, d);
        var heaviest = particles.Max(p => p.Weight);
        // Five shades from light to dark blue by weight, so heavy particles stand out in colour and in grey.
        var shades = WeightShades;
        for (var row = 0; row < d; row++)
        {
            for (var column = 0; column < d; column++)
            {
                var plot = multiplot.GetPlot(row * d + column);
                plot.Font.Set(SansSerif);
                if (row == column)
                {
                    plot.Axes.Frameless();
                    plot.HideGrid();
                    var name = plot.Add.Text(names[row], 0.5, 0.5);
                    name.LabelFontName = SansSerif;
                    name.LabelFontSize = 13;
                    name.LabelBold = true;
                    name.LabelAlignment = Alignment.MiddleCenter;
                    plot.Axes.SetLimits(0, 1, 0, 1);
                    continue;
                }
                if (row < column)
                {
                    plot.Axes.Frameless();
                    plot.HideGrid();
                    continue;
                }
                plot.Axes.Bottom.Label.Text = names[column];
                plot.Axes.Left.Label.Text = names[row];
                plot.Axes.Bottom.Label.FontSize = plot.Axes.Left.Label.FontSize = 11;
                for (var s = 0; s < shades.Length; s++)
                {
                    var group = particles.Where(p => Math.Min(shades.Length - 1, (int)(p.Weight / heaviest * shades.Length)) == s).ToArray();
                    if (group.Length == 0) continue;
                    var points = plot.Add.ScatterPoints(group.Select(p => p.Parameters[column]).ToArray(), group.Select(p => p.Parameters[row]).ToArray());
                    (points.Color, points.MarkerSize, points.MarkerShape) = (shades[s], 4, MarkerShape.FilledCircle);
                }
            }
        }
        var size = Math.Max(Width, 160 * d);
        var panels = d * 150;
        return SaveDrawing(directory, [], "pairs", scenario, title, size, TitleHeight + panels, d * (d - 1) / 2, canvas =>
        {
            using var paint = Paint.NewDisposablePaint();
            DrawPanels(canvas, paint, multiplot, title, size, TitleHeight + panels, panels, d, d, d * d, []);
        });
    }

    private static double Finite(double bound, double fallback) => double.IsFinite(bound) ? bound : fallback;

    private static void PanelStyle(Plot plot, string title, string yLabel)
    {
        plot.Font.Set(SansSerif);
        plot.Title(title, 12);
        plot.YLabel(yLabel, 11);
    }

    /// <summary>Small multiples under a title, with a key below them, as PNG and SVG.</summary>
    private static ChartFile SavePanels(string directory, HashSet<string> used, string kind, string scenario, string title, Multiplot multiplot,
        int rows, int columns, int series, IReadOnlyList<LegendItem> key) =>
        SavePanels(directory, used, kind, scenario, title, multiplot, rows, columns, series, key, new ChartProvenance(scenario));

    /// <summary>
    /// The grid layout places panels from the canvas origin, and rendering clears the whole canvas first: so the panels
    /// are drawn shifted below the title, then the title, the key and any empty cells painted over in white.
    /// </summary>
    private static void DrawPanels(SKCanvas canvas, Paint paint, Multiplot multiplot, string title, int width, int height, int panels, int rows, int columns, int used, IReadOnlyList<LegendItem> key)
    {
        canvas.Save();
        canvas.Translate(0, TitleHeight);
        multiplot.Render(canvas, new PixelRect(0, width, panels, 0));
        canvas.Restore();
        using var white = new SKPaint { Color = SKColors.White };
        canvas.DrawRect(0, 0, width, TitleHeight, white);
        canvas.DrawRect(0, TitleHeight + panels, width, height - TitleHeight - panels, white);
        var cell = new PixelSize(width / (float)columns, panels / (float)rows);
        for (var empty = used; empty < rows * columns; empty++)
        {
            canvas.DrawRect(empty % columns * cell.Width, TitleHeight + empty / columns * cell.Height, cell.Width, cell.Height, white);
        }
        var heading = new LabelStyle { FontName = SansSerif, FontSize = 18, Alignment = Alignment.UpperCenter };
        heading.Render(canvas, new Pixel(width / 2f, 12), paint, title);
        if (key.Count > 0) ChartLegend.Draw(canvas, paint, key, 0, TitleHeight + panels + 10, width);
    }
}
