using UptakeSim.Experiments.Commands;
using UptakeSim.Model;

namespace UptakeSim.Cli;

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
