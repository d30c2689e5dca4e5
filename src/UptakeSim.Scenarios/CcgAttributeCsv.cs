using System.Globalization;
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
        var expectedHeader = $"expected a header row with ods_code and {Deprivation} or {Directions}* columns";
        using var csv = InputCsv.Open(path, "a CSV of CCG attributes", expectedHeader, InputLimits.MaxCcgs, "CCG rows");
        var headers = csv.Headers;
        var code = headers.ToList().IndexOf("ods_code");
        var score = headers.ToList().IndexOf(Deprivation);
        var flags = headers.Select((h, i) => (h, i)).Where(x => x.h.StartsWith(Directions, StringComparison.Ordinal)).Select(x => x.i).ToArray();
        if (code < 0 || (score < 0 && flags.Length == 0)) throw new ScenarioException(new ScenarioError(path, 1, 1, $"not the header of a CSV of CCG attributes; {expectedHeader}"));

        var index = population.CodeIndex();
        var scores = new Dictionary<int, double>();
        var directions = new Dictionary<int, bool>();
        while (csv.Read())
        {
            if (!csv.TryCcgRow(code, index, out var ccg)) continue;
            if (score >= 0)
            {
                var text = csv[score].Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) scores[ccg] = value;
                else csv.Error(score + 1, $"{InputText.Quote(text)} is not a valid {Deprivation}; expected a number");
            }
            foreach (var f in flags)
            {
                var text = csv[f].Trim();
                if (text is not ("0" or "1")) csv.Error(f + 1, $"{InputText.Quote(text)} is not a valid {headers[f]}; expected 0 or 1");
                else directions[ccg] = directions.GetValueOrDefault(ccg) || text == "1";
            }
        }
        if (csv.Errors.Count > 0) throw new ScenarioException(csv.Errors);

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
