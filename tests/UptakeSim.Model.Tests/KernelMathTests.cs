using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Distributions;
using UptakeSim.Model.Kernel;
using Xunit.Abstractions;

namespace UptakeSim.Model.Tests;

/// <summary>The deterministic exp, log and normal quantile: accurate against the platform's maths library, and the same
/// bits at every lane width.</summary>
public class KernelMathTests(ITestOutputHelper output)
{
    private const int Samples = 200_000;

    /// <summary>Distance in representable doubles (same sign, finite): 0 when equal, 1 for adjacent values.</summary>
    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    private static double[] Spread(double from, double to, int count, ulong seed)
    {
        var x = new double[count];
        for (var i = 0; i < count; i++) x[i] = from + (to - from) * KeyedRandom.Uniform(seed, i, DrawPurpose.Decision);
        return x;
    }

    [Fact]
    public void Exp_is_within_one_ulp_of_Math_Exp_from_underflow_to_overflow()
    {
        var x = Spread(-745, 709.78, Samples, 1).Concat(Spread(-1, 1, Samples, 2)).Concat(Spread(-1e-9, 1e-9, 1000, 3)).ToArray();
        var y = new double[x.Length];
        DeterministicMath.Exp(x, y, LaneWidths.Best);
        var worst = x.Select((v, i) => Ulps(y[i], Math.Exp(v))).Max();
        output.WriteLine($"exp: max {worst} ulp from Math.Exp over {x.Length} points");
        Assert.InRange(worst, 0, 1);
    }

    [Fact]
    public void Log_is_within_one_ulp_of_Math_Log_over_every_binade_including_subnormals()
    {
        // Random bit patterns of positive doubles cover every exponent evenly, subnormals included.
        var x = Enumerable.Range(0, Samples).Select(i => BitConverter.UInt64BitsToDouble(KeyedRandom.Bits(7, i, DrawPurpose.Decision) % 0x7FF0000000000000UL))
            .Concat(Spread(0.5, 2, Samples, 4)).Concat(Spread(1 - 1e-9, 1 + 1e-9, 1000, 5)).ToArray();
        var y = new double[x.Length];
        DeterministicMath.Log(x, y, LaneWidths.Best);
        var worst = x.Select((v, i) => Ulps(y[i], Math.Log(v))).Max();
        output.WriteLine($"log: max {worst} ulp from Math.Log over {x.Length} points");
        Assert.InRange(worst, 0, 1);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(710.0, double.PositiveInfinity)]
    [InlineData(-746.0, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(double.NaN, double.NaN)]
    public void Exp_special_values(double x, double expected)
    {
        foreach (var width in LaneWidths.All) Assert.Equal(expected, ExpAt(x, width));
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(-1e-300, double.NaN)]
    [InlineData(-1.0, double.NaN)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(4.9406564584124654e-324, -744.44007192138122)]
    [InlineData(Math.E, 1.0)]
    public void Log_special_values(double x, double expected)
    {
        foreach (var width in LaneWidths.All)
        {
            var y = new double[9];
            DeterministicMath.Log(Enumerable.Repeat(x, 9).ToArray(), y, width);
            Assert.All(y, v => Assert.Equal(expected, v, 12));
        }
    }

    private static double ExpAt(double x, LaneWidth width)
    {
        var y = new double[9];
        DeterministicMath.Exp(Enumerable.Repeat(x, 9).ToArray(), y, width);
        Assert.All(y, v => Assert.Equal(BitConverter.DoubleToInt64Bits(y[0]), BitConverter.DoubleToInt64Bits(v)));
        return y[0];
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.025, -1.959963984540054)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(1e-10, -6.361340902404056)]
    public void Normal_quantile_matches_published_values(double p, double z) =>
        Assert.Equal(z, DeterministicMath.NormalQuantile(p), 13);

    [Fact]
    public void Normal_quantile_inverts_the_normal_cdf_to_1e_13_relative_over_the_whole_range()
    {
        var p = Spread(1e-6, 1 - 1e-6, Samples / 4, 6).Concat(Enumerable.Range(1, 200).Select(k => Math.Pow(2, -0.25 * k))).ToArray();
        var z = new double[p.Length];
        DeterministicMath.NormalQuantile(p, z, LaneWidths.Best);
        var worst = p.Select((v, i) => Math.Abs(z[i] - Normal.InvCDF(0, 1, v)) / Math.Max(1e-300, Math.Abs(z[i]))).Where(e => !double.IsNaN(e)).Max();
        output.WriteLine($"normal quantile: max relative difference {worst:E2} from MathNet InvCDF over {p.Length} points");
        Assert.InRange(worst, 0, 1e-13);
    }

