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

    private static readonly SeriesStyle[] Cycle =
    [
        new(Color.FromHex("#000000"), LinePattern.Solid, MarkerShape.FilledCircle),
        new(Color.FromHex("#0072B2"), Dashed, MarkerShape.OpenSquare),
        new(Color.FromHex("#E69F00"), Dotted, MarkerShape.FilledTriangleUp),
        new(Color.FromHex("#009E73"), DashDot, MarkerShape.OpenDiamond),
        new(Color.FromHex("#CC79A7"), LinePattern.Solid, MarkerShape.Cross),
        new(Color.FromHex("#56B4E9"), Dashed, MarkerShape.FilledSquare),
        new(Color.FromHex("#D55E00"), Dotted, MarkerShape.OpenCircle),
        new(Color.FromHex("#999999"), DashDot, MarkerShape.FilledDiamond),
    ];

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
