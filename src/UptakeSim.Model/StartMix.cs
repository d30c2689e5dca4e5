namespace UptakeSim.Model;

/// <summary>
/// Who held which level on the first quarter. The counts are fixed by the scenario (e.g. the observed 59/87/63 of
/// 1 April 2015, delegated split by region as approved); which CCGs hold them is drawn per replication: CCGs are
/// ranked by the linear predictor of the move (Level 1 to 3 for the delegated places, 1 to 2 for the joint ones)
/// plus Gumbel noise (a weighted draw without replacement), so CCGs in deficit, with an opposed LMC or short of
/// capacity are likelier to start at Level 1. CCGs in special measures start at Level 1 when the scenario's
/// eligibility rules bar them from the move (seed: they opted for Level 1). See docs/ODD.md, "Initialisation".
/// </summary>
public static class StartMix
{
    /// <summary>Levels of every CCG in one replication.</summary>
    public static byte[] Assign(SimulationSetup setup, int replication, ReadOnlySpan<double> coefficients)
    {
        var scenario = setup.Scenario;
        var start = scenario.Assumptions.Start;
        var n = setup.Ccgs;
        var replicationKey = KeyedRandom.ReplicationKey(setup.Seed, replication);
        var delegateScore = new double[n];
        var joinScore = new double[n];
        var terms = scenario.Behaviour.Table.Terms;
        Span<double> x = stackalloc double[DecisionRule.DriverCount];
        // Every CCG's draws at once, a register of CCGs at a time.
        var keys = new ulong[n];
        for (var c = 0; c < n; c++) keys[c] = KeyedRandom.CcgKey(replicationKey, c);
        var (finance, capacity, conflict, lmc) = (new double[n], new double[n], new double[n], new double[n]);
        CcgAttributes.DrawMany(keys, finance, capacity, conflict, lmc);
        var gumbelDelegated = new double[n];
        var gumbelJoint = new double[n];
        Kernel.KeyedDraws.Gumbel(keys, -1, DrawPurpose.StartDelegated, gumbelDelegated, Kernel.LaneWidths.Best);
        Kernel.KeyedDraws.Gumbel(keys, -1, DrawPurpose.StartJoint, gumbelJoint, Kernel.LaneWidths.Best);
        for (var c = 0; c < n; c++)
        {
            var a = CcgAttributes.From(scenario.Assumptions, scenario.Population.Ccgs[c], new CcgAttributes.Draws(finance[c], capacity[c], conflict[c], lmc[c]));
            var situation = new CcgSituation(Levels.GreaterInvolvement, 0, a.Finance, a.SpecialMeasures, a.Lmc, a.LongRunCapacity, a.Conflict, 0,
                scenario.Population.Ccgs[c].Deprivation ?? 0);
            var may = setup.Timeline.EligibilityOf(a.SpecialMeasures);
            DecisionRule.Drivers(situation, 0, 0, 0, x);
            delegateScore[c] = DecisionRule.Predictor(terms[1], coefficients, x) + (may.MayDelegate ? 0 : -1e6) + gumbelDelegated[c];
            joinScore[c] = DecisionRule.Predictor(terms[0], coefficients, x) + (may.MayJoin ? 0 : -1e6) + gumbelJoint[c];
        }

        var levels = new byte[n];
        Array.Fill(levels, Levels.GreaterInvolvement);
        if (start.Level3ByRegion is { } quotas)
        {
            for (var r = 0; r < setup.Regions; r++)
            {
                var quota = quotas.TryGetValue(scenario.Population.Regions[r], out var q) ? q : 0;
                Promote(levels, setup.CcgsByRegion[r], quota, Levels.Delegated, delegateScore);
            }
        }
        else
        {
            Promote(levels, setup.AllCcgs, start.Level3, Levels.Delegated, delegateScore);
        }
        Promote(levels, setup.AllCcgs, start.Level2, Levels.Joint, joinScore);
        return levels;
    }

    /// <summary>Moves the <paramref name="count"/> highest-scoring Level 1 CCGs of <paramref name="group"/> to
    /// <paramref name="level"/>; ties go to the lower index, so the result is fully determined by the scores.</summary>
    private static void Promote(byte[] levels, int[] group, int count, byte level, double[] score)
    {
        if (count <= 0) return;
        var candidates = new int[group.Length];
        var order = new double[group.Length];
        var n = 0;
        foreach (var c in group)
        {
            if (levels[c] != Levels.GreaterInvolvement) continue;
            order[n] = -score[c];
            candidates[n++] = c;
        }
        // A sort of plain keys (highest score first), then index order within each run of equal scores: the same
        // order as a comparison of (score, index), several times faster than a comparer delegate.
        Array.Sort(order, candidates, 0, n);
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && order[end] == order[start]) end++;
            if (end - start > 1) Array.Sort(candidates, start, end - start);
            start = end;
        }
        for (var i = 0; i < Math.Min(count, n); i++) levels[candidates[i]] = level;
    }
}
