using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Output;

/// <summary>The first line of an NDJSON stream: the command and the scenario whose progress follows.</summary>
public sealed record StartEvent(string Command, string Scenario, long Runs, ulong Seed, int Ccgs, int BatchSize, IReadOnlyList<string> Quarters)
{
    public static StartEvent Of(string command, SimulationSetup setup, int batchSize) => new(
        command, setup.Scenario.Name, setup.Scenario.Runs, setup.Seed, setup.Ccgs, batchSize,
        Enumerable.Range(0, setup.Quarters).Select(setup.Scenario.Horizon.Label).ToArray());
}

public sealed record ProgressBand(double Mean, int P05, int P95);

public sealed record ProgressQuarter(string Quarter, ProgressBand Level1, ProgressBand Level2, ProgressBand Level3);

/// <summary>Replications done so far, with England's bands in every quarter.</summary>
public sealed record ProgressEvent(long RunsDone, long RunsTotal, double ElapsedS, IReadOnlyList<ProgressQuarter> Quarters)
{
    public static ProgressEvent Of(RunProgress p, Horizon horizon)
    {
        ProgressBand Band(int q, int level)
        {
            var b = p.Accumulator.Stats(q, 0, level);
            return new ProgressBand(Math.Round(b.Mean, 3), b.P05, b.P95);
        }
        return new ProgressEvent(p.RunsDone, p.RunsTotal, Math.Round(p.Elapsed.TotalSeconds, 3),
            Enumerable.Range(0, p.Accumulator.Quarters).Select(q => new ProgressQuarter(horizon.Label(q), Band(q, 1), Band(q, 2), Band(q, 3))).ToArray());
    }
}

public sealed record RetryEvent(string Batch, int Attempt, string Reason)
{
    public static RetryEvent Of(BatchRetry r) =>
        new(r.Item is Batch b ? BatchDescription.Of(b) : r.Item.ToString() ?? "", r.NextAttempt, r.Reason.GetBaseException().Message);
}
