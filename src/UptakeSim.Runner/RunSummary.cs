using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>Bands of CCGs at Levels 1, 2 and 3 in one quarter, for England or one region.</summary>
public sealed record QuarterRow(string Quarter, Band Level1, Band Level2, Band Level3)
{
    public Band this[int level] => level switch { 1 => Level1, 2 => Level2, 3 => Level3, _ => throw new ArgumentOutOfRangeException(nameof(level)) };

    /// <summary>The CCGs that exist in the quarter (the same in every run: mergers follow the scenario's schedule).</summary>
    public double Ccgs => Level1.Mean + Level2.Mean + Level3.Mean;
}

/// <summary>
/// When a share of CCGs first delegated: quarter labels at the 5th, 50th and 95th percentile across runs (null when
/// that percentile of runs never reached it within the horizon), and the mean over the runs that did.
/// </summary>
public sealed record Milestone(double ShareDelegated, long RunsReaching, double ShareOfRunsReaching, double? MeanQuarterIndex, string? MeanQuarter, string? P05, string? P50, string? P95);

/// <summary>Share of the CCGs then existing that are delegated in the last quarter of the horizon, across runs.</summary>
public sealed record ShareBand(double Mean, double P05, double P50, double P95);

/// <summary>What a Monte Carlo run found, ready for the console and the files.</summary>
public sealed record RunSummary(
    string Scenario,
    string Description,
    long Runs,
    ulong Seed,
    int Ccgs,
    bool Partial,
    IReadOnlyList<QuarterRow> England,
    IReadOnlyList<(string Region, IReadOnlyList<QuarterRow> Quarters)> Regions,
    IReadOnlyList<Milestone> Milestones)
{
    /// <summary>Per quarter, the share of registered patients whose CCG is delegated, in tenths of a percent (empty
    /// when not recorded).</summary>
    public IReadOnlyList<Band> PatientsDelegated { get; init; } = [];

    public ShareBand DelegatedAtHorizon
    {
        get
        {
            var b = England[^1].Level3;
            var n = England[^1].Ccgs;
            return new ShareBand(b.Mean / n, b.P05 / n, b.P50 / n, b.P95 / n);
        }
    }

    public static RunSummary From(SimulationSetup setup, TrajectoryAccumulator accumulator, bool partial = false)
    {
        var scenario = setup.Scenario;
        var horizon = scenario.Horizon;
        IReadOnlyList<QuarterRow> Rows(int scope) => Enumerable.Range(0, horizon.Quarters)
            .Select(q => new QuarterRow(horizon.Label(q), accumulator.Stats(q, scope, 1), accumulator.Stats(q, scope, 2), accumulator.Stats(q, scope, 3)))
            .ToArray();
        var regions = scenario.Population.Regions.Select((name, r) => (name, Rows(r + 1))).ToArray();
        var milestones = TrajectoryAccumulator.MilestoneShares.Select((share, m) => MilestoneOf(horizon, share, accumulator.Milestone(m), accumulator.Runs)).ToArray();
        return new RunSummary(scenario.Name, scenario.Description, accumulator.Runs, scenario.Seed, setup.Ccgs, partial, Rows(0), regions, milestones)
        {
            PatientsDelegated = Enumerable.Range(0, horizon.Quarters).Select(accumulator.PatientsDelegated).ToArray(),
        };
    }

    private static Milestone MilestoneOf(Horizon horizon, double share, ReadOnlySpan<long> histogram, long runs)
    {
        var never = histogram.Length - 1;
        long reaching = 0, sum = 0;
        for (var q = 0; q < never; q++)
        {
            reaching += histogram[q];
            sum += histogram[q] * q;
        }
        string? Label(int index) => index < never ? horizon.Label(index) : null;
        double? mean = reaching > 0 ? (double)sum / reaching : null;
        return new Milestone(
            share, reaching, runs > 0 ? (double)reaching / runs : 0, mean, mean is { } m ? horizon.Label((int)Math.Round(m)) : null,
            Label(TrajectoryAccumulator.Percentile(histogram, 0.05)),
            Label(TrajectoryAccumulator.Percentile(histogram, 0.50)),
            Label(TrajectoryAccumulator.Percentile(histogram, 0.95)));
    }
}
