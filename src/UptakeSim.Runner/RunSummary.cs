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
/// When a share of the CCGs then existing was first delegated, as the April by which runs reached it (moves take effect
/// each April, so the April is what can be quoted): the 5th, 50th and 95th percentile across runs (null, written
/// <see cref="NotReached"/>, when that percentile of runs did not reach it within the horizon), and how many runs did.
/// Each April is the first quarter (Q1) of its financial year.
/// </summary>
public sealed record Milestone(double ShareDelegated, long RunsReaching, double ShareOfRunsReaching, Quarter? P05, Quarter? P50, Quarter? P95)
{
    /// <summary>How every output but JSON (where it is null) writes a milestone not reached within the horizon.</summary>
    public const string NotReached = "not reached";

    /// <summary>"April 2017", or <see cref="NotReached"/>.</summary>
    public static string April(Quarter? april) => april is { } a ? $"April {a.Year}" : NotReached;

    /// <summary>The April on or after the first quarter reaching the share: quarters are counted in their financial year's
    /// April when it starts them, otherwise in the next April.</summary>
    public static Quarter AprilOf(Quarter first) => first.Number == 1 ? first : new Quarter(first.Year + 1, 1);
}

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

    /// <summary>For each CCG of the list and quarter, the share of runs in which it was at level 0 (merged into another)
    /// to 3, at ((ccg * quarters + quarter) * 4 + level); null when not kept (the scenarios of a large sweep).</summary>
    public float[]? CcgShares { get; init; }

    /// <summary>The share of runs in which CCG <paramref name="ccg"/> was at <paramref name="level"/> in <paramref name="quarter"/>.</summary>
    public double CcgShare(int ccg, int quarter, int level) => CcgShares![(ccg * England.Count + quarter) * (Levels.Count + 1) + level];

    public ShareBand DelegatedAtHorizon
    {
        get
        {
            var b = England[^1].Level3;
            var n = England[^1].Ccgs;
            return new ShareBand(b.Mean / n, b.P05 / n, b.P50 / n, b.P95 / n);
        }
    }

    /// <param name="perCcg">Whether to keep each CCG's shares (<see cref="CcgShares"/>).</param>
    public static RunSummary From(SimulationSetup setup, TrajectoryAccumulator accumulator, bool partial = false, bool perCcg = true)
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
            CcgShares = perCcg && accumulator.Runs > 0
                ? [.. Enumerable.Range(0, setup.Ccgs * horizon.Quarters * (Levels.Count + 1)).Select(i => (float)accumulator.CcgShare(i / (Levels.Count + 1) / horizon.Quarters, i / (Levels.Count + 1) % horizon.Quarters, i % (Levels.Count + 1)))]
                : null,
        };
    }

    private static Milestone MilestoneOf(Horizon horizon, double share, ReadOnlySpan<long> histogram, long runs)
    {
        var never = histogram.Length - 1;
        var first = Milestone.AprilOf(horizon.Start);
        var aprils = new long[Milestone.AprilOf(horizon.Last).Year - first.Year + 2];
        for (var q = 0; q < never; q++) aprils[Milestone.AprilOf(horizon[q]).Year - first.Year] += histogram[q];
        aprils[^1] = histogram[never];
        var reaching = runs - histogram[never];
        Quarter? April(double p)
        {
            var index = TrajectoryAccumulator.Percentile(aprils, p);
            return runs == 0 || index == aprils.Length - 1 ? null : new Quarter(first.Year + index, 1);
        }
        return new Milestone(share, reaching, runs > 0 ? (double)reaching / runs : 0, April(0.05), April(0.50), April(0.95));
    }
}
