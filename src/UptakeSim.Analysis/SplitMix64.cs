namespace UptakeSim.Analysis;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator: a few lines, so the samples and bootstrap resamples drawn from a seed
/// are the same on every runtime and platform (System.Random's algorithm is not guaranteed to stay the same).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n), without modulo bias (rejects the incomplete top block).</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong draw;
        do draw = NextULong(); while (draw >= limit);
        return (int)(draw % bound);
    }
}
