using System.Globalization;
using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>One cell of the per-CCG record: a CCG's level in force on 1 April of <see cref="Year"/>, as the public
/// record gives it, and on what basis (stated, approved, inferred).</summary>
public sealed record CcgLevelCell(int Ccg, int Year, byte Level, string Basis);

/// <summary>The per-CCG record (data/ccg_levels.csv): the cells it knows, and the applications whose outcome it does not.</summary>
public sealed record CcgLevelRecord(IReadOnlyList<CcgLevelCell> Known, IReadOnlyList<(int Ccg, int Year, byte AppliedFor)> Applications)
{
    /// <summary>The cells of one April.</summary>
    public IEnumerable<CcgLevelCell> In(int year) => Known.Where(c => c.Year == year);
}

/// <summary>
/// Reads the per-CCG record: an RFC 4180 CSV with the header <c>ods_code,april,level,basis,applied_for,source</c>, one
/// row per CCG of the scenario's list and April (a year), <c>level</c> 1, 2, 3 or <c>unknown</c>, <c>basis</c>
/// stated, approved, inferred or unknown (unknown exactly when the level is), <c>applied_for</c> empty, 2 or 3, and the
/// source of every known cell. Read as every input is (<see cref="InputCsv"/>); problems at file:line:column.
/// </summary>
public static class CcgRecordCsv
{
    private static readonly string[] Columns = ["ods_code", "april", "level", "basis", "applied_for", "source"];
    private static readonly string ExpectedHeader = $"expected a header row {string.Join(',', Columns)}";
    private static readonly string[] Bases = ["stated", "approved", "inferred"];

    public static CcgLevelRecord Read(string path, CcgPopulation population)
    {
        using var csv = InputCsv.Open(path, "a CSV of the per-CCG record", ExpectedHeader, InputLimits.MaxCcgs * 20, "rows");
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        if (!header.SequenceEqual(Columns)) throw new ScenarioException(new ScenarioError(path, 1, 1, $"not the header of the per-CCG record; {ExpectedHeader}"));
        var index = population.CodeIndex();
        var known = new List<CcgLevelCell>();
        var applications = new List<(int, int, byte)>();
        var firstLine = new Dictionary<(int, int), int>();
        while (csv.Read())
        {
            if (!csv.TryCcgRow(0, index, out var ccg, once: false)) continue;
            var errors = csv.Errors.Count;
            var yearText = csv[1].Trim();
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2999)
                csv.Error(2, $"{InputText.Quote(yearText)} is not a year; expected the year of the 1 April the level was in force, e.g. 2016");
            var levelText = csv[2].Trim();
            byte? level = levelText switch { "1" => Levels.GreaterInvolvement, "2" => Levels.Joint, "3" => Levels.Delegated, "unknown" => null, _ => 0 };
            if (level == 0) csv.Error(3, $"{InputText.Quote(levelText)} is not a level; expected 1, 2, 3 or unknown");
            var basis = csv[3].Trim();
            if (level != 0 && (level is null ? basis != "unknown" : !Bases.Contains(basis)))
                csv.Error(4, $"{InputText.Quote(basis)} is not a basis for level {levelText}; expected {(level is null ? "unknown" : string.Join(", ", Bases))}");
            var appliedText = csv[4].Trim();
            byte? applied = appliedText switch { "" => null, "2" => Levels.Joint, "3" => Levels.Delegated, _ => 0 };
            if (applied == 0) csv.Error(5, $"{InputText.Quote(appliedText)} is not a level applied for; expected empty, 2 or 3");
            if (level is not null && csv[5].Trim().Length == 0) csv.Error(6, "a known level without a source; expected where the level is stated");
            if (csv.Errors.Count > errors) continue;
            if (!firstLine.TryAdd((ccg, year), csv.Line))
            {
                csv.Error(2, $"a second row for {InputText.Quote(csv[0].Trim())} in {year} (first on line {firstLine[(ccg, year)]}); expected one row per CCG and April");
                continue;
            }
            if (level is { } l) known.Add(new CcgLevelCell(ccg, year, l, basis));
            if (applied is { } a) applications.Add((ccg, year, a));
        }
        if (csv.Errors.Count > 0) throw new ScenarioException(csv.Errors);
        return new CcgLevelRecord(known, applications);
    }
}

