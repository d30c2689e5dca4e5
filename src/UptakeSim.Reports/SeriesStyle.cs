using ScottPlot;

namespace UptakeSim.Reports;

/// <summary>
/// How the n-th line of a multi-line chart is drawn. Each differs from its neighbours in line pattern, marker shape
/// and lightness as well as hue (Okabe-Ito colours, which stay apart for colour-blind readers), so the chart still
/// reads when printed in greyscale.
/// </summary>
internal sealed record SeriesStyle(Color Color, LinePattern Pattern, MarkerShape Marker)
{
    // ScottPlot's own dashed and densely dashed patterns look alike at this size, so use four clearly different ones.
    private static readonly LinePattern Dashed = new([10, 5], 0, "dashed");
    private static readonly LinePattern Dotted = new([2, 4], 0, "dotted");
    private static readonly LinePattern DashDot = new([10, 4, 2, 4], 0, "dash-dot");

    // Filled markers only on solid lines: ScottPlot fills a marker with the paint that just drew its line, path
    // effect included, so a filled marker after a dashed line is dashed in the PNG and makes Skia's SVG writer print
    // "Unsupported path effect in addPaint." Open and line markers set their own solid outline.
    private static readonly SeriesStyle[] Cycle =
    [
        new(Color.FromHex("#000000"), LinePattern.Solid, MarkerShape.FilledCircle),
        new(Color.FromHex("#0072B2"), Dashed, MarkerShape.OpenSquare),
        new(Color.FromHex("#E69F00"), Dotted, MarkerShape.OpenTriangleUp),
        new(Color.FromHex("#009E73"), DashDot, MarkerShape.OpenDiamond),
        new(Color.FromHex("#CC79A7"), LinePattern.Solid, MarkerShape.FilledSquare),
        new(Color.FromHex("#56B4E9"), Dashed, MarkerShape.OpenCircle),
        new(Color.FromHex("#D55E00"), Dotted, MarkerShape.Eks),
        new(Color.FromHex("#999999"), DashDot, MarkerShape.OpenTriangleDown),
    ];

    public static IReadOnlyList<SeriesStyle> All => Cycle;

    public static SeriesStyle Nth(int index) => Cycle[index % Cycle.Length];

    public void Apply(ScottPlot.Plottables.Scatter line)
    {
        line.Color = Color;
        line.LinePattern = Pattern;
        line.LineWidth = 2;
        line.MarkerShape = Marker;
        line.MarkerSize = 7;
    }
}
