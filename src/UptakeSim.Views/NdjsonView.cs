using System.Diagnostics;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Views;

/// <summary>
/// <c>--stream ndjson</c>: stdout carries one JSON object per line and nothing else, so another program can follow a
/// command while it goes on; messages for people go to stderr. Lines (see the README for the schema): a start event,
/// progress at most every 0.5 s with every quarter's bands so far, retries, the command's own steps, and last the
/// result, the same object as the result file (summary.json, fit.json or sensitivity.json).
/// </summary>
public sealed class NdjsonView(TextWriter output, TextWriter errors) : IProgressView
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(0.5);
    private readonly Stopwatch _sinceUpdate = new();
    private readonly Lock _lock = new();
    private Horizon? _horizon;

    public TextWriter Messages => errors;

    /// <summary>Messages go to stderr as whole lines, for a log as much as for a terminal.</summary>
    public int Width => int.MaxValue;

    public TextWriter Alerts(TextWriter errors) => errors;

    public void Started(JobStart start)
    {
        _horizon = start.Setup.Scenario.Horizon;
        errors.WriteLine(start.Description);
        Line(ResultsJson.EventLine("start", StartEvent.Of(start.Command, start.Setup, start.BatchSize)));
    }

    public Task<T> Around<T>(Func<Task<T>> run) => run();

    public void Progress(RunProgress progress)
    {
        if (progress.RunsDone < progress.RunsTotal && _sinceUpdate.IsRunning && _sinceUpdate.Elapsed < Interval) return;
        _sinceUpdate.Restart();
        Line(ResultsJson.EventLine("progress", ProgressEvent.Of(progress, _horizon!)));
    }

    public void Retry(BatchRetry retry) => Line(ResultsJson.EventLine("retry", RetryEvent.Of(retry)));

    public void Step(ExperimentStep step) => Line(ResultsJson.EventLine(step.Event, step));

    public void Note(string message) => errors.WriteLine(message);

    public void Final(JobOutcome outcome, TimeSpan elapsed)
    {
        if (outcome.Document is { } document) Line(ResultsJson.Line(document));
        errors.WriteLine(Tables.Headline(outcome, elapsed));
    }

    private void Line(string json)
    {
        lock (_lock)
        {
            output.WriteLine(json);
            output.Flush();
        }
    }
}
