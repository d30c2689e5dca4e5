using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>How a run is shown while it goes on: plain lines, a live terminal view, or an NDJSON stream.</summary>
public interface IRunReport
{
    /// <summary>Where messages for the analyst go (stderr when stdout carries a machine-readable stream).</summary>
    TextWriter Messages { get; }

    void Started(SimulationSetup setup, BatchPlan plan, string source);

    Task<T> Around<T>(Func<Task<T>> run);

    void Progress(RunProgress progress);

    void Retry(BatchRetry retry);

    /// <param name="summaryJson">The summary as written to summary.json.</param>
    void Final(RunSummary summary, TimeSpan elapsed, string summaryJson);
}

public enum StreamFormat
{
    Auto,
    Plain,
    Ndjson,
}

public static class RunReports
{
    /// <summary>NDJSON when asked; plain lines when asked or when stdout is not a terminal; otherwise the live view.</summary>
    public static IRunReport Create(StreamFormat format, SimulationSetup setup, TextWriter output, TextWriter errors) => format switch
    {
        StreamFormat.Ndjson => new NdjsonReport(output, errors, setup),
        StreamFormat.Plain => new ConsoleReport(output, setup, TimeSpan.FromSeconds(1)),
        _ when Console.IsOutputRedirected || Console.IsErrorRedirected && output != Console.Out => new ConsoleReport(output, setup, TimeSpan.FromSeconds(1)),
        _ => new LiveReport(setup),
    };

    public static string Describe(BatchRetry retry) => retry.Item switch
    {
        Batch b => $"replications {b.FirstReplication}-{b.FirstReplication + b.Replications - 1}",
        _ => retry.Item.ToString() ?? "a batch",
    };
}
