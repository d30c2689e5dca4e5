using UptakeSim.Experiments;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>How a long-running command is shown while it goes on: plain lines, a live terminal view, or an NDJSON
/// stream; the same for every command.</summary>
public interface IProgressView : IExperimentObserver
{
    /// <summary>Where messages for the analyst go (stderr when stdout carries a machine-readable stream).</summary>
    TextWriter Messages { get; }

    void Started(JobStart start);

    Task<T> Around<T>(Func<Task<T>> run);

    void Final(JobOutcome outcome, TimeSpan elapsed);
}

/// <summary>What a command is about to do: its one-line description, and the scenario whose progress is shown.</summary>
public sealed record JobStart(string Command, string Description, SimulationSetup Setup, int BatchSize);

public enum StreamFormat
{
    Auto,
    Plain,
    Ndjson,
}

public static class ProgressViews
{
    /// <summary>NDJSON when asked; plain lines when asked or when stdout is not a terminal; otherwise the live view.</summary>
    public static IProgressView Create(StreamFormat format, SimulationSetup setup, TextWriter output, TextWriter errors) => format switch
    {
        StreamFormat.Ndjson => new NdjsonReport(output, errors),
        StreamFormat.Plain => new ConsoleReport(output, TimeSpan.FromSeconds(1)),
        _ when Console.IsOutputRedirected || output != Console.Out => new ConsoleReport(output, TimeSpan.FromSeconds(1)),
        _ => new LiveReport(setup),
    };
}
