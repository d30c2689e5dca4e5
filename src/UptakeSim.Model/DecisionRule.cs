using System.Runtime.CompilerServices;

namespace UptakeSim.Model;

/// <summary>What a CCG brings to a decision in one quarter.</summary>
public readonly record struct CcgSituation(
    byte Level, int QuartersAtLevel, double Finance, bool SpecialMeasures, LmcStance Lmc, double Capacity, double Conflict, double PeerShareDelegated);

/// <summary>Quarterly probabilities of each move; moves are exclusive and decided by one uniform draw.</summary>
public readonly record struct MoveProbabilities(double Join, double DelegateFromLevel1, double DelegateFromLevel2, double HandBack);

/// <summary>
/// The discrete-time hazard of moving up (MODEL.md, "Decision rule"): for each move
/// <c>logistic(b0[move] + bPressure*pressure + bFinance*finance + bLmc*lmc + bCapacity*capacity + bPeer*peer
/// + bExperience*log(1+quartersAtLevel) + bConflict*conflict)</c>. Financial risk sharing scales down the weight of
/// a deficit; eligibility rules out delegation (e.g. in special measures). Hand-back (3 to 2) uses its intercept alone.
/// </summary>
public static class DecisionRule
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The part of the linear predictor shared by every upward move (everything but the intercept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SharedTerms(in CcgSituation s, ReadOnlySpan<double> b, double pressure, double riskSharing, double logExperience)
    {
        var finance = s.Finance < 0 ? s.Finance * (1 - riskSharing) : s.Finance;
        return b[BehaviourCoefficients.IPressure] * pressure
            + b[BehaviourCoefficients.IFinance] * finance
            + b[BehaviourCoefficients.ILmc] * (int)s.Lmc
            + b[BehaviourCoefficients.ICapacity] * s.Capacity
            + b[BehaviourCoefficients.IPeer] * s.PeerShareDelegated
            + b[BehaviourCoefficients.IExperience] * logExperience
            + b[BehaviourCoefficients.IConflict] * s.Conflict;
    }

    public static bool EligibleForDelegation(bool specialMeasures, bool specialMeasuresMayDelegate) =>
        !specialMeasures || specialMeasuresMayDelegate;

    public static MoveProbabilities Probabilities(in CcgSituation s, ReadOnlySpan<double> b, double pressure, double riskSharing, bool mayDelegate, bool handBackEnabled)
    {
        var shared = SharedTerms(s, b, pressure, riskSharing, Math.Log(1 + s.QuartersAtLevel));
        return Probabilities(s.Level, shared, b, mayDelegate, handBackEnabled);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MoveProbabilities Probabilities(byte level, double shared, ReadOnlySpan<double> b, bool mayDelegate, bool handBackEnabled) => level switch
    {
        Levels.GreaterInvolvement => new MoveProbabilities(
            Logistic(b[BehaviourCoefficients.IJoin] + shared),
            mayDelegate ? Logistic(b[BehaviourCoefficients.IDelegate1] + shared) : 0, 0, 0),
        Levels.Joint => new MoveProbabilities(0, 0, mayDelegate ? Logistic(b[BehaviourCoefficients.IDelegate2] + shared) : 0, 0),
        _ => new MoveProbabilities(0, 0, 0, handBackEnabled ? Logistic(b[BehaviourCoefficients.IHandBack]) : 0),
    };

    /// <summary>The level a CCG applies to move to, or 0 to stay. If two moves' probabilities add to more than
    /// one they are scaled to share the unit interval, delegation first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Choose(byte level, in MoveProbabilities p, double u)
    {
        switch (level)
        {
            case Levels.GreaterInvolvement:
                var total = p.DelegateFromLevel1 + p.Join;
                var scale = total > 1 ? 1 / total : 1;
                if (u < p.DelegateFromLevel1 * scale) return Levels.Delegated;
                return u < total * scale ? Levels.Joint : (byte)0;
            case Levels.Joint:
                return u < p.DelegateFromLevel2 ? Levels.Delegated : (byte)0;
            default:
                return u < p.HandBack ? Levels.Joint : (byte)0;
        }
    }
}
