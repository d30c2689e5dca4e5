using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>One scenario against the reference: paired differences per quarter (scenario minus reference, CCGs) and milestones.</summary>
public sealed record ScenarioComparison(string Scenario, string Reference, IReadOnlyList<QuarterRow> Differences, IReadOnlyList<MilestoneComparison> Milestones);

/// <summary>What a comparison found: each scenario's own summary and each against the reference.</summary>
public sealed record ComparisonSummary(string Reference, long Runs, ulong Seed, bool Partial, IReadOnlyList<RunSummary> Scenarios, IReadOnlyList<ScenarioComparison> Comparisons)
{
    public static ComparisonSummary From(IReadOnlyList<SimulationSetup> setups, ComparisonAccumulator accumulator, bool partial = false)
    {
        var reference = setups[accumulator.Reference].Scenario;
        var summaries = setups.Select((s, i) => RunSummary.From(s, accumulator.Scenarios[i], partial)).ToArray();
        var comparisons = setups.Select((s, i) => (Setup: s, Index: i)).Where(x => x.Index != accumulator.Reference)
            .Select(x => new ScenarioComparison(
                x.Setup.Scenario.Name, reference.Name,
                Enumerable.Range(0, x.Setup.Quarters).Select(q => new QuarterRow(x.Setup.Scenario.Horizon.Label(q),
                    accumulator.Difference(x.Index, q, 1), accumulator.Difference(x.Index, q, 2), accumulator.Difference(x.Index, q, 3))).ToArray(),
                Enumerable.Range(0, TrajectoryAccumulator.MilestoneShares.Length).Select(m => accumulator.Milestone(x.Index, m)).ToArray()))
            .ToArray();
        return new ComparisonSummary(reference.Name, accumulator.PairedRuns, reference.Seed, partial, summaries, comparisons);
    }
}
