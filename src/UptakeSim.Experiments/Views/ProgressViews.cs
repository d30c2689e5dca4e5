using UptakeSim.Experiments.Commands;
using UptakeSim.Model;

namespace UptakeSim.Experiments.Views;

/// <summary>How a command shows its progress: the live view in a terminal (plain lines in a pipe), plain lines, or NDJSON.</summary>
public enum StreamFormat
{
    Auto,
    Plain,
    Ndjson,
}

/// <summary>The view a command's progress goes to, as <c>--stream</c> and <c>--plain</c> choose.</summary>
public static class ProgressViews
{
    /// <summary>NDJSON when asked; plain lines when asked or when stdout is not a terminal; otherwise the live view.</summary>
    public static IProgressView Create(StreamFormat format, SimulationSetup setup, TextWriter output, TextWriter errors) => format switch
    {
        StreamFormat.Ndjson => new NdjsonView(output, errors),
        StreamFormat.Plain => new PlainView(output, TimeSpan.FromSeconds(1)),
        _ when Console.IsOutputRedirected || output != Console.Out => new PlainView(output, TimeSpan.FromSeconds(1)),
        _ => new LiveView(setup),
    };
}
