using System.Globalization;
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
        var expectedHeader = $"expected a header row with {Key} and then columns ods_YYYY for increasing years, e.g. {Key},ods_2016,ods_2017";
        using var csv = InputCsv.Open(path, "a CSV of CCG successor codes", expectedHeader, InputLimits.MaxCcgs, "CCG rows");
        var headers = csv.Headers;
        var yearColumns = headers.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("ods_", StringComparison.Ordinal) && x.h != Key)
            .Select(x => (Column: x.i, Year: int.TryParse(x.h.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2999 ? y : -1)).ToArray();
        var keyColumn = headers.ToList().IndexOf(Key);
        if (keyColumn < 0 || yearColumns.Length == 0 || yearColumns.Any(c => c.Year < 0) || !yearColumns.Select(c => c.Year).SequenceEqual(yearColumns.Select(c => c.Year).Order()))
        {
            throw new ScenarioException(new ScenarioError(path, 1, 1, $"not the header of a CSV of CCG successor codes; {expectedHeader}"));
        }
        var years = yearColumns.Select(c => c.Year).ToArray();
        var index = population.CodeIndex();
        var codes = new List<(int Ccg, string[] ByYear)>();
        while (csv.Read())
        {
            if (!csv.TryCcgRow(keyColumn, index, out var ccg)) continue;
            var byYear = yearColumns.Select(c => csv[c.Column].Trim()).ToArray();
            var empty = Array.FindIndex(byYear, string.IsNullOrEmpty);
            if (empty >= 0)
            {
                csv.Error(yearColumns[empty].Column + 1, $"empty ods_{years[empty]}; expected the code of the CCG holding the area on 1 April {years[empty]}");
                continue;
            }
            codes.Add((ccg, [csv[keyColumn].Trim(), .. byYear]));
        }
        if (csv.Errors.Count > 0) throw new ScenarioException(csv.Errors);

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
