using System.Globalization;
using CsvHelper;
using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// Reads a CCG list (RFC 4180 CSV with a header row). Columns are found by name, so extra columns and any order
/// are fine. Problems are reported as file:line:column, the column being the 1-based field number; the file is held to
/// <see cref="InputLimits"/> (size, rows, columns).
/// </summary>
public static class CcgCsv
{
    private static readonly string[] Required = ["ods_code", "name", "area_team", "region", "registered_patients_2015q1"];

    public static CcgPopulation Load(string path)
    {
        var text = InputFile.ReadText(path, path, "file", "a CSV of CCGs", InputLimits.MaxCsvFileBytes, message => new ScenarioError(path, 0, 0, message));

        var errors = new List<ScenarioError>();
        var options = CsvReaderOptions.Default with
        {
            // Detecting the separator could pick another one in a file with few columns.
            Separator = ',',
            TrackLineNumbers = true,
            OnMalformedRecord = bad => errors.Add(new ScenarioError(path, (int)bad.LineNumber, 0, $"malformed CSV ({bad.Reason}); expected RFC 4180 quoting")),
        };
        var rows = new List<(string Code, string Name, string Region, string Footprint, int Patients)>();
        using var csv = CsvReader.FromText(text, options);
        var headers = csv.Headers;
        if (headers.Count == 0) throw Single(path, 1, 1, $"empty file; expected a header row with columns {string.Join(", ", Required)}");
        if (headers.Count > InputLimits.MaxCsvColumns)
        {
            throw Single(path, 1, InputLimits.MaxCsvColumns + 1, $"the header has {headers.Count} columns; expected at most {InputLimits.MaxCsvColumns}");
        }
        var missing = Required.Where(name => !headers.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            throw Single(path, 1, 1, $"missing column(s) {string.Join(", ", missing)}; expected a header row with columns {string.Join(", ", Required)}");
        }

        var columns = Required.Select(name => headers.ToList().IndexOf(name)).ToArray();
        var firstLineOfCode = new Dictionary<string, int>();
        var regions = new HashSet<string>();
        var records = 0;
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            if (++records > InputLimits.MaxCcgs)
            {
                errors.Add(new ScenarioError(path, line, 1, $"more than {InputLimits.MaxCcgs} CCG rows; expected at most {InputLimits.MaxCcgs}"));
                break;
            }
            if (csv.FieldCount < headers.Count)
            {
                errors.Add(new ScenarioError(path, line, csv.FieldCount, $"row has {csv.FieldCount} fields; expected {headers.Count} as in the header"));
                continue;
            }
            var fields = columns.Select(csv.GetString).ToArray();
            var rowOk = true;
            for (var i = 0; i < fields.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(fields[i]))
                {
                    errors.Add(new ScenarioError(path, line, columns[i] + 1, $"empty {Required[i]}; expected a value"));
                    rowOk = false;
                }
                else if (!InputText.IsClean(fields[i], allowLineBreaks: false))
                {
                    // Names end up in output file cells and console lines.
                    errors.Add(new ScenarioError(path, line, columns[i] + 1, $"a control character or line break in {Required[i]} {InputText.Quote(fields[i])}; expected text on one line"));
                    rowOk = false;
                }
            }
            if (!rowOk) continue;

            var (code, patientsText) = (fields[0], fields[4]);
            if (!int.TryParse(patientsText, NumberStyles.None, CultureInfo.InvariantCulture, out var patients))
            {
                errors.Add(new ScenarioError(path, line, columns[4] + 1, $"{InputText.Quote(patientsText)} is not a valid registered_patients_2015q1; expected a non-negative whole number"));
                continue;
            }
            if (regions.Add(fields[3]) && regions.Count > InputLimits.MaxRegions)
            {
                errors.Add(new ScenarioError(path, line, columns[3] + 1, $"region {InputText.Quote(fields[3])} is region number {regions.Count}; expected at most {InputLimits.MaxRegions} regions"));
                break;
            }
            if (!firstLineOfCode.TryAdd(code, line))
            {
                errors.Add(new ScenarioError(path, line, columns[0] + 1, $"duplicate ods_code {InputText.Quote(code)} (first on line {firstLineOfCode[code]}); expected each CCG once"));
                continue;
            }
            rows.Add((code, fields[1], fields[3], fields[2], patients));
        }

        if (rows.Count == 0 && errors.Count == 0) errors.Add(new ScenarioError(path, 1, 1, "no CCG rows after the header; expected one row per CCG"));
        if (errors.Count > 0) throw new ScenarioException(errors);
        return CcgPopulation.FromRows(rows);
    }

    private static ScenarioException Single(string path, int line, int column, string message) =>
        new(new ScenarioError(path, line, column, message));
}
