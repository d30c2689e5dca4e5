using System.Text.RegularExpressions;

namespace UptakeSim.Reports.Tests;

public class CcgMapTests
{
    private static string Shipped => Path.Combine(AppContext.BaseDirectory, "data", "ccgs_2015.geojson");

    [Theory]
    [InlineData(0.0, MapScale.Probability, "#f7fbff")]
    [InlineData(0.5, MapScale.Probability, "#6baed6")]
    [InlineData(1.0, MapScale.Probability, "#08306b")]
    [InlineData(-0.2, MapScale.Difference, "#b2182b")]
    [InlineData(0.0, MapScale.Difference, "#f7f7f7")]
    [InlineData(0.2, MapScale.Difference, "#2166ac")]
    [InlineData(0.05, MapScale.Difference, "#d1e5f0")]
    public void Values_fall_in_nine_classes_of_equal_width(double value, MapScale scale, string colour) =>
        Assert.Equal(colour, CcgMap.Colour(value, scale, extent: 0.2));

    [Fact]
    public void The_shipped_boundaries_map_every_ccg_of_2015_with_its_value_as_a_tooltip_and_hatch_the_ones_without()
    {
        var boundaries = CcgBoundaries.Read(Shipped)!;
        Assert.Equal(209, boundaries.Ccgs.Count);
        Assert.Contains("13T", boundaries.Ccgs.Keys);
        var values = boundaries.Ccgs.Keys.Where(k => k != "07V").ToDictionary(k => k, _ => 0.25);

        var svg = CcgMap.Svg(boundaries, values, MapScale.Probability, "test");

        Assert.Equal(209, Regex.Count(svg, "</title></path>"));
        Assert.Contains("NHS Croydon (07V): no value</title>", svg);
        Assert.Single(Regex.Matches(svg, "fill=\"url\\(#none\\)\""));
        Assert.Contains("NHS Knowsley (01J): 0.25</title>", svg);
        // Drawn for a narrow screen and simplified: under 200 KB for the 29,910 points of the file.
        Assert.Contains($"width=\"{CcgMap.Width}\"", svg);
        Assert.InRange(svg.Length, 50_000, 200_000);
    }

    [Fact]
    public void A_file_that_is_not_ccg_boundaries_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-map-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, "{\"features\": [{\"properties\": {}}]}");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => CcgBoundaries.Read(path));
            Assert.StartsWith($"{path}: not CCG boundaries", error.Message);
            Assert.Null(CcgBoundaries.Read(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
