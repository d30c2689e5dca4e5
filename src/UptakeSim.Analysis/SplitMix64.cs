using Dist = MathNet.Numerics.Distributions;

namespace UptakeSim.Analysis;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator: a few lines, so the samples and bootstrap resamples drawn from a seed
/// are the same on every runtime and platform (System.Random's algorithm is not guaranteed to stay the same).
/// <see cref="Keyed"/> starts a stream at a key made of a seed and counters (counter-based random numbers), so a draw
/// depends on what it is for, never on the order in which work runs. The model keeps its own keyed draws with the
/// same finaliser; this project does not reference the model, so it has this one mixer of its own.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state = seed;

    /// <summary>A stream keyed by <paramref name="seed"/> and the counters, in order (so (1, 2) and (2, 1) differ).</summary>
    public static SplitMix64 Keyed(ulong seed, params ReadOnlySpan<long> counters) => new(Key(seed, counters));

    /// <summary>The 64-bit key of <paramref name="seed"/> and the counters, for a caller that keys its own draws.</summary>
    public static ulong Key(ulong seed, params ReadOnlySpan<long> counters)
    {
        var key = Mix(seed + Golden);
        foreach (var counter in counters) key = Mix(key + (ulong)counter * Golden + Golden);
        return key;
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong() => Mix(_state += Golden);

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1): never 0 or 1, so an inverse CDF stays finite.</summary>
    public double NextOpenDouble() => ((NextULong() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by inverse CDF.</summary>
    public double NextNormal() => Dist.Normal.InvCDF(0, 1, NextOpenDouble());

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
