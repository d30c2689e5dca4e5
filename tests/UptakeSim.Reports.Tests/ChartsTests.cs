using System.Buffers.Binary;
using System.Xml.Linq;
using SkiaSharp;

namespace UptakeSim.Reports.Tests;

/// <summary>Writes the sample comparison's charts once, for the tests that only read them.</summary>
public sealed class WrittenCharts : IDisposable
{
    public const string Collection = "written charts";

    public WrittenCharts()
    {
        Directory = Path.Combine(Path.GetTempPath(), "uptakesim-reports-tests-" + Guid.NewGuid().ToString("N"));
        Charts = Reports.Charts.Write(SampleSummaries.Comparison(), Directory);
    }

    public string Directory { get; }
    public IReadOnlyList<ChartFile> Charts { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(WrittenCharts.Collection)]
public sealed class WrittenChartsCollection : ICollectionFixture<WrittenCharts>;

[Collection(WrittenCharts.Collection)]
public sealed class ChartsTests(WrittenCharts written)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Writes_each_kind_per_scenario_and_one_overview()
    {
        var kinds = written.Charts.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["fan"] = 3, ["levels"] = 3, ["difference"] = 2, ["regions"] = 3, ["overview"] = 1 }, kinds);
        Assert.Equal([SampleSummaries.Fast, SampleSummaries.Slow], written.Charts.Where(c => c.Kind == "difference").Select(c => c.Scenario));
        var files = written.Charts.SelectMany(c => new[] { c.Png, c.Svg }).ToArray();
        Assert.Equal(files.Length, files.Distinct().Count());
        Assert.All(files, f => Assert.Matches("^[a-z0-9-]+\\.(png|svg)$", f));
        Assert.Equal(files.Order(), Directory.GetFiles(written.Directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Counts_the_series_in_each_legend()
    {
        foreach (var chart in written.Charts)
        {
            var expected = chart.Kind switch { "fan" or "levels" => 3, "difference" => 2, "regions" => 2, "overview" => 3, _ => -1 };
            Assert.True(expected == chart.Series, $"{chart.Kind} {chart.Scenario}: {chart.Series} series");
        }
    }

    [Fact]
    public void Pngs_are_900_by_500_images()
    {
        foreach (var chart in written.Charts)
        {
            var bytes = File.ReadAllBytes(Path.Combine(written.Directory, chart.Png));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(Charts.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(Charts.Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            using var decoded = SKBitmap.Decode(bytes);
            Assert.Equal((Charts.Width, Charts.Height), (decoded.Width, decoded.Height));
            ChartImage.AssertWithinItsBorders(written.Directory, chart);
        }
    }

    [Fact]
    public void Six_scenarios_share_one_overview_whose_legend_names_every_one()
    {
        var summary = SampleSummaries.Sweep(Charts.SmallMultiplesAbove - 1);
        var directory = Path.Combine(written.Directory, "six");
        try
        {
            var overview = Charts.Write(summary, directory).Single(c => c.Kind == "overview");
            Assert.Equal((6, Charts.Width, Charts.Height), (overview.Series, overview.Width, overview.Height));
            var texts = ChartImage.Texts(directory, overview);
            Assert.Superset(summary.Scenarios.Select(s => s.Scenario == SampleSummaries.Reference ? $"{s.Scenario} (reference)" : s.Scenario).ToHashSet(), texts);
            ChartImage.AssertWithinItsBorders(directory, overview);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void More_than_six_scenarios_get_one_labelled_panel_each()
    {
        var summary = SampleSummaries.Sweep(9);
        var directory = Path.Combine(written.Directory, "ten");
        try
        {
            var overview = Charts.Write(summary, directory).Single(c => c.Kind == "overview");
            // 10 names longer than 30 characters: two panels across, five rows
            Assert.Equal((10, Charts.Width), (overview.Series, overview.Width));
            Assert.True(overview.Height > 5 * 200, $"height {overview.Height}");
            var texts = ChartImage.Texts(directory, overview);
            Assert.Contains("Share of CCGs delegated by scenario (mean)", texts);
            Assert.Contains("baseline (reference)", texts);
            Assert.Contains("Reference: baseline (mean)", texts);
            Assert.Superset(summary.Scenarios.Skip(1).Select(s => s.Scenario).ToHashSet(), texts);
            ChartImage.AssertWithinItsBorders(directory, overview);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Svgs_are_xml_with_the_title_axis_labels_legend_and_quarters()
    {
        foreach (var chart in written.Charts)
        {
            var svg = XDocument.Load(Path.Combine(written.Directory, chart.Svg));
            Assert.Equal(Svg + "svg", svg.Root!.Name);
            var texts = svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToHashSet();
            Assert.Contains(chart.Title, texts);
            Assert.Contains("Quarter (NHS financial year)", texts);
            Assert.Contains(chart.Kind switch { "levels" => "CCGs", "difference" => "Difference in CCGs delegated (CCGs)", _ => "CCGs delegated (%)" }, texts);
            Assert.Superset(SampleSummaries.Quarters.ToHashSet(), texts); // 8 quarters are few enough to label each
        }
        var difference = written.Charts.First(c => c.Kind == "difference");
        Assert.Equal($"{SampleSummaries.Fast} minus {SampleSummaries.Reference}: CCGs delegated", difference.Title);
        var legend = XDocument.Load(Path.Combine(written.Directory, written.Charts.Single(c => c.Kind == "regions" && c.Scenario == SampleSummaries.Reference).Svg))
            .Descendants(Svg + "text").Select(t => t.Value.Trim());
        Assert.Superset(new HashSet<string> { "North (6 CCGs)", "South (4 CCGs)" }, legend.ToHashSet());
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        var again = Path.Combine(written.Directory, "again");
        try
        {
            var charts = Charts.Write(SampleSummaries.Comparison(), again);
            Assert.Equal(written.Charts, charts);
            foreach (var file in charts.SelectMany(c => new[] { c.Png, c.Svg }))
            {
                Assert.True(File.ReadAllBytes(Path.Combine(written.Directory, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(again, file))), file);
            }
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    [Fact]
    public void Small_multiples_give_the_same_bytes_every_time()
    {
        var first = Path.Combine(written.Directory, "panels-1");
        var second = Path.Combine(written.Directory, "panels-2");
        try
        {
            var a = Charts.Write(SampleSummaries.Sweep(7), first).Single(c => c.Kind == "overview");
            var b = Charts.Write(SampleSummaries.Sweep(7), second).Single(c => c.Kind == "overview");
            Assert.Equal(a, b);
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, a.Png)), File.ReadAllBytes(Path.Combine(second, b.Png)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, a.Svg)), File.ReadAllBytes(Path.Combine(second, b.Svg)));
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    [Fact]
    public void A_single_run_has_no_difference_chart()
    {
        var directory = Path.Combine(written.Directory, "single");
        try
        {
            var charts = Charts.Write(SampleSummaries.Single(), directory);
            Assert.Equal(["fan", "levels", "regions", "overview"], charts.Select(c => c.Kind));
            Assert.Equal(1, charts.Single(c => c.Kind == "overview").Series);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
