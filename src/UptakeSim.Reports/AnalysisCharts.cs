using ScottPlot;
using ScottPlot.TickGenerators;

namespace UptakeSim.Reports;

/// <summary>One parameter's Sobol indices with the half-widths of their 95% intervals.</summary>
public sealed record SensitivityBar(string Parameter, double First, double FirstConfidence, double Total, double TotalConfidence);

/// <summary>One observation against the model: observed value, simulated mean and 90% band.</summary>
public sealed record FitPoint(string Label, double Observed, double Mean, double P05, double P95);

/// <summary>The simulated distribution of a measure in one quarter: its 5th, 25th, 50th, 75th and 95th percentiles.</summary>
public sealed record HindcastBand(string Quarter, double P05, double P25, double Median, double P75, double P95);

/// <summary>An observed value of a measure in one quarter.</summary>
public sealed record HindcastObservation(string Quarter, double Value);

/// <summary>One measure of a hindcast (for instance "CCGs delegated, England" in CCGs): simulated bands per quarter and the observations.</summary>
public sealed record HindcastSeries(string Measure, string Unit, IReadOnlyList<HindcastBand> Bands, IReadOnlyList<HindcastObservation> Observed);

public static partial class Charts
{
    /// <summary>Input names longer than this are wrapped onto further lines on the sensitivity chart's axis.</summary>
    private const int NameWidth = 28;

    /// <summary>
    /// Sobol first-order (light) and total (dark) indices per input, ranked from the top as given, with 95% intervals.
    /// The chart grows taller with the number of inputs. Give <paramref name="provenance"/> (the scenario, the runs of
    /// the design and the seed) for the chart's foot; without it the foot gives the tool's version only.
    /// </summary>
    public static ChartFile Sensitivity(string directory, string outcome, IReadOnlyList<SensitivityBar> bars, ChartProvenance? provenance = null)
    {
        var title = $"What drives {outcome}: Sobol indices";
        Directory.CreateDirectory(directory);
        using var plot = SensitivityPlot(title, bars);
        return Save(directory, [], "sensitivity", outcome, title, plot, provenance ?? new ChartProvenance([]), Math.Max(Height, 190 + 40 * bars.Count));
    }

