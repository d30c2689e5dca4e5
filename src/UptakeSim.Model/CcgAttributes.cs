namespace UptakeSim.Model;

/// <summary>A CCG's attributes on the first quarter of one replication, drawn from the scenario's assumptions.</summary>
public readonly record struct CcgAttributes(double Finance, bool SpecialMeasures, LmcStance Lmc, double Capacity, double Conflict)
{
    /// <summary>Pure function of the CCG's key (seed, replication, CCG): the start-mix ranking and the CCG's own
    /// state draw the same values without sharing any state.</summary>
    public static CcgAttributes Draw(PopulationAssumptions a, ulong ccgKey)
    {
        var finance = a.Finance.Mean + a.Finance.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Finance);
        var capacity = Math.Clamp(a.Capacity.Mean + a.Capacity.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Capacity), 0, 1);
        var conflict = Math.Clamp(a.Conflict.Mean + a.Conflict.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Conflict), 0, 1);
        var lmc = a.Lmc.Draw(KeyedRandom.Uniform(ccgKey, -1, DrawPurpose.LmcStance));
        return new CcgAttributes(finance, a.Finance.InSpecialMeasures(false, finance), lmc, capacity, conflict);
    }
}