    [Fact]
    public void CosTwoPi_is_within_1e_15_of_Math_Cos_over_the_turn()
    {
        var v = Spread(0, 1, Samples, 8).Concat(Enumerable.Range(0, 65).Select(k => k / 64.0)).ToArray();
        var y = new double[v.Length];
        DeterministicMath.CosTwoPi(v, y, LaneWidths.Best);
        var worst = v.Select((t, i) => Math.Abs(y[i] - Math.Cos(2 * Math.PI * t))).Max();
        output.WriteLine($"cos(2 pi v): max absolute difference {worst:E2} from Math.Cos over {v.Length} points");
        Assert.InRange(worst, 0, 1e-15);
        Assert.Equal(1.0, DeterministicMath.CosTwoPi(0));
        Assert.Equal(-1.0, DeterministicMath.CosTwoPi(0.5));
        Assert.Equal(0.0, DeterministicMath.CosTwoPi(0.25), 15);
    }

    [Fact]
    public void CosTwoPiPair_gives_the_bits_of_two_CosTwoPi_calls_a_quarter_turn_apart()
    {
        // Turns as Box-Muller makes them: 32-bit integers over 2^32, the octant edges included.
        var random = new Random(5);
        var turns = Enumerable.Range(0, 4096).Select(_ => (uint)random.NextInt64(0, 1L << 32) / 4294967296.0)
            .Concat(Enumerable.Range(0, 33).Select(k => k / 32.0)).ToArray();
        foreach (var v in turns)
        {
            var cos = DeterministicMath.CosTwoPiPair<ScalarLanes, double, ulong>(v, out var sin);
            Assert.Equal(BitConverter.DoubleToInt64Bits(DeterministicMath.CosTwoPi(v)), BitConverter.DoubleToInt64Bits(cos));
            Assert.Equal(BitConverter.DoubleToInt64Bits(DeterministicMath.CosTwoPi(v - 0.25)), BitConverter.DoubleToInt64Bits(sin));
        }
    }

    [Fact]
    public void Logistic_is_one_over_one_plus_exp_minus_x()
    {
        foreach (var x in new[] { -800.0, -30, -1, 0, 0.5, 1, 30, 800 })
            Assert.Equal(1 / (1 + Math.Exp(-x)), DeterministicMath.Logistic(x), 15);
    }

    [Property(MaxTest = 200, Replay = "(20150401,20160401)")]
    public Property Every_lane_width_gives_the_same_bits_as_one_at_a_time(double[] input, PositiveInt scale)
    {
        // Stretch FsCheck's small doubles over the ranges where exp, log and the quantile do their work.
        var x = input.Select(v => v * scale.Get).ToArray();
        var p = input.Select(v => Math.Abs(v % 1)).ToArray();
        return LaneWidths.All.All(w =>
                Same<ExpFunction>(x, w) && Same<LogFunction>(x, w) && Same<LogFunction>(x.Select(Math.Abs).ToArray(), w)
                && Same<NormalQuantileFunction>(p, w) && Same<LogisticFunction>(x, w) && Same<CosTwoPiFunction>(p, w))
            .ToProperty();
    }

    [Fact]
    public void Every_lane_width_gives_the_same_bits_over_all_double_bit_patterns()
    {
        var x = Enumerable.Range(0, 50_000).Select(i => BitConverter.UInt64BitsToDouble(KeyedRandom.Bits(11, i, DrawPurpose.Decision))).ToArray();
        var p = Enumerable.Range(0, 50_000).Select(i => KeyedRandom.Uniform(12, i, DrawPurpose.Decision)).ToArray();
        foreach (var w in LaneWidths.All)
        {
            Assert.True(Same<ExpFunction>(x, w), $"exp at {w}");
            Assert.True(Same<LogFunction>(x, w), $"log at {w}");
            Assert.True(Same<NormalQuantileFunction>(p, w), $"normal quantile at {w}");
            Assert.True(Same<CosTwoPiFunction>(p, w), $"cos 2 pi at {w}");
        }
    }

    private static bool Same<TF>(double[] x, LaneWidth width) where TF : ILaneFunction
    {
        var scalar = new double[x.Length];
        var vector = new double[x.Length];
        DeterministicMath.Map<TF>(x, scalar, LaneWidth.Scalar);
        DeterministicMath.Map<TF>(x, vector, width);
        return BitwiseEqual(scalar, vector);
    }

    /// <summary>Equal bit for bit, every NaN counted as one value (a NaN's payload is not part of the contract).</summary>
    public static bool BitwiseEqual(double[] a, double[] b) =>
        a.Select(Canonical).SequenceEqual(b.Select(Canonical));

    private static long Canonical(double v) => double.IsNaN(v) ? -1 : BitConverter.DoubleToInt64Bits(v);
}
