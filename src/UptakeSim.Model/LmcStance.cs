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

    /// <summary>One step towards supportive, with probability rising with the peer share delegated.</summary>
    public LmcStance Soften(LmcStance stance, double peerShareDelegated, double u) =>
        stance != LmcStance.Supportive && u < SoftenRate * peerShareDelegated ? stance + 1 : stance;
}
