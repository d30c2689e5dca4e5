using System.Diagnostics.Metrics;
using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>
/// The <c>UptakeSim</c> meter: replications completed, CCG-quarters simulated, batch latency, and the mean number of
/// CCGs at each level in the last quarter of the horizon over the replications completed so far. Published through
/// System.Diagnostics.Metrics, so any listener (OpenTelemetry, dotnet-counters, a test's MeterListener) can read it.
/// </summary>
public static class UptakeSimMetrics
{
    public const string MeterName = "UptakeSim";

    private static readonly Meter Meter = new(MeterName, "1.0");
    private static readonly Counter<long> Replications = Meter.CreateCounter<long>("uptakesim.replications.completed", "{replication}", "Monte Carlo replications completed");
    private static readonly Counter<long> CcgQuarters = Meter.CreateCounter<long>("uptakesim.ccg_quarters.simulated", "{ccg_quarter}", "CCG-quarters simulated (replications x CCGs x quarters)");
    private static readonly Histogram<double> BatchLatency = Meter.CreateHistogram<double>("uptakesim.batch.duration", "ms", "Time to simulate one batch of replications (one grain call per CCG per quarter)");
    private static readonly double[] LatestLevels = new double[Levels.Count];

    static UptakeSimMetrics()
    {
        Meter.CreateObservableGauge("uptakesim.ccgs.at_level", ObserveLevels, "{ccg}", "Mean CCGs at each level in the last quarter, over the replications completed so far");
    }

    public static void BatchCompleted(BatchTrajectories batch, TimeSpan duration, int ccgs)
    {
        Replications.Add(batch.Replications);
        CcgQuarters.Add((long)batch.Replications * ccgs * batch.Quarters);
        BatchLatency.Record(duration.TotalMilliseconds);
    }

    public static void Latest(TrajectoryAccumulator accumulator)
    {
        lock (LatestLevels)
        {
            for (var level = 1; level <= Levels.Count; level++) LatestLevels[level - 1] = accumulator.Stats(accumulator.Quarters - 1, 0, level).Mean;
        }
    }

    private static IEnumerable<Measurement<double>> ObserveLevels()
    {
        lock (LatestLevels)
        {
            return Enumerable.Range(1, Levels.Count)
                .Select(level => new Measurement<double>(LatestLevels[level - 1], new KeyValuePair<string, object?>("level", level)))
                .ToArray();
        }
    }
}
