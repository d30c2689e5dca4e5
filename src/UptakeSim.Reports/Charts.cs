using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Reports;

/// <summary>An observed count of delegated CCGs in England, known to within <see cref="Sd"/> CCGs (see data/observations.csv).</summary>
public sealed record ObservedPoint(string Quarter, double Delegated, double Sd, string Source);

/// <summary>
/// Writes the charts of a comparison (or a single run) as PNG and SVG, <see cref="Width"/> x <see cref="Height"/>
/// pixels: per scenario a fan of the share delegated (with the share of registered patients covered by a delegated
/// CCG, and the observed shares, when given, as points with +/- 2 sd bars), the stacked levels and the regional shares; per non-reference scenario its paired difference
/// from the reference; and one overview of every scenario. Shares are of the CCGs that exist in each quarter. Every chart
/// says at its foot what it was drawn from (<see cref="ChartProvenance"/>).
/// </summary>
public static partial class Charts
{
    public const int Width = 900;
    public const int Height = 500;

    private const string QuarterAxis = "Quarter (NHS financial year)";
    private const string ShareAxis = "CCGs delegated (%)";

    // Sequential blues: dark to light reads as dark to light grey in print too.
    private static readonly Color Dark = Color.FromHex("#08306B");
    private static readonly Color Mid = Color.FromHex("#6BAED6");
    private static readonly Color Light = Color.FromHex("#C6DBEF");
    private static readonly Color DelegatedFill = Color.FromHex("#08519C");

    // Vermilion (Okabe-Ito) prints mid-grey between the dark mean line and the pale bands; dashes and open squares set it
    // apart from the mean line even where the two coincide.
    private static readonly SeriesStyle PatientsStyle = new(Color.FromHex("#D55E00"), new LinePattern([8, 4], 0, "dashed"), MarkerShape.OpenSquare);

