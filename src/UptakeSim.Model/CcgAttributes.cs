namespace UptakeSim.Model;

/// <summary>
/// A CCG's attributes on the first quarter of one replication (docs/ODD.md, "Initialisation"): its own long-run
/// finance and capacity (the levels its finance and capacity revert to), special measures, LMC stance and
/// conflict-of-interest concern. Finance and legal directions come from the CCG list where it gives them.
/// </summary>
public readonly record struct CcgAttributes(double LongRunFinance, bool SpecialMeasures, LmcStance Lmc, double LongRunCapacity, double Conflict)
{
    /// <summary>Pure function of the CCG's record and key (seed, replication, CCG): the start-mix ranking, the CCG's
    /// own state and a merger's successor draw the same values without sharing any state.</summary>
    public static CcgAttributes Draw(PopulationAssumptions a, CcgRecord record, ulong ccgKey)
    {
        var finance = record.Finance ?? a.Finance.Mean + a.Finance.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Finance);
        // A CCG the record puts under legal directions, with no financial data, is in lasting difficulty: its
        // long-run finance is at most the special-measures threshold (docs/ODD.md, "Initialisation").
        if (record.LegalDirections == true && record.Finance is null) finance = Math.Min(finance, a.Finance.SpecialMeasuresBelow);
        var capacity = Math.Clamp(a.Capacity.Mean + a.Capacity.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Capacity), 0, 1);
        var conflict = Math.Clamp(a.Conflict.Mean + a.Conflict.Sd * KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Conflict), 0, 1);
        var lmc = a.Lmc.Draw(KeyedRandom.Uniform(ccgKey, -1, DrawPurpose.LmcStance));
        var specialMeasures = record.LegalDirections ?? a.Finance.InSpecialMeasures(false, finance);
        return new CcgAttributes(finance, specialMeasures, lmc, capacity, conflict);
    }
}
