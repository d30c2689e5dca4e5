using System.Runtime.CompilerServices;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>Every driver's value for a register of replications, indexed by <see cref="Driver"/> (a load per term,
/// where a switch per term would cost a call).</summary>
[InlineArray((int)Driver.Collective + 1)]
public struct DriverValues<TD>
{
    private TD _one;
}

/// <summary>Which moves a CCG may make given its special-measures status and the scenario's eligibility rules.</summary>
public static class Eligibility
{
    /// <summary>Special measures bar joining unless the scenario allows it (seed: CCGs in special measures or in
    /// financial difficulty opted for Level 1). A mask per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD MayJoin<TL, TD, TU>(TD inSpecialMeasures, PolicyTimeline timeline, int quarter) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        timeline.BarsJoining(quarter) ? Lanes.Not<TL, TD, TU>(inSpecialMeasures) : TL.AsDouble(TL.ConstantBits(ulong.MaxValue));

    /// <summary>Special measures bar delegating (and a mandate) unless the scenario allows it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD MayDelegate<TL, TD, TU>(TD inSpecialMeasures, PolicyTimeline timeline, int quarter) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        timeline.BarsDelegating(quarter) ? Lanes.Not<TL, TD, TU>(inSpecialMeasures) : TL.AsDouble(TL.ConstantBits(ulong.MaxValue));
}