/// <summary>
/// Reads per-CCG covariates from the public record (data/ccg_covariates.csv): <c>ods_code,variable,period,value,source</c>,
/// one row per CCG, variable and period, and puts on the population's records those the model uses: an LMC's stated
/// stance on delegation (<c>lmc_stance</c>: opposed, neutral, supportive) and NHS England's 2015/16 assurance rating
/// (<c>assurance_2015_16</c>: inadequate places the CCG's capacity at its 10th percentile, outstanding at its 90th:
/// assumption, docs/ODD.md). Other variables are kept in the file for analysts and not read.
/// </summary>
public static class CcgCovariateCsv
{
    private static readonly string[] Columns = ["ods_code", "variable", "period", "value", "source"];
    private static readonly string ExpectedHeader = $"expected a header row {string.Join(',', Columns)}";

    /// <summary>The standard normal quantile of the 10th percentile.</summary>
    private const double Decile = 1.2815515655446004;

    public static CcgPopulation Apply(string path, CcgPopulation population)
    {
        using var csv = InputCsv.Open(path, "a CSV of per-CCG covariates", ExpectedHeader, InputLimits.MaxCcgs * 50, "rows");
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        if (!header.SequenceEqual(Columns)) throw new ScenarioException(new ScenarioError(path, 1, 1, $"not the header of a per-CCG covariates file; {ExpectedHeader}"));
        var index = population.CodeIndex();
        var lmc = new Dictionary<int, LmcStance>();
        var capacity = new Dictionary<int, double>();
        var seen = new Dictionary<(int, string, string), int>();
        while (csv.Read())
        {
            if (!csv.TryCcgRow(0, index, out var ccg, once: false)) continue;
            var variable = csv[1].Trim();
            var period = csv[2].Trim();
            var value = csv[3].Trim();
            if (variable.Length == 0 || !InputText.IsClean(variable, allowLineBreaks: false)) csv.Error(2, $"{InputText.Quote(variable)} is not a variable name; expected a name such as lmc_stance");
            if (!seen.TryAdd((ccg, variable, period), csv.Line))
            {
                csv.Error(2, $"a second {InputText.Quote(variable)} for {InputText.Quote(csv[0].Trim())} in {InputText.Quote(period)} (first on line {seen[(ccg, variable, period)]}); expected one row per CCG, variable and period");
                continue;
            }
            if (csv[4].Trim().Length == 0) csv.Error(5, "a covariate without a source; expected where the value is published");
            switch (variable)
            {
                case "lmc_stance":
                    if (value is "opposed" or "neutral" or "supportive") lmc[ccg] = value switch { "opposed" => LmcStance.Opposed, "neutral" => LmcStance.Neutral, _ => LmcStance.Supportive };
                    else csv.Error(4, $"{InputText.Quote(value)} is not an LMC stance; expected opposed, neutral or supportive");
                    break;
                case "assurance_2015_16":
                    if (value is "inadequate") capacity[ccg] = -Decile;
                    else if (value is "outstanding") capacity[ccg] = Decile;
                    else if (value is not ("good" or "requires_improvement")) csv.Error(4, $"{InputText.Quote(value)} is not an assurance rating; expected outstanding, good, requires_improvement or inadequate");
                    break;
            }
        }
        if (csv.Errors.Count > 0) throw new ScenarioException(csv.Errors);
        return population with
        {
            Ccgs = population.Ccgs.Select((c, i) => c with
            {
                Lmc = lmc.TryGetValue(i, out var stance) ? stance : c.Lmc,
                CapacityScore = capacity.TryGetValue(i, out var score) ? score : c.CapacityScore,
            }).ToArray(),
        };
    }
}
