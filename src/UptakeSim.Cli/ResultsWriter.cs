using System.Globalization;
using System.Text;
using System.Text.Json;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>
/// Writes results: summary.json, trajectories.csv (England, tidy), regions.csv (per NHS England region, tidy), the
/// resolved scenario YAML and, for comparisons, comparison.csv and milestones.csv. Each file is written to a temporary
/// name and renamed into place, so an interrupted run never leaves a half-written file. Numbers use the invariant
/// culture and fixed decimals, so the same scenarios, seed and runs give byte-identical files.
/// </summary>
public static class ResultsWriter
{
    public static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    public static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    public static string Quote(string field) =>
        field.Contains(',') || field.Contains('"') || field.Contains('\n') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;

    public static string Trajectories(IEnumerable<RunSummary> summaries)
    {
        var csv = new StringBuilder("scenario,quarter,level,mean,p05,p50,p95\n");
        foreach (var summary in summaries)
        {
            foreach (var row in summary.England) AppendRow(csv, $"{Quote(summary.Scenario)},", row);
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
                foreach (var row in rows) AppendRow(csv, $"{Quote(summary.Scenario)},{Quote(region)},", row);
            }
        }
        return csv.ToString();
    }

    public static string Comparison(ComparisonSummary summary)
    {
        var csv = new StringBuilder("scenario,reference,quarter,level,mean_difference,p05,p50,p95\n");
        foreach (var c in summary.Comparisons)
        {
            foreach (var row in c.Differences) AppendRow(csv, $"{Quote(c.Scenario)},{Quote(c.Reference)},", row);
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
                    $"{Quote(s.Scenario)},{ms.ShareDelegated},{ms.MeanQuarter},{ms.P05},{ms.P50},{ms.P95},{Number(ms.ShareOfRunsReaching)},")
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

    public static string SummaryJson(RunSummary summary, string engine) => Json(json =>
    {
        json.WriteStartObject();
        WriteRun(json, summary);
        json.WriteString("engine", engine);
        json.WriteEndObject();
    });

    public static string ComparisonJson(ComparisonSummary summary, string engine) => Json(json =>
    {
        json.WriteStartObject();
        json.WriteString("reference", summary.Reference);
        json.WriteNumber("runs", summary.Runs);
        json.WriteNumber("seed", summary.Seed);
        json.WriteBoolean("partial", summary.Partial);
        json.WriteString("engine", engine);
        json.WriteString("note", "differences are scenario minus reference in the same replications (common random numbers)");
        json.WriteStartArray("scenarios");
        foreach (var s in summary.Scenarios)
        {
            json.WriteStartObject();
            WriteRun(json, s);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("comparisons");
        foreach (var c in summary.Comparisons)
        {
            json.WriteStartObject();
            json.WriteString("scenario", c.Scenario);
            json.WriteString("reference", c.Reference);
            json.WritePropertyName("differences");
            WriteQuarters(json, c.Differences);
            json.WriteStartArray("milestones");
            foreach (var m in c.Milestones)
            {
                json.WriteStartObject();
                json.WriteNumber("share_delegated", m.ShareDelegated);
                json.WriteNumber("p_earlier_than_reference", Math.Round(m.ProbabilityEarlier, 6));
                json.WriteNumber("p_same_as_reference", Math.Round(m.ProbabilitySame, 6));
                json.WriteNumber("p_later_than_reference", Math.Round(m.ProbabilityLater, 6));
                if (m.MeanQuarterDifference is { } d) json.WriteNumber("mean_quarters_vs_reference", Math.Round(d, 3));
                else json.WriteNull("mean_quarters_vs_reference");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteRun(Utf8JsonWriter json, RunSummary summary)
    {
        json.WriteString("scenario", summary.Scenario);
        json.WriteString("description", summary.Description);
        json.WriteNumber("runs", summary.Runs);
        json.WriteNumber("seed", summary.Seed);
        json.WriteNumber("ccgs", summary.Ccgs);
        json.WriteBoolean("partial", summary.Partial);
        json.WritePropertyName("quarters");
        WriteQuarters(json, summary.England);
        json.WriteStartArray("share_of_patients_delegated");
        for (var q = 0; q < summary.PatientsDelegated.Count; q++)
        {
            var b = summary.PatientsDelegated[q];
            json.WriteStartObject();
            json.WriteString("quarter", summary.England[q].Quarter);
            json.WriteNumber("mean", Math.Round(b.Mean / BatchTrajectories.PerMille, 6));
            json.WriteNumber("p05", (double)b.P05 / BatchTrajectories.PerMille);
            json.WriteNumber("p50", (double)b.P50 / BatchTrajectories.PerMille);
            json.WriteNumber("p95", (double)b.P95 / BatchTrajectories.PerMille);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("milestones");
        foreach (var m in summary.Milestones)
        {
            json.WriteStartObject();
            json.WriteNumber("share_delegated", m.ShareDelegated);
            json.WriteNumber("runs_reaching", m.RunsReaching);
            json.WriteNumber("share_of_runs_reaching", Math.Round(m.ShareOfRunsReaching, 6));
            WriteNullable(json, "mean_quarter", m.MeanQuarter);
            if (m.MeanQuarterIndex is { } index) json.WriteNumber("mean_quarters_from_start", Math.Round(index, 3));
            else json.WriteNull("mean_quarters_from_start");
            WriteNullable(json, "p05", m.P05);
            WriteNullable(json, "p50", m.P50);
            WriteNullable(json, "p95", m.P95);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        var horizon = summary.DelegatedAtHorizon;
        json.WriteStartObject("share_delegated_at_horizon");
        json.WriteNumber("mean", Math.Round(horizon.Mean, 6));
        json.WriteNumber("p05", Math.Round(horizon.P05, 6));
        json.WriteNumber("p50", Math.Round(horizon.P50, 6));
        json.WriteNumber("p95", Math.Round(horizon.P95, 6));
        json.WriteEndObject();
        json.WriteStartObject("regions");
        foreach (var (region, rows) in summary.Regions)
        {
            json.WritePropertyName(region);
            WriteQuarters(json, rows);
        }
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static void WriteQuarters(Utf8JsonWriter json, IReadOnlyList<QuarterRow> rows)
    {
        json.WriteStartArray();
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString("quarter", row.Quarter);
            json.WriteNumber("ccgs", Math.Round(row.Ccgs, 3));
            for (var level = 1; level <= 3; level++)
            {
                var b = row[level];
                json.WriteStartObject($"level{level}");
                json.WriteNumber("mean", Math.Round(b.Mean, 3));
                json.WriteNumber("p05", b.P05);
                json.WriteNumber("p50", b.P50);
                json.WriteNumber("p95", b.P95);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
