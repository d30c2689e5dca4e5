namespace UptakeSim.Model;

/// <summary>What a random draw is for; part of the key so that draws for different purposes never collide.</summary>
public enum DrawPurpose : byte
{
    Finance = 1,
    FinanceShock = 2,
    LmcStance = 3,
    LmcSoften = 4,
    Capacity = 5,
    Conflict = 6,
    StartDelegated = 7,
    StartJoint = 8,
    Decision = 9,
    Coefficient = 10,
    ListSize = 11,
    Approval = 12,
    Collective = 13,
}

/// <summary>
/// Counter-based random numbers: every draw is a pure function of (master seed, replication, CCG, quarter, purpose),
/// so results do not depend on batch size, threads, silos or the order in which grains are called.
/// The mixer is SplitMix64's finaliser applied along the key.
/// </summary>
public static class KeyedRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong ReplicationKey(ulong seed, int replication) =>
        Mix(Mix(seed + Golden) + (ulong)(uint)replication * Golden);

    /// <summary>Key of one CCG within one replication; <paramref name="ccg"/> -1 is used for replication-wide draws.</summary>
    public static ulong CcgKey(ulong replicationKey, int ccg) => Mix(replicationKey ^ ((ulong)(uint)(ccg + 1) * 0xD1B54A32D192ED03UL));

    public static ulong Bits(ulong ccgKey, int quarter, DrawPurpose purpose, int index = 0) =>
        Mix(Mix(ccgKey + (((ulong)(uint)(quarter + 1) << 24 | (ulong)purpose << 16 | (uint)(ushort)index) * Golden)));

    /// <summary>Uniform in [0, 1).</summary>
    public static double Uniform(ulong ccgKey, int quarter, DrawPurpose purpose, int index = 0) =>
        (Bits(ccgKey, quarter, purpose, index) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box-Muller from one 64-bit draw with deterministic log and cosine, the same bits on every CPU
    /// (<see cref="Kernel.KeyedDraws.Normal(ulong, int, DrawPurpose, int)"/>).</summary>
    public static double Normal(ulong ccgKey, int quarter, DrawPurpose purpose, int index = 0) =>
        Kernel.KeyedDraws.Normal(ccgKey, quarter, purpose, index);

    /// <summary>A stable 16-bit tag for a name, so coefficient draws are keyed by name rather than by position.</summary>
    public static int NameTag(string name)
    {
        ulong h = 1469598103934665603UL;
        foreach (var c in name) h = (h ^ c) * 1099511628211UL;
        return (int)(Mix(h) & 0xFFFF);
    }
}
