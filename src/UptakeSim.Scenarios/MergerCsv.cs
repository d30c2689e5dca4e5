using System.Globalization;
using CsvHelper;
using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// Reads a CCG successor mapping (RFC 4180 CSV with a header row): a column <c>ods_code_2015</c> naming a CCG of the
/// population, then one column <c>ods_YYYY</c> per year giving the code of the CCG that held its area on 1 April of
/// that year. The CCGs whose codes differ in one year and share one the next merge in quarter YYYYQ1 of that next
/// year (docs/ODD.md, "Submodels: mergers"). CCGs the file does not list never merge.
/// </summary>
public static class MergerCsv
{
    private const string Key = "ods_code_2015";

    public static MergerSchedule Load(string path, CcgPopulation population)
    {
        if (!File.Exists(path)) throw new ScenarioException(new ScenarioError(path, 0, 0, "file not found; expected a CSV of CCG successor codes"));
        var errors = new List<ScenarioError>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            OnMalformedRecord = bad => errors.Add(new ScenarioError(path, (int)bad.LineNumber, 0, $"malformed CSV ({bad.Reason}); expected RFC 4180 quoting")),
        };
        var index = population.Ccgs.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var codes = new List<(int Ccg, string[] ByYear)>();
        int[] years;
        try
        {
            using var csv = CsvReader.FromFile(path, options);
            var headers = csv.Headers.ToList();
            var yearColumns = headers.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("ods_", StringComparison.Ordinal) && x.h != Key)
                .Select(x => (Column: x.i, Year: int.TryParse(x.h.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : -1)).ToArray();
            var keyColumn = headers.IndexOf(Key);
            if (keyColumn < 0 || yearColumns.Length == 0 || yearColumns.Any(c => c.Year < 0) || !yearColumns.Select(c => c.Year).SequenceEqual(yearColumns.Select(c => c.Year).Order()))
            {
                throw new ScenarioException(new ScenarioError(path, 1, 1, $"expected a header row with {Key} and then columns ods_YYYY for increasing years, e.g. {Key},ods_2016,ods_2017"));
            }
            years = yearColumns.Select(c => c.Year).ToArray();
            var seen = new HashSet<int>();
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                if (csv.FieldCount < headers.Count)
                {
                    errors.Add(new ScenarioError(path, line, csv.FieldCount, $"row has {csv.FieldCount} fields; expected {headers.Count} as in the header"));
                    continue;
                }
                var code = csv.GetString(keyColumn).Trim();
                if (!index.TryGetValue(code, out var ccg))
                {
                    errors.Add(new ScenarioError(path, line, keyColumn + 1, $"unknown CCG '{code}'; expected an ods_code of the scenario's CCG list"));
                    continue;
                }
                if (!seen.Add(ccg))
                {
                    errors.Add(new ScenarioError(path, line, keyColumn + 1, $"CCG '{code}' appears twice; expected each CCG once"));
                    continue;
                }
                var byYear = yearColumns.Select(c => csv.GetString(c.Column).Trim()).ToArray();
                var empty = Array.FindIndex(byYear, string.IsNullOrEmpty);
                if (empty >= 0)
                {
                    errors.Add(new ScenarioError(path, line, yearColumns[empty].Column + 1, $"empty ods_{years[empty]}; expected the code of the CCG holding the area on 1 April {years[empty]}"));
                    continue;
                }
                codes.Add((ccg, [code, .. byYear]));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(new ScenarioError(path, 0, 0, $"cannot read the file: {e.Message}"));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);

        var mergers = new List<Merger>();
        for (var y = 0; y < years.Length; y++)
        {
            foreach (var group in codes.GroupBy(c => c.ByYear[y + 1], StringComparer.Ordinal).OrderBy(g => g.Min(c => c.Ccg)))
            {
                if (group.Select(c => c.ByYear[y]).Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    mergers.Add(new Merger(new Quarter(years[y], 1), group.Select(c => c.Ccg).Order().ToArray()));
                }
            }
        }
        return new MergerSchedule(mergers, $"successor mapping {Path.GetFileName(path)}");
    }
}
