using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>
/// Aggregates several scenarios run with common random numbers (replication r of each draws the same numbers
/// wherever the scenarios do not differ) and the paired differences of each against the reference: per quarter and
/// level, for England and each region (scope 0 and 1..R as in <see cref="TrajectoryAccumulator"/>, counting the CCGs that
/// exist in the quarter), the difference in CCGs (an integer in -N..N, so exact histograms again), and for each milestone whether
/// the scenario reached it earlier, in the same quarter or later than the reference in the same replication.
/// A batch is folded in, into each scenario's own aggregate as into the differences, once every scenario has delivered
/// it, then dropped: so memory stays bounded, and a comparison stopped early covers the same replications in every
/// scenario.
/// </summary>
public sealed class ComparisonAccumulator
{
    private readonly int _referenceIndex;
    private readonly int _quarters;
    private readonly int _scopes;
    private readonly Dictionary<int, BatchTrajectories?[]> _waiting = new();
    private readonly ExactHistogram[][] _differences;
    private readonly long[][][] _milestoneOrder;
    private readonly long[][] _milestoneGapSum;
    private readonly long[][] _milestoneBothReached;

    public ComparisonAccumulator(IReadOnlyList<SimulationSetup> setups, int reference)
    {
        if (setups.Select(s => (s.Ccgs, s.Quarters)).Distinct().Count() != 1)
            throw new ArgumentException("scenarios compared must simulate the same number of CCGs over the same number of quarters", nameof(setups));
        _referenceIndex = reference;
        _quarters = setups[0].Quarters;
        _scopes = setups[0].Regions + 1;
        Scenarios = setups.Select(s => new TrajectoryAccumulator(s)).ToArray();
        _reference = setups[reference];
        Decomposed = [.. Enumerable.Range(0, setups.Count).Where(s => s != reference).Take(ComparisonSummary.DetailedScenarios - 1)];
        Aprils = [.. Enumerable.Range(0, _quarters).Where(q => _reference.Scenario.Horizon[q].Number == 1)];
        // The reference needs no differences from itself.
        _differences = setups.Select((_, s) => s == reference ? [] : Enumerable.Range(0, _quarters * _scopes * Levels.Count).Select(_ => new ExactHistogram()).ToArray()).ToArray();
        _milestoneOrder = setups.Select(_ => TrajectoryAccumulator.MilestoneShares.Select(_ => new long[3]).ToArray()).ToArray();
        _milestoneGapSum = setups.Select(_ => new long[TrajectoryAccumulator.MilestoneShares.Length]).ToArray();
        _milestoneBothReached = setups.Select(_ => new long[TrajectoryAccumulator.MilestoneShares.Length]).ToArray();
    }

    public IReadOnlyList<TrajectoryAccumulator> Scenarios { get; }

    /// <summary>The replications (numbers below this) whose parameters and differences are kept for what the
    /// differences rest on: enough for a regression on a dozen parameters, bounded whatever the runs, and the same
    /// replications whatever order batches complete in.</summary>
    public const int MaxDecomposedRuns = 20_000;

    private readonly SortedDictionary<int, (double[] Parameters, float[] Differences)> _kept = [];

    /// <summary>The coefficients each kept replication drew (the reference's row: a posterior particle, uncertain
    /// coefficients), in table order, in replication order.</summary>
    public IReadOnlyList<double[]> ParameterRows => [.. _kept.Values.Select(v => v.Parameters)];

    /// <summary>For each kept replication, per scenario decomposed (<see cref="Decomposed"/>) and April
    /// (<see cref="Aprils"/>), the scenario's delegated CCGs minus the reference's.</summary>
    public IReadOnlyList<float[]> DifferenceRows => [.. _kept.Values.Select(v => v.Differences)];

    /// <summary>The scenarios (not the reference) whose differences are decomposed: those described one by one.</summary>
    public int[] Decomposed { get; }

    /// <summary>The quarter indices of the Aprils (first quarters of a financial year) of the horizon.</summary>
    public int[] Aprils { get; }

    private readonly SimulationSetup _reference;

    public int Reference => _referenceIndex;

    /// <summary>Replications folded into the paired statistics (every scenario has delivered them).</summary>
    public long PairedRuns { get; private set; }