    /// <summary>
    /// Horizontal bars, one pair per input (S1 above ST): the inputs' names sit on the left axis, where they read
    /// horizontally and the axis is as wide as the longest line needs, long names wrapped at a dot, underscore, hyphen
    /// or space.
    /// </summary>
    internal static Plot SensitivityPlot(string title, IReadOnlyList<SensitivityBar> bars)
    {
        var plot = AnalysisPlot(title, "Share of output variance", "Uncertain input");
        double Row(int i) => 3 * (bars.Count - 1 - i);
        var ticks = new NumericManual();
        var all = new List<Bar>();
        for (var i = 0; i < bars.Count; i++)
        {
            all.Add(new Bar { Position = Row(i) + 1, Value = bars[i].First, Error = bars[i].FirstConfidence, FillColor = Light, LineColor = Dark, LineWidth = 1 });
            all.Add(new Bar { Position = Row(i), Value = bars[i].Total, Error = bars[i].TotalConfidence, FillColor = Dark, LineColor = Dark, LineWidth = 1 });
            ticks.AddMajor(Row(i) + 0.5, Wrap(bars[i].Parameter));
        }
        plot.Add.Bars(all).Horizontal = true;
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        // Estimates are drawn as estimated: a first-order index near 0 can come out below it.
        var low = Math.Min(0, all.Min(b => b.Value - b.Error) - 0.03);
        plot.Axes.SetLimits(low, Math.Max(1.0, all.Max(b => b.Value + b.Error) * 1.05), -1, 3 * bars.Count - 1);
        if (low < 0) plot.Add.VerticalLine(0, 1, Colors.Black);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "First-order index (S1)", FillColor = Light, OutlineColor = Dark });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Total index (ST)", FillColor = Dark, OutlineColor = Dark });
        return plot;
    }

    /// <summary>A name in lines of at most <see cref="NameWidth"/> characters, each broken after the last separator that
    /// fits (or at the width, when none does).</summary>
    internal static string Wrap(string name)
    {
        var lines = new List<string>();
        var rest = name;
        while (rest.Length > NameWidth)
        {
            var at = rest.LastIndexOfAny(['.', '_', '-', ' ', '/', '['], NameWidth - 1);
            var cut = at > 0 ? at + 1 : NameWidth;
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        lines.Add(rest);
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Observed values (black diamonds) against the simulated mean (open circles) and 90% band of each observation, one
    /// row per observation from the top, labelled on the left where the labels read horizontally and are never cut.
    /// The chart grows taller with the number of observations. Give <paramref name="provenance"/> (the scenario, the runs
    /// behind the simulated values and the seed) for the chart's foot; without it the foot names the scenario only.
    /// </summary>
    public static ChartFile Fit(string directory, string scenario, IReadOnlyList<FitPoint> points, string simulated = "Simulated", ChartProvenance? provenance = null)
    {
        var title = $"{scenario}: observed uptake against the model";
        Directory.CreateDirectory(directory);
        using var plot = AnalysisPlot(title, "CCGs (or share x 100)", "");
        double Row(int i) => points.Count - 1 - i;
        for (var i = 0; i < points.Count; i++)
        {
            var band = plot.Add.Line(points[i].P05, Row(i), points[i].P95, Row(i));
            band.LineWidth = 8;
            band.Color = Light;
            if (i == 0) band.LegendText = $"{simulated} 90% band";
        }
        var ys = Enumerable.Range(0, points.Count).Select(Row).ToArray();
        var mean = plot.Add.ScatterPoints(points.Select(p => p.Mean).ToArray(), ys);
        mean.MarkerShape = MarkerShape.OpenCircle;
        mean.MarkerSize = 11;
        mean.Color = Dark;
        mean.LegendText = $"{simulated} mean";
        var observed = plot.Add.ScatterPoints(points.Select(p => p.Observed).ToArray(), ys);
        observed.MarkerShape = MarkerShape.FilledDiamond;
        observed.MarkerSize = 9;
        observed.Color = Colors.Black;
        observed.LegendText = "Observed";
        var ticks = new NumericManual();
        for (var i = 0; i < points.Count; i++) ticks.AddMajor(Row(i), points[i].Label);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.SetLimitsY(-0.7, points.Count - 0.3);
        var low = points.Min(p => Math.Min(p.Observed, p.P05));
        var high = points.Max(p => Math.Max(p.Observed, p.P95));
        var pad = Math.Max(1, (high - low) * 0.05);
        plot.Axes.SetLimitsX(Math.Min(0, low - pad), high + pad);
        return Save(directory, [], "fit", scenario, title, plot, provenance ?? new ChartProvenance(scenario), Math.Max(Height, 170 + 26 * points.Count));
    }

    /// <summary>
    /// A hindcast of one measure: the simulated 90% and 50% bands and median per quarter, the observations (filled up
    /// to and including the cutoff, which the model was fitted to; open after it, which it forecast), and a vertical
    /// line after the cutoff. Give <paramref name="provenance"/> (the scenario, the hindcast's runs and seed) for the
    /// chart's foot; without it the foot names the scenario only.
    /// </summary>
    public static ChartFile Hindcast(string directory, string scenario, string cutoff, HindcastSeries series, ChartProvenance? provenance = null)
    {
        var title = $"{scenario}: hindcast of {series.Measure} from {cutoff}";
        Directory.CreateDirectory(directory);
        using var plot = HindcastPlot(title, cutoff, series);
        return Save(directory, [], "hindcast", $"{scenario} {series.Measure}", title, plot, provenance ?? new ChartProvenance(scenario));
    }

    /// <summary>Quarters are compared as their labels (2016Q1 before 2016Q2), so an observation of a quarter the bands
    /// do not cover is still on the right side of the cutoff.</summary>
    internal static Plot HindcastPlot(string title, string cutoff, HindcastSeries series)
    {
        var quarters = series.Bands.Select(b => b.Quarter).ToArray();
        var plot = NewPlot(title, series.Unit, quarters);
        var xs = Positions(quarters.Length);
        Band(plot, xs, series.Bands.Select(b => b.P05).ToArray(), series.Bands.Select(b => b.P95).ToArray(), Light, "90% of runs (P05-P95)");
        Band(plot, xs, series.Bands.Select(b => b.P25).ToArray(), series.Bands.Select(b => b.P75).ToArray(), Mid, "50% of runs (P25-P75)");
        Line(plot, xs, series.Bands.Select(b => b.Median).ToArray(), SeriesStyle.Nth(0) with { Color = Dark }, "Median");
        bool Fitted(string quarter) => string.CompareOrdinal(quarter, cutoff) <= 0;
        var line = plot.Add.VerticalLine(quarters.Count(Fitted) - 0.5, 2, Colors.Black);
        line.LegendText = $"Cutoff: fitted up to {cutoff}, forecast after";
        void Observed(IEnumerable<HindcastObservation> points, MarkerShape shape, string legend)
        {
            var shown = points.Where(o => Array.IndexOf(quarters, o.Quarter) >= 0).ToArray();
            if (shown.Length == 0) return;
            var marks = plot.Add.ScatterPoints(shown.Select(o => (double)Array.IndexOf(quarters, o.Quarter)).ToArray(), shown.Select(o => o.Value).ToArray());
            (marks.MarkerShape, marks.MarkerSize, marks.Color, marks.LegendText) = (shape, 10, Colors.Black, legend);
        }
        Observed(series.Observed.Where(o => Fitted(o.Quarter)), MarkerShape.FilledDiamond, FittedTo);
        Observed(series.Observed.Where(o => !Fitted(o.Quarter)), MarkerShape.OpenDiamond, HeldOut);
        return plot;
    }

    internal const string FittedTo = "Observed, fitted to";
    internal const string HeldOut = "Observed, held out";

    /// <summary>
    /// Paired differences per region in one quarter: a row per region and scenario (grouped by region, in the order
    /// given), the mean as a dot and the range holding 90% of paired runs as a bar, against a zero line. Every row is
    /// labelled in full, with the region's number of CCGs in that quarter when <paramref name="regionCcgs"/> gives it
    /// (region name to CCGs existing), so the chart needs no colour key; it grows taller with the rows. Give
    /// <paramref name="provenance"/> (the scenarios, the paired runs and the seed) for the chart's foot; without it the
    /// foot names the scenarios only.
    /// </summary>
    public static ChartFile RegionalDifferences(string directory, string reference, string quarter, IReadOnlyList<RegionalDifference> differences,
        IReadOnlyDictionary<string, double>? regionCcgs = null, ChartProvenance? provenance = null)
    {
        var title = $"CCGs delegated by region in {quarter}: scenario minus {reference}";
        Directory.CreateDirectory(directory);
        var rows = RegionalDifferenceRows(quarter, differences);
        using var plot = RegionalDifferencesPlot(title, rows, regionCcgs);
        return Save(directory, [], "regional-differences", "", title, plot,
            provenance ?? new ChartProvenance([reference, .. differences.Select(d => d.Scenario).Distinct()]), Math.Max(Height, 170 + 24 * rows.Count));
    }

    /// <summary>The rows of <paramref name="quarter"/>, grouped by region in the order the regions first appear.</summary>
    internal static IReadOnlyList<RegionalDifference> RegionalDifferenceRows(string quarter, IReadOnlyList<RegionalDifference> differences) =>
        differences.Select(d => d.Region).Distinct().SelectMany(region => differences.Where(d => d.Quarter == quarter && d.Region == region)).ToArray();

    internal static Plot RegionalDifferencesPlot(string title, IReadOnlyList<RegionalDifference> rows, IReadOnlyDictionary<string, double>? regionCcgs)
    {
        var plot = AnalysisPlot(title, "Difference in CCGs delegated (CCGs)", "");
        double Y(int i) => rows.Count - 1 - i;
        for (var i = 0; i < rows.Count; i++)
        {
            var band = plot.Add.Line(rows[i].Delegated.P05, Y(i), rows[i].Delegated.P95, Y(i));
            (band.LineWidth, band.Color) = (6, Light);
            if (i == 0) band.LegendText = "90% of paired runs (P05-P95)";
        }
        var mean = plot.Add.ScatterPoints(rows.Select(r => r.Delegated.Mean).ToArray(), Enumerable.Range(0, rows.Count).Select(Y).ToArray());
        (mean.MarkerShape, mean.MarkerSize, mean.Color, mean.LegendText) = (MarkerShape.FilledCircle, 8, Dark, "Mean difference");
        plot.Add.VerticalLine(0, 1, Colors.Black);
        var ticks = new NumericManual();
        string Region(string region) => regionCcgs?.TryGetValue(region, out var n) == true ? $"{region} ({CcgCount(n, n)})" : region;
        for (var i = 0; i < rows.Count; i++) ticks.AddMajor(Y(i), $"{Region(rows[i].Region)}: {rows[i].Scenario}");
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        var low = Math.Min(0, rows.Min(r => r.Delegated.P05));
        var high = Math.Max(0, rows.Max(r => r.Delegated.P95));
        var pad = Math.Max(1, (high - low) * 0.05);
        plot.Axes.SetLimitsX(low - pad, high + pad);
        return plot;
    }

    private static Plot AnalysisPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(SansSerif);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        Legend(plot, Width);
        return plot;
    }
}
