using System.Runtime.CompilerServices;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>
/// Finance as a surplus (+) or deficit (-) in % of allocation (docs/ODD.md, "Finance"). Each CCG has its own long-run
/// level, drawn normal(<see cref="Mean"/>, <see cref="Sd"/>) across CCGs unless the CCG list gives it; each quarter its
/// finance reverts towards that level, not the national mean, with a shock, so a CCG in difficulty stays different.
/// A CCG enters special measures (legal directions) below <see cref="SpecialMeasuresBelow"/> and leaves above
/// <see cref="SpecialMeasuresExitAbove"/>.
/// </summary>
public sealed record FinanceAssumptions(double Mean, double Sd, double Reversion, double ShockSd, double SpecialMeasuresBelow, double SpecialMeasuresExitAbove)
{
    public static FinanceAssumptions Default { get; } = new(0.3, 1.2, 0.15, 0.45, -1.8, -0.3);

    /// <summary>Next quarter's finance: the share <see cref="Reversion"/> of the gap to the CCG's own level closed, plus
    /// <see cref="ShockSd"/> times a standard normal shock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TD Next<TL, TD, TU>(TD finance, TD ownLevel, TD shock) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        TL.Add(TL.Add(finance, TL.Multiply(TL.Constant(Reversion), TL.Subtract(ownLevel, finance))), TL.Multiply(TL.Constant(ShockSd), shock));

    /// <summary>Special measures with hysteresis: entered below <see cref="SpecialMeasuresBelow"/>, left above
    /// <see cref="SpecialMeasuresExitAbove"/> (masks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TD InSpecialMeasures<TL, TD, TU>(TD wasIn, TD finance) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        TL.Select(wasIn, TL.LessThanOrEqual(finance, TL.Constant(SpecialMeasuresExitAbove)), TL.LessThan(finance, TL.Constant(SpecialMeasuresBelow)));

    /// <summary><see cref="InSpecialMeasures{TL,TD,TU}"/> for one CCG (its state at the start).</summary>
    public bool InSpecialMeasures(bool wasIn, double finance) => Lanes.IsSet(InSpecialMeasures<ScalarLanes, double, ulong>(Lanes.Mask(wasIn), finance));
}

/// <summary>
/// Managerial capacity in [0, 1]: each CCG has its own long-run level, drawn normal(<see cref="Mean"/>, <see cref="Sd"/>)
/// across CCGs; each quarter capacity recovers towards that level scaled by the running-cost allowance, is consumed
/// by the work of joint or delegated commissioning, and NHSE support adds to it.
/// </summary>
public sealed record CapacityAssumptions(double Mean, double Sd, double Recovery, double JointLoad, double DelegatedLoad)
{
    public static CapacityAssumptions Default { get; } = new(0.6, 0.15, 0.2, 0.01, 0.03);

    /// <summary>Next quarter's capacity: recovers the share <see cref="Recovery"/> of the gap to its own level scaled by
    /// the running-cost allowance, less the load of joint or delegated work, plus NHS England's support; within [0, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TD Next<TL, TD, TU>(TD capacity, TD ownLevel, TD level, double runningCostChange, double support) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var zero = TL.Constant(0);
        var one = TL.Constant(1);
        var target = TL.Multiply(ownLevel, TL.Constant(1 + runningCostChange));
        var load = TL.Select(TL.Equal(level, TL.Constant(Levels.Delegated)), TL.Constant(DelegatedLoad), TL.Select(TL.Equal(level, TL.Constant(Levels.Joint)), TL.Constant(JointLoad), zero));
        var next = TL.Add(TL.Subtract(TL.Add(capacity, TL.Multiply(TL.Constant(Recovery), TL.Subtract(target, capacity))), load), TL.Constant(support));
        return TL.Select(TL.LessThan(next, zero), zero, TL.Select(TL.LessThan(one, next), one, next));
    }
}

/// <summary>Perceived conflict-of-interest and reputational risk in [0, 1], drawn once per CCG.</summary>
public sealed record ConflictAssumptions(double Mean, double Sd)
{
    public static ConflictAssumptions Default { get; } = new(0.4, 0.15);
}

/// <summary>
/// The levels in force on the first quarter: national counts, optionally with the delegated count per region
/// (e.g. the February 2015 approvals). Which CCGs hold which level is drawn per replication, favouring the CCGs
/// whose attributes make them likelier to move up (see <see cref="StartMix"/>).
/// </summary>
public sealed record StartCounts(int Level1, int Level2, int Level3, IReadOnlyDictionary<string, int>? Level3ByRegion = null)
{
    public int Total => Level1 + Level2 + Level3;
}

/// <summary>The distributions and dynamics of the CCG attributes that the reference data do not give.</summary>
public sealed record PopulationAssumptions(
    StartCounts Start,
    FinanceAssumptions Finance,
    CapacityAssumptions Capacity,
    LmcAssumptions Lmc,
    ConflictAssumptions Conflict);