    // ScottPlot's default face is DejaVu Serif on Debian, and Skia's Linux build without fontconfig cannot resolve the
    // generic "sans-serif", so name the usual sans faces and take the first one installed.
    private static readonly string SansSerif = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }
        .FirstOrDefault(family => SKFontManager.Default.MatchFamily(family) is not null) ?? Fonts.Default;

    public static IReadOnlyList<ChartFile> Write(ComparisonSummary summary, string directory, IReadOnlyList<ObservedPoint>? observed = null)
    {
        Directory.CreateDirectory(directory);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var charts = new List<ChartFile>();
        // The comparison's runs and seed reproduce every chart of it: each scenario ran that many paired runs from that seed.
        ChartProvenance Of(params string[] scenarios) => new(scenarios, summary.Runs, summary.Seed);
        void Add(string kind, string scenario, string title, Plot plot, ChartProvenance provenance)
        {
            using (plot) charts.Add(Save(directory, used, kind, scenario, title, plot, provenance));
        }

        foreach (var run in Detailed(summary))
        {
            var fan = $"{run.Scenario}: share of CCGs delegated";
            Add("fan", run.Scenario, fan, Fan(run, fan, observed ?? []), Of(run.Scenario));
            var levels = $"{run.Scenario}: CCGs at each co-commissioning level (mean)";
            Add("levels", run.Scenario, levels, StackedLevels(run, levels), Of(run.Scenario));
            foreach (var comparison in summary.Comparisons.Where(c => c.Scenario == run.Scenario))
            {
                var difference = $"{comparison.Scenario} minus {comparison.Reference}: CCGs delegated";
                Add("difference", run.Scenario, difference, Difference(comparison, difference), Of(comparison.Reference, comparison.Scenario));
            }
            if (run.Regions.Count > 0)
            {
                var regions = $"{run.Scenario}: share of CCGs delegated by NHS England region (mean)";
                Add("regions", run.Scenario, regions, Regional(run, regions), Of(run.Scenario));
            }
        }
        const string overview = "Share of CCGs delegated by scenario (mean)";
        var all = Of([summary.Reference, .. summary.Scenarios.Select(s => s.Scenario).Where(s => s != summary.Reference)]);
        if (summary.Scenarios.Count > SmallMultiplesAbove) charts.Add(OverviewPanels(directory, used, summary, overview, all));
        else Add("overview", "", overview, Overview(summary, overview), all);
        return charts;
    }

    /// <summary>Most scenarios given charts and a section of their own: a sweep of hundreds of members keeps its figures
    /// in the files (summary.json, the CSVs), not in hundreds of charts.</summary>
    public const int DetailedScenarios = ComparisonSummary.DetailedScenarios;

    /// <summary>The scenarios drawn and described one by one: the reference, then the others in order, at most
    /// <see cref="DetailedScenarios"/> in all.</summary>
    public static IReadOnlyList<RunSummary> Detailed(ComparisonSummary summary) =>
        summary.Scenarios.Where(s => s.Scenario == summary.Reference)
            .Concat(summary.Scenarios.Where(s => s.Scenario != summary.Reference)).Take(DetailedScenarios)
            .OrderBy(s => summary.Scenarios.ToList().IndexOf(s)).ToArray();

    /// <summary>The patients' line is dashed vermilion with open squares drawn over the mean's solid dark line and
    /// filled circles: where the two shares coincide, each square rings the mean's circle, in colour or grey.</summary>
    internal static Plot Fan(RunSummary run, string title, IReadOnlyList<ObservedPoint> observed)
    {
        var plot = NewPlot(title, ShareAxis, run.England.Select(r => r.Quarter).ToArray());
        var xs = Positions(run.England.Count);
        double[] Share(Func<Band, double> pick) => run.England.Select(r => 100.0 * pick(r.Level3) / r.Ccgs).ToArray();
        Band(plot, xs, Share(b => b.P05), Share(b => b.P95), Light, "90% of runs (P05-P95)");
        Band(plot, xs, Share(b => b.P25), Share(b => b.P75), Mid, "50% of runs (P25-P75)");
        Line(plot, xs, Share(b => b.Mean), SeriesStyle.Nth(0) with { Color = Dark }, "Mean");
        if (run.PatientsDelegated.Count == run.England.Count)
        {
            // Mergers change what a share of CCGs means; the share of patients does not.
            var patients = plot.Add.Scatter(xs, [.. run.PatientsDelegated.Select(b => 100.0 * b.Mean / BatchTrajectories.PerMille)]);
            PatientsStyle.Apply(patients);
            patients.MarkerSize = 11;
            patients.LegendText = "Patients covered by a delegated CCG (mean)";
        }
        var points = observed
            .Select(o => (o, Index: run.England.Select(r => r.Quarter).ToList().IndexOf(o.Quarter)))
            .Where(p => p.Index >= 0)
            .Select(p => (X: (double)p.Index, Y: 100 * p.o.Delegated / run.England[p.Index].Ccgs, Error: 100 * 2 * p.o.Sd / run.England[p.Index].Ccgs))
            .ToArray();
        if (points.Length > 0)
        {
            var bars = plot.Add.ErrorBar(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), points.Select(p => p.Error).ToArray());
            bars.Color = Colors.Black;
            var markers = plot.Add.Markers(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), MarkerShape.FilledDiamond, 9, Colors.Black);
            markers.LegendText = "Observed (+/- 2 sd)";
        }
        plot.Axes.SetLimitsY(-2, 102);
        return plot;
    }

    /// <summary>Level 3 at the bottom so delegation reads straight off the axis; Level 1 is drawn first only so that
    /// the legend lists the levels in their numbered order.</summary>
    internal static Plot StackedLevels(RunSummary run, string title)
    {
        var plot = NewPlot(title, "CCGs", run.England.Select(r => r.Quarter).ToArray());
        var xs = Positions(run.England.Count);
        var delegated = run.England.Select(r => r.Level3.Mean).ToArray();
        var joint = run.England.Select(r => r.Level3.Mean + r.Level2.Mean).ToArray();
        var all = run.England.Select(r => r.Level3.Mean + r.Level2.Mean + r.Level1.Mean).ToArray();
        Band(plot, xs, joint, all, Light, "Level 1 greater involvement");
        Band(plot, xs, delegated, joint, Mid, "Level 2 joint");
        Band(plot, xs, new double[xs.Length], delegated, DelegatedFill, "Level 3 delegated");
        plot.Axes.SetLimitsY(0, run.Ccgs);
        return plot;
    }

    internal static Plot Difference(ScenarioComparison comparison, string title)
    {
        var rows = comparison.Differences;
        var plot = NewPlot(title, "Difference in CCGs delegated (CCGs)", rows.Select(r => r.Quarter).ToArray());
        var xs = Positions(rows.Count);
        var low = rows.Select(r => (double)r.Level3.P05).ToArray();
        var high = rows.Select(r => (double)r.Level3.P95).ToArray();
        Band(plot, xs, low, high, Light, "90% of paired runs (P05-P95)");
        Line(plot, xs, rows.Select(r => r.Level3.Mean).ToArray(), SeriesStyle.Nth(0) with { Color = Dark }, "Mean difference");
        plot.Add.HorizontalLine(0, 1, Colors.Black, LinePattern.Dashed);
        var bottom = Math.Min(0, low.Min());
        var top = Math.Max(0, high.Max());
        var pad = Math.Max(1, (top - bottom) * 0.08);
        plot.Axes.SetLimitsY(bottom - pad, top + pad);
        return plot;
    }

    /// <summary>A region's size is the sum of its mean counts at the three levels, as every CCG is at one of them; each
    /// region is labelled with its number of CCGs (first and last, when mergers change it).</summary>
    internal static Plot Regional(RunSummary run, string title)
    {
        var plot = NewPlot(title, ShareAxis, run.England.Select(r => r.Quarter).ToArray());
        for (var i = 0; i < run.Regions.Count; i++)
        {
            var (region, rows) = run.Regions[i];
            var share = rows.Select(r => 100.0 * r.Level3.Mean / r.Ccgs).ToArray();
            Line(plot, Positions(rows.Count), share, SeriesStyle.Nth(i), $"{region} ({CcgCount(rows[0].Ccgs, rows[^1].Ccgs)})");
        }
        plot.Axes.SetLimitsY(-2, 102);
        return plot;
    }

    /// <summary>"32 CCGs", or "32 to 28 CCGs" when mergers leave fewer at the end than at the start.</summary>
    internal static string CcgCount(double first, double last)
    {
        var (a, b) = ((long)Math.Round(first), (long)Math.Round(last));
        return a == b ? (a == 1 ? "1 CCG" : $"{a:N0} CCGs") : $"{a:N0} to {b:N0} CCGs";
    }

    /// <summary>Scenarios are placed on a shared quarter axis by label, in case their horizons differ.</summary>
    internal static Plot Overview(ComparisonSummary summary, string title)
    {
        var quarters = summary.Scenarios.SelectMany(s => s.England.Select(r => r.Quarter)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var plot = NewPlot(title, ShareAxis, quarters);
        for (var i = 0; i < summary.Scenarios.Count; i++)
        {
            var run = summary.Scenarios[i];
            var xs = run.England.Select(r => (double)Array.IndexOf(quarters, r.Quarter)).ToArray();
            var label = run.Scenario == summary.Reference && summary.Scenarios.Count > 1 ? $"{run.Scenario} (reference)" : run.Scenario;
            Line(plot, xs, run.England.Select(r => 100.0 * r.Level3.Mean / r.Ccgs).ToArray(), SeriesStyle.Nth(i), label);
        }
        plot.Axes.SetLimitsY(-2, 102);
        return plot;
    }

    /// <summary>Quarter i sits at x = i. Every quarter gets a tick; labels go on each April (Q1), or on every
    /// quarter when there are too few for that to label more than a couple.</summary>
    private static Plot NewPlot(string title, string yLabel, IReadOnlyList<string> quarters)
    {
        var plot = new Plot();
        plot.Font.Set(SansSerif);
        plot.Title(title, 18);
        plot.XLabel(QuarterAxis, 14);
        plot.YLabel(yLabel, 14);
        var labelEvery = quarters.Count <= 12;
        var ticks = new NumericManual();
        for (var i = 0; i < quarters.Count; i++)
        {
            if (labelEvery || quarters[i].EndsWith("Q1", StringComparison.Ordinal)) ticks.AddMajor(i, quarters[i]);
            else ticks.AddMinor(i);
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.5, quarters.Count - 0.5);
        // Below the plot, where it covers no data and leaves the full width to the quarters.
        Legend(plot, Width);
        return plot;
    }

    private static double[] Positions(int quarters) => Enumerable.Range(0, quarters).Select(i => (double)i).ToArray();

    /// <summary>A band as a polygon: its lower edge left to right, then its upper edge right to left (see <see
    /// cref="BandEdges"/>), so that what was drawn can be read back.</summary>
    private static void Band(Plot plot, double[] xs, double[] low, double[] high, Color fill, string legend)
    {
        var band = plot.Add.Polygon([.. xs.Select((x, i) => new Coordinates(x, low[i])), .. xs.Select((x, i) => new Coordinates(x, high[i])).Reverse()]);
        band.FillColor = fill;
        band.LineWidth = 0;
        band.LegendText = legend;
    }

    /// <summary>The positions and lower and upper edges of a band drawn by <see cref="Band"/>.</summary>
    internal static (double[] Xs, double[] Low, double[] High) BandEdges(ScottPlot.Plottables.Polygon band)
    {
        var n = band.Coordinates.Length / 2;
        var low = band.Coordinates[..n];
        var high = band.Coordinates[n..].Reverse().ToArray();
        return ([.. low.Select(c => c.X)], [.. low.Select(c => c.Y)], [.. high.Select(c => c.Y)]);
    }

    private static void Line(Plot plot, double[] xs, double[] ys, SeriesStyle style, string legend)
    {
        var line = plot.Add.Scatter(xs, ys);
        style.Apply(line);
        line.LegendText = legend;
    }

    /// <summary>The legend below the plot in rows, every entry shown (see <see cref="ChartLegend"/>).</summary>
    private static void Legend(Plot plot, int figureWidth)
    {
        plot.Legend.FontName = SansSerif;
        ChartLegend.Below(plot, figureWidth, 13);
    }

    private static ChartFile Save(string directory, HashSet<string> used, string kind, string scenario, string title, Plot plot, ChartProvenance provenance, int height = Height)
    {
        plot.Axes.AddPanel(new ChartProvenance.Panel(provenance, SansSerif));
        var (png, svg) = FileNames(used, kind, scenario);
        plot.SavePng(Path.Combine(directory, png), Width, height);
        File.WriteAllText(Path.Combine(directory, svg), RenumberClipPaths(plot.GetSvgXml(Width, height)));
        var series = plot.Legend.GetItems().Count(item => !string.IsNullOrEmpty(item.LabelText));
        return new ChartFile(kind, scenario, title, png, svg, series, Width, height);
    }

    private static (string Png, string Svg) FileNames(HashSet<string> used, string kind, string scenario)
    {
        var slug = Slug(kind, scenario);
        for (var n = 2; !used.Add(slug); n++) slug = $"{Slug(kind, scenario)}-{n}";
        return (slug + ".png", slug + ".svg");
    }

    /// <summary>Skia names SVG clip paths by a process-wide hexadecimal counter; number them from 1 in each file instead, so
    /// the same input gives the same bytes however many charts the process drew before.</summary>
    private static string RenumberClipPaths(string svg)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipPathId().Replace(svg, m => renamed.TryGetValue(m.Value, out var id) ? id : renamed[m.Value] = $"clip{renamed.Count + 1}");
    }

    [GeneratedRegex(@"(?<=id=""|url\(#)cl_[0-9a-f]+(?=""|\))")]
    private static partial Regex ClipPathId();

    /// <summary>kind-scenario in lower-case ASCII letters, digits and single hyphens, safe as a file name anywhere.</summary>
    private static string Slug(string kind, string scenario)
    {
        var chars = $"{kind}-{scenario}".ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        return string.Join('-', new string(chars.ToArray()).Split('-', StringSplitOptions.RemoveEmptyEntries));
    }
}
