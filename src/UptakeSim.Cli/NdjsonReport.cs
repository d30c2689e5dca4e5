using System.Diagnostics;
using System.Text.Json;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>
/// <c>--stream ndjson</c>: stdout carries one JSON object per line and nothing else, so another program can follow a
/// run while it goes on; messages for people go to stderr. Lines (see the README for the schema):
/// <c>{"event":"start",...}</c>, then <c>{"event":"progress",...}</c> at most every 0.5 s with every quarter's bands so
/// far, <c>{"event":"retry",...}</c> when a batch is run again, and last the summary, the same object as summary.json.
/// </summary>
public sealed class NdjsonReport(TextWriter output, TextWriter errors, SimulationSetup setup) : IRunReport
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(0.5);
    private readonly Stopwatch _sinceUpdate = new();

    public TextWriter Messages => errors;

    public void Started(SimulationSetup setup, BatchPlan plan, string source)
    {
        errors.WriteLine(ConsoleReport.Describe(setup, plan, source));
        Line(json =>
        {
            json.WriteString("event", "start");
            json.WriteString("scenario", setup.Scenario.Name);
            json.WriteNumber("runs", setup.Scenario.Runs);
            json.WriteNumber("seed", setup.Seed);
            json.WriteNumber("ccgs", setup.Ccgs);
            json.WriteNumber("batch_size", plan.BatchSize);
            json.WriteStartArray("quarters");
            for (var q = 0; q < setup.Quarters; q++) json.WriteStringValue(setup.Scenario.Horizon.Label(q));
            json.WriteEndArray();
        });
    }

    public Task<T> Around<T>(Func<Task<T>> run) => run();

    public void Progress(RunProgress progress)
    {
        if (progress.RunsDone < progress.RunsTotal && _sinceUpdate.IsRunning && _sinceUpdate.Elapsed < Interval) return;
        _sinceUpdate.Restart();
        var a = progress.Accumulator;
        Line(json =>
        {
            json.WriteString("event", "progress");
            json.WriteNumber("runs_done", progress.RunsDone);
            json.WriteNumber("runs_total", progress.RunsTotal);
            json.WriteNumber("elapsed_s", Math.Round(progress.Elapsed.TotalSeconds, 3));
            json.WriteStartArray("quarters");
            for (var q = 0; q < a.Quarters; q++)
            {
                json.WriteStartObject();
                json.WriteString("quarter", setup.Scenario.Horizon.Label(q));
                for (var level = 1; level <= Levels.Count; level++)
                {
                    var b = a.Stats(q, 0, level);
                    json.WriteStartObject($"level{level}");
                    json.WriteNumber("mean", Math.Round(b.Mean, 3));
                    json.WriteNumber("p05", b.P05);
                    json.WriteNumber("p95", b.P95);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    public void Retry(BatchRetry retry) => Line(json =>
    {
        json.WriteString("event", "retry");
        json.WriteString("batch", RunReports.Describe(retry));
        json.WriteNumber("attempt", retry.NextAttempt);
        json.WriteString("reason", retry.Reason.GetBaseException().Message);
    });

    public void Final(RunSummary summary, TimeSpan elapsed, string summaryJson)
    {
        using var document = JsonDocument.Parse(summaryJson);
        Line(json =>
        {
            foreach (var property in document.RootElement.EnumerateObject()) property.WriteTo(json);
        });
        errors.WriteLine($"{summary.Scenario}: {summary.Runs} runs in {elapsed.TotalSeconds:F1} s{(summary.Partial ? " (PARTIAL: interrupted)" : "")}");
    }

    private void Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }
}
