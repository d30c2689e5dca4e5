using System.Globalization;
using System.Text;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// The CSV tables of the results: tidy rows, invariant culture and fixed decimals, so the same scenarios, seed and
/// runs give byte-identical files. Every text cell goes through <see cref="Text"/>, which makes it safe to open in a
/// spreadsheet (CsvHelper's injection escaping would also rewrite negative numbers, so numbers are written apart).
/// </summary>
public static class ResultsCsv
{
    public static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The header of a quarter's two columns: its NHS financial-year label and the ISO date it starts on, so
    /// that tools which read <c>2016Q1</c> as a calendar quarter (January-March) have the right date.</summary>
    public const string QuarterColumns = "quarter,quarter_start";

    /// <summary>A quarter's two cells under <see cref="QuarterColumns"/>: <c>2016Q1,2016-04-01</c>.</summary>
    public static string Quarter(string label) => $"{label},{Date(Model.Quarter.Parse(label))}";

    /// <summary>The ISO date a quarter starts on: <c>2016-04-01</c> for 2016Q1.</summary>
    public static string Date(Model.Quarter quarter) => quarter.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A milestone's April as its ISO date, or <see cref="Milestone.NotReached"/>.</summary>
    public static string April(Model.Quarter? april) => april is { } a ? Date(a) : Milestone.NotReached;

    /// <summary>The scope of national rows in tables that also have regional ones.</summary>
    public const string England = "England";

