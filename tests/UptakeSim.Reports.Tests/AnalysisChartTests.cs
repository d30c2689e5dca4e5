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
}
