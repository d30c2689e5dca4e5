using System.Globalization;
using UptakeSim.Runner;
using static UptakeSim.Reports.ReportPage;

namespace UptakeSim.Reports;

/// <summary>One resolved scenario value that differs from the reference's: its key path and both values as YAML text.</summary>
public sealed record ChangedValue(string Path, string Reference, string Value);

/// <summary>Every resolved value of one scenario that differs from the reference's (none for the reference itself).</summary>
public sealed record ScenarioChanges(string Scenario, IReadOnlyList<ChangedValue> Changes);

/// <summary>CCGs delegated in one region, scenario minus reference in the same replications, in one quarter.</summary>
public sealed record RegionalDifference(string Scenario, string Region, string Quarter, Band Delegated);

/// <summary>What a comparison report shows beyond the <see cref="ComparisonSummary"/>: what differs between the
/// scenarios, and the paired differences per region (tabulated for the quarter of the first row given; pass the chart
/// from <see cref="Charts.RegionalDifferences"/> among the charts to show it beside the table).</summary>
public sealed record ComparisonDetails(IReadOnlyList<ScenarioChanges> Changes, IReadOnlyList<RegionalDifference> Regions)
{
    /// <summary>Each what-if's difference under each structural alternative (compare --alternatives), and averaged.</summary>
    public IReadOnlyList<StructureDifference> Structures { get; init; } = [];
}

/// <summary>What the report's maps show: the CCG boundaries, the April mapped, and per scenario each 2015 CCG's chance
/// that the CCG holding its area is delegated then (by ODS code).</summary>
public sealed record CcgMaps(CcgBoundaries Boundaries, string April, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Delegated)
{
    /// <summary>Rows in the table of the CCGs whose chance differs most from the reference's.</summary>
    public const int MostDifferent = 10;
}

/// <summary>A what-if's mean difference in delegated CCGs and its 90% range at one April under one structure (or
/// averaged over them, <paramref name="Weight"/> null), the structure's settings and weight.</summary>
public sealed record StructureDifference(string Structure, string Settings, double? Weight, string Scenario, string April, double Mean, double Low, double High);

