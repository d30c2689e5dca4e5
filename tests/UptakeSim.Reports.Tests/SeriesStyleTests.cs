using ScottPlot;

namespace UptakeSim.Reports.Tests;

public sealed class SeriesStyleTests
{
    private static readonly MarkerShape[] Filled = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleUp, MarkerShape.FilledTriangleDown];

    [Fact]
    public void Every_style_differs_from_the_others_in_more_than_colour()
    {
        var styles = SeriesStyle.All;
        Assert.Equal(8, styles.Count);
        Assert.Equal(styles.Count, styles.Select(s => s.Marker).Distinct().Count());
        Assert.Equal(styles.Count, styles.Select(s => s.Color).Distinct().Count());
        for (var i = 0; i < styles.Count; i++)
        {
            var next = styles[(i + 1) % styles.Count];
            Assert.NotEqual(styles[i].Pattern.Name, next.Pattern.Name);
            Assert.NotEqual(styles[i].Marker, next.Marker);
        }
        Assert.Same(styles[0], SeriesStyle.Nth(8));
    }

    [Fact]
    public void Filled_markers_sit_only_on_solid_lines()
    {
        Assert.All(SeriesStyle.All.Where(s => Filled.Contains(s.Marker)), s => Assert.Empty(s.Pattern.Intervals));
    }
}
