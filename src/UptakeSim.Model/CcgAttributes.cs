namespace UptakeSim.Model;

/// <summary>
/// A CCG's attributes on the first quarter of one replication (docs/ODD.md, "Initialisation"): its own long-run
/// finance and capacity (the levels its finance and capacity revert to), its finance on the first quarter, special
/// measures, LMC stance and conflict-of-interest concern. Finance and legal directions come from the CCG list where
/// it gives them.
/// </summary>
public readonly record struct CcgAttributes(double LongRunFinance, double Finance, bool SpecialMeasures, LmcStance Lmc, double LongRunCapacity, double Conflict)
{
    /// <summary>Pure function of the CCG's record and key (seed, replication, CCG): the start-mix ranking, the CCG's
    /// own state and a merger's successor draw the same values without sharing any state.</summary>
    public static CcgAttributes Draw(PopulationAssumptions a, CcgRecord record, ulong ccgKey)
    {
        var longRun = record.Finance ?? a.Finance.Mean + a.Finance.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Finance);
        var capacity = Math.Clamp(a.Capacity.Mean + a.Capacity.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Capacity), 0, 1);
        var conflict = Math.Clamp(a.Conflict.Mean + a.Conflict.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Conflict), 0, 1);
        var lmc = a.Lmc.Draw(KeyedRandom.Uniform(ccgKey, -1, DrawPurpose.LmcStance));
        // A CCG the record puts under legal directions starts in special measures with its finance at most at the
        // threshold; it then reverts to its own level and leaves when it recovers, as CCGs did in 2017-2018.
        var finance = record.LegalDirections == true ? Math.Min(longRun, a.Finance.SpecialMeasuresBelow) : longRun;
        var specialMeasures = record.LegalDirections ?? a.Finance.InSpecialMeasures(false, finance);
        return new CcgAttributes(longRun, finance, specialMeasures, lmc, capacity, conflict);
    }
}
