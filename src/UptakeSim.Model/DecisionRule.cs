using System.Runtime.CompilerServices;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>What a CCG brings to a decision in one quarter.</summary>
public readonly record struct CcgSituation(
    byte Level, int QuartersAtLevel, double Finance, bool SpecialMeasures, LmcStance Lmc, double Capacity, double Conflict, double PeerShareDelegated,
    double Deprivation = 0);

/// <summary>Quarterly rates (hazards per quarter) of each move, or their sums over the quarters since the last window.</summary>
public record struct MoveRates(double Join, double DelegateFromLevel1, double DelegateFromLevel2, double HandBack)
{
    public readonly double Total => Join + DelegateFromLevel1 + DelegateFromLevel2 + HandBack;

    public void Add(in MoveRates r)
    {
        Join += r.Join;
        DelegateFromLevel1 += r.DelegateFromLevel1;
        DelegateFromLevel2 += r.DelegateFromLevel2;
        HandBack += r.HandBack;
    }
}

/// <summary>The chance of each outcome at an application window: staying or applying for one move. They sum to one.</summary>
public readonly record struct MoveProbabilities(double Stay, double Join, double DelegateFromLevel1, double DelegateFromLevel2, double HandBack);

/// <summary>Which moves a CCG may make given its special-measures status and the scenario's eligibility rules.</summary>
public readonly record struct Eligibility(bool MayJoin, bool MayDelegate)
{
    /// <summary>Special measures hold a CCG at its level unless the scenario allows the move
    /// (seed: CCGs in special measures or in financial difficulty opted for Level 1).</summary>
    public static Eligibility Of(bool specialMeasures, bool specialMeasuresMayJoin, bool specialMeasuresMayDelegate) =>
        new(!specialMeasures || specialMeasuresMayJoin, !specialMeasures || specialMeasuresMayDelegate);

    public bool Allows(byte target) => target switch
    {
        Levels.Joint => MayJoin,
        Levels.Delegated => MayDelegate,
        _ => true,
    };
}

/// <summary>
/// The decision (docs/ODD.md, "Submodels: the decision"). Each move m open to a CCG has a quarterly rate
/// <c>exp(eta_m)</c>, where <c>eta_m</c> is the move's intercept plus the coefficients of the table that act on m
/// times their drivers. Rates add up over the quarters since the CCG's last window (a competing-risks hazard), so at
/// a window the CCG applies with probability <c>1 - exp(-sum of rates)</c> and, if it applies, for move m with the
/// softmax share <c>rate_m / sum of rates</c>. The number of windows a year therefore changes when CCGs apply, not
/// how many do in a year.
/// </summary>
public static class DecisionRule
{
    public const int DriverCount = 9;

    /// <summary>The value of every driver for a CCG this quarter, indexed by <see cref="Driver"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Drivers(in CcgSituation s, double pressure, double riskSharing, double logExperienceAtJoint, Span<double> x)
    {
        x[(int)Driver.One] = 1;
        x[(int)Driver.Pressure] = pressure;
        x[(int)Driver.Finance] = s.Finance < 0 ? s.Finance * (1 - riskSharing) : s.Finance;
        x[(int)Driver.Lmc] = (int)s.Lmc;
        x[(int)Driver.Capacity] = s.Capacity;
        x[(int)Driver.Conflict] = s.Conflict;
        x[(int)Driver.PeerShareDelegated] = s.PeerShareDelegated;
        x[(int)Driver.ExperienceAtJoint] = s.Level == Levels.Joint ? logExperienceAtJoint : 0;
        x[(int)Driver.Deprivation] = s.Deprivation;
    }

    /// <summary>The linear predictor of one move: the sum of its terms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Predictor(Term[] terms, ReadOnlySpan<double> b, ReadOnlySpan<double> x)
    {
        var eta = 0.0;
        foreach (var t in terms) eta += b[t.Coefficient] * x[(int)t.Driver];
        return eta;
    }

    /// <summary>This quarter's rate of each move open to a CCG at <paramref name="level"/>.</summary>
    public static MoveRates Rates(byte level, ReadOnlySpan<double> x, ReadOnlySpan<double> b, Term[][] terms, Eligibility may, bool handBackEnabled) => level switch
    {
        Levels.GreaterInvolvement => new MoveRates(
            may.MayJoin ? DeterministicMath.Exp(Predictor(terms[0], b, x)) : 0,
            may.MayDelegate ? DeterministicMath.Exp(Predictor(terms[1], b, x)) : 0, 0, 0),
        Levels.Joint => new MoveRates(0, 0, may.MayDelegate ? DeterministicMath.Exp(Predictor(terms[2], b, x)) : 0, 0),
        Levels.Delegated => new MoveRates(0, 0, 0, handBackEnabled ? DeterministicMath.Exp(Predictor(terms[3], b, x)) : 0),
        _ => default,
    };

    /// <summary>Rates for one situation (a convenience for tests and documentation).</summary>
    public static MoveRates Rates(in CcgSituation s, ReadOnlySpan<double> b, CoefficientTable table, double pressure, double riskSharing, Eligibility may, bool handBackEnabled)
    {
        Span<double> x = stackalloc double[DriverCount];
        Drivers(s, pressure, riskSharing, DeterministicMath.Log(1 + s.QuartersAtLevel), x);
        return Rates(s.Level, x, b, table.Terms, may, handBackEnabled);
    }

    /// <summary>The outcome probabilities at a window, from the rates summed since the last one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MoveProbabilities Probabilities(in MoveRates accumulated)
    {
        var total = accumulated.Total;
        if (total <= 0) return new MoveProbabilities(1, 0, 0, 0, 0);
        var stay = DeterministicMath.Exp(-total);
        var scale = (1 - stay) / total;
        return new MoveProbabilities(stay, accumulated.Join * scale, accumulated.DelegateFromLevel1 * scale, accumulated.DelegateFromLevel2 * scale, accumulated.HandBack * scale);
    }

    /// <summary>The level a CCG applies to move to, or 0 to stay, from one uniform draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Choose(byte level, in MoveProbabilities p, double u) => level switch
    {
        Levels.GreaterInvolvement => u < p.DelegateFromLevel1 ? Levels.Delegated : u < p.DelegateFromLevel1 + p.Join ? Levels.Joint : (byte)0,
        Levels.Joint => u < p.DelegateFromLevel2 ? Levels.Delegated : (byte)0,
        Levels.Delegated => u < p.HandBack ? Levels.Joint : (byte)0,
        _ => 0,
    };
}
