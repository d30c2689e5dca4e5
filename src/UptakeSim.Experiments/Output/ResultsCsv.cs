using System.Globalization;
using System.Text;
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

    /// <summary>A text cell: one that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
    /// gets a leading apostrophe (OWASP's advice); then quoted as RFC 4180 requires.</summary>
    public static string Text(string field)
    {
        if (field.Length > 0 && "=+-@\t\r".Contains(field[0])) field = "'" + field;
        return field.Contains(',') || field.Contains('"') || field.Contains('\n') || field.Contains('\r') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }

    public static string Trajectories(IEnumerable<RunSummary> summaries)
    {
        var csv = new StringBuilder("scenario,quarter,level,mean,p05,p50,p95\n");
        foreach (var summary in summaries)
        {
            foreach (var row in summary.England) AppendRow(csv, $"{Text(summary.Scenario)},", row);
        }
        return csv.ToString();
    }

    public static string RegionTrajectories(IEnumerable<RunSummary> summaries)
    {
        var csv = new StringBuilder("scenario,region,quarter,level,mean,p05,p50,p95\n");
        foreach (var summary in summaries)
        {
            foreach (var (region, rows) in summary.Regions)
            {
                foreach (var row in rows) AppendRow(csv, $"{Text(summary.Scenario)},{Text(region)},", row);
            }
        }
        return csv.ToString();
    }

    public static string Comparison(ComparisonSummary summary)
    {
        var csv = new StringBuilder("scenario,reference,quarter,level,mean_difference,p05,p50,p95\n");
        foreach (var c in summary.Comparisons)
        {
            foreach (var row in c.Differences) AppendRow(csv, $"{Text(c.Scenario)},{Text(c.Reference)},", row);
        }
        return csv.ToString();
    }

    public static string Milestones(ComparisonSummary summary)
    {
        var csv = new StringBuilder("scenario,share_delegated,mean_quarter,p05,p50,p95,share_of_runs_reaching,p_earlier_than_reference,p_same_as_reference,p_later_than_reference,mean_quarters_vs_reference\n");
        foreach (var s in summary.Scenarios)
        {
            var comparison = summary.Comparisons.FirstOrDefault(c => c.Scenario == s.Scenario);
            for (var m = 0; m < s.Milestones.Count; m++)
            {
                var ms = s.Milestones[m];
                var vs = comparison?.Milestones[m];
                csv.Append(CultureInfo.InvariantCulture,
                    $"{Text(s.Scenario)},{ms.ShareDelegated},{ms.MeanQuarter},{ms.P05},{ms.P50},{ms.P95},{Number(ms.ShareOfRunsReaching)},")
                    .Append(vs is null ? ",,," : $"{Number(vs.ProbabilityEarlier)},{Number(vs.ProbabilitySame)},{Number(vs.ProbabilityLater)},{(vs.MeanQuarterDifference is { } d ? Number(d) : "")}")
                    .Append('\n');
            }
        }
        return csv.ToString();
    }

    private static void AppendRow(StringBuilder csv, string prefix, QuarterRow row)
    {
        for (var level = 1; level <= 3; level++)
        {
            var b = row[level];
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{row.Quarter},{level},{Number(b.Mean)},{b.P05},{b.P50},{b.P95}\n");
        }
    }
}
