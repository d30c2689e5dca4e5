using System.Globalization;
using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// Reads a CCG list (RFC 4180 CSV with a header row). Columns are found by name, so extra columns and any order
/// are fine. Read as an <see cref="InputCsv"/>: problems at file:line:column (the 1-based field number), within
/// <see cref="InputLimits"/>.
/// </summary>
public static class CcgCsv
{
    private static readonly string[] Required = ["ods_code", "name", "area_team", "region", "registered_patients_2015q1"];

    public static CcgPopulation Load(string path)
    {
        var expectedHeader = $"expected a header row with columns {string.Join(", ", Required)}";
        using var csv = InputCsv.Open(path, "a CSV of CCGs", expectedHeader, InputLimits.MaxCcgs, "CCG rows");
        var headers = csv.Headers;
        var missing = Required.Where(name => !headers.Contains(name)).ToList();
        if (missing.Count > 0) throw Single(path, 1, 1, $"missing column(s) {string.Join(", ", missing)}; {expectedHeader}");

        var columns = Required.Select(name => headers.ToList().IndexOf(name)).ToArray();
        var rows = new List<(string Code, string Name, string Region, string Footprint, int Patients)>();
        var firstLineOfCode = new Dictionary<string, int>();
        var regions = new HashSet<string>();
        while (csv.Read())
        {
            if (csv.FieldCount < headers.Count)
            {
                csv.Error(csv.FieldCount, $"row has {csv.FieldCount} fields; expected {headers.Count} as in the header");
                continue;
            }
            var fields = columns.Select(c => csv[c]).ToArray();
            var rowOk = true;
            for (var i = 0; i < fields.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(fields[i]))
                {
                    csv.Error(columns[i] + 1, $"empty {Required[i]}; expected a value");
                    rowOk = false;
                }
                else if (!InputText.IsClean(fields[i], allowLineBreaks: false))
                {
                    // Names end up in output file cells and console lines.
                    csv.Error(columns[i] + 1, $"a control character or line break in {Required[i]} {InputText.Quote(fields[i])}; expected text on one line");
                    rowOk = false;
                }
            }
            if (!rowOk) continue;

            var (code, patientsText) = (fields[0], fields[4]);
            if (!int.TryParse(patientsText, NumberStyles.None, CultureInfo.InvariantCulture, out var patients))
            {
                csv.Error(columns[4] + 1, $"{InputText.Quote(patientsText)} is not a valid registered_patients_2015q1; expected a non-negative whole number");
                continue;
            }
            if (regions.Add(fields[3]) && regions.Count > InputLimits.MaxRegions)
            {
                csv.Error(columns[3] + 1, $"region {InputText.Quote(fields[3])} is region number {regions.Count}; expected at most {InputLimits.MaxRegions} regions");
                break;
            }
            if (!firstLineOfCode.TryAdd(code, csv.Line))
            {
                csv.Error(columns[0] + 1, $"duplicate ods_code {InputText.Quote(code)} (first on line {firstLineOfCode[code]}); expected each CCG once");
                continue;
            }
            rows.Add((code, fields[1], fields[3], fields[2], patients));
        }

        var errors = csv.Errors;
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new ScenarioError(path, 1, 1, "no CCG rows after the header; expected one row per CCG"));
        if (errors.Count > 0) throw new ScenarioException(errors);
        return CcgPopulation.FromRows(rows);
    }

    private static ScenarioException Single(string path, int line, int column, string message) =>
        new(new ScenarioError(path, line, column, message));
}
