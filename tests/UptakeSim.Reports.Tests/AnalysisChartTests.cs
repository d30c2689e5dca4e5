using System.Xml.Linq;
using ScottPlot.Plottables;

namespace UptakeSim.Reports.Tests;

public class AnalysisChartTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static string TempDirectory() => TestSupport.TestFiles.NewTempDirectory();

    private static void AssertValid(string directory, ChartFile chart, string title)
    {
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(directory, chart.Png)).Take(8));
        var svg = XDocument.Load(Path.Combine(directory, chart.Svg));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains(title, svg.ToString());
    }

    [Fact]
    public void The_sensitivity_chart_shows_first_order_and_total_indices()
    {
        var directory = TempDirectory();
        var chart = Charts.Sensitivity(directory, "share delegated in 2017Q1",
            [new SensitivityBar("capacity", 0.4, 0.1, 0.47, 0.07), new SensitivityBar("pressure", 0.3, 0.1, 0.36, 0.05)]);
        Assert.Equal(("sensitivity", 2), (chart.Kind, chart.Series));
        AssertValid(directory, chart, "What drives share delegated in 2017Q1");
    }

    [Fact]
    public void The_sensitivity_chart_names_long_policy_inputs_in_full_on_its_axis()
    {
        var directory = TempDirectory();
        string[] names = ["population.finance.sd", "policy.risk_sharing", "behaviour.pressure", "population.practices_per_ccg.distribution_shape", "a_single_name_with_no_dot_longer_than_any_line"];
        var chart = Charts.Sensitivity(directory, "share delegated in 2017Q1",
            names.Select((n, i) => new SensitivityBar(n, 0.1 * i - 0.05, 0.04, 0.1 * i + 0.1, 0.03)).ToArray(), new ChartProvenance("policy-levers", 64 * 7 * 2, 3));
        var texts = ChartImage.Texts(directory, chart);
        Assert.Contains("Uncertain input", texts);
        Assert.DoesNotContain("Uncertain behaviour coefficient", texts);
        Assert.Superset(names.Where(n => n.Length <= 28).ToHashSet(), texts);
        foreach (var name in names.Where(n => n.Length > 28))
        {
            var lines = Charts.Wrap(name).Split('\n');
            Assert.True(lines.Length > 1 && lines.All(l => l.Length <= 28), Charts.Wrap(name));
            Assert.Equal(name, string.Concat(lines));
            Assert.Superset(lines.ToHashSet(), texts);
        }
        Assert.Equal(["population.practices_per_", "ccg.distribution_shape"], Charts.Wrap("population.practices_per_ccg.distribution_shape").Split('\n'));
        Assert.Contains($"Scenario: policy-levers · 896 runs · seed 3 · UptakeSim {ChartProvenance.ToolVersion}", texts);
        ChartImage.AssertWithinItsBorders(directory, chart);
    }

    [Fact]
    public void The_sensitivity_chart_draws_the_inputs_as_horizontal_bars_ranked_from_the_top()
    {
        using var plot = Charts.SensitivityPlot("sensitivity", [new SensitivityBar("first", 0.5, 0.1, 0.6, 0.1), new SensitivityBar("second", 0.2, 0.1, 0.3, 0.1)]);
        var bars = plot.GetPlottables().OfType<BarPlot>().Single();
        Assert.All(bars.Bars, b => Assert.Equal(ScottPlot.Orientation.Horizontal, b.Orientation));
        Assert.Equal([(4.0, 0.5), (3.0, 0.6), (1.0, 0.2), (0.0, 0.3)], bars.Bars.Select(b => (b.Position, b.Value)));
    }

    [Fact]
    public void The_hindcast_marks_held_out_exactly_the_observations_after_the_cutoff()
    {
        var quarters = Enumerable.Range(0, 8).Select(q => $"{2015 + q / 4}Q{q % 4 + 1}").ToArray();
        var series = new HindcastSeries("CCGs delegated, England", "CCGs", quarters.Select((q, i) => new HindcastBand(q, i, i, i, i, i)).ToArray(),
            [new HindcastObservation("2015Q4", 30), new HindcastObservation("2016Q1", 41), new HindcastObservation("2016Q2", 50), new HindcastObservation("2016Q4", 70)]);
        using var plot = Charts.HindcastPlot("hindcast", "2016Q1", series);
        var marks = plot.GetPlottables().OfType<Scatter>().ToDictionary(s => s.LegendText, s => s.Data.GetScatterPoints().Select(c => c.X).ToArray());
        // The cutoff quarter (index 4) is one the model was fitted to, as the hindcast's CSV says (held_out=false).
        Assert.Equal([3.0, 4.0], marks[Charts.FittedTo]);
        Assert.Equal([5.0, 7.0], marks[Charts.HeldOut]);
        Assert.Equal(4.5, plot.GetPlottables().OfType<VerticalLine>().Single().X);
    }

    [Fact]
    public void Analysis_charts_give_their_provenance_at_the_foot_and_the_tool_version_without_it()
    {
        var directory = TempDirectory();
        var series = SampleAnalyses.Hindcast().Series[0];
        var hindcast = Charts.Hindcast(directory, "baseline", "2017Q1", series, new ChartProvenance("baseline", 100, 5));
        Assert.Contains($"Scenario: baseline · 100 runs · seed 5 · UptakeSim {ChartProvenance.ToolVersion}", ChartImage.Texts(directory, hindcast));
        var fit = Charts.Fit(directory, "baseline", [new FitPoint("2016Q1 England level3", 115, 114.6, 97, 132)]);
        Assert.Contains($"Scenario: baseline · UptakeSim {ChartProvenance.ToolVersion}", ChartImage.Texts(directory, fit));
        foreach (var chart in AnalysisReport.Calibration(SampleAnalyses.Calibration(), directory).Charts)
        {
            Assert.Contains($"Scenario: baseline · UptakeSim {ChartProvenance.ToolVersion}", ChartImage.Texts(directory, chart));
            ChartImage.AssertWithinItsBorders(directory, chart);
        }
    }

    [Fact]
    public void A_provenance_line_too_long_for_the_chart_names_fewer_scenarios()
    {
        var provenance = new ChartProvenance(["baseline", "mandate-sweep[policy.mandate=2016Q1]", "mandate-sweep[policy.mandate=2016Q2]"], 1000, 42);
        float Measure(string text) => text.Length;
        Assert.Equal(provenance.Text, provenance.Line(1000, Measure));
        Assert.StartsWith("Scenarios: baseline and 2 others · 1,000 runs · seed 42 · UptakeSim ", provenance.Line(provenance.Text.Length - 1, Measure));
        Assert.StartsWith("3 scenarios · ", provenance.Line(provenance.Line(provenance.Text.Length - 1, Measure).Length - 1, Measure));
        var single = new ChartProvenance(new string('x', 200), 10, 1);
        var cut = single.Line(120, Measure);
        Assert.True(cut.Length <= 120 && cut.StartsWith("Scenario: xxx", StringComparison.Ordinal) && cut.Contains('…'), cut);
        Assert.DoesNotContain(DateTime.UtcNow.ToString("yyyy-MM-dd"), provenance.Text);
    }

    [Fact]
    public void The_fit_chart_shows_bands_means_and_observations()
    {
        var directory = TempDirectory();
        var chart = Charts.Fit(directory, "baseline", [new FitPoint("2016Q1 England level3", 115, 114.6, 97, 132), new FitPoint("2016Q1 England level1", 26, 26.1, 13, 39)]);
        Assert.Equal(("fit", 3), (chart.Kind, chart.Series));
        AssertValid(directory, chart, "baseline: observed uptake against the model");
    }

    [Fact]
    public void The_fit_chart_labels_every_observation_in_full_and_cuts_none()
    {
        var directory = TempDirectory();
        var points = Enumerable.Range(0, 14).Select(i => new FitPoint($"2016Q{i % 4 + 1} Midlands and East of England level{i % 3 + 1}", 10 * i, 10 * i + 1, 10 * i - 5, 10 * i + 5)).ToArray();
        var chart = Charts.Fit(directory, "baseline", points);
        Assert.True(chart.Height > Charts.Height, $"height {chart.Height}");
        Assert.Superset(points.Select(p => p.Label).ToHashSet(), ChartImage.Texts(directory, chart));
        ChartImage.AssertWithinItsBorders(directory, chart);
    }

    [Fact]
    public void The_regional_differences_chart_labels_each_region_and_scenario_of_the_quarter()
    {
        var directory = TempDirectory();
        var chart = Charts.RegionalDifferences(directory, "baseline", "2021Q4",
        [
            new RegionalDifference("early-mandate", "London", "2021Q4", new UptakeSim.Runner.Band(3.5, 1, 2, 3, 5, 6)),
            new RegionalDifference("early-mandate", "North of England", "2021Q4", new UptakeSim.Runner.Band(8.2, 4, 6, 8, 10, 12)),
            new RegionalDifference("no-push", "London", "2021Q4", new UptakeSim.Runner.Band(-4, -7, -5, -4, -3, -1)),
            new RegionalDifference("no-push", "London", "2021Q3", new UptakeSim.Runner.Band(-40, -70, -50, -40, -30, -10)),
        ]);
        Assert.Equal(("regional-differences", 2), (chart.Kind, chart.Series));
        var texts = ChartImage.Texts(directory, chart);
        Assert.Superset(new HashSet<string> { "London: early-mandate", "London: no-push", "North of England: early-mandate", "CCGs delegated by region in 2021Q4: scenario minus baseline" }, texts);
        Assert.DoesNotContain("-40", texts);
        ChartImage.AssertWithinItsBorders(directory, chart);
    }
}
