namespace UptakeSim.Reports;

/// <summary>
/// One chart written to disk, <paramref name="Width"/> x <paramref name="Height"/> pixels. <paramref name="Kind"/> is
/// fan, levels, difference, regions, overview or regional-differences for a run or comparison, and fit, marginals,
/// pairs, hindcast or sensitivity for the analyses;
/// <paramref name="Scenario"/> is empty for a chart that covers every scenario. Png and Svg are file names relative to
/// the chart directory. <paramref name="Series"/> counts the data series shown (lines, bands, stacked areas, or the
/// panels of small multiples); reference lines such as the zero line of a difference chart are drawn without a legend
/// entry and not counted.
/// </summary>
public sealed record ChartFile(string Kind, string Scenario, string Title, string Png, string Svg, int Series, int Width, int Height);
