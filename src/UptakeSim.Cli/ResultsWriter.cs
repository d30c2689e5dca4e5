using System.Globalization;
using System.Text;
using System.Text.Json;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>
/// Writes a run's results: summary.json, trajectories.csv (England, tidy), regions.csv (per NHS England region, tidy)
/// and the resolved scenario.yaml. Each file is written to a temporary name and renamed into place, so an interrupted
/// run never leaves a half-written file. Numbers use the invariant culture and fixed decimals, so the same scenario,
/// seed and runs give byte-identical files.
/// </summary>
public static class ResultsWriter
{
    public static readonly string[] Files = ["summary.json", "trajectories.csv", "regions.csv", "scenario.yaml"];

    public static void Write(string directory, RunSummary summary, string resolvedYaml, string engine)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, "trajectories.csv"), Trajectories(summary));
        WriteAtomically(Path.Combine(directory, "regions.csv"), RegionTrajectories(summary));
        WriteAtomically(Path.Combine(directory, "scenario.yaml"), resolvedYaml);
        WriteAtomically(Path.Combine(directory, "summary.json"), SummaryJson(summary, engine));
    }

    public static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    public static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    public static string Trajectories(RunSummary summary)
    {
        var csv = new StringBuilder("scenario,quarter,level,mean,p05,p50,p95\n");
        foreach (var row in summary.England) AppendRow(csv, $"{summary.Scenario},", row);
        return csv.ToString();
    }

    public static string RegionTrajectories(RunSummary summary)
    {
        var csv = new StringBuilder("scenario,region,quarter,level,mean,p05,p50,p95\n");
        foreach (var (region, rows) in summary.Regions)
        {
            foreach (var row in rows) AppendRow(csv, $"{summary.Scenario},{Quote(region)},", row);
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

    private static string Quote(string field) => field.Contains(',') || field.Contains('"') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;

    public static string SummaryJson(RunSummary summary, string engine)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("scenario", summary.Scenario);
            json.WriteString("description", summary.Description);
            json.WriteNumber("runs", summary.Runs);
            json.WriteNumber("seed", summary.Seed);
            json.WriteNumber("ccgs", summary.Ccgs);
            json.WriteBoolean("partial", summary.Partial);
            json.WriteString("engine", engine);
            json.WritePropertyName("quarters");
            WriteQuarters(json, summary.England);
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
            json.WriteStartObject("regions");
            foreach (var (region, rows) in summary.Regions)
            {
                json.WritePropertyName(region);
                WriteQuarters(json, rows);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
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
