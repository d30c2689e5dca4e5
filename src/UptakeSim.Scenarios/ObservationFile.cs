using System.Globalization;
using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// Reads observations: an RFC 4180 CSV with a header row naming the columns (any order)
/// <c>quarter,scope,measure,value,sd,source</c>, one observation per row.
/// <list type="bullet">
/// <item>quarter: an NHS financial-year quarter like 2015Q1 (Q1 = April-June).</item>
/// <item>scope: England or a region name (not checked here).</item>
/// <item>measure: level1, level2, level3 (counts of CCGs, value &gt;= 0) or share_level1, share_level2, share_level3
/// (shares of the scope's CCGs, value in 0..1).</item>
/// <item>sd: optional; the uncertainty that standardises the residual. Empty (or no sd column) means
/// <see cref="DefaultCountSd"/> for counts and <see cref="DefaultShareSd"/> for shares.</item>
/// <item>source: where the figure comes from (every number has a source); free text, quoted if it has commas.</item>
/// </list>
/// Each (quarter, scope, measure) may appear once; scopes are compared ignoring case. The file is read like every
/// input (<see cref="InputFile"/>, <see cref="InputLimits"/>) and its problems are <see cref="ScenarioError"/>s.
/// </summary>
public static class ObservationFile
{
    /// <summary>Default sd of a count: two CCGs, about how far published counts disagree.</summary>
    public const double DefaultCountSd = 2.0;

    /// <summary>Default sd of a share: one percentage point.</summary>
    public const double DefaultShareSd = 0.01;

    public static readonly IReadOnlyList<string> Measures = ["level1", "level2", "level3", "share_level1", "share_level2", "share_level3"];

    private static readonly string[] Required = ["quarter", "scope", "measure", "value", "source"];
    private static readonly string[] Columns = ["quarter", "scope", "measure", "value", "sd", "source"];
    private static readonly string ExpectedHeader = $"expected a header row with columns {string.Join(',', Columns)} (sd optional)";

    /// <summary>The observations in file order; throws <see cref="ScenarioException"/> listing every bad row.</summary>
    public static IReadOnlyList<Observation> Load(string path)
    {
        using var csv = InputCsv.Open(path, "a CSV of observations", ExpectedHeader, InputLimits.MaxObservations, "observations");
        var headers = csv.Headers;
        var column = CheckHeader(path, headers);

        var observations = new List<Observation>();
        var firstLine = new Dictionary<(string, string, string), int>();
        while (csv.Read())
        {
            var line = csv.Line;
            if (csv.FieldCount != headers.Count)
            {
                csv.Error(csv.FieldCount < headers.Count ? csv.FieldCount : headers.Count + 1, $"row has {csv.FieldCount} fields; expected {headers.Count} as in the header");
                continue;
            }

            var rowErrors = csv.Errors.Count;
            void Error(string name, string message) => csv.Error(column[name] + 1, message);
            string Field(string name) => column.TryGetValue(name, out var index) ? csv[index].Trim() : "";

            var quarter = Field("quarter");
            if (!Quarter.TryParse(quarter, out _))
            {
                Error("quarter", $"{InputText.Quote(quarter)} is not a valid quarter; expected a financial-year quarter like 2015Q1 (year, 'Q', 1-4; Q1 = April-June)");
            }

            var scope = Field("scope");
            if (scope.Length == 0) Error("scope", "empty scope; expected England or a region name");
            else if (!InputText.IsClean(scope, allowLineBreaks: false)) Error("scope", $"a control character or line break in scope {InputText.Quote(scope)}; expected England or a region name");

            var measure = Field("measure");
            var isShare = measure.StartsWith("share_", StringComparison.Ordinal);
            if (!Measures.Contains(measure))
            {
                Error("measure", $"unknown measure {InputText.Quote(measure)}; expected one of {string.Join(", ", Measures)}");
            }

            var valueText = Field("value");
            var value = ParseNumber(valueText);
            if (value is null) Error("value", $"{InputText.Quote(valueText)} is not a number; expected a count of CCGs or a share 0..1");
            else if (isShare && value is < 0 or > 1) Error("value", $"share {valueText} is out of range; expected 0..1");
            else if (!isShare && value < 0) Error("value", $"count {valueText} is negative; expected a number of CCGs >= 0");

            var sdText = Field("sd");
            var sd = sdText.Length == 0 ? isShare ? DefaultShareSd : DefaultCountSd : ParseNumber(sdText);
            if (sd is not > 0) Error("sd", $"{InputText.Quote(sdText)} is not a valid sd; expected a number > 0, or empty for the default ({DefaultCountSd} for counts, {DefaultShareSd} for shares)");

            var source = Field("source");
            if (source.Length == 0) Error("source", "empty source; expected where the figure comes from (a publication, a dataset)");

            if (csv.Errors.Count > rowErrors) continue;
            var key = (quarter, scope.ToUpperInvariant(), measure);
            if (!firstLine.TryAdd(key, line))
            {
                Error("quarter", $"duplicate {measure} for {InputText.Quote(scope)} in {quarter} (first on line {firstLine[key]}); expected each quarter, scope and measure once");
                continue;
            }
            observations.Add(new Observation(quarter, scope, measure, value!.Value, sd!.Value, source, line));
        }

        var errors = csv.Errors;
        if (observations.Count == 0 && errors.Count == 0) errors.Add(new ScenarioError(path, 1, 1, "no observations after the header; expected one row per observation"));
        if (errors.Count > 0) throw new ScenarioException(errors);
        return observations;
    }

    /// <summary>Maps each known column name to its field index; throws for missing, unknown or repeated columns.</summary>
    private static Dictionary<string, int> CheckHeader(string path, IReadOnlyList<string> headers)
    {
        var errors = new List<ScenarioError>();
        var column = new Dictionary<string, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim();
            if (!Columns.Contains(name)) errors.Add(new ScenarioError(path, 1, i + 1, $"unknown column {InputText.Quote(name)}; {ExpectedHeader}"));
            else if (!column.TryAdd(name, i)) errors.Add(new ScenarioError(path, 1, i + 1, $"column '{name}' appears twice; {ExpectedHeader}"));
        }
        var missing = Required.Where(name => !column.ContainsKey(name)).ToList();
        if (missing.Count > 0) errors.Add(new ScenarioError(path, 1, 1, $"missing column(s) {string.Join(", ", missing)}; {ExpectedHeader}"));
        if (errors.Count > 0) throw new ScenarioException(errors);
        return column;
    }

    private static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
