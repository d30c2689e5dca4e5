using System.Diagnostics;
using UptakeSim.Experiments.Commands;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Views;

/// <summary>
/// Streams a command to the console as plain lines (no control codes, so it reads the same in a terminal and a pipe):
/// progress and the national bands for each April as batches complete, at most one update per interval, the
/// command's own steps, then its results.
/// </summary>
public sealed class PlainView(TextWriter output, TimeSpan interval) : IProgressView
{
    private readonly Stopwatch _sinceUpdate = new();
    private Model.Horizon? _horizon;

    public TextWriter Messages => output;

    public void Started(JobStart start)
    {
        _horizon = start.Setup.Scenario.Horizon;
        output.WriteLine(start.Description);
    }

    public Task<T> Around<T>(Func<Task<T>> run) => run();

    public void Retry(BatchRetry retry) => output.WriteLine(BatchDescription.Retry(retry));

    public void Step(ExperimentStep step) => output.WriteLine(step.Describe());

    public void Note(string message) => output.WriteLine(message);

    public void Progress(RunProgress progress)
    {
        if (progress.RunsDone >= progress.RunsTotal || (_sinceUpdate.IsRunning && _sinceUpdate.Elapsed < interval)) return;
        _sinceUpdate.Restart();
        var rate = progress.RunsDone / Math.Max(progress.Elapsed.TotalSeconds, 1e-3);
        output.WriteLine($"runs {progress.RunsDone}/{progress.RunsTotal} ({100.0 * progress.RunsDone / progress.RunsTotal:F0}%), {progress.Elapsed.TotalSeconds:F1} s, {rate:F0} runs/s; CCGs at each level so far, mean [90% band]:");
        for (var q = 0; q < _horizon!.Quarters; q++)
        {
            if (_horizon[q].Number == 1 || q == _horizon.Quarters - 1) output.WriteLine(Tables.Row(_horizon.Label(q), q, progress.Accumulator));
        }
        output.Flush();
    }

    public void Final(JobOutcome outcome, TimeSpan elapsed) => Tables.Print(output, outcome, elapsed, Tables.Width());
}
