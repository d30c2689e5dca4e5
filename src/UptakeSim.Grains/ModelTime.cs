using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace UptakeSim.Grains;

/// <summary>
/// The <c>UptakeSim.Grains</c> meter: seconds the grains spend in model code, by part (<c>ccg_start</c>: a CCG's batch
/// state; <c>step</c>: a CCG's quarter, the kernel; <c>batch_start</c>: coefficient draws and start mix;
/// <c>tally</c>: the world snapshots), exported with <c>--telemetry</c>. Wall-clock time inside the grains' methods: with
/// more runnable threads than cores it includes time the operating system gave other threads, so <c>bench</c> measures
/// what Orleans costs by difference from a plain parallel loop instead.
/// </summary>
public static class ModelTime
{
    public const string MeterName = "UptakeSim.Grains";
    public const string InstrumentName = "uptakesim.grains.model_time";

    private static readonly Meter Meter = new(MeterName, "1.0");
    private static readonly Counter<double> Seconds = Meter.CreateCounter<double>(InstrumentName, "s", "Time grains spend in model code, by part");

    /// <summary>Records the time since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>) under <paramref name="part"/>.</summary>
    public static void Since(long started, string part) => Record(Stopwatch.GetTimestamp() - started, part);

    /// <summary>Records <paramref name="ticks"/> of <see cref="Stopwatch"/> time under <paramref name="part"/>.</summary>
    public static void Record(long ticks, string part)
    {
        if (Seconds.Enabled) Seconds.Add((double)ticks / Stopwatch.Frequency, new KeyValuePair<string, object?>("part", part));
    }
}
