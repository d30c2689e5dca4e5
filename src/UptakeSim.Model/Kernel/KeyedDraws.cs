using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace UptakeSim.Model.Kernel;

/// <summary>
/// <see cref="KeyedRandom"/>'s counter-based draws for a register of keys at once (one key per replication):
/// the same SplitMix64 mixer on 64-bit lanes, so <see cref="Bits{TL,TD,TU}"/> and <see cref="Uniform{TL,TD,TU}"/>
/// give exactly KeyedRandom.Bits and KeyedRandom.Uniform. The 64-bit lane multiply is a single instruction with
/// AVX-512DQ and is built from 32-bit multiplies elsewhere; both keep the low 64 bits of the product exactly.
/// The normal draw is Box-Muller with the deterministic logarithm and cosine of <see cref="DeterministicMath"/>, not the
/// platform's maths library.
/// </summary>
public static class KeyedDraws
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong OneBits = 0x3FF0000000000000UL;
    private const ulong HalfUlpBits = 0x3CA0000000000000UL; // 2^-53

    /// <summary>What KeyedRandom.Bits adds to a CCG's key for one (quarter, purpose, index): computed once per call
    /// and shared by every replication.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Offset(int quarter, DrawPurpose purpose, int index = 0) =>
        ((ulong)(uint)(quarter + 1) << 24 | (ulong)purpose << 16 | (uint)(ushort)index) * Golden;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TU Mix<TL, TD, TU>(TU z) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        z = TL.MultiplyBits(TL.Xor(z, TL.ShiftRight(z, 30)), TL.ConstantBits(0xBF58476D1CE4E5B9UL));
        z = TL.MultiplyBits(TL.Xor(z, TL.ShiftRight(z, 27)), TL.ConstantBits(0x94D049BB133111EBUL));
        return TL.Xor(z, TL.ShiftRight(z, 31));
    }

    /// <summary>KeyedRandom.Bits for each key, given <see cref="Offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TU Bits<TL, TD, TU>(TU keys, ulong offset) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        Mix<TL, TD, TU>(Mix<TL, TD, TU>(TL.AddBits(keys, TL.ConstantBits(offset))));

    /// <summary>KeyedRandom.Uniform: the top 53 bits over 2^53, in [0, 1), converted exactly with bit operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Uniform<TL, TD, TU>(TU bits) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var top52 = TL.Subtract(TL.AsDouble(TL.OrBits(TL.ShiftRight(bits, 12), TL.ConstantBits(OneBits))), TL.Constant(1));
        var lowBit = TL.AndBits(TL.ShiftRight(bits, 11), TL.ConstantBits(1));
        var half = TL.AsDouble(TL.AndBits(TL.SubtractBits(TL.ConstantBits(0), lowBit), TL.ConstantBits(HalfUlpBits)));
        return TL.Add(top52, half);
    }

    /// <summary>A standard normal draw by Box-Muller from the two 32-bit halves of the draw, with the deterministic
    /// log and cosine: sqrt(-2 log u1) cos(2 pi u2), u1 = (high + 1/2) / 2^32 in (0, 1), u2 = low / 2^32 (|z| below 6.7).
    /// One division and one square root per draw, where the inverse CDF needs up to four and a logarithm in the tails.</summary>
    public static TD Normal<TL, TD, TU>(TU bits) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        TL.Multiply(Radius<TL, TD, TU>(bits), DeterministicMath.CosTwoPi<TL, TD, TU>(Turn<TL, TD, TU>(bits)));

    /// <summary>Both normals of Box-Muller from one draw: <see cref="Normal{TL,TD,TU}"/> and, independent of it,
    /// sqrt(-2 log u1) sin(2 pi u2) (as cos(2 pi (u2 - 1/4)), exact in the turn).</summary>
    public static TD NormalPair<TL, TD, TU>(TU bits, out TD second) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var radius = Radius<TL, TD, TU>(bits);
        var cos = DeterministicMath.CosTwoPiPair<TL, TD, TU>(Turn<TL, TD, TU>(bits), out var sin);
        second = TL.Multiply(radius, sin);
        return TL.Multiply(radius, cos);
    }

    /// <summary>sqrt(-2 log u1), u1 = (high 32 bits + 1/2) / 2^32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Radius<TL, TD, TU>(TU bits) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var u1 = TL.Multiply(TL.Add(Integer<TL, TD, TU>(TL.ShiftRight(bits, 32)), TL.Constant(0.5)), TL.Constant(1.0 / 4294967296.0));
        return TL.Sqrt(TL.Multiply(TL.Constant(-2.0), DeterministicMath.Log<TL, TD, TU>(u1)));
    }

    /// <summary>u2 = low 32 bits / 2^32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Turn<TL, TD, TU>(TU bits) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        TL.Multiply(Integer<TL, TD, TU>(TL.AndBits(bits, TL.ConstantBits(0xFFFFFFFFUL))), TL.Constant(1.0 / 4294967296.0));

    /// <summary>Gumbel noise -log(-log(u + 2^-54)) from <see cref="Uniform{TL,TD,TU}"/>: ranks CCGs for the start mix
    /// (a draw without replacement weighted by propensity).</summary>
    public static TD Gumbel<TL, TD, TU>(TU bits) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var u = TL.Add(Uniform<TL, TD, TU>(bits), TL.Constant(0.5 / (1UL << 53)));
        return DeterministicMath.Negate<TL, TD, TU>(DeterministicMath.Log<TL, TD, TU>(DeterministicMath.Negate<TL, TD, TU>(DeterministicMath.Log<TL, TD, TU>(u))));
    }

    /// <summary>An integer below 2^52 as a double, exactly: its bits under the exponent of 2^52, less 2^52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Integer<TL, TD, TU>(TU value) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        TL.Subtract(TL.AsDouble(TL.OrBits(value, TL.ConstantBits(0x4330000000000000UL))), TL.Constant(4503599627370496.0));

    public static ulong Bits(ulong ccgKey, int quarter, DrawPurpose purpose, int index = 0) =>
        Bits<ScalarLanes, double, ulong>(ccgKey, Offset(quarter, purpose, index));

    public static double Uniform(ulong ccgKey, int quarter, DrawPurpose purpose, int index = 0) =>
        Uniform<ScalarLanes, double, ulong>(Bits(ccgKey, quarter, purpose, index));

    public static double Normal(ulong ccgKey, int quarter, DrawPurpose purpose, int index = 0) =>
        Normal<ScalarLanes, double, ulong>(Bits(ccgKey, quarter, purpose, index));

    /// <summary>One Gumbel draw per key, <paramref name="width"/> lanes at a time.</summary>
    public static void Gumbel(ReadOnlySpan<ulong> keys, int quarter, DrawPurpose purpose, Span<double> draws, LaneWidth width) =>
        Map<GumbelDraw>(keys, Offset(quarter, purpose), draws, width);

    /// <summary>One uniform per key (one key per replication), <paramref name="width"/> lanes at a time.</summary>
    public static void Uniform(ReadOnlySpan<ulong> keys, int quarter, DrawPurpose purpose, Span<double> draws, LaneWidth width, int index = 0) =>
        Map<UniformDraw>(keys, Offset(quarter, purpose, index), draws, width);

    /// <summary>One standard normal per key, <paramref name="width"/> lanes at a time.</summary>
    public static void Normal(ReadOnlySpan<ulong> keys, int quarter, DrawPurpose purpose, Span<double> draws, LaneWidth width, int index = 0) =>
        Map<NormalDraw>(keys, Offset(quarter, purpose, index), draws, width);

    private static void Map<TDraw>(ReadOnlySpan<ulong> keys, ulong offset, Span<double> draws, LaneWidth width) where TDraw : IKeyedDraw
    {
        if (draws.Length < keys.Length) throw new ArgumentException("destination is shorter than the keys", nameof(draws));
        var i = 0;
        switch (width)
        {
            case LaneWidth.V512:
                for (; i <= keys.Length - Lanes512.Count; i += Lanes512.Count)
                    Lanes512.Store(TDraw.Draw<Lanes512, Vector512<double>, Vector512<ulong>>(Lanes512.LoadBits(keys, i), offset), draws, i);
                break;
            case LaneWidth.V256:
                for (; i <= keys.Length - Lanes256.Count; i += Lanes256.Count)
                    Lanes256.Store(TDraw.Draw<Lanes256, Vector256<double>, Vector256<ulong>>(Lanes256.LoadBits(keys, i), offset), draws, i);
                break;
            case LaneWidth.V128:
                for (; i <= keys.Length - Lanes128.Count; i += Lanes128.Count)
                    Lanes128.Store(TDraw.Draw<Lanes128, Vector128<double>, Vector128<ulong>>(Lanes128.LoadBits(keys, i), offset), draws, i);
                break;
        }
        for (; i < keys.Length; i++) draws[i] = TDraw.Draw<ScalarLanes, double, ulong>(keys[i], offset);
    }

    private interface IKeyedDraw
    {
        static abstract TD Draw<TL, TD, TU>(TU keys, ulong offset) where TL : ILanes<TD, TU> where TD : struct where TU : struct;
    }

    private readonly struct UniformDraw : IKeyedDraw
    {
        public static TD Draw<TL, TD, TU>(TU keys, ulong offset) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
            Uniform<TL, TD, TU>(Bits<TL, TD, TU>(keys, offset));
    }

    private readonly struct GumbelDraw : IKeyedDraw
    {
        public static TD Draw<TL, TD, TU>(TU keys, ulong offset) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
            Gumbel<TL, TD, TU>(Bits<TL, TD, TU>(keys, offset));
    }

    private readonly struct NormalDraw : IKeyedDraw
    {
        public static TD Draw<TL, TD, TU>(TU keys, ulong offset) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
            Normal<TL, TD, TU>(Bits<TL, TD, TU>(keys, offset));
    }
}
