using ScottPlot;
using ScottPlot.Panels;
using SkiaSharp;

namespace UptakeSim.Reports;

/// <summary>
/// A legend below the plot, across the figure's full width, in as many rows of equal columns as its entries need, so
/// no entry is ever dropped. ScottPlot's own bottom legend measures itself as one row and clips the rest; and it draws
/// line symbols with a plain line call, which Skia's SVG writer cannot dash (it prints "Unsupported path effect in
/// addPaint." and draws the symbol solid). Symbols here are paths, which the SVG writer dashes like the data lines.
/// </summary>
internal sealed class ChartLegend : PanelBase
{
    private const float SymbolWidth = 40;
    private const float SymbolGap = 6;
    private const float ColumnGap = 18;
    private const float RowGap = 4;
    private const float Margin = 10;

    private readonly Legend _legend;
    private readonly float _figureWidth;

    public ChartLegend(Legend legend, float figureWidth)
    {
        _legend = legend;
        _figureWidth = figureWidth;
        Edge = Edge.Bottom;
    }

    /// <summary>Replaces the plot's own legend by this one, for a figure <paramref name="figureWidth"/> pixels wide.</summary>
    public static void Below(Plot plot, float figureWidth, float fontSize)
    {
        plot.HideLegend();
        plot.Legend.FontSize = fontSize;
        plot.Axes.AddPanel(new ChartLegend(plot.Legend, figureWidth));
    }

    public override float Measure(Paint paint)
    {
        var items = _legend.GetItems();
        return items.Length == 0 ? 0 : Layout(items, _figureWidth, paint).Height + 2 * Margin;
    }

    public override void Render(RenderPack rp, float size, float offset)
    {
        var items = _legend.GetItems();
        if (items.Length == 0) return;
        var panel = GetPanelRect(rp.DataRect, size, offset, rp.Paint);
        Draw(rp.Canvas, rp.Paint, items, rp.FigureRect.Left, panel.Top + Margin, rp.FigureRect.Width);
    }

    /// <summary>Rows and columns of <paramref name="items"/> in a band <paramref name="width"/> pixels wide: columns as
    /// wide as the widest entry, as many as fit (at least one), the grid centred.</summary>
    public static (int Columns, float ColumnWidth, float RowHeight, float Height) Layout(IReadOnlyList<LegendItem> items, float width, Paint paint)
    {
        var sizes = items.Select(item => item.LabelStyle.Measure(item.LabelText, paint).Size).ToArray();
        var columnWidth = SymbolWidth + SymbolGap + sizes.Max(s => s.Width) + ColumnGap;
        var rowHeight = Math.Max(sizes.Max(s => s.Height), items.Max(i => i.MarkerStyle.Size)) + RowGap;
        var columns = Math.Clamp((int)((width - 2 * Margin + ColumnGap) / columnWidth), 1, items.Count);
        var rows = (items.Count + columns - 1) / columns;
        return (columns, columnWidth, rowHeight, rows * rowHeight);
    }

    public static void Draw(SKCanvas canvas, Paint paint, IReadOnlyList<LegendItem> items, float left, float top, float width)
    {
        var (columns, columnWidth, rowHeight, _) = Layout(items, width, paint);
        var start = left + Math.Max(Margin, (width - (columns * columnWidth - ColumnGap)) / 2);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var x = start + i % columns * columnWidth;
            var y = top + i / columns * rowHeight;
            var symbol = new PixelRect(x, x + SymbolWidth, y + rowHeight - RowGap, y);
            item.FillStyle.Render(canvas, symbol.Contract(0, symbol.Height * .2f), paint);
            item.OutlineStyle.Render(canvas, symbol.Contract(0, symbol.Height * .2f), paint);
            using (var line = new SKPath())
            {
                line.MoveTo(symbol.Left, symbol.VerticalCenter);
                line.LineTo(symbol.Right, symbol.VerticalCenter);
                item.LineStyle.Render(canvas, line, paint);
            }
            item.MarkerStyle.Render(canvas, symbol.Center, paint);
            item.LabelStyle.Render(canvas, new Pixel(symbol.Right + SymbolGap, symbol.VerticalCenter), paint, true);
        }
    }
}