/// <summary>
/// The decision (docs/ODD.md, "Submodels: the decision"). Each move m open to a CCG has a quarterly rate
/// <c>exp(eta_m)</c>, where <c>eta_m</c> is the move's intercept plus the coefficients of the table that act on m
/// times their drivers. Rates add up over the quarters since the CCG's last window (a competing-risks hazard), so at
/// a window the CCG applies with probability <c>1 - exp(-sum of rates)</c> and, if it applies, for move m with the
/// softmax share <c>rate_m / sum of rates</c>. The number of windows a year therefore changes when CCGs apply, not
/// how many do in a year. Written once over <see cref="ILanes{TD,TU}"/>: the kernel runs it a register of
/// replications at a time, and one double at a time (<see cref="ScalarLanes"/>) is the same code.
/// </summary>
public static class DecisionRule
{
    /// <summary>The value of every driver for a CCG this quarter (<see cref="Driver"/>).</summary>
    /// <param name="logExperience">log(1 + quarters at the level once this quarter has passed).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Drivers<TL, TD, TU>(ref DriverValues<TD> x, TD level, TD quartersAtLevel, TD finance, TD lmc, TD capacity, TD conflict, TD peerShare,
        TD logExperience, double pressure, double riskSharing, double deprivation, TD collective)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var zero = TL.Constant(0);
        x[(int)Driver.One] = TL.Constant(1);
        x[(int)Driver.Pressure] = TL.Constant(pressure);
        // NHS England's risk sharing carries part of a deficit's weight; a surplus counts in full.
        x[(int)Driver.Finance] = TL.Select(TL.LessThan(finance, zero), TL.Multiply(finance, TL.Constant(1 - riskSharing)), finance);
        x[(int)Driver.Lmc] = lmc;
        x[(int)Driver.Capacity] = capacity;
        x[(int)Driver.Conflict] = conflict;
        x[(int)Driver.PeerShareDelegated] = peerShare;
        // Time at joint counts only at joint, and not in the quarter the CCG moved there.
        x[(int)Driver.ExperienceAtJoint] = TL.Select(TL.And(TL.Equal(level, TL.Constant(Levels.Joint)), Lanes.Not<TL, TD, TU>(TL.Equal(quartersAtLevel, zero))), logExperience, zero);
        x[(int)Driver.Deprivation] = TL.Constant(deprivation);
        x[(int)Driver.Collective] = collective;
    }

    /// <summary>A move's linear predictor, the sum of its terms in table order; 0 when no lane has the move open.
    /// Coefficient k of the lanes at <paramref name="i"/> is at <c>coefficients[k * stride + i]</c> (a batch's columns,
    /// or one row with stride 1 and i 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Predictor<TL, TD, TU>(TD open, Term[] terms, in DriverValues<TD> x, ref double coefficients, nuint stride, nuint i)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var eta = TL.Constant(0);
        if (!TL.Any(open)) return eta;
        foreach (var t in terms) eta = TL.Add(eta, TL.Multiply(TL.LoadUnchecked(ref coefficients, (nuint)t.Coefficient * stride + i), x[(int)t.Driver]));
        return eta;
    }

    /// <summary>
    /// This quarter's rates added to a CCG's exposures: <paramref name="exposure"/> for the move open at its level (join
    /// at 1, delegate at 2, hand back at 3) and <paramref name="exposureDirect"/> for the move from 1 straight to 3.
    /// </summary>
    /// <param name="terms">The table's terms per move (<see cref="CoefficientTable.Terms"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accrue<TL, TD, TU>(ref TD exposure, ref TD exposureDirect, TD level, TD mayJoin, TD mayDelegate, TD deciding, bool handBackEnabled,
        Term[][] terms, in DriverValues<TD> x, ref double coefficients, nuint stride, nuint i)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var zero = TL.Constant(0);
        var atLevel1 = TL.And(deciding, TL.Equal(level, TL.Constant(Levels.GreaterInvolvement)));
        var atJoint = TL.And(deciding, TL.Equal(level, TL.Constant(Levels.Joint)));
        var joinOpen = TL.And(atLevel1, mayJoin);
        var delegate1Open = TL.And(atLevel1, mayDelegate);
        var delegate2Open = TL.And(atJoint, mayDelegate);
        var handBackOpen = handBackEnabled ? TL.And(deciding, TL.Equal(level, TL.Constant(Levels.Delegated))) : zero;
        var open = TL.Or(TL.Or(joinOpen, delegate2Open), handBackOpen);
        // One exponential serves the move open at each level, a second the move from 1 straight to 3.
        if (TL.Any(open))
        {
            var eta = TL.Select(atLevel1, Predictor<TL, TD, TU>(joinOpen, terms[0], x, ref coefficients, stride, i),
                TL.Select(atJoint, Predictor<TL, TD, TU>(delegate2Open, terms[2], x, ref coefficients, stride, i),
                    Predictor<TL, TD, TU>(handBackOpen, terms[3], x, ref coefficients, stride, i)));
            exposure = TL.Add(exposure, TL.Select(open, DeterministicMath.Exp<TL, TD, TU>(eta), zero));
        }
        if (TL.Any(delegate1Open))
        {
            var rate = DeterministicMath.Exp<TL, TD, TU>(Predictor<TL, TD, TU>(delegate1Open, terms[1], x, ref coefficients, stride, i));
            exposureDirect = TL.Add(exposureDirect, TL.Select(delegate1Open, rate, zero));
        }
    }

    /// <summary>
    /// At a window: the level a CCG applies for, or 0 to stay. It applies with probability <c>1 - exp(-total
    /// exposure)</c>, for a move in proportion to its exposure; one uniform <paramref name="u"/> picks the outcome
    /// (from Level 1: delegate, then join, then stay, in that order along [0, 1)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Apply<TL, TD, TU>(TD level, TD exposure, TD exposureDirect, TD u) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var zero = TL.Constant(0);
        var joint = TL.Constant(Levels.Joint);
        var delegated = TL.Constant(Levels.Delegated);
        var total = TL.Add(exposure, exposureDirect);
        var stay = DeterministicMath.Exp<TL, TD, TU>(DeterministicMath.Negate<TL, TD, TU>(total));
        var scale = TL.Divide(TL.Subtract(TL.Constant(1), stay), total);
        var pDirect = TL.Multiply(exposureDirect, scale);
        var pAtLevel = TL.Multiply(exposure, scale);
        var fromLevel1 = TL.Select(TL.LessThan(u, pDirect), delegated, TL.Select(TL.LessThan(u, TL.Add(pDirect, pAtLevel)), joint, zero));
        var chosen = TL.LessThan(u, pAtLevel);
        var applied = TL.Select(TL.Equal(level, TL.Constant(Levels.GreaterInvolvement)), fromLevel1,
            TL.Select(TL.Equal(level, joint), TL.Select(chosen, delegated, zero), TL.Select(TL.Equal(level, delegated), TL.Select(chosen, joint, zero), zero)));
        // No exposure (no move open since the last window): stay.
        return TL.Select(TL.LessThan(zero, total), applied, zero);
    }
}
