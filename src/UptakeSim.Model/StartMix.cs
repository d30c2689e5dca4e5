using System.Runtime.CompilerServices;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>
/// Who held which level on the first quarter. A CCG whose level the per-CCG record gives starts there in every
/// replication (<see cref="CcgRecord.StartLevel"/>). The counts are fixed by the scenario (e.g. the observed 59/87/63
/// of 1 April 2015, delegated split by region as approved); the known CCGs count towards them and which of the others
/// hold the rest is drawn per replication: CCGs are ranked by the linear predictor of the move (Level 1 to 3 for the
/// delegated places, 1 to 2 for the joint ones, the footprint's inclination included) plus Gumbel noise (a weighted
/// draw without replacement), so CCGs in deficit, with an opposed LMC or short of capacity are likelier to start at
/// Level 1. CCGs in special measures start at Level 1 when the scenario's eligibility rules bar them from the move
/// (seed: they opted for Level 1). See docs/ODD.md, "Initialisation".
/// </summary>
public static class StartMix
{
    /// <summary>Replications scored and ranked together: 32 x 2 scores x a few hundred CCGs stay under the
    /// large-object threshold and in the core's cache.</summary>
    private const int ScoreChunk = 32;

    /// <summary>Levels of every CCG in one replication.</summary>
    public static byte[] Assign(SimulationSetup setup, int replication, ReadOnlySpan<double> coefficients) =>
        Assign(setup, replication, 1, coefficients.ToArray()).Select(c => c.Levels[0]).ToArray();

    /// <summary>
    /// The first quarter of every CCG in each replication of a batch (<paramref name="coefficients"/>: the batch's
    /// drawn rows, replication then coefficient). The ranking needs every CCG's attributes, so their draws are made
    /// here, a CCG at a time across the batch's replications, and handed on to the CCG (<see cref="CcgStart"/>).
    /// </summary>
    public static CcgStart[] Assign(SimulationSetup setup, int firstReplication, int replications, double[] coefficients)
    {
        var scenario = setup.Scenario;
        var start = scenario.Assumptions.Start;
        var n = setup.Ccgs;
        var count = scenario.Behaviour.Table.Count;
        var terms = scenario.Behaviour.Table.Terms;
        var replicationKeys = new ulong[replications];
        for (var r = 0; r < replications; r++) replicationKeys[r] = KeyedRandom.ReplicationKey(setup.Seed, firstReplication + r);
        var inclinations = Enumerable.Range(0, setup.Footprints)
            .Select(f => Enumerable.Range(0, replications).Select(r => FootprintInclination.Of(setup.Seed, firstReplication + r, f)).ToArray()).ToArray();
        var starts = new CcgStart[n];
        for (var c = 0; c < n; c++)
        {
            var keys = new ulong[replications];
            for (var r = 0; r < replications; r++) keys[r] = KeyedRandom.CcgKey(replicationKeys[r], c);
            var draws = new double[CcgStart.DrawsPerReplication * replications];
            var (finance, capacity, conflict, lmc) = CcgStart.Slices(draws, replications);
            CcgAttributes.DrawMany(keys, finance, capacity, conflict, lmc);
            starts[c] = new CcgStart(new byte[replications], keys, draws, inclinations[scenario.Population.Ccgs[c].Footprint]);
        }

        // Scored and ranked a chunk of replications at a time: the scores of a chunk (by replication, then CCG, so a
        // replication's ranking reads one row) stay in cache and off the large-object heap whatever the batch size.
        var delegateScore = new double[ScoreChunk * n];
        var joinScore = new double[ScoreChunk * n];
        var gumbelDelegated = new double[ScoreChunk];
        var gumbelJoint = new double[ScoreChunk];
        var levels = new byte[n];
        var ranking = new Ranking(n);
        var known = scenario.Population.Ccgs.Select(c => c.StartLevel).ToArray();
        var knownDelegated = known.Count(l => l == Levels.Delegated);
        var knownJoint = known.Count(l => l == Levels.Joint);
        var knownByRegion = setup.CcgsByRegion.Select(ccgs => ccgs.Count(c => known[c] == Levels.Delegated)).ToArray();
        for (var first = 0; first < replications; first += ScoreChunk)
        {
            var m = Math.Min(ScoreChunk, replications - first);
            for (var c = 0; c < n; c++)
            {
                var record = scenario.Population.Ccgs[c];
                var keys = starts[c].Keys.AsSpan(first, m);
                var (finance, capacity, conflict, lmc) = CcgStart.Slices(starts[c].AttributeDraws, replications);
                KeyedDraws.Gumbel(keys, -1, DrawPurpose.StartDelegated, gumbelDelegated, LaneWidths.Best);
                KeyedDraws.Gumbel(keys, -1, DrawPurpose.StartJoint, gumbelJoint, LaneWidths.Best);
                for (var i = 0; i < m; i++)
                {
                    var r = first + i;
                    var a = CcgAttributes.From(scenario.Assumptions, record, new CcgAttributes.Draws(finance[r], capacity[r], conflict[r], lmc[r]));
                    // The moves' predictors as the decision computes them, for a Level 1 CCG with no peers and no pressure.
                    Unsafe.SkipInit(out DriverValues<double> x);
                    DecisionRule.Drivers<ScalarLanes, double, ulong>(ref x, Levels.GreaterInvolvement, 0, a.Finance, (int)a.Lmc, a.LongRunCapacity, a.Conflict, 0, 0, 0, 0,
                        record.Deprivation ?? 0, starts[c].Collective[r]);
                    ref var row = ref coefficients[r * count];
                    var specialMeasures = Lanes.Mask(a.SpecialMeasures);
                    var mayDelegate = Lanes.IsSet(Eligibility.MayDelegate<ScalarLanes, double, ulong>(specialMeasures, setup.Timeline, 0));
                    var mayJoin = Lanes.IsSet(Eligibility.MayJoin<ScalarLanes, double, ulong>(specialMeasures, setup.Timeline, 0));
                    delegateScore[i * n + c] = DecisionRule.Predictor<ScalarLanes, double, ulong>(Lanes.Mask(true), terms[1], x, ref row, 1, 0) + (mayDelegate ? 0 : -1e6) + gumbelDelegated[i];
                    joinScore[i * n + c] = DecisionRule.Predictor<ScalarLanes, double, ulong>(Lanes.Mask(true), terms[0], x, ref row, 1, 0) + (mayJoin ? 0 : -1e6) + gumbelJoint[i];
                }
            }
            for (var i = 0; i < m; i++)
            {
                // CCGs the record places start there; the others fill what the counts leave (known ones count towards them).
                for (var c = 0; c < n; c++) levels[c] = known[c] ?? Levels.GreaterInvolvement;
                var delegateRow = delegateScore.AsSpan(i * n, n);
                if (start.Level3ByRegion is { } quotas)
                {
                    for (var region = 0; region < setup.Regions; region++)
                    {
                        var quota = quotas.TryGetValue(scenario.Population.Regions[region], out var q) ? q : 0;
                        ranking.Promote(levels, known, setup.CcgsByRegion[region], quota - knownByRegion[region], Levels.Delegated, delegateRow);
                    }
                }
                else
                {
                    ranking.Promote(levels, known, setup.AllCcgs, start.Level3 - knownDelegated, Levels.Delegated, delegateRow);
                }
                ranking.Promote(levels, known, setup.AllCcgs, start.Level2 - knownJoint, Levels.Joint, joinScore.AsSpan(i * n, n));
                for (var c = 0; c < n; c++) starts[c].Levels[first + i] = levels[c];
            }
        }
        return starts;
    }

