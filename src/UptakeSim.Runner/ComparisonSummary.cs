using System.Globalization;
using UptakeSim.Analysis;
using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>One scenario against the reference: paired differences per quarter (scenario minus reference, CCGs) in England
/// and in each region, and milestones.</summary>
public sealed record ScenarioComparison(string Scenario, string Reference, IReadOnlyList<QuarterRow> Differences, IReadOnlyList<MilestoneComparison> Milestones)
{
    public IReadOnlyList<(string Region, IReadOnlyList<QuarterRow> Quarters)> Regions { get; init; } = [];

    /// <summary>For each April, what the difference in delegated CCGs rests on (empty when the comparison kept no
    /// parameters: a scenario beyond those described one by one).</summary>
    public IReadOnlyList<(string April, Analysis.EffectDecomposition Decomposition)> RestsOn { get; init; } = [];

    /// <summary>Below this mean paired difference (CCGs) at every quarter and level, a what-if has no effect within noise.</summary>
    public const double NoEffectBelow = 0.5;

    /// <summary>The what-if moves no level by half a CCG on average in any quarter: the levers it changes are inert in
    /// this model (e.g. <c>policy.risk_sharing</c> alone), which the analyst is told rather than shown a row of zeros.</summary>
    public bool NoEffect => Differences.All(r => Math.Abs(r.Level1.Mean) < NoEffectBelow && Math.Abs(r.Level2.Mean) < NoEffectBelow && Math.Abs(r.Level3.Mean) < NoEffectBelow);
}

/// <summary>The plain-words warning of a difference that rests mainly on coefficients the data leave unconstrained.</summary>
public static class RestsOnWarning
{
    /// <summary>Share of a difference's explained variance above which the warning is given.</summary>
    public const double Above = 0.5;

    public static string? Of(EffectDecomposition d)
    {
        if (d.UnconstrainedShare < Above || d.Explained <= 0) return null;
        var names = d.Parameters.Where(p => p.Unconstrained && p.Share >= 0.05).Select(p => $"behaviour.{p.Name}").ToArray();
        var which = names.Length == 0 ? "coefficients" : string.Join(", ", names);
        return string.Create(CultureInfo.InvariantCulture,
            $"this difference rests mainly ({d.UnconstrainedShare * 100:F0}% of what the parameters explain) on {which}, which the record does not pin down");
    }
}

/// <summary>What a comparison found: each scenario's own summary and each against the reference.</summary>
public sealed record ComparisonSummary(string Reference, long Runs, ulong Seed, bool Partial, IReadOnlyList<RunSummary> Scenarios, IReadOnlyList<ScenarioComparison> Comparisons)
{
    /// <summary>Most scenarios described one by one (charts, a report section, per-CCG results): the reference and the
    /// others in order up to this many in all.</summary>
    public const int DetailedScenarios = 24;

    /// <param name="unconstrained">The coefficients the data leave unconstrained (see <see cref="Analysis.EffectDecomposition"/>).</param>
    public static ComparisonSummary From(IReadOnlyList<SimulationSetup> setups, ComparisonAccumulator accumulator, bool partial = false, IReadOnlySet<string>? unconstrained = null)
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
                RestsOn = RestsOn(setups[accumulator.Reference], accumulator, x.Index, unconstrained ?? new HashSet<string>()),
            })
            .ToArray();
        return new ComparisonSummary(reference.Name, accumulator.PairedRuns, reference.Seed, partial, summaries, comparisons);
    }

    private static IReadOnlyList<(string, Analysis.EffectDecomposition)> RestsOn(SimulationSetup reference, ComparisonAccumulator accumulator, int scenario, IReadOnlySet<string> unconstrained)
    {
        var d = Array.IndexOf(accumulator.Decomposed, scenario);
        var parameters = accumulator.ParameterRows;
        if (d < 0 || parameters.Count < 3) return [];
        var differences = accumulator.DifferenceRows;
        var names = reference.Scenario.Behaviour.Table.Names;
        return [.. accumulator.Aprils.Select((q, a) => (reference.Scenario.Horizon.Label(q),
            Analysis.EffectDecomposition.Of(parameters, [.. differences.Select(row => (double)row[d * accumulator.Aprils.Length + a])], names, unconstrained)))];
    }
}
