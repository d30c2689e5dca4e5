using System.Globalization;
using System.Net;
using System.Text;
using UptakeSim.Runner;

namespace UptakeSim.Reports;

/// <summary>
/// One self-contained HTML page for a comparison (or a single run): the run facts, the overview, the comparison
/// tables, and per scenario its description, resolved YAML, charts and tables. Charts are embedded as base64 PNG
/// data URIs, so the page needs no network and no other file, and looks the same in every browser whatever fonts it
/// has. All text from the summary and the YAML is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    private static readonly Dictionary<string, string> Captions = new(StringComparer.Ordinal)
    {
        ["overview"] = "Mean share of CCGs delegated (Level 3) in each scenario.",
        ["fan"] = "Share of CCGs delegated (Level 3): the line is the mean over runs; the bands hold the middle 50% and 90% of runs.",
        ["levels"] = "Mean number of CCGs at each level. Every CCG is at one of the three levels, so the stack adds up to all CCGs.",
        ["difference"] = "CCGs delegated in this scenario minus the reference, in the same replications: the mean and the band holding 90% of paired runs. Above zero means more delegated than the reference.",
        ["regions"] = "Mean share of each NHS England region's CCGs delegated.",
    };

    public static string Render(ComparisonSummary summary, IReadOnlyList<ChartFile> charts, string chartDirectory, IReadOnlyDictionary<string, string> scenarioYaml)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>UptakeSim report: {E(string.Join(", ", summary.Scenarios.Select(s => s.Scenario)))}</title>
            <style>{Style}</style>
            </head>
            <body>
            <h1>UptakeSim: uptake of primary-care co-commissioning by CCGs</h1>

            """);
        Facts(html, summary);
        foreach (var chart in charts.Where(c => c.Kind == "overview")) Figure(html, chart, chartDirectory);
        if (summary.Comparisons.Count > 0) Comparisons(html, summary);
        for (var i = 0; i < summary.Scenarios.Count; i++)
        {
            Scenario(html, summary, summary.Scenarios[i], i + 1, charts.Where(c => c.Scenario == summary.Scenarios[i].Scenario && c.Kind != "overview"), chartDirectory, scenarioYaml);
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Facts(StringBuilder html, ComparisonSummary summary)
    {
        if (summary.Partial || summary.Scenarios.Any(s => s.Partial))
        {
            html.Append("<p class=\"warning\"><strong>Partial results:</strong> the run was interrupted before every replication finished; the figures below cover only the runs completed.</p>\n");
        }
        var first = summary.Scenarios[0];
        html.Append("<table class=\"facts\">\n");
        Fact(html, "Scenarios", string.Join(", ", summary.Scenarios.Select(s => s.Scenario)));
        if (summary.Comparisons.Count > 0) Fact(html, "Reference scenario", summary.Reference);
        Fact(html, summary.Comparisons.Count > 0 ? "Monte Carlo runs (paired across scenarios)" : "Monte Carlo runs", N(summary.Runs));
        Fact(html, "Seed", summary.Seed.ToString(CultureInfo.InvariantCulture));
        Fact(html, "CCGs", N(first.Ccgs));
        Fact(html, "Quarters", $"{first.England[0].Quarter} to {first.England[^1].Quarter} (NHS financial years: Q1 is April to June)");
        html.Append("</table>\n");
    }

    private static void Fact(StringBuilder html, string name, string value) => html.Append($"<tr><th scope=\"row\">{E(name)}</th><td>{E(value)}</td></tr>\n");

    private static void Comparisons(StringBuilder html, ComparisonSummary summary)
    {
        var reference = summary.Scenarios.First(s => s.Scenario == summary.Reference);
        var aprils = reference.England.Select(r => r.Quarter).Where(q => q.EndsWith("Q1", StringComparison.Ordinal)).ToArray();
        html.Append($"<h2>Compared with the reference, {E(summary.Reference)}</h2>\n");
        html.Append("<table>\n<caption>CCGs delegated (Level 3), scenario minus reference in the same replications, each April: mean [90% of paired runs]</caption>\n<thead><tr><th scope=\"col\">Scenario</th>");
        foreach (var april in aprils) html.Append($"<th scope=\"col\">{E(april)}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var comparison in summary.Comparisons)
        {
            html.Append($"<tr><th scope=\"row\">{E(comparison.Scenario)}</th>");
            foreach (var april in aprils)
            {
                var row = comparison.Differences.FirstOrDefault(r => r.Quarter == april);
                html.Append($"<td>{(row is null ? "–" : E(SignedBand(row.Level3)))}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");

        html.Append("<table>\n<caption>Milestones against the reference: share of paired runs in which the scenario reached the milestone earlier, in the same quarter or later (never reaching it counts as later than any quarter), and the mean gap in quarters where both reached it (negative is earlier)</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Scenario</th><th scope=\"col\">Milestone</th><th scope=\"col\">Earlier</th><th scope=\"col\">Same quarter</th><th scope=\"col\">Later</th><th scope=\"col\">Mean gap (quarters)</th></tr></thead>\n<tbody>\n");
        foreach (var comparison in summary.Comparisons)
        {
            foreach (var m in comparison.Milestones)
            {
                var gap = m.MeanQuarterDifference is { } g ? g.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "n/a";
                html.Append($"<tr><th scope=\"row\">{E(comparison.Scenario)}</th><td>{E(MilestoneName(m.ShareDelegated))}</td><td>{Percent(m.ProbabilityEarlier)}</td><td>{Percent(m.ProbabilitySame)}</td><td>{Percent(m.ProbabilityLater)}</td><td>{gap}</td></tr>\n");
            }
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void Scenario(StringBuilder html, ComparisonSummary summary, RunSummary run, int number, IEnumerable<ChartFile> charts, string chartDirectory, IReadOnlyDictionary<string, string> scenarioYaml)
    {
        var role = summary.Comparisons.Count > 0 && run.Scenario == summary.Reference ? " (reference)" : "";
        html.Append($"<section id=\"scenario-{number}\">\n<h2>{E(run.Scenario)}{role}</h2>\n<p class=\"description\">{E(run.Description)}</p>\n");
        if (scenarioYaml.TryGetValue(run.Scenario, out var yaml))
        {
            html.Append($"<details><summary>Resolved scenario (YAML)</summary>\n<pre>{E(yaml)}</pre>\n</details>\n");
        }
        foreach (var chart in charts) Figure(html, chart, chartDirectory);
        Milestones(html, run);
        EnglandBands(html, run);
        html.Append("</section>\n");
    }

    private static void Milestones(StringBuilder html, RunSummary run)
    {
        var horizon = run.England[^1].Quarter;
        string Quarter(string? label) => label ?? $"after {horizon}";
        html.Append("<table>\n<caption>First quarter in which a share of CCGs is delegated</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Milestone</th><th scope=\"col\">Mean quarter</th><th scope=\"col\">Median</th><th scope=\"col\">90% of runs</th><th scope=\"col\">Runs reaching it</th></tr></thead>\n<tbody>\n");
        foreach (var m in run.Milestones)
        {
            html.Append($"<tr><th scope=\"row\">{E(MilestoneName(m.ShareDelegated))}</th><td>{E(m.MeanQuarter ?? "not reached")}</td><td>{E(Quarter(m.P50))}</td><td>{E(Quarter(m.P05))} to {E(Quarter(m.P95))}</td><td>{Percent(m.ShareOfRunsReaching)}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        var atHorizon = run.DelegatedAtHorizon;
        html.Append($"<p>Delegated at the horizon ({E(horizon)}): mean {Percent(atHorizon.Mean)} of CCGs, 90% of runs {Percent(atHorizon.P05)} to {Percent(atHorizon.P95)}.</p>\n");
    }

    private static void EnglandBands(StringBuilder html, RunSummary run)
    {
        html.Append("<table class=\"bands\">\n<caption>CCGs at each level in England, per quarter: mean, median, and the ranges holding the middle 50% and 90% of runs</caption>\n<thead>\n<tr><th scope=\"col\" rowspan=\"2\">Quarter</th>");
        foreach (var level in new[] { "Level 1 greater involvement", "Level 2 joint", "Level 3 delegated" }) html.Append($"<th scope=\"colgroup\" colspan=\"4\">{level}</th>");
        html.Append("<th scope=\"col\" rowspan=\"2\">Delegated (mean %)</th></tr>\n<tr>");
        for (var level = 1; level <= 3; level++) html.Append("<th scope=\"col\">Mean</th><th scope=\"col\">Median</th><th scope=\"col\">50%</th><th scope=\"col\">90%</th>");
        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in run.England)
        {
            html.Append($"<tr><th scope=\"row\">{E(row.Quarter)}</th>");
            for (var level = 1; level <= 3; level++)
            {
                var b = row[level];
                html.Append($"<td>{F1(b.Mean)}</td><td>{b.P50}</td><td>{b.P25}–{b.P75}</td><td>{b.P05}–{b.P95}</td>");
            }
            html.Append($"<td>{Percent(row.Level3.Mean / run.Ccgs)}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void Figure(StringBuilder html, ChartFile chart, string chartDirectory)
    {
        var png = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(chartDirectory, chart.Png)));
        html.Append($"<figure class=\"chart {E(chart.Kind)}\">\n<img src=\"data:image/png;base64,{png}\" width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"{E(chart.Title)}\">\n");
        html.Append($"<figcaption>{E(Captions[chart.Kind])} <span class=\"files\">Also in {E(chart.Png)} and {E(chart.Svg)}.</span></figcaption>\n</figure>\n");
    }

    private static string MilestoneName(double share) => string.Create(CultureInfo.InvariantCulture, $"≥ {share * 100:0}% delegated");

    private static string SignedBand(Band b) => string.Create(CultureInfo.InvariantCulture, $"{b.Mean:+0.0;-0.0;0.0} [{b.P05:+0;-0;0} to {b.P95:+0;-0;0}]");

    private static string Percent(double share) => double.IsNaN(share) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.0}%");

    private static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    // Black on white, thin grey rules, no colour carrying meaning: prints and photocopies cleanly.
    private const string Style = """

        body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; color: #000; background: #fff; max-width: 960px; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 2px solid #000; padding-bottom: .2em; margin-top: 2em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
        caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
        th, td { border: 1px solid #999; padding: .2em .5em; text-align: right; font-variant-numeric: tabular-nums; }
        th[scope="row"], .facts td { text-align: left; }
        thead th { background: #eee; text-align: center; }
        table.bands { font-size: .75em; }
        .facts th { background: #eee; }
        .warning { border: 3px double #000; padding: .5em .8em; font-size: 1.05em; }
        figure { margin: 1.5em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
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
