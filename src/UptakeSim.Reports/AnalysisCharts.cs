using ScottPlot;
using ScottPlot.TickGenerators;

namespace UptakeSim.Reports;

/// <summary>One parameter's Sobol indices with the half-widths of their 95% intervals.</summary>
public sealed record SensitivityBar(string Parameter, double First, double FirstConfidence, double Total, double TotalConfidence);

/// <summary>One observation against the model: observed value, simulated mean and 90% band.</summary>
public sealed record FitPoint(string Label, double Observed, double Mean, double P05, double P95);

public static partial class Charts
{
    /// <summary>Sobol first-order (light) and total (dark) indices per parameter, ranked as given, with 95% intervals.</summary>
    public static ChartFile Sensitivity(string directory, string outcome, IReadOnlyList<SensitivityBar> bars)
    {
        var title = $"What drives {outcome}: Sobol indices";
        using var plot = AnalysisPlot(directory, title, "Uncertain behaviour coefficient", "Share of output variance");
        var ticks = new NumericManual();
        var all = new List<Bar>();
        for (var i = 0; i < bars.Count; i++)
        {
            all.Add(new Bar { Position = 3 * i, Value = bars[i].First, Error = bars[i].FirstConfidence, FillColor = Light, LineColor = Dark, LineWidth = 1 });
            all.Add(new Bar { Position = 3 * i + 1, Value = bars[i].Total, Error = bars[i].TotalConfidence, FillColor = Dark, LineColor = Dark, LineWidth = 1 });
            ticks.AddMajor(3 * i + 0.5, bars[i].Parameter);
        }
        plot.Add.Bars(all);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimits(-1, 3 * bars.Count - 1, 0, Math.Max(1.0, all.Max(b => b.Value + b.Error) * 1.05));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "First-order index (S1)", FillColor = Light, OutlineColor = Dark });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Total index (ST)", FillColor = Dark, OutlineColor = Dark });
        return Save(directory, [], "sensitivity", outcome, title, plot);
    }

    /// <summary>Observed values (black diamonds) against the simulated mean (open circles) and 90% band of each observation.</summary>
    public static ChartFile Fit(string directory, string scenario, IReadOnlyList<FitPoint> points)
    {
        var title = $"{scenario}: observed uptake against the model";
        using var plot = AnalysisPlot(directory, title, "Observation (quarter, scope, measure)", "CCGs (or share x 100)");
        var xs = Enumerable.Range(0, points.Count).Select(i => (double)i).ToArray();
        for (var i = 0; i < points.Count; i++)
        {
            var band = plot.Add.Line(i, points[i].P05, i, points[i].P95);
            band.LineWidth = 6;
            band.Color = Light;
            if (i == 0) band.LegendText = "Simulated 90% band";
        }
        var mean = plot.Add.ScatterPoints(xs, points.Select(p => p.Mean).ToArray());
        mean.MarkerShape = MarkerShape.OpenCircle;
        mean.MarkerSize = 11;
        mean.Color = Dark;
        mean.LegendText = "Simulated mean";
        var observed = plot.Add.ScatterPoints(xs, points.Select(p => p.Observed).ToArray());
        observed.MarkerShape = MarkerShape.FilledDiamond;
        observed.MarkerSize = 9;
        observed.Color = Colors.Black;
        observed.LegendText = "Observed";
        var ticks = new NumericManual();
        for (var i = 0; i < points.Count; i++) ticks.AddMajor(i, points[i].Label);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        // Room for the rotated labels above the axis title.
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.SetLimitsX(-0.7, points.Count - 0.3);
        return Save(directory, [], "fit", scenario, title, plot);
    }

    private static Plot AnalysisPlot(string directory, string title, string xLabel, string yLabel)
    {
        Directory.CreateDirectory(directory);
        var plot = new Plot();
        plot.Font.Set(SansSerif);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.ShadowColor = Colors.Transparent;
        return plot;
    }
}
