using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model.Tests;

/// <summary>The vectorised counter-based draws reproduce KeyedRandom bit for bit, at every lane width.</summary>
public class KernelDrawsTests
{
    [Property(MaxTest = 500, Replay = "(20150401,20160401)")]
    public Property Bits_and_uniform_are_KeyedRandoms(ulong key, byte quarter, byte purpose, ushort index)
    {
        var q = quarter - 1;
        var p = (DrawPurpose)purpose;
        return (KeyedDraws.Bits(key, q, p, index) == KeyedRandom.Bits(key, q, p, index)
                && BitConverter.DoubleToInt64Bits(KeyedDraws.Uniform(key, q, p, index)) == BitConverter.DoubleToInt64Bits(KeyedRandom.Uniform(key, q, p, index)))
            .ToProperty();
    }

    [Property(MaxTest = 100, Replay = "(20150401,20160401)")]
    public Property Every_lane_width_draws_what_KeyedRandom_draws_key_by_key(ulong[] keys, byte quarter)
    {
        var expectedUniform = keys.Select(k => KeyedRandom.Uniform(k, quarter, DrawPurpose.Decision)).ToArray();
        var expectedNormal = keys.Select(k => KeyedDraws.Normal(k, quarter, DrawPurpose.FinanceShock)).ToArray();
        return LaneWidths.All.All(w =>
            {
                var uniform = new double[keys.Length];
                var normal = new double[keys.Length];
                KeyedDraws.Uniform(keys, quarter, DrawPurpose.Decision, uniform, w);
                KeyedDraws.Normal(keys, quarter, DrawPurpose.FinanceShock, normal, w);
                return KernelMathTests.BitwiseEqual(uniform, expectedUniform) && KernelMathTests.BitwiseEqual(normal, expectedNormal);
            })
            .ToProperty();
    }

    [Fact]
    public void Uniform_covers_its_extremes_exactly()
    {
        // Bits 0 and all ones: the 53-bit conversion must give 0 and 1 - 2^-53 like the integer-to-double route.
        foreach (var bits in new[] { 0UL, ulong.MaxValue, 1UL << 11, 1UL << 12, 0x8000000000000000UL })
            Assert.Equal((bits >> 11) * (1.0 / (1UL << 53)), KeyedDraws.Uniform<ScalarLanes, double, ulong>(bits));
    }

    [Fact]
    public void Normal_is_Box_Muller_to_1e_14_with_the_platform_log_and_cosine()
    {
        for (var i = 0; i < 100_000; i++)
        {
            var bits = KeyedRandom.Bits(17, i, DrawPurpose.FinanceShock);
            var u1 = ((bits >> 32) + 0.5) * (1.0 / 4294967296.0);
            var u2 = (bits & 0xFFFFFFFFUL) * (1.0 / 4294967296.0);
            var expected = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            Assert.InRange(KeyedDraws.Normal<ScalarLanes, double, ulong>(bits) - expected, -1e-14, 1e-14);
        }
        // The extremes: u1 = 2^-33 with cos 1 gives the largest draw.
        Assert.Equal(Math.Sqrt(66 * Math.Log(2)), KeyedDraws.Normal<ScalarLanes, double, ulong>(0), 14);
    }

    [Fact]
    public void Normal_draws_have_the_moments_and_quantiles_of_a_standard_normal()
    {
        const int n = 200_000;
        var keys = Enumerable.Range(0, n).Select(i => KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(3, i), 5)).ToArray();
        var z = new double[n];
        KeyedDraws.Normal(keys, 4, DrawPurpose.FinanceShock, z, LaneWidths.Best);
        var mean = z.Average();
        var variance = z.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1);
        // Four standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032, a tail share sqrt(p(1-p)/n).
        Assert.InRange(mean, -0.009, 0.009);
        Assert.InRange(variance, 1 - 0.013, 1 + 0.013);
        var below = z.Count(v => v < -1.959963984540054) / (double)n;
        Assert.InRange(below, 0.025 - 4 * Math.Sqrt(0.025 * 0.975 / n), 0.025 + 4 * Math.Sqrt(0.025 * 0.975 / n));
    }

    [Fact]
    public void A_normal_pair_is_both_halves_of_Box_Muller_and_uncorrelated()
    {
        const int n = 100_000;
        var (first, second) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            var bits = KeyedRandom.Bits(23, i, DrawPurpose.FinanceShock);
            first[i] = KeyedDraws.NormalPair<ScalarLanes, double, ulong>(bits, out second[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(KeyedDraws.Normal<ScalarLanes, double, ulong>(bits)), BitConverter.DoubleToInt64Bits(first[i]));
            var u1 = ((bits >> 32) + 0.5) * (1.0 / 4294967296.0);
            var u2 = (bits & 0xFFFFFFFFUL) * (1.0 / 4294967296.0);
            Assert.InRange(second[i] - Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Sin(2.0 * Math.PI * u2), -1e-14, 1e-14);
        }
        // Four standard errors of a correlation of independent normals: 4 / sqrt(n).
        var correlation = first.Zip(second, (a, b) => a * b).Sum() / Math.Sqrt(first.Sum(a => a * a) * second.Sum(b => b * b));
        Assert.InRange(correlation, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(second.Average(), -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
    }
}
