using System.Xml.Linq;

namespace UptakeSim.Reports.Tests;

public class AnalysisChartTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static string TempDirectory() => Directory.CreateTempSubdirectory("uptakesim-analysis-charts-").FullName;

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
