using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>One scenario against the reference: paired differences per quarter (scenario minus reference, CCGs) in England
/// and in each region, and milestones.</summary>
public sealed record ScenarioComparison(string Scenario, string Reference, IReadOnlyList<QuarterRow> Differences, IReadOnlyList<MilestoneComparison> Milestones)
{
    public IReadOnlyList<(string Region, IReadOnlyList<QuarterRow> Quarters)> Regions { get; init; } = [];
}

/// <summary>What a comparison found: each scenario's own summary and each against the reference.</summary>
public sealed record ComparisonSummary(string Reference, long Runs, ulong Seed, bool Partial, IReadOnlyList<RunSummary> Scenarios, IReadOnlyList<ScenarioComparison> Comparisons)
{
    /// <summary>Most scenarios described one by one (charts, a report section, per-CCG results): the reference and the
    /// others in order up to this many in all.</summary>
    public const int DetailedScenarios = 24;

    public static ComparisonSummary From(IReadOnlyList<SimulationSetup> setups, ComparisonAccumulator accumulator, bool partial = false)
    {
        var reference = setups[accumulator.Reference].Scenario;
        // Each CCG's shares are kept for the scenarios a report details (the reference and the first others): a sweep's
        // thousand members would otherwise hold millions of them.
        var others = 0;
        var summaries = setups.Select((s, i) => RunSummary.From(s, accumulator.Scenarios[i], partial,
            perCcg: i == accumulator.Reference || others++ < DetailedScenarios - 1)).ToArray();
        IReadOnlyList<QuarterRow> Rows(int index, int scope) => Enumerable.Range(0, setups[index].Quarters).Select(q => new QuarterRow(
            setups[index].Scenario.Horizon.Label(q), accumulator.Difference(index, q, 1, scope), accumulator.Difference(index, q, 2, scope), accumulator.Difference(index, q, 3, scope))).ToArray();
        var comparisons = setups.Select((s, i) => (Setup: s, Index: i)).Where(x => x.Index != accumulator.Reference)
            .Select(x => new ScenarioComparison(
                x.Setup.Scenario.Name, reference.Name, Rows(x.Index, 0),
                Enumerable.Range(0, TrajectoryAccumulator.MilestoneShares.Length).Select(m => accumulator.Milestone(x.Index, m)).ToArray())
            {
                Regions = reference.Population.Regions.Select((name, r) => (name, Rows(x.Index, r + 1))).ToArray(),
            })
            .ToArray();
        return new ComparisonSummary(reference.Name, accumulator.PairedRuns, reference.Seed, partial, summaries, comparisons);
    }
}
