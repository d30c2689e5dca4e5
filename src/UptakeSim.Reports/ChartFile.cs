namespace UptakeSim.Reports;

/// <summary>
/// One chart written to disk. <paramref name="Kind"/> is fan, levels, difference, regions or overview;
/// <paramref name="Scenario"/> is empty for the overview, which covers every scenario. Png and Svg are file names
/// relative to the chart directory. <paramref name="Series"/> counts the data series in the legend (lines, bands,
/// stacked areas); reference lines such as the zero line of a difference chart are drawn without a legend entry and
/// not counted.
/// </summary>
public sealed record ChartFile(string Kind, string Scenario, string Title, string Png, string Svg, int Series);