    /// <returns>The batch of every scenario, in scenario order, once the last of them has been added and the
    /// replications paired (for per-run output); otherwise null.</returns>
    public BatchTrajectories[]? Add(int scenario, BatchTrajectories batch)
    {
        if (!_waiting.TryGetValue(batch.FirstReplication, out var slot))
        {
            slot = new BatchTrajectories?[Scenarios.Count];
            _waiting.Add(batch.FirstReplication, slot);
        }
        slot[scenario] = batch;
        if (slot.Any(b => b is null)) return null;
        _waiting.Remove(batch.FirstReplication);
        var paired = slot.Select(b => b!).ToArray();
        for (var s = 0; s < paired.Length; s++) Scenarios[s].Add(paired[s]);
        Pair(paired);
        return paired;
    }

    private void Pair(BatchTrajectories[] batches)
    {
        var reference = batches[_referenceIndex];
        Keep(batches, reference);
        for (var s = 0; s < batches.Length; s++)
        {
            if (s == _referenceIndex) continue;
            var other = batches[s];
            for (var r = 0; r < reference.Replications; r++)
            {
                for (var q = 0; q < _quarters; q++)
                {
                    for (var scope = 0; scope < _scopes; scope++)
                    {
                        for (var level = 1; level <= Levels.Count; level++)
                        {
                            var cell = Cell(q, scope, level);
                            _differences[s][cell].Add(other.Count(r, q, scope, level) - reference.Count(r, q, scope, level));
                        }
                    }
                }
                for (var m = 0; m < TrajectoryAccumulator.MilestoneShares.Length; m++)
                {
                    var share = TrajectoryAccumulator.MilestoneShares[m];
                    var mine = TrajectoryAccumulator.FirstQuarterReaching(other, r, share);
                    var theirs = TrajectoryAccumulator.FirstQuarterReaching(reference, r, share);
                    _milestoneOrder[s][m][mine < theirs ? 0 : mine == theirs ? 1 : 2]++;
                    if (mine < _quarters && theirs < _quarters)
                    {
                        _milestoneGapSum[s][m] += mine - theirs;
                        _milestoneBothReached[s][m]++;
                    }
                }
            }
        }
        PairedRuns += reference.Replications;
    }

    /// <summary>Keeps each replication's parameters and differences, up to <see cref="MaxDecomposedRuns"/>.</summary>
    private void Keep(BatchTrajectories[] batches, BatchTrajectories reference)
    {
        if (reference.FirstReplication >= MaxDecomposedRuns || Decomposed.Length == 0) return;
        var behaviour = _reference.Scenario.Behaviour;
        var rows = behaviour.Draw(_reference.Seed, reference.FirstReplication, reference.Replications);
        var k = behaviour.Table.Count;
        for (var r = 0; r < reference.Replications && reference.FirstReplication + r < MaxDecomposedRuns; r++)
        {
            var differences = new float[Decomposed.Length * Aprils.Length];
            for (var d = 0; d < Decomposed.Length; d++)
            {
                for (var a = 0; a < Aprils.Length; a++)
                {
                    differences[d * Aprils.Length + a] = batches[Decomposed[d]].Count(r, Aprils[a], 0, Levels.Delegated) - reference.Count(r, Aprils[a], 0, Levels.Delegated);
                }
            }
            _kept[reference.FirstReplication + r] = (rows.AsSpan(r * k, k).ToArray(), differences);
        }
    }

    private int Cell(int quarter, int scope, int level) => (quarter * _scopes + scope) * Levels.Count + level - 1;

    /// <summary>Scenario minus reference, in CCGs at <paramref name="level"/> in England (scope 0) or region scope - 1,
    /// in the same replications.</summary>
    public Band Difference(int scenario, int quarter, int level, int scope = 0)
    {
        return _differences[scenario][Cell(quarter, scope, level)].Band();
    }

    public MilestoneComparison Milestone(int scenario, int milestone)
    {
        var order = _milestoneOrder[scenario][milestone];
        double Share(long n) => PairedRuns == 0 ? double.NaN : (double)n / PairedRuns;
        var both = _milestoneBothReached[scenario][milestone];
        return new MilestoneComparison(TrajectoryAccumulator.MilestoneShares[milestone], Share(order[0]), Share(order[1]), Share(order[2]),
            both == 0 ? null : (double)_milestoneGapSum[scenario][milestone] / both);
    }
}

/// <summary>How often a scenario reached a milestone before, with, or after the reference in the same replication
/// (never counts as after every quarter), and the mean gap in quarters where both reached it.</summary>
public sealed record MilestoneComparison(double ShareDelegated, double ProbabilityEarlier, double ProbabilitySame, double ProbabilityLater, double? MeanQuarterDifference);
