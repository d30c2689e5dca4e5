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

    public double Next(double finance, double ownLevel, double shock) => finance + Reversion * (ownLevel - finance) + ShockSd * shock;

    public bool InSpecialMeasures(bool wasIn, double finance) =>
        wasIn ? finance <= SpecialMeasuresExitAbove : finance < SpecialMeasuresBelow;
}

/// <summary>
/// Managerial capacity in [0, 1]: each CCG has its own long-run level, drawn normal(<see cref="Mean"/>, <see cref="Sd"/>)
/// across CCGs; each quarter capacity recovers towards that level scaled by the running-cost allowance, is consumed
/// by the work of joint or delegated commissioning, and NHSE support adds to it.
/// </summary>
public sealed record CapacityAssumptions(double Mean, double Sd, double Recovery, double JointLoad, double DelegatedLoad)
{
    public static CapacityAssumptions Default { get; } = new(0.6, 0.15, 0.2, 0.01, 0.03);

    public double Next(double capacity, double ownLevel, byte level, double runningCostChange, double support)
    {
        var target = ownLevel * (1 + runningCostChange);
        var load = level switch { Levels.Delegated => DelegatedLoad, Levels.Joint => JointLoad, _ => 0.0 };
        return Math.Clamp(capacity + Recovery * (target - capacity) - load + support, 0.0, 1.0);
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
