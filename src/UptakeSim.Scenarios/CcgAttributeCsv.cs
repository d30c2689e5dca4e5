using System.Globalization;
using CsvHelper;
using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// Reads per-CCG attributes from public data (RFC 4180 CSV, header row, columns found by name) and puts them on the
/// population's records (docs/ODD.md, "Initialisation"): <c>ods_code</c>; <c>imd2015_avg_score</c>, the IMD 2015
/// average score, standardised across the listed CCGs into <see cref="CcgRecord.Deprivation"/>; and any columns
/// named <c>legal_directions_*</c> (0 or 1), a CCG being under legal directions at the start when any is 1. CCGs the
/// file does not list keep drawn attributes.
/// </summary>
public static class CcgAttributeCsv
{
    private const string Deprivation = "imd2015_avg_score";
    private const string Directions = "legal_directions_";

    public static CcgPopulation Apply(string path, CcgPopulation population)
    {
        if (!File.Exists(path)) throw new ScenarioException(new ScenarioError(path, 0, 0, "file not found; expected a CSV of CCG attributes"));
        var errors = new List<ScenarioError>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            OnMalformedRecord = bad => errors.Add(new ScenarioError(path, (int)bad.LineNumber, 0, $"malformed CSV ({bad.Reason}); expected RFC 4180 quoting")),
        };
        var index = population.Ccgs.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var scores = new Dictionary<int, double>();
        var directions = new Dictionary<int, bool>();
        try
        {
            using var csv = CsvReader.FromFile(path, options);
            var headers = csv.Headers.ToList();
            var code = headers.IndexOf("ods_code");
            var score = headers.IndexOf(Deprivation);
            var flags = headers.Select((h, i) => (h, i)).Where(x => x.h.StartsWith(Directions, StringComparison.Ordinal)).Select(x => x.i).ToArray();
            if (code < 0 || (score < 0 && flags.Length == 0))
            {
                throw new ScenarioException(new ScenarioError(path, 1, 1, $"expected a header row with ods_code and {Deprivation} or {Directions}* columns"));
            }
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                if (csv.FieldCount < headers.Count)
                {
                    errors.Add(new ScenarioError(path, line, csv.FieldCount, $"row has {csv.FieldCount} fields; expected {headers.Count} as in the header"));
                    continue;
                }
                var ods = csv.GetString(code).Trim();
                if (!index.TryGetValue(ods, out var ccg))
                {
                    errors.Add(new ScenarioError(path, line, code + 1, $"unknown CCG '{ods}'; expected an ods_code of the scenario's CCG list"));
                    continue;
                }
                if (score >= 0)
                {
                    var text = csv.GetString(score).Trim();
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) scores[ccg] = value;
                    else errors.Add(new ScenarioError(path, line, score + 1, $"'{text}' is not a valid {Deprivation}; expected a number"));
                }
                foreach (var f in flags)
                {
                    var text = csv.GetString(f).Trim();
                    if (text is not ("0" or "1")) errors.Add(new ScenarioError(path, line, f + 1, $"'{text}' is not a valid {headers[f]}; expected 0 or 1"));
                    else directions[ccg] = directions.GetValueOrDefault(ccg) || text == "1";
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(new ScenarioError(path, 0, 0, $"cannot read the file: {e.Message}"));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);

        var mean = scores.Count > 0 ? scores.Values.Average() : 0;
        var sd = scores.Count > 1 ? Math.Sqrt(scores.Values.Sum(v => (v - mean) * (v - mean)) / (scores.Count - 1)) : 1;
        var records = population.Ccgs.Select((c, i) => c with
        {
            Deprivation = scores.TryGetValue(i, out var s) ? (s - mean) / sd : c.Deprivation,
            LegalDirections = directions.TryGetValue(i, out var d) ? d : c.LegalDirections,
        }).ToArray();
        return population with { Ccgs = records };
    }
}
