using ScottPlot;
using ScottPlot.Plottables;
using UptakeSim.Runner;

namespace UptakeSim.Reports.Tests;

/// <summary>
/// Each kind of chart of a comparison in which mergers cut the CCGs from 10 to 7 (<see cref="SampleSummaries.Merging"/>),
/// read back from the plot drawn: every share plotted is of the CCGs existing in that quarter and scope (England, or the
/// region), and every count and difference is the summary's (what summary.json holds).
/// </summary>
public sealed class ChartValuesTests
{
    private const double Tolerance = 1e-9;

    private static readonly ComparisonSummary Summary = SampleSummaries.Merging(7);

    private static readonly int[] England = SampleSummaries.NorthCcgs.Select((n, q) => n + SampleSummaries.SouthCcgs[q]).ToArray();

    private static double[] Shares(IEnumerable<double> counts, int[] ccgs) => counts.Select((c, q) => 100 * c / ccgs[q]).ToArray();

    private static void AssertSeries(IReadOnlyList<double> expected, IEnumerable<double> plotted, string what)
    {
        var actual = plotted.ToArray();
        Assert.True(expected.Count == actual.Length, $"{what}: {actual.Length} values plotted, expected {expected.Count}");
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < Tolerance, $"{what}, value {i}: plotted {actual[i]}, expected {expected[i]}");
        }
    }

    private static T Plotted<T>(Plot plot, string legend) where T : IPlottable =>
        plot.GetPlottables().OfType<T>().Single(p => p.LegendItems.Any(i => i.LabelText == legend));

    private static IEnumerable<double> Ys(Scatter line) => line.Data.GetScatterPoints().Select(c => c.Y);

    private static IEnumerable<double> Xs(Scatter line) => line.Data.GetScatterPoints().Select(c => c.X);

    private static (double[] Low, double[] High) Band(Plot plot, string legend)
    {
        var (xs, low, high) = Charts.BandEdges(Plotted<Polygon>(plot, legend));
        AssertSeries(Enumerable.Range(0, xs.Length).Select(i => (double)i).ToArray(), xs, $"{legend}: quarters");
        return (low, high);
    }

    [Fact]
    public void The_sample_loses_ccgs_to_mergers_and_its_levels_add_up_to_the_ccgs_existing()
    {
        Assert.Equal([10, 10, 10, 9, 9, 8, 8, 7], England);
        foreach (var run in Summary.Scenarios)
        {
            AssertSeries([.. England.Select(n => (double)n)], run.England.Select(r => r.Ccgs), $"{run.Scenario}: England");
            AssertSeries([.. SampleSummaries.NorthCcgs.Select(n => (double)n)], run.Regions[0].Quarters.Select(r => r.Ccgs), $"{run.Scenario}: North");
            AssertSeries([.. SampleSummaries.SouthCcgs.Select(n => (double)n)], run.Regions[1].Quarters.Select(r => r.Ccgs), $"{run.Scenario}: South");
        }
    }

    [Fact]
    public void The_fan_plots_shares_of_the_ccgs_existing_and_the_patients_share_apart()
    {
        ObservedPoint[] observed = [new("2015Q1", 2, 1, "record"), new("2016Q4", 5, 0.5, "record")];
        foreach (var run in Summary.Scenarios)
        {
            using var plot = Charts.Fan(run, "fan", observed);
            var outer = Band(plot, "90% of runs (P05-P95)");
            AssertSeries(Shares(run.England.Select(r => (double)r.Level3.P05), England), outer.Low, $"{run.Scenario}: P05");
            AssertSeries(Shares(run.England.Select(r => (double)r.Level3.P95), England), outer.High, $"{run.Scenario}: P95");
            var inner = Band(plot, "50% of runs (P25-P75)");
            AssertSeries(Shares(run.England.Select(r => (double)r.Level3.P25), England), inner.Low, $"{run.Scenario}: P25");
            AssertSeries(Shares(run.England.Select(r => (double)r.Level3.P75), England), inner.High, $"{run.Scenario}: P75");
            AssertSeries(Shares(run.England.Select(r => r.Level3.Mean), England), Ys(Plotted<Scatter>(plot, "Mean")), $"{run.Scenario}: mean");
            var patients = Plotted<Scatter>(plot, "Patients covered by a delegated CCG (mean)");
            AssertSeries([.. run.PatientsDelegated.Select(b => b.Mean / 10)], Ys(patients), $"{run.Scenario}: patients");
            var observedMarks = Plotted<Markers>(plot, "Observed (+/- 2 sd)").Data.GetScatterPoints();
            AssertSeries([0, 7], observedMarks.Select(c => c.X), "observed quarters");
            AssertSeries([100.0 * 2 / 10, 100.0 * 5 / 7], observedMarks.Select(c => c.Y), "observed shares");
            AssertSeries([100.0 * 2 / 10, 100.0 * 1 / 7], plot.GetPlottables().OfType<ErrorBar>().Single().YErrorPositive!, "observed +/- 2 sd");

            // Set apart from the mean in greyscale too: its own dashes and open markers, drawn over the mean line.
            var mean = Plotted<Scatter>(plot, "Mean");
            Assert.Equal((LinePattern.Solid.Name, "dashed"), (mean.LinePattern.Name, patients.LinePattern.Name));
            Assert.NotEqual(mean.MarkerShape, patients.MarkerShape);
            Assert.True(patients.MarkerSize > mean.MarkerSize);
            Assert.True(plot.GetPlottables().ToList().IndexOf(patients) > plot.GetPlottables().ToList().IndexOf(mean));
        }
    }

    [Fact]
    public void The_levels_stack_up_to_the_ccgs_existing()
    {
        foreach (var run in Summary.Scenarios)
        {
            using var plot = Charts.StackedLevels(run, "levels");
            var delegated = run.England.Select(r => r.Level3.Mean).ToArray();
            var joint = run.England.Select(r => r.Level3.Mean + r.Level2.Mean).ToArray();
            var level3 = Band(plot, "Level 3 delegated");
            AssertSeries(new double[England.Length], level3.Low, $"{run.Scenario}: level 3 from");
            AssertSeries(delegated, level3.High, $"{run.Scenario}: level 3 to");
            var level2 = Band(plot, "Level 2 joint");
            AssertSeries(delegated, level2.Low, $"{run.Scenario}: level 2 from");
            AssertSeries(joint, level2.High, $"{run.Scenario}: level 2 to");
            var level1 = Band(plot, "Level 1 greater involvement");
            AssertSeries(joint, level1.Low, $"{run.Scenario}: level 1 from");
            AssertSeries([.. England.Select(n => (double)n)], level1.High, $"{run.Scenario}: level 1 to");
        }
    }

    [Fact]
    public void The_regions_plot_shares_of_each_regions_ccgs_existing_and_say_how_many_there_are()
    {
        foreach (var run in Summary.Scenarios)
        {
            using var plot = Charts.Regional(run, "regions");
            var north = Plotted<Scatter>(plot, "North (6 to 4 CCGs)");
            AssertSeries(Shares(run.Regions[0].Quarters.Select(r => r.Level3.Mean), SampleSummaries.NorthCcgs), Ys(north), $"{run.Scenario}: North");
            var south = Plotted<Scatter>(plot, "South (4 to 3 CCGs)");
            AssertSeries(Shares(run.Regions[1].Quarters.Select(r => r.Level3.Mean), SampleSummaries.SouthCcgs), Ys(south), $"{run.Scenario}: South");
        }
        Assert.Equal("32 CCGs", Charts.CcgCount(32, 32));
        Assert.Equal("1 CCG", Charts.CcgCount(1, 1));
    }

    [Fact]
    public void The_overview_of_up_to_six_scenarios_plots_each_ones_shares_of_the_ccgs_existing()
    {
        var summary = SampleSummaries.Merging(Charts.SmallMultiplesAbove - 1);
        using var plot = Charts.Overview(summary, "overview");
        foreach (var run in summary.Scenarios)
        {
            var line = Plotted<Scatter>(plot, run.Scenario == SampleSummaries.Reference ? $"{run.Scenario} (reference)" : run.Scenario);
            AssertSeries(Enumerable.Range(0, England.Length).Select(q => (double)q).ToArray(), Xs(line), $"{run.Scenario}: quarters");
            AssertSeries(Shares(run.England.Select(r => r.Level3.Mean), England), Ys(line), run.Scenario);
        }
    }

    [Fact]
    public void The_small_multiples_of_more_than_six_scenarios_plot_each_ones_shares_over_the_references()
    {
        Assert.True(Summary.Scenarios.Count > Charts.SmallMultiplesAbove);
        var (multiplot, rows, columns, scenarios) = Charts.OverviewMultiplot(Summary);
        Assert.Equal((3, 3), (rows, columns));
        Assert.Equal(Summary.Scenarios, scenarios);
        var reference = Shares(Summary.Scenarios[0].England.Select(r => r.Level3.Mean), England);
        for (var i = 0; i < scenarios.Count; i++)
        {
            var lines = multiplot.Subplots.GetPlot(i).GetPlottables().OfType<Scatter>().ToArray();
            Assert.Equal(i == 0 ? 1 : 2, lines.Length);
            AssertSeries(Shares(scenarios[i].England.Select(r => r.Level3.Mean), England), Ys(lines[^1]), scenarios[i].Scenario);
            if (i > 0) AssertSeries(reference, Ys(lines[0]), $"{scenarios[i].Scenario}: the reference behind it");
        }
    }

    [Fact]
    public void The_difference_plots_the_paired_difference_in_ccgs()
    {
        var reference = Summary.Scenarios[0];
        foreach (var comparison in Summary.Comparisons)
        {
            var run = Summary.Scenarios.Single(s => s.Scenario == comparison.Scenario);
            using var plot = Charts.Difference(comparison, "difference");
            var mean = Ys(Plotted<Scatter>(plot, "Mean difference")).ToArray();
            AssertSeries([.. comparison.Differences.Select(r => r.Level3.Mean)], mean, $"{comparison.Scenario}: mean");
            AssertSeries([.. run.England.Select((r, q) => r.Level3.Mean - reference.England[q].Level3.Mean)], mean, $"{comparison.Scenario}: scenario minus reference");
            var band = Band(plot, "90% of paired runs (P05-P95)");
            AssertSeries([.. comparison.Differences.Select(r => (double)r.Level3.P05)], band.Low, $"{comparison.Scenario}: P05");
            AssertSeries([.. comparison.Differences.Select(r => (double)r.Level3.P95)], band.High, $"{comparison.Scenario}: P95");
        }
    }

    [Fact]
    public void The_regional_differences_plot_each_regions_paired_difference_under_its_ccgs_existing()
    {
        const string quarter = "2016Q4";
        var differences = Summary.Comparisons.SelectMany(c => c.Regions.SelectMany(r => r.Quarters.Where(q => q.Quarter == quarter)
            .Select(q => new RegionalDifference(c.Scenario, r.Region, q.Quarter, q.Level3)))).ToArray();
        var ccgs = Summary.Scenarios[0].Regions.ToDictionary(r => r.Region, r => r.Quarters.Single(q => q.Quarter == quarter).Ccgs);
        var rows = Charts.RegionalDifferenceRows(quarter, differences);
        Assert.Equal(differences.OrderBy(d => d.Region, StringComparer.Ordinal), rows);
        using var plot = Charts.RegionalDifferencesPlot("regional differences", rows, ccgs);
        AssertSeries([.. rows.Select(r => r.Delegated.Mean)], Xs(Plotted<Scatter>(plot, "Mean difference")), "means");
        var bands = plot.GetPlottables().OfType<LinePlot>().ToArray();
        AssertSeries([.. rows.Select(r => (double)r.Delegated.P05)], bands.Select(b => b.Start.X), "P05");
        AssertSeries([.. rows.Select(r => (double)r.Delegated.P95)], bands.Select(b => b.End.X), "P95");
        var directory = Directory.CreateTempSubdirectory("uptakesim-chart-values-").FullName;
        try
        {
            var chart = Charts.RegionalDifferences(directory, SampleSummaries.Reference, quarter, differences, ccgs, new ChartProvenance(["baseline", "merge-1"], 200, 7));
            Assert.Superset(rows.Select(r => $"{r.Region} ({(r.Region == "North" ? 4 : 3)} CCGs): {r.Scenario}").ToHashSet(), ChartImage.Texts(directory, chart));
            Assert.Contains($"Scenarios: baseline, merge-1 · 200 runs · seed 7 · UptakeSim {ChartProvenance.ToolVersion}", ChartImage.Texts(directory, chart));
            ChartImage.AssertWithinItsBorders(directory, chart);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_kind_is_written_for_the_sample_with_its_provenance_at_the_foot()
    {
        var directory = Directory.CreateTempSubdirectory("uptakesim-chart-values-").FullName;
        try
        {
            var charts = Charts.Write(Summary, directory);
            Assert.Equal(["difference", "fan", "levels", "overview", "regions"], charts.Select(c => c.Kind).Distinct().Order());
            Assert.Equal(Summary.Scenarios.Count, charts.Single(c => c.Kind == "overview").Series);
            foreach (var chart in charts)
            {
                var texts = ChartImage.Texts(directory, chart);
                // Eight names may be too long for one line beside the version (whose length depends on the build).
                string[] scenarios = chart.Kind switch
                {
                    "overview" => ["Scenarios: baseline, merge-1, merge-2, merge-3, merge-4, merge-5, merge-6, merge-7", "Scenarios: baseline and 7 others"],
                    "difference" => [$"Scenarios: baseline, {chart.Scenario}"],
                    _ => [$"Scenario: {chart.Scenario}"],
                };
                Assert.Contains(texts, t => scenarios.Any(s => t == $"{s} · 200 runs · seed 7 · UptakeSim {ChartProvenance.ToolVersion}"));
                ChartImage.AssertWithinItsBorders(directory, chart);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
