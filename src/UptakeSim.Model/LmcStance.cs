using System.Runtime.CompilerServices;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>The local medical committee's stance towards the CCG taking on primary care commissioning.</summary>
public enum LmcStance : sbyte
{
    Opposed = -1,
    Neutral = 0,
    Supportive = 1,
}

/// <summary>
/// How LMC stances are drawn and how they soften as neighbouring CCGs delegate without harm
/// (seed: strong LMC opposition in some areas at first).
/// </summary>
public sealed record LmcAssumptions(double Supportive, double Neutral, double Opposed, double SoftenRate)
{
    public static LmcAssumptions Default { get; } = new(0.30, 0.45, 0.25, 0.15);

    public LmcStance Draw(double u) =>
        u < Opposed ? LmcStance.Opposed : u < Opposed + Neutral ? LmcStance.Neutral : LmcStance.Supportive;

    /// <summary>One step towards supportive (-1 opposed, 0 neutral, +1 supportive), with probability
    /// <see cref="SoftenRate"/> times the peer share delegated, decided by the uniform <paramref name="u"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TD Soften<TL, TD, TU>(TD stance, TD peerShareDelegated, TD u) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var one = TL.Constant(1);
        return TL.Select(TL.And(TL.LessThan(stance, one), TL.LessThan(u, TL.Multiply(TL.Constant(SoftenRate), peerShareDelegated))), TL.Add(stance, one), stance);
    }
}
