namespace UptakeSim.Model;

/// <summary>
/// Who held which level on the first quarter. The counts are fixed by the scenario (e.g. the observed 59/87/63 of
/// 1 April 2015, delegated split by region as approved); which CCGs hold them is drawn per replication: CCGs are
/// ranked by their propensity to move up plus Gumbel noise (a weighted draw without replacement), so CCGs in
/// deficit, with an opposed LMC or short of capacity are likelier to start at Level 1. CCGs in special measures
/// start at Level 1 when the scenario's eligibility rule bars them from delegation (seed: they opted for Level 1).
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
        var propensity = new double[n];
        var barred = new bool[n];
        for (var c = 0; c < n; c++)
        {
            var key = KeyedRandom.CcgKey(replicationKey, c);
            var a = CcgAttributes.Draw(scenario.Assumptions, key);
            var situation = new CcgSituation(Levels.GreaterInvolvement, 0, a.Finance, a.SpecialMeasures, a.Lmc, a.Capacity, a.Conflict, 0);
            propensity[c] = DecisionRule.SharedTerms(situation, coefficients, 0, 0, 0);
            barred[c] = !DecisionRule.EligibleForDelegation(a.SpecialMeasures, setup.Timeline.SpecialMeasuresMayDelegate);
        }

        var levels = new byte[n];
        Array.Fill(levels, Levels.GreaterInvolvement);
        double Score(int c, DrawPurpose purpose) =>
            (barred[c] ? -1e6 : 0) + propensity[c] + KeyedRandom.Gumbel(KeyedRandom.CcgKey(replicationKey, c), -1, purpose);

        if (start.Level3ByRegion is { } quotas)
        {
            for (var r = 0; r < setup.Regions; r++)
            {
                var quota = quotas.TryGetValue(scenario.Population.Regions[r], out var q) ? q : 0;
                Promote(levels, c => scenario.Population.Ccgs[c].Region == r, quota, Levels.Delegated, c => Score(c, DrawPurpose.StartDelegated));
            }
        }
        else
        {
            Promote(levels, _ => true, start.Level3, Levels.Delegated, c => Score(c, DrawPurpose.StartDelegated));
        }
        Promote(levels, _ => true, start.Level2, Levels.Joint, c => Score(c, DrawPurpose.StartJoint));
        return levels;
    }

    private static void Promote(byte[] levels, Func<int, bool> inGroup, int count, byte level, Func<int, double> score)
    {
        if (count <= 0) return;
        var candidates = Enumerable.Range(0, levels.Length)
            .Where(c => levels[c] == Levels.GreaterInvolvement && inGroup(c))
            .Select(c => (Ccg: c, Score: score(c)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Ccg)
            .Take(count);
        foreach (var (c, _) in candidates) levels[c] = level;
    }
}
