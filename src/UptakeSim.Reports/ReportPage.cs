using System.Globalization;
using System.Net;
using System.Text;

namespace UptakeSim.Reports;

/// <summary>
/// The parts every report page shares: the head and style, facts, figures and number formats. A page is one
/// self-contained file: charts are embedded as base64 PNG data URIs, so it needs no network and no other file. All text
/// given to it is HTML-escaped. Tables are laid out so that nothing runs past a 1280-pixel window: cells never wrap
/// (a cell that holds two things puts them on two lines on purpose), and long names are given short labels with a key.
/// </summary>
internal sealed class ReportPage
{
    private readonly StringBuilder _html = new();

    public ReportPage(string title, string heading)
    {
        _html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <h1>{E(heading)}</h1>

            """);
    }

    public ReportPage Append(string html)
    {
        _html.Append(html);
        return this;
    }

    public ReportPage Heading(string text, string? id = null)
    {
        _html.Append(id is null ? $"<h2>{E(text)}</h2>\n" : $"<h2 id=\"{E(id)}\">{E(text)}</h2>\n");
        return this;
    }

    public ReportPage Paragraph(string text, string? cssClass = null)
    {
        _html.Append(cssClass is null ? $"<p>{E(text)}</p>\n" : $"<p class=\"{cssClass}\">{E(text)}</p>\n");
        return this;
    }

    /// <summary>Warnings in a double-ruled box, one item each, or nothing when there are none.</summary>
    public ReportPage Warnings(string heading, IEnumerable<string> warnings)
    {
        var items = warnings.ToArray();
        if (items.Length == 0) return this;
        _html.Append($"<div class=\"warning\"><strong>{E(heading)}</strong>\n<ul>\n");
        foreach (var warning in items) _html.Append($"<li>{E(warning)}</li>\n");
        _html.Append("</ul>\n</div>\n");
        return this;
    }

    /// <summary>Name and value rows; a value that is a list (several lines) is given as its items.</summary>
    public ReportPage Facts(IEnumerable<(string Name, IReadOnlyList<string> Values)> facts)
    {
        _html.Append("<table class=\"facts\">\n");
        foreach (var (name, values) in facts)
        {
            var value = values.Count == 1 ? E(values[0]) : $"<ul class=\"key\">{string.Concat(values.Select(v => $"<li>{E(v)}</li>"))}</ul>";
            _html.Append($"<tr><th scope=\"row\">{E(name)}</th><td>{value}</td></tr>\n");
        }
        _html.Append("</table>\n");
        return this;
    }

    /// <summary>A table: a caption, column headers, and rows whose first cell is the row header. Cells are HTML
    /// already (use <see cref="E"/> on text); a cell may hold a &lt;br&gt; to put two things on two lines. The columns
    /// numbered in <paramref name="textColumns"/> (0 is the row header) hold free text that may wrap.</summary>
    public ReportPage Table(string caption, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null, IReadOnlySet<int>? textColumns = null)
    {
        _html.Append(cssClass is null ? "<table>\n" : $"<table class=\"{cssClass}\">\n");
        _html.Append($"<caption>{E(caption)}</caption>\n<thead><tr>");
        foreach (var column in columns) _html.Append($"<th scope=\"col\">{E(column)}</th>");
        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _html.Append($"<tr><th scope=\"row\">{row[0]}</th>");
            for (var c = 1; c < row.Count; c++) _html.Append(textColumns?.Contains(c) == true ? $"<td class=\"text\">{row[c]}</td>" : $"<td>{row[c]}</td>");
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    public ReportPage Figure(ChartFile chart, string chartDirectory, string caption)
    {
        var png = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(chartDirectory, chart.Png)));
        _html.Append($"<figure class=\"chart {E(chart.Kind)}\">\n<img src=\"data:image/png;base64,{png}\" width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"{E(chart.Title)}\">\n");
        _html.Append($"<figcaption>{E(caption)} <span class=\"files\">Also in {E(chart.Png)} and {E(chart.Svg)}.</span></figcaption>\n</figure>\n");
        return this;
    }

    public ReportPage Code(string summary, string text)
    {
        _html.Append($"<details><summary>{E(summary)}</summary>\n<pre>{E(text)}</pre>\n</details>\n");
        return this;
    }

    public string End() => _html.Append("</body>\n</html>\n").ToString();

    public static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A value over its interval, on two lines, so that a column of them stays narrow.</summary>
    public static string TwoLines(string value, string interval) => $"{E(value)}<br><span class=\"interval\">{E(interval)}</span>";

    public static string Percent(double share) => double.IsNaN(share) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.0}%");

    public static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Four significant figures (thousands grouped, no exponents), for estimates whose scale varies.</summary>
    public static string G(double value) => value switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        _ when Math.Abs(value) >= 10_000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        _ when value.ToString("G4", CultureInfo.InvariantCulture) is var s && !s.Contains('E') => s,
        _ => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture),
    };

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // Black on white, thin grey rules, no colour carrying meaning: prints and photocopies cleanly. Cells never wrap;
    // column headers and the items of a key may. On a screen too narrow for a table (a phone), the table scrolls sideways
    // inside its own box, under a caption wrapped to the screen, rather than running off the page, and a table of facts
    // wraps its names as well as its values; in print a table stays a table, so its header repeats on each page.
    private const string Style = """

        body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; color: #000; background: #fff; max-width: 960px; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 2px solid #000; padding-bottom: .2em; margin-top: 2em; }
        h1, h2, h3, p, li, figcaption { overflow-wrap: anywhere; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
        caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
        @media screen {
          table { display: block; max-width: 100%; overflow-x: auto; }
          caption { display: block; }
        }
        @media screen and (max-width: 40em) { .facts th { white-space: normal; } }
        th, td { border: 1px solid #999; padding: .2em .5em; text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; vertical-align: top; }
        thead th { background: #eee; text-align: center; white-space: normal; }
        th[scope="row"], .facts td, td.text { text-align: left; }
        td.text { white-space: normal; overflow-wrap: anywhere; min-width: 8em; }
        table.bands { font-size: .75em; }
        .facts th { background: #eee; }
        .facts td { white-space: normal; }
        ul.key { margin: 0; padding-left: 1.2em; }
        .interval { color: #333; font-size: .9em; }
        .warning { border: 3px double #000; padding: .5em .8em; font-size: 1.05em; margin: 1em 0; }
        .warning ul { margin: .3em 0 0 0; }
        figure { margin: 1.5em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
        figure.map svg { max-width: 100%; height: auto; }
        figcaption { font-size: .85em; } .files { color: #555; }
        details { margin: .5em 0; } summary { cursor: pointer; }
        pre { background: #f4f4f4; border: 1px solid #ccc; padding: .6em; overflow-x: auto; font-size: .85em; }
        @media print {
          body { max-width: none; margin: 0; }
          section { break-before: page; }
          figure, table, tr { break-inside: avoid; }
          thead { display: table-header-group; }
        }

        """;
}
