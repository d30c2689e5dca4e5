using UptakeSim.Model.Kernel;

namespace UptakeSim.Model.Tests;

/// <summary>A CCG's situation in one quarter, as the rules see it.</summary>
internal sealed record Situation(byte Level, int QuartersAtLevel, double Finance, bool SpecialMeasures, LmcStance Lmc, double Capacity, double Conflict,
    double PeerShareDelegated, double Deprivation = 0, double Collective = 0);

/// <summary>The rates of the moves open to a CCG in one quarter.</summary>
internal readonly record struct Rates(double Join, double DelegateFromLevel1, double DelegateFromLevel2, double HandBack)
{
    public double Total => Join + DelegateFromLevel1 + DelegateFromLevel2 + HandBack;
}

/// <summary>
/// The model's rules one replication at a time: the kernel's own generic code (<see cref="DecisionRule"/>,
/// <see cref="FinanceAssumptions"/>, ...) instantiated on <see cref="ScalarLanes"/>, so the tests of the rules test the
/// code the simulation runs, not a copy.
/// </summary>
internal static class OneLane
{
    public static double Mask(bool value) => Lanes.Mask(value);

    public static DriverValues<double> Drivers(Situation s, double pressure, double riskSharing)
    {
        var x = default(DriverValues<double>);
        DecisionRule.Drivers<ScalarLanes, double, ulong>(ref x, s.Level, s.QuartersAtLevel, s.Finance, (int)s.Lmc, s.Capacity, s.Conflict, s.PeerShareDelegated,
            DeterministicMath.Log(1 + s.QuartersAtLevel), pressure, riskSharing, s.Deprivation, s.Collective);
        return x;
    }

    /// <summary>This quarter's rate of each move open to the CCG (what one quarter adds to its exposures).</summary>
    public static Rates RatesOf(Situation s, double[] coefficients, CoefficientTable table, double pressure = 1, double riskSharing = 0,
        bool mayJoin = true, bool mayDelegate = true, bool handBack = false)
    {
        var x = Drivers(s, pressure, riskSharing);
        double exposure = 0, direct = 0;
        DecisionRule.Accrue<ScalarLanes, double, ulong>(ref exposure, ref direct, s.Level, Mask(mayJoin), Mask(mayDelegate), Mask(true), handBack, table.Terms, x,
            ref coefficients[0], 1, 0);
        return s.Level switch
        {
            Levels.GreaterInvolvement => new Rates(exposure, direct, 0, 0),
            Levels.Joint => new Rates(0, 0, exposure, 0),
            _ => new Rates(0, 0, 0, exposure),
        };
    }

    /// <summary>The level applied for at a window from the exposures and one uniform draw (0: stay).</summary>
    public static byte Apply(byte level, Rates exposures, double u) =>
        (byte)DecisionRule.Apply<ScalarLanes, double, ulong>(level, exposures.Join + exposures.DelegateFromLevel2 + exposures.HandBack, exposures.DelegateFromLevel1, u);

    public static double NextFinance(FinanceAssumptions f, double finance, double ownLevel, double shock) => f.Next<ScalarLanes, double, ulong>(finance, ownLevel, shock);

    public static double NextCapacity(CapacityAssumptions c, double capacity, double ownLevel, byte level, double runningCostChange, double support) =>
        c.Next<ScalarLanes, double, ulong>(capacity, ownLevel, level, runningCostChange, support);

    public static LmcStance Soften(LmcAssumptions lmc, LmcStance stance, double peerShare, double u) =>
        (LmcStance)(int)lmc.Soften<ScalarLanes, double, ulong>((int)stance, peerShare, u);
}