    /// <summary>A text cell: one that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
    /// gets a leading apostrophe (OWASP's advice); then quoted as RFC 4180 requires.</summary>
    /// <summary>What a writer function writes, as text (tests and small files).</summary>
    public static string ToText(Action<TextWriter> write)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        write(text);
        return text.ToString();
    }

    public static string Text(string field)
    {
        if (field.Length > 0 && "=+-@\t\r".Contains(field[0])) field = "'" + field;
        return field.Contains(',') || field.Contains('"') || field.Contains('\n') || field.Contains('\r') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }

    public static void Trajectories(TextWriter csv, IEnumerable<RunSummary> summaries)
    {
        csv.Write($"scenario,{QuarterColumns},level,level_name,ccgs_existing,mean,p05,p50,p95,share_mean\n");
        foreach (var summary in summaries)
        {
            foreach (var row in summary.England) AppendRow(csv, $"{Text(summary.Scenario)},", row, existing: true);
        }
    }

    /// <summary>The share of registered patients whose CCG is delegated, each quarter: mean and percentiles across runs.</summary>
    public static void Patients(TextWriter csv, IEnumerable<RunSummary> summaries)
    {
        csv.Write($"scenario,{QuarterColumns},share_of_patients_delegated_mean,p05,p50,p95\n");
        foreach (var summary in summaries.Where(s => s.PatientsDelegated.Count == s.England.Count))
        {
            for (var q = 0; q < summary.England.Count; q++)
            {
                var b = summary.PatientsDelegated[q];
                double Share(double perMille) => perMille / BatchTrajectories.PerMille;
                csv.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{Text(summary.Scenario)},{Quarter(summary.England[q].Quarter)},{Share(b.Mean):F4},{Share(b.P05):F3},{Share(b.P50):F3},{Share(b.P95):F3}\n"));
            }
        }
    }

    /// <summary>What each level is called, beside its number.</summary>
    public static string LevelName(int level) => level switch { 1 => "greater involvement", 2 => "joint", 3 => "delegated", _ => "" };

    public static void RegionTrajectories(TextWriter csv, IEnumerable<RunSummary> summaries)
    {
        csv.Write($"scenario,region,{QuarterColumns},level,level_name,ccgs_existing,mean,p05,p50,p95,share_mean\n");
        foreach (var summary in summaries)
        {
            foreach (var (region, rows) in summary.Regions)
            {
                foreach (var row in rows) AppendRow(csv, $"{Text(summary.Scenario)},{Text(region)},", row, existing: true);
            }
        }
    }

    public static void Comparison(TextWriter csv, ComparisonSummary summary)
    {
        csv.Write($"scenario,reference,scope,{QuarterColumns},level,level_name,mean_difference,p05,p50,p95\n");
        foreach (var c in summary.Comparisons)
        {
            foreach (var row in c.Differences) AppendRow(csv, $"{Text(c.Scenario)},{Text(c.Reference)},{England},", row);
            foreach (var (region, rows) in c.Regions)
            {
                foreach (var row in rows) AppendRow(csv, $"{Text(c.Scenario)},{Text(c.Reference)},{Text(region)},", row);
            }
        }
    }

    public static void Milestones(TextWriter csv, ComparisonSummary summary)
    {
        // A date or number column holds a date or a number, or nothing: whether it was reached is a column of its own.
        csv.Write("scenario,share_delegated,share_of_runs_reaching,p05_april,p05_reached,p50_april,p50_reached,p95_april,p95_reached,p_earlier_than_reference,p_same_as_reference,p_later_than_reference,mean_quarters_vs_reference\n");
        foreach (var s in summary.Scenarios)
        {
            var comparison = summary.Comparisons.FirstOrDefault(c => c.Scenario == s.Scenario);
            for (var m = 0; m < s.Milestones.Count; m++)
            {
                var ms = s.Milestones[m];
                var vs = comparison?.Milestones[m];
                csv.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{Text(s.Scenario)},{ms.ShareDelegated},{Number(ms.ShareOfRunsReaching)},{Reached(ms.P05)},{Reached(ms.P50)},{Reached(ms.P95)},"));
                csv.Write(vs is null ? ",,," : $"{Number(vs.ProbabilityEarlier)},{Number(vs.ProbabilitySame)},{Number(vs.ProbabilityLater)},{(vs.MeanQuarterDifference is { } d ? Number(d) : "")}");
                csv.Write('\n');
            }
        }
    }

    /// <summary>Each CCG of the list in each quarter: the CCG of the list holding its area then (itself, or the lead of its
    /// merger), the share of runs in which that CCG was at each level, and the share in which the CCG itself existed (not
    /// yet merged into another).</summary>
    public static void Ccgs(TextWriter csv, RunSummary summary, SimulationSetup setup)
    {
        csv.Write($"scenario,ods_code,name,region,area_team,{QuarterColumns},p_level1,p_level2,p_level3,p_exists,area_held_by\n");
        if (summary.CcgShares is null) return;
        var population = setup.Scenario.Population;
        for (var c = 0; c < setup.Ccgs; c++)
        {
            var ccg = population.Ccgs[c];
            var prefix = $"{Text(summary.Scenario)},{Text(ccg.Code)},{Text(ccg.Name)},{Text(population.Regions[ccg.Region])},{Text(population.Footprints[ccg.Footprint])},";
            for (var q = 0; q < setup.Quarters; q++)
            {
                var holder = setup.Mergers.Holder(q, c);
                csv.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}{Quarter(summary.England[q].Quarter)},{Number(summary.CcgShare(holder, q, 1))},{Number(summary.CcgShare(holder, q, 2))},{Number(summary.CcgShare(holder, q, 3))},{Number(1 - summary.CcgShare(c, q, 0))},{Text(population.Ccgs[holder].Code)}\n"));
            }
        }
    }

    /// <summary>For each scenario kept per CCG, each CCG's share of runs in which the CCG holding its area is delegated in
    /// each quarter, the reference's, and the difference (scenario minus reference). Each scenario's area holder follows
    /// its own mergers (<paramref name="setups"/> by scenario name), so a what-if without mergers compares areas alike.</summary>
    public static void CcgDifferences(TextWriter csv, ComparisonSummary summary, IReadOnlyDictionary<string, SimulationSetup> setups)
    {
        csv.Write($"scenario,reference,ods_code,name,region,{QuarterColumns},p_delegated,p_delegated_reference,difference\n");
        var reference = summary.Scenarios.First(s => s.Scenario == summary.Reference);
        if (reference.CcgShares is null) return;
        var setup = setups[reference.Scenario];
        var population = setup.Scenario.Population;
        foreach (var scenario in summary.Scenarios.Where(s => s.Scenario != summary.Reference && s.CcgShares is not null))
        {
            var own = setups[scenario.Scenario].Mergers;
            for (var c = 0; c < setup.Ccgs; c++)
            {
                var ccg = population.Ccgs[c];
                for (var q = 0; q < setup.Quarters; q++)
                {
                    var (mine, theirs) = (scenario.CcgShare(own.Holder(q, c), q, 3), reference.CcgShare(setup.Mergers.Holder(q, c), q, 3));
                    csv.Write(string.Create(CultureInfo.InvariantCulture,
                        $"{Text(scenario.Scenario)},{Text(reference.Scenario)},{Text(ccg.Code)},{Text(ccg.Name)},{Text(population.Regions[ccg.Region])},{Quarter(scenario.England[q].Quarter)},{Number(mine)},{Number(theirs)},{Number(mine - theirs)}\n"));
                }
            }
        }
    }

    /// <summary>What each what-if's difference in delegated CCGs rests on, per April: the effect's 90% band from the
    /// parameters alone, the share of the spread they explain and the share resting on coefficients the data leave
    /// unconstrained, then one row per coefficient with its own share (see <see cref="Analysis.EffectDecomposition"/>).</summary>
    public static void RestsOn(TextWriter csv, ComparisonSummary summary)
    {
        csv.Write("scenario,reference,april,april_start,mean_difference,effect_p05,effect_p95,explained,unconstrained_share,no_effect,coefficient,coefficient_share,coefficient_unconstrained,warning\n");
        foreach (var c in summary.Comparisons)
        {
            foreach (var (april, d) in c.RestsOn)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture,
                    $"{Text(c.Scenario)},{Text(c.Reference)},{april},{Date(Model.Quarter.Parse(april))},{Number(d.Mean)},{Number(d.EffectP05)},{Number(d.EffectP95)},{Number(d.Explained)},{Number(d.UnconstrainedShare)},{(c.NoEffect ? "true" : "false")},");
                var warning = Text(RestsOnWarning.Of(d) ?? "");
                if (d.Parameters.Count == 0) csv.Write($"{prefix},,,{warning}\n");
                foreach (var p in d.Parameters)
                    csv.Write($"{prefix}{Text(p.Name)},{Number(p.Share)},{(p.Unconstrained ? "true" : "false")},{warning}\n");
            }
        }
    }

    /// <summary>compare --alternatives: per structure (its settings, fit and weight), each what-if's difference in
    /// delegated CCGs at each April; then the average over structures by weight, with the span of their 90% ranges.</summary>
    public static void Alternatives(TextWriter csv, AlternativesResult result)
    {
        csv.Write("structure,settings,log_density,weight,scenario,reference,april,april_start,mean_difference,p05,p95\n");
        foreach (var s in result.Structures)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{Text(s.Name)},{Text(string.Join("; ", s.Settings))},{Number(s.LogDensity)},{s.Weight:F4},");
            foreach (var c in s.Summary.Comparisons)
            {
                foreach (var d in c.Differences.Where(d => d.Quarter.EndsWith("Q1", StringComparison.Ordinal)))
                    csv.Write(string.Create(CultureInfo.InvariantCulture, $"{prefix}{Text(c.Scenario)},{Text(c.Reference)},{Quarter(d.Quarter)},{Number(d.Level3.Mean)},{d.Level3.P05},{d.Level3.P95}\n"));
            }
        }
        var reference = result.AsWritten.Reference;
        foreach (var a in result.Averaged)
            csv.Write(string.Create(CultureInfo.InvariantCulture, $"averaged,weighted by fit,,1.0000,{Text(a.Scenario)},{Text(reference)},{Quarter(a.April)},{Number(a.Mean)},{a.Low:F0},{a.High:F0}\n"));
    }

    /// <summary>A milestone's April as two cells: its ISO date (empty when not reached) and whether it was reached.</summary>
    private static string Reached(Model.Quarter? april) => april is { } a ? $"{Date(a)},true" : ",false";

    /// <param name="existing">Also the CCGs existing in the quarter and scope and the level's share of them (not for
    /// differences, where the CCGs existing are the same in both scenarios).</param>
    private static void AppendRow(TextWriter csv, string prefix, QuarterRow row, bool existing = false)
    {
        for (var level = 1; level <= 3; level++)
        {
            var b = row[level];
            csv.Write(existing
                ? string.Create(CultureInfo.InvariantCulture, $"{prefix}{Quarter(row.Quarter)},{level},{LevelName(level)},{row.Ccgs:F0},{Number(b.Mean)},{b.P05},{b.P50},{b.P95},{(row.Ccgs > 0 ? b.Mean / row.Ccgs : 0):F4}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{prefix}{Quarter(row.Quarter)},{level},{LevelName(level)},{Number(b.Mean)},{b.P05},{b.P50},{b.P95}\n"));
        }
    }
}