/// <summary>
/// One self-contained HTML page for a comparison (or a single run): the run facts, the overview, what changed, the
/// comparison tables, and per scenario its description, resolved YAML, charts and tables. Long scenario names (a sweep's
/// members) are shown in tables by short labels, S1, S2, ..., with the key of full names at the top.
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
        ["regional-differences"] = "CCGs delegated in each region, scenario minus reference in the same replications, in the April where the scenarios differ most nationally: the mean and the range holding 90% of paired runs.",
    };

    /// <summary>Names longer than this anywhere in a report make every scenario go by a short label in tables.</summary>
    public const int LongName = 24;

    /// <param name="at">The April the headline, regional figures and maps are given at (quarter label, e.g. 2017Q1).</param>
    public static string Render(ComparisonSummary summary, IReadOnlyList<ChartFile> charts, string chartDirectory, IReadOnlyDictionary<string, string> scenarioYaml, ComparisonDetails? details = null,
        CcgMaps? maps = null, string? at = null)
    {
        var labels = Labels(summary);
        var detailed = Charts.Detailed(summary);
        var named = string.Join(", ", detailed.Take(6).Select(s => s.Scenario)) + (summary.Scenarios.Count > 6 ? $" and {summary.Scenarios.Count - 6} more" : "");
        var page = new ReportPage($"UptakeSim report: {named}", "UptakeSim: uptake of primary-care co-commissioning by CCGs");
        Headline(page, summary, labels, at ?? summary.Scenarios[0].England.Select(r => r.Quarter).LastOrDefault(q => q.EndsWith("Q1", StringComparison.Ordinal)) ?? summary.Scenarios[0].England[^1].Quarter);
        Facts(page, summary, labels);
        foreach (var chart in charts.Where(c => c.Kind == "overview")) page.Figure(chart, chartDirectory, Captions[chart.Kind]);
        if (summary.Comparisons.Count > 0)
        {
            if (details is not null) WhatChanged(page, summary, details.Changes, labels);
            Comparisons(page, summary, labels);
            if (details is { Regions.Count: > 0 }) RegionalDifferences(page, summary, details.Regions, labels);
            if (details is { Structures.Count: > 0 }) Structures(page, summary, details.Structures, labels);
            if (maps is not null) DifferenceMaps(page, summary, maps, labels);
            foreach (var chart in charts.Where(c => c.Kind == "regional-differences")) page.Figure(chart, chartDirectory, Captions[chart.Kind]);
        }
        for (var i = 0; i < summary.Scenarios.Count; i++)
        {
            var run = summary.Scenarios[i];
            if (!detailed.Contains(run)) continue;
            Scenario(page, summary, run, i + 1, labels, charts.Where(c => c.Scenario == run.Scenario), chartDirectory, scenarioYaml, maps);
        }
        if (detailed.Count < summary.Scenarios.Count)
        {
            page.Append($"<p>The other {summary.Scenarios.Count - detailed.Count} scenarios have no section of their own here: their figures are in summary.json, trajectories.csv, regions.csv, comparison.csv and milestones.csv.</p>");
        }
        return page.End();
    }

    /// <summary>Each scenario's name where every name is short, else S1, S2, ... in the order given.</summary>
    private static Dictionary<string, string> Labels(ComparisonSummary summary)
    {
        var shortNames = summary.Scenarios.All(s => s.Scenario.Length <= LongName);
        return summary.Scenarios.Select((s, i) => (s.Scenario, Label: shortNames ? s.Scenario : $"S{i + 1}"))
            .ToDictionary(x => x.Scenario, x => x.Label, StringComparer.Ordinal);
    }

    private static bool Coded(Dictionary<string, string> labels) => labels.Any(l => l.Key != l.Value);

    /// <summary>A row header for a scenario: its label, linking to its section, with the full name as a tooltip.</summary>
    private static string RowLabel(ComparisonSummary summary, Dictionary<string, string> labels, string scenario)
    {
        var number = summary.Scenarios.Select((s, i) => (s.Scenario, i)).First(x => x.Scenario == scenario).i + 1;
        // Only the scenarios described one by one have a section to link to.
        var others = summary.Scenarios.Take(number - 1).Count(s => s.Scenario != summary.Reference);
        return scenario == summary.Reference || others < Charts.DetailedScenarios - 1
            ? $"<a href=\"#scenario-{number}\" title=\"{E(scenario)}\">{E(labels[scenario])}</a>"
            : $"<span title=\"{E(scenario)}\">{E(labels[scenario])}</span>";
    }

    /// <summary>The answer first, in plain words, at the April asked about: each what-if's paired difference with its
    /// band, what it rests on and whether it moves anything; for a single run, the CCGs delegated then.</summary>
    private static void Headline(ReportPage page, ComparisonSummary summary, Dictionary<string, string> labels, string april)
    {
        var year = april[..4];
        var reference = summary.Scenarios.First(s => s.Scenario == summary.Reference);
        var q = reference.England.ToList().FindIndex(r => r.Quarter == april);
        if (q < 0) return;
        string Count(double x) => x.ToString("0", CultureInfo.InvariantCulture);
        var lines = new List<string>();
        var at = reference.England[q];
        lines.Add($"{summary.Reference}: by 1 April {year}, {Count(at.Level3.Mean)} of the {Count(at.Ccgs)} CCGs then existing delegated on average (90% of runs: {at.Level3.P05} to {at.Level3.P95}).");
        foreach (var c in summary.Comparisons.Take(6))
        {
            var d = c.Differences[q].Level3;
            if (c.NoEffect)
            {
                lines.Add($"{labels[c.Scenario]}: no effect; it moves no level by half a CCG on average in any quarter.");
                continue;
            }
            var direction = d.Mean < 0 ? "fewer" : "more";
            var line = $"{labels[c.Scenario]}: by 1 April {year}, {Math.Abs(d.Mean).ToString("0.0", CultureInfo.InvariantCulture)} {direction} CCGs delegated than {summary.Reference} (90% of paired runs: {d.P05:+0;-0;0} to {d.P95:+0;-0;0}";
            if (c.RestsOn.FirstOrDefault(r => r.April == april) is { Decomposition: { } effect })
            {
                line += string.Create(CultureInfo.InvariantCulture, $"; the effect itself, without run-to-run noise: {effect.EffectP05:+0.0;-0.0;0.0} to {effect.EffectP95:+0.0;-0.0;0.0})");
                if (RestsOnWarning.Of(effect) is { } warning) line += $"; {warning}";
            }
            else
            {
                line += ")";
            }
            lines.Add(line + ".");
        }
        if (summary.Comparisons.Count > 6) lines.Add($"{summary.Comparisons.Count - 6} more scenarios: see the tables below.");
        page.Heading($"In brief: April {year}");
        page.Append("<ul class=\"headline\">\n" + string.Concat(lines.Select(l => $"<li>{E(l)}</li>\n")) + "</ul>\n");
    }

    private static void Facts(ReportPage page, ComparisonSummary summary, Dictionary<string, string> labels)
    {
        if (summary.Partial || summary.Scenarios.Any(s => s.Partial))
        {
            page.Append("<p class=\"warning\"><strong>Partial results:</strong> the run was interrupted before every replication finished; the figures below cover only the runs completed.</p>\n");
        }
        var first = summary.Scenarios[0];
        var comparing = summary.Comparisons.Count > 0;
        string Name(RunSummary s) => (Coded(labels) ? $"{labels[s.Scenario]}: " : "") + s.Scenario + (comparing && s.Scenario == summary.Reference ? " (reference)" : "");
        page.Facts(
        [
            ("Scenarios", summary.Scenarios.Count == 1 ? [first.Scenario] : summary.Scenarios.Select(Name).ToArray()),
            .. comparing ? new[] { ("Reference scenario", (IReadOnlyList<string>)[summary.Reference]) } : [],
            (comparing ? "Monte Carlo runs (paired across scenarios)" : "Monte Carlo runs", [N(summary.Runs)]),
            ("Seed", [summary.Seed.ToString(CultureInfo.InvariantCulture)]),
            ("CCGs", [N(first.Ccgs)]),
            ("Quarters", [$"{first.England[0].Quarter} to {first.England[^1].Quarter} (NHS financial years: Q1 is April to June)"]),
        ]);
    }

    private static void WhatChanged(ReportPage page, ComparisonSummary summary, IReadOnlyList<ScenarioChanges> changes, Dictionary<string, string> labels)
    {
        page.Heading($"What differs from the reference, {summary.Reference}");
        var rows = changes.Where(c => c.Scenario != summary.Reference).SelectMany(c => c.Changes.Count == 0
            ? [[RowLabel(summary, labels, c.Scenario), "<span class=\"none\">nothing: the same resolved scenario</span>", "", ""]]
            : c.Changes.Select(v => (IReadOnlyList<string>)[RowLabel(summary, labels, c.Scenario), $"<code>{E(v.Path)}</code>", E(v.Reference), E(v.Value)]));
        page.Table("Every resolved value that differs from the reference's, per scenario", ["Scenario", "Key", $"In {summary.Reference}", "In the scenario"], rows.ToArray(), "changes", new HashSet<int> { 2, 3 });
    }

    private static void Comparisons(ReportPage page, ComparisonSummary summary, Dictionary<string, string> labels)
    {
        var reference = summary.Scenarios.First(s => s.Scenario == summary.Reference);
        var aprils = reference.England.Select(r => r.Quarter).Where(q => q.EndsWith("Q1", StringComparison.Ordinal)).ToArray();
        page.Heading($"Compared with the reference, {summary.Reference}");
        page.Table("CCGs delegated (Level 3), scenario minus reference in the same replications, each April: mean, and below it the range holding 90% of paired runs",
            ["Scenario", .. aprils],
            summary.Comparisons.Select(c => (IReadOnlyList<string>)[RowLabel(summary, labels, c.Scenario), .. aprils.Select(april =>
                c.Differences.FirstOrDefault(r => r.Quarter == april) is { } row ? TwoLines(Signed(row.Level3.Mean), SignedRange(row.Level3)) : "–")]).ToArray());

        foreach (var c in summary.Comparisons.Where(c => c.NoEffect))
            page.Paragraph($"No effect: {labels[c.Scenario]} moves no level by half a CCG on average in any quarter; what it changes does not move this model (within noise).", "warning");
        var restsOn = summary.Comparisons.Where(c => c.RestsOn.Count > 0 && !c.NoEffect).ToArray();
        if (restsOn.Length > 0)
        {
            page.Table("What each difference in delegated CCGs rests on, each April: the mean paired difference, the 90% band of the effect the parameters' uncertainty alone gives (without run-to-run noise), the share of the difference's spread the parameters explain, and the coefficients explaining most (* the data leave it unconstrained)",
                ["Scenario", "April", "Difference", "Effect, 90%", "Explained", "Coefficients"],
                restsOn.SelectMany(c => c.RestsOn.Select(r => (IReadOnlyList<string>)
                [
                    RowLabel(summary, labels, c.Scenario), E(r.April[..4]), E(Signed(r.Decomposition.Mean)),
                    E(string.Create(CultureInfo.InvariantCulture, $"[{r.Decomposition.EffectP05:+0.0;-0.0;0.0} to {r.Decomposition.EffectP95:+0.0;-0.0;0.0}]")),
                    Percent(r.Decomposition.Explained),
                    E(string.Join(", ", r.Decomposition.Parameters.Where(p => p.Share >= 0.02).Take(4).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}{(p.Unconstrained ? "*" : "")} {p.Share * 100:0}%")))),
                ])).ToArray(), "rests-on");
            foreach (var c in restsOn)
            {
                var (april, d) = c.RestsOn.MaxBy(r => Math.Abs(r.Decomposition.Mean));
                if (RestsOnWarning.Of(d) is { } warning) page.Paragraph($"Warning: {labels[c.Scenario]}, April {april[..4]}: {warning}.", "warning");
            }
        }

        page.Table("Milestones against the reference: share of paired runs in which the scenario reached the milestone earlier, in the same quarter or later (never reaching it counts as later than any quarter), and the mean gap in quarters where both reached it (negative is earlier)",
            ["Scenario", "Milestone", "Earlier", "Same quarter", "Later", "Mean gap (quarters)"],
            summary.Comparisons.SelectMany(c => c.Milestones.Select(m => (IReadOnlyList<string>)
            [
                RowLabel(summary, labels, c.Scenario), E(MilestoneName(m.ShareDelegated)), Percent(m.ProbabilityEarlier), Percent(m.ProbabilitySame), Percent(m.ProbabilityLater),
                m.MeanQuarterDifference is { } g ? g.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : E(Milestone.NotReached),
            ])).ToArray());
    }

    private static void Structures(ReportPage page, ComparisonSummary summary, IReadOnlyList<StructureDifference> rows, Dictionary<string, string> labels)
    {
        var aprils = rows.Select(r => r.April).Distinct().ToArray();
        page.Heading("Under each structural alternative");
        page.Paragraph("The comparison run again with each modelling choice the record cannot settle laid over every scenario, the same runs and seed; "
            + "the weight is how well each structure's reference fits the record (the normal approximation to the posterior-predictive density of the observations and the per-CCG record), "
            + "at the posterior fitted under the structure as written. The average weighs the means; its range spans the 90% ranges of the structures weighing at least 1%.");
        page.Table("CCGs delegated (Level 3), scenario minus reference in the same replications, each April, under each structure: mean, and below it the 90% range",
            ["Scenario", "Structure", "Weight", .. aprils],
            rows.GroupBy(r => (r.Scenario, r.Structure)).Select(g => (IReadOnlyList<string>)
            [
                RowLabel(summary, labels, g.Key.Scenario), $"{E(g.Key.Structure)}<br><span class=\"interval\">{E(g.First().Settings)}</span>",
                g.First().Weight is { } w ? Percent(w) : "",
                .. aprils.Select(april => g.FirstOrDefault(r => r.April == april) is { } r
                    ? TwoLines(Signed(r.Mean), string.Create(CultureInfo.InvariantCulture, $"[{r.Low:+0;-0;0} to {r.High:+0;-0;0}]")) : "–"),
            ]).ToArray(), "structures", new HashSet<int> { 1 });
    }

    /// <summary>The map data's licence asks for this attribution wherever it is shown (data/README.md).</summary>
    private const string Attribution = "Boundaries: contains National Statistics data and OS data, Crown copyright and database right 2013 (Open Government Licence v3.0).";

    private static void MapFigure(ReportPage page, string svg, string caption) =>
        page.Append($"<figure class=\"map\">\n{svg}<figcaption>{E(caption)}</figcaption>\n</figure>\n");

    /// <summary>For each what-if described one by one: a map of the paired difference in each CCG's chance of being
    /// delegated, and the CCGs whose chance differs most.</summary>
    private static void DifferenceMaps(ReportPage page, ComparisonSummary summary, CcgMaps maps, Dictionary<string, string> labels)
    {
        if (!maps.Delegated.TryGetValue(summary.Reference, out var reference)) return;
        var year = maps.April[..4];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var c in summary.Comparisons)
        {
            if (!maps.Delegated.TryGetValue(c.Scenario, out var scenario)) continue;
            var difference = scenario.Where(x => reference.ContainsKey(x.Key)).ToDictionary(x => x.Key, x => x.Value - reference[x.Key], StringComparer.Ordinal);
            MapFigure(page, CcgMap.Svg(maps.Boundaries, difference, MapScale.Difference, $"{c.Scenario} minus {c.Reference}: chance each CCG's area is delegated in April {year}"),
                $"{labels[c.Scenario]} minus {c.Reference}: the difference in the chance that the CCG holding each 2015 CCG's area is delegated on 1 April {year} (blue: likelier under the scenario; red: less likely). {Attribution}");
            rows.AddRange(difference.OrderByDescending(x => Math.Abs(x.Value)).ThenBy(x => x.Key, StringComparer.Ordinal).Take(CcgMaps.MostDifferent).Select(x => (IReadOnlyList<string>)
            [
                RowLabel(summary, labels, c.Scenario), E($"{maps.Boundaries.Ccgs[x.Key].Name} ({x.Key})"), F2(reference[x.Key]), F2(scenario[x.Key]), E(x.Value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)),
            ]));
        }
        if (rows.Count > 0)
            page.Table($"The {CcgMaps.MostDifferent} CCGs (of 2015) whose chance of being delegated on 1 April {year} differs most from the reference's, per scenario (ccg_differences.csv has every CCG and quarter)",
                ["Scenario", "CCG", "Reference", "Scenario", "Difference"], rows, "ccgs", new HashSet<int> { 1 });
    }

    private static string F2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static void RegionalDifferences(ReportPage page, ComparisonSummary summary, IReadOnlyList<RegionalDifference> differences, Dictionary<string, string> labels)
    {
        var horizon = differences[0].Quarter;
        var atHorizon = differences.Where(d => d.Quarter == horizon).ToArray();
        var regions = atHorizon.Select(d => d.Region).Distinct().ToArray();
        page.Table($"CCGs delegated in each NHS England region in {horizon}, scenario minus reference in the same replications: mean, and below it the range holding 90% of paired runs",
            ["Scenario", .. regions],
            summary.Comparisons.Select(c => (IReadOnlyList<string>)[RowLabel(summary, labels, c.Scenario), .. regions.Select(region =>
                atHorizon.FirstOrDefault(d => d.Scenario == c.Scenario && d.Region == region) is { } d ? TwoLines(Signed(d.Delegated.Mean), SignedRange(d.Delegated)) : "–")]).ToArray(),
            "regional");
    }

    private static void Scenario(ReportPage page, ComparisonSummary summary, RunSummary run, int number, Dictionary<string, string> labels, IEnumerable<ChartFile> charts, string chartDirectory,
        IReadOnlyDictionary<string, string> scenarioYaml, CcgMaps? maps)
    {
        var role = summary.Comparisons.Count > 0 && run.Scenario == summary.Reference ? " (reference)" : "";
        var label = Coded(labels) ? $"{labels[run.Scenario]}: " : "";
        page.Append($"<section id=\"scenario-{number}\">\n<h2>{E(label + run.Scenario)}{role}</h2>\n<p class=\"description\">{E(run.Description)}</p>\n");
        if (scenarioYaml.TryGetValue(run.Scenario, out var yaml)) page.Code("Resolved scenario (YAML)", yaml);
        foreach (var chart in charts) page.Figure(chart, chartDirectory, Captions[chart.Kind]);
        if (maps is not null && maps.Delegated.TryGetValue(run.Scenario, out var delegated))
            MapFigure(page, CcgMap.Svg(maps.Boundaries, delegated, MapScale.Probability, $"Chance each CCG's area is delegated in April {maps.April[..4]}: {run.Scenario}"),
                $"Chance that the CCG holding each 2015 CCG's area is delegated on 1 April {maps.April[..4]}, across runs (darker: likelier); hover for the CCG and its chance. {Attribution}");
        Milestones(page, run);
        EnglandBands(page, run);
        page.Append("</section>\n");
    }

    private static void Milestones(ReportPage page, RunSummary run)
    {
        var horizon = run.England[^1].Quarter;
        page.Table($"The April by which a share of the CCGs then existing is delegated (moves take effect each April), across runs; \"{Milestone.NotReached}\" is beyond {horizon}",
            ["Milestone", "Median", "90% of runs", "Runs reaching it"],
            run.Milestones.Select(m => (IReadOnlyList<string>)[E(MilestoneName(m.ShareDelegated)), E(Milestone.April(m.P50)), $"{E(Milestone.April(m.P05))} to {E(Milestone.April(m.P95))}", Percent(m.ShareOfRunsReaching)]).ToArray());
        var atHorizon = run.DelegatedAtHorizon;
        page.Paragraph($"Delegated at the horizon ({horizon}): mean {Percent(atHorizon.Mean)} of CCGs, 90% of runs {Percent(atHorizon.P05)} to {Percent(atHorizon.P95)}.");
    }

    private static void EnglandBands(ReportPage page, RunSummary run)
    {
        page.Append("<table class=\"bands\">\n<caption>CCGs at each level in England, per quarter: mean, median, and the ranges holding the middle 50% and 90% of runs</caption>\n<thead>\n<tr><th scope=\"col\" rowspan=\"2\">Quarter</th>");
        foreach (var level in new[] { "Level 1 greater involvement", "Level 2 joint", "Level 3 delegated" }) page.Append($"<th scope=\"colgroup\" colspan=\"4\">{level}</th>");
        page.Append("<th scope=\"col\" rowspan=\"2\">Delegated (mean %)</th></tr>\n<tr>");
        for (var level = 1; level <= 3; level++) page.Append("<th scope=\"col\">Mean</th><th scope=\"col\">Median</th><th scope=\"col\">50%</th><th scope=\"col\">90%</th>");
        page.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in run.England)
        {
            page.Append($"<tr><th scope=\"row\">{E(row.Quarter)}</th>");
            for (var level = 1; level <= 3; level++)
            {
                var b = row[level];
                page.Append($"<td>{F1(b.Mean)}</td><td>{b.P50}</td><td>{b.P25}–{b.P75}</td><td>{b.P05}–{b.P95}</td>");
            }
            page.Append($"<td>{Percent(row.Level3.Mean / row.Ccgs)}</td></tr>\n");
        }
        page.Append("</tbody>\n</table>\n");
    }

    private static string MilestoneName(double share) => string.Create(CultureInfo.InvariantCulture, $"≥ {share * 100:0}% delegated");

    private static string Signed(double mean) => mean.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    private static string SignedRange(Band b) => string.Create(CultureInfo.InvariantCulture, $"[{b.P05:+0;-0;0} to {b.P95:+0;-0;0}]");
}