    /// <summary>Buffers for ranking the CCGs of one replication, reused across replications.</summary>
    private sealed class Ranking(int ccgs)
    {
        private readonly int[] _candidates = new int[ccgs];
        private readonly double[] _order = new double[ccgs];

        /// <summary>Moves the <paramref name="count"/> highest-scoring Level 1 CCGs of <paramref name="group"/> whose
        /// level the record does not give to <paramref name="level"/>; ties go to the lower index, so the result is
        /// fully determined by the scores.</summary>
        public void Promote(byte[] levels, byte?[] known, int[] group, int count, byte level, ReadOnlySpan<double> score)
        {
            if (count <= 0) return;
            var n = 0;
            foreach (var c in group)
            {
                if (levels[c] != Levels.GreaterInvolvement || known[c] is not null) continue;
                _order[n] = -score[c];
                _candidates[n++] = c;
            }
            // A sort of plain keys (highest score first), then index order within each run of equal scores: the same
            // order as a comparison of (score, index), several times faster than a comparer delegate.
            Array.Sort(_order, _candidates, 0, n);
            for (var first = 0; first < n;)
            {
                var end = first + 1;
                while (end < n && _order[end] == _order[first]) end++;
                if (end - first > 1) Array.Sort(_candidates, first, end - first);
                first = end;
            }
            for (var i = 0; i < Math.Min(count, n); i++) levels[_candidates[i]] = level;
        }
    }
}

/// <summary>
/// A CCG's first quarter in each replication of a batch: its level from the start mix, its key in each replication
/// (<see cref="KeyedRandom.CcgKey"/>), and the random draws behind its attributes (<see cref="CcgAttributes.Draws"/>:
/// finance, capacity, conflict, LMC stance, a block of replications each), drawn once for the ranking and kept by the CCG.
/// </summary>
/// <param name="Collective">The inclination of the CCG's footprint in each replication (<see cref="FootprintInclination"/>),
/// one array shared by the footprint's CCGs.</param>
public sealed record CcgStart(byte[] Levels, ulong[] Keys, double[] AttributeDraws, double[] Collective)
{
    public const int DrawsPerReplication = 4;

    /// <summary>The four blocks of <paramref name="draws"/>.</summary>
    public static (ArraySegment<double> Finance, ArraySegment<double> Capacity, ArraySegment<double> Conflict, ArraySegment<double> Lmc) Slices(double[] draws, int replications) =>
        (new(draws, 0, replications), new(draws, replications, replications), new(draws, 2 * replications, replications), new(draws, 3 * replications, replications));

    /// <summary>The start of a CCG whose attribute draws are made here (one CCG on its own, e.g. in a test).</summary>
    public static CcgStart Draw(SimulationSetup setup, int ccg, int firstReplication, byte[] levels)
    {
        var keys = new ulong[levels.Length];
        for (var r = 0; r < keys.Length; r++) keys[r] = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(setup.Seed, firstReplication + r), ccg);
        var draws = new double[DrawsPerReplication * levels.Length];
        var (finance, capacity, conflict, lmc) = Slices(draws, levels.Length);
        CcgAttributes.DrawMany(keys, finance, capacity, conflict, lmc);
        var footprint = setup.Scenario.Population.Ccgs[ccg].Footprint;
        return new CcgStart(levels, keys, draws, [.. Enumerable.Range(0, levels.Length).Select(r => FootprintInclination.Of(setup.Seed, firstReplication + r, footprint))]);
    }
}
