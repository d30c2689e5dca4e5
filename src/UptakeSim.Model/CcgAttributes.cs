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
    public static CcgAttributes Draw(PopulationAssumptions a, CcgRecord record, ulong ccgKey) =>
        From(a, record, new Draws(
            KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Finance), KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Capacity),
            KeyedRandom.Normal(ccgKey, -1, DrawPurpose.Conflict), KeyedRandom.Uniform(ccgKey, -1, DrawPurpose.LmcStance)));

    /// <summary>The random draws behind a CCG's attributes, keyed by the CCG (quarter -1); callers that start many
    /// CCGs or replications at once draw them a register at a time (<see cref="DrawMany"/>).</summary>
    public readonly record struct Draws(double Finance, double Capacity, double Conflict, double Lmc);

    /// <summary>The attributes given the CCG's draws.</summary>
    public static CcgAttributes From(PopulationAssumptions a, CcgRecord record, Draws draws)
    {
        var longRun = record.Finance ?? a.Finance.Mean + a.Finance.Sd * draws.Finance;
        var capacity = Math.Clamp(a.Capacity.Mean + a.Capacity.Sd * (record.CapacityScore ?? draws.Capacity), 0, 1);
        var conflict = Math.Clamp(a.Conflict.Mean + a.Conflict.Sd * draws.Conflict, 0, 1);
        var lmc = record.Lmc ?? a.Lmc.Draw(draws.Lmc);
        // A CCG the record puts under legal directions starts in special measures with its finance at most at the
        // threshold; it then reverts to its own level and leaves when it recovers, as CCGs did in 2017-2018.
        var finance = record.LegalDirections == true ? Math.Min(longRun, a.Finance.SpecialMeasuresBelow) : longRun;
        var specialMeasures = record.LegalDirections ?? a.Finance.InSpecialMeasures(false, finance);
        return new CcgAttributes(longRun, finance, specialMeasures, lmc, capacity, conflict);
    }

    /// <summary><see cref="Draws"/> for many CCG keys at once, the same values as one key at a time.</summary>
    public static void DrawMany(ReadOnlySpan<ulong> ccgKeys, Span<double> finance, Span<double> capacity, Span<double> conflict, Span<double> lmc)
    {
        var width = Kernel.LaneWidths.Best;
        Kernel.KeyedDraws.Normal(ccgKeys, -1, DrawPurpose.Finance, finance, width);
        Kernel.KeyedDraws.Normal(ccgKeys, -1, DrawPurpose.Capacity, capacity, width);
        Kernel.KeyedDraws.Normal(ccgKeys, -1, DrawPurpose.Conflict, conflict, width);
        Kernel.KeyedDraws.Uniform(ccgKeys, -1, DrawPurpose.LmcStance, lmc, width);
    }
}

/// <summary>
/// The collective inclination of a footprint (its 2013 area team) in one replication (<see cref="Driver.Collective"/>):
/// a standard normal keyed by (seed, replication, footprint), shared by the footprint's CCGs in every quarter and in the
/// start mix, so that, weighted by the <c>collective</c> coefficient, their choices move together.
/// </summary>
public static class FootprintInclination
{
    public static double Of(ulong seed, int replication, int footprint) =>
        KeyedRandom.Normal(KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(seed, replication), -2 - footprint), -1, DrawPurpose.Collective);
}
