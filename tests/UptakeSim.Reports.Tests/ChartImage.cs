using System.Xml.Linq;
using SkiaSharp;

namespace UptakeSim.Reports.Tests;

internal static class ChartImage
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The texts of an SVG chart, trimmed.</summary>
    public static HashSet<string> Texts(string directory, ChartFile chart) =>
        XDocument.Load(Path.Combine(directory, chart.Svg)).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToHashSet();

    /// <summary>
    /// The PNG is the chart's size and its outermost <paramref name="margin"/> pixels on every side are white: a label,
    /// legend or line cut off at the image's edge leaves ink there.
    /// </summary>
    public static void AssertWithinItsBorders(string directory, ChartFile chart, int margin = 2)
    {
        using var bitmap = SKBitmap.Decode(Path.Combine(directory, chart.Png));
        Assert.Equal((chart.Width, chart.Height), (bitmap.Width, bitmap.Height));
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                if (x >= margin && x < bitmap.Width - margin && y >= margin && y < bitmap.Height - margin) continue;
                var pixel = bitmap.GetPixel(x, y);
                Assert.True(pixel == SKColors.White, $"{chart.Png}: pixel ({x}, {y}) at the edge is {pixel}, not white");
            }
        }
    }
}
