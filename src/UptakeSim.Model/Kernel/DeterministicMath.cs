using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace UptakeSim.Model.Kernel;

/// <summary>
/// exp, log and the standard normal quantile from IEEE-exact operations only (<see cref="ILanes{TD,TU}"/>), in a fixed
/// order, so every lane width and every CPU gives the same bits; Math.Exp and Math.Log call the platform's maths
/// library, whose last bit may differ between machines. Log follows fdlibm (Sun Microsystems, 1993; the version in
/// musl); Exp takes fdlibm's range reduction with a Taylor polynomial instead of its rational form (no division);
/// CosTwoPi reduces exactly by symmetry. KernelMathTests measures them against Math.Exp, Math.Log and Math.Cos.
/// The normal quantile is Wichura's AS 241 (Applied Statistics 37(3), 1988), relative error about 1e-16 by design.
/// </summary>
public static class DeterministicMath
{
    private const double Magic = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer held in the low bits
    private const double TwoTo52 = 4503599627370496.0;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;
    private const double ExpOverflow = 7.09782712893383973096e+02;
    private const double ExpUnderflow = -7.45133219101941108420e+02;
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
        Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const double TwoTo54 = 18014398509481984.0;

    /// <summary>e^x, within 1 ulp of the correctly rounded value in tests; +inf above 709.78, 0 below -745.13, NaN for NaN.</summary>
    public static double Exp(double x) => Exp<ScalarLanes, double, ulong>(x);

    /// <summary>Natural logarithm, within 1 ulp in tests; -inf at 0, NaN below 0 or for NaN, +inf at +inf.</summary>
    public static double Log(double x) => Log<ScalarLanes, double, ulong>(x);

    /// <summary>The standard normal quantile of p in (0, 1).</summary>
    public static double NormalQuantile(double p) => NormalQuantile<ScalarLanes, double, ulong>(p);

    /// <summary>cos(2 pi v) for v in [0, 1].</summary>
    public static double CosTwoPi(double v) => CosTwoPi<ScalarLanes, double, ulong>(v);

    /// <summary>1 / (1 + e^-x).</summary>
    public static double Logistic(double x) => Logistic<ScalarLanes, double, ulong>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Exp<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var tooBig = TL.LessThan(TL.Constant(ExpOverflow), x);
        var tooSmall = TL.LessThan(x, TL.Constant(ExpUnderflow));
        var inRange = TL.Select(TL.Or(tooBig, tooSmall), TL.Constant(0), x);
        // x = k ln2 + r, |r| <= ln2/2; k ln2 in two parts so that hi = x - k * Ln2Hi is exact (fdlibm).
        var t = TL.Add(TL.Multiply(inRange, TL.Constant(InvLn2)), TL.Constant(Magic));
        var k = TL.Subtract(t, TL.Constant(Magic));
        var hi = TL.Subtract(inRange, TL.Multiply(k, TL.Constant(Ln2Hi)));
        var lo = TL.Multiply(k, TL.Constant(Ln2Lo));
        var r = TL.Subtract(hi, lo);
        // e^r = 1 + r + r^2 (1/2! + r/3! + ... + r^11/13!): the Taylor tail beyond r^13 is below 5e-18 for
        // |r| <= ln2/2. A polynomial rather than fdlibm's rational form: no division, which costs a vector unit
        // several times an add. The linear term is hi - lo, added last, to keep the rounding of r out of it.
        var r2 = TL.Multiply(r, r);
        var r4 = TL.Multiply(r2, r2);
        var r8 = TL.Multiply(r4, r4);
        var a0 = TL.Add(TL.Constant(0.5), TL.Multiply(r, TL.Constant(1.0 / 6)));
        var a1 = TL.Add(TL.Constant(1.0 / 24), TL.Multiply(r, TL.Constant(1.0 / 120)));
        var a2 = TL.Add(TL.Constant(1.0 / 720), TL.Multiply(r, TL.Constant(1.0 / 5040)));
        var a3 = TL.Add(TL.Constant(1.0 / 40320), TL.Multiply(r, TL.Constant(1.0 / 362880)));
        var a4 = TL.Add(TL.Constant(1.0 / 3628800), TL.Multiply(r, TL.Constant(1.0 / 39916800)));
        var a5 = TL.Add(TL.Constant(1.0 / 479001600), TL.Multiply(r, TL.Constant(1.0 / 6227020800)));
        var b0 = TL.Add(a0, TL.Multiply(r2, a1));
        var b1 = TL.Add(a2, TL.Multiply(r2, a3));
        var b2 = TL.Add(a4, TL.Multiply(r2, a5));
        var p = TL.Add(TL.Add(b0, TL.Multiply(r4, b1)), TL.Multiply(r8, b2));
        var y = TL.Add(TL.Constant(1), TL.Add(hi, TL.Subtract(TL.Multiply(TL.Multiply(r, r), p), lo)));
        // Scale by 2^k as 2^k1 * 2^k2 (k1 = floor(k/2)): both factors are normal, so only the last product rounds,
        // and results in the subnormal range come out right. Biased by 2048 to stay in unsigned arithmetic.
        var kBiased = TL.AddBits(TL.SubtractBits(TL.AsBits(t), TL.AsBits(TL.Constant(Magic))), TL.ConstantBits(2048));
        var k1Biased = TL.ShiftRight(kBiased, 1);
        var scale1 = TL.AsDouble(TL.ShiftLeft(TL.SubtractBits(k1Biased, TL.ConstantBits(1)), 52));
        var scale2 = TL.AsDouble(TL.ShiftLeft(TL.SubtractBits(TL.SubtractBits(kBiased, k1Biased), TL.ConstantBits(1)), 52));
        var result = TL.Multiply(TL.Multiply(y, scale1), scale2);
        return TL.Select(tooBig, TL.Constant(double.PositiveInfinity), TL.Select(tooSmall, TL.Constant(0), result));
    }

    public static TD Log<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var subnormal = TL.LessThan(x, TL.Constant(SmallestNormal));
        var scaled = TL.Select(subnormal, TL.Multiply(x, TL.Constant(TwoTo54)), x);
        // x = 2^k * m with m in [sqrt(2)/2, sqrt(2)): shift the exponent so the cut falls at sqrt(2)/2.
        var bits = TL.AddBits(TL.AsBits(scaled), TL.ConstantBits((0x3ff00000UL - 0x3fe6a09eUL) << 32));
        var exponent = TL.Subtract(TL.AsDouble(TL.OrBits(TL.ShiftRight(bits, 52), TL.AsBits(TL.Constant(TwoTo52)))), TL.Constant(TwoTo52));
        var k = TL.Subtract(TL.Subtract(exponent, TL.Constant(1023)), TL.Select(subnormal, TL.Constant(54), TL.Constant(0)));
        var m = TL.AsDouble(TL.AddBits(TL.AndBits(bits, TL.ConstantBits(0x000fffffffffffffUL)), TL.ConstantBits(0x3fe6a09eUL << 32)));
        var f = TL.Subtract(m, TL.Constant(1));
        var hfsq = TL.Multiply(TL.Constant(0.5), TL.Multiply(f, f));
        var s = TL.Divide(f, TL.Add(TL.Constant(2), f));
        var z = TL.Multiply(s, s);
        var w = TL.Multiply(z, z);
        var t1 = TL.Multiply(w, TL.Add(TL.Constant(Lg2), TL.Multiply(w, TL.Add(TL.Constant(Lg4), TL.Multiply(w, TL.Constant(Lg6))))));
        var t2 = TL.Multiply(z, TL.Add(TL.Constant(Lg1), TL.Multiply(w, TL.Add(TL.Constant(Lg3), TL.Multiply(w, TL.Add(TL.Constant(Lg5), TL.Multiply(w, TL.Constant(Lg7))))))));
        var rr = TL.Add(t2, t1);
        var result = TL.Add(TL.Multiply(s, TL.Add(hfsq, rr)), TL.Multiply(k, TL.Constant(Ln2Lo)));
        result = TL.Add(TL.Add(TL.Subtract(result, hfsq), f), TL.Multiply(k, TL.Constant(Ln2Hi)));
        result = TL.Select(TL.Equal(x, TL.Constant(double.PositiveInfinity)), x, result);
        result = TL.Select(TL.Equal(x, TL.Constant(0)), TL.Constant(double.NegativeInfinity), result);
        return TL.Select(TL.LessThanOrEqual(TL.Constant(0), x), result, TL.Constant(double.NaN));
    }

    /// <summary>cos(2 pi v): the turn is reduced exactly to [0, 1/8] by symmetry (only subtractions of multiples of
    /// 1/8 from v, exact for v in [-1/4, 1] on a grid of 2^-32), then a Taylor polynomial in the angle (remainder
    /// below 2e-18).</summary>
    public static TD CosTwoPi<TL, TD, TU>(TD v) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var (flip, useSin, theta) = Reduce<TL, TD, TU>(v);
        var (cos, sin) = CosSin<TL, TD, TU>(theta);
        var r = TL.Select(useSin, sin, cos);
        return TL.Select(flip, Negate<TL, TD, TU>(r), r);
    }

    /// <summary>cos(2 pi v) and cos(2 pi (v - 1/4)) (that is, sin(2 pi v)), each the same bits as
    /// <see cref="CosTwoPi{TL,TD,TU}"/>: the two turns reduce exactly to the same angle, so its two polynomials serve
    /// both.</summary>
    public static TD CosTwoPiPair<TL, TD, TU>(TD v, out TD quarterTurnEarlier) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var (flip, useSin, theta) = Reduce<TL, TD, TU>(v);
        var (flipEarlier, useSinEarlier, _) = Reduce<TL, TD, TU>(TL.Subtract(v, TL.Constant(0.25)));
        var (cos, sin) = CosSin<TL, TD, TU>(theta);
        var earlier = TL.Select(useSinEarlier, sin, cos);
        quarterTurnEarlier = TL.Select(flipEarlier, Negate<TL, TD, TU>(earlier), earlier);
        var r = TL.Select(useSin, sin, cos);
        return TL.Select(flip, Negate<TL, TD, TU>(r), r);
    }

    /// <summary>The turn v reduced to an angle in [0, pi/4]: cos(2 pi v) is +-cos or +-sin of it. The reduced turn is
    /// the smaller of b and 1/4 - b, whichever way v was reached, so turns a quarter apart give the same angle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TD Flip, TD UseSin, TD Theta) Reduce<TL, TD, TU>(TD v) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var nearest = TL.Subtract(TL.Add(v, TL.Constant(Magic)), TL.Constant(Magic));
        var a = TL.AsDouble(TL.AndBits(TL.AsBits(TL.Subtract(v, nearest)), TL.ConstantBits(0x7fffffffffffffffUL)));
        var flip = TL.LessThan(TL.Constant(0.25), a);
        var b = TL.Select(flip, TL.Subtract(TL.Constant(0.5), a), a);
        var useSin = TL.LessThan(TL.Constant(0.125), b);
        var theta = TL.Multiply(TL.Select(useSin, TL.Subtract(TL.Constant(0.25), b), b), TL.Constant(2 * Math.PI));
        return (flip, useSin, theta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TD Cos, TD Sin) CosSin<TL, TD, TU>(TD theta) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var z = TL.Multiply(theta, theta);
        // Taylor series in z = theta^2, by Horner's rule: cos = 1 + z (-1/2! + z/4! - ...), sin = theta + theta z (-1/3! + ...).
        var cos = TL.Add(TL.Constant(1), TL.Multiply(Polynomial<TL, TD, TU>(z,
            -0.5, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800, 1.0 / 479001600, -1.0 / 87178291200, 1.0 / 20922789888000), z));
        var sin = TL.Add(theta, TL.Multiply(TL.Multiply(theta, z), Polynomial<TL, TD, TU>(z,
            -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800, 1.0 / 6227020800, -1.0 / 1307674368000, 1.0 / 355687428096000)));
        return (cos, sin);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Logistic<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        TL.Divide(TL.Constant(1), TL.Add(TL.Constant(1), Exp<TL, TD, TU>(Negate<TL, TD, TU>(x))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Negate<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        TL.AsDouble(TL.Xor(TL.AsBits(x), TL.ConstantBits(0x8000000000000000UL)));

    /// <summary>Wichura's AS 241 (PPND16). The tails (|p - 0.5| > 0.425) are computed only when some lane needs them;
    /// each lane's value depends on its own p alone, so skipping them changes no result.</summary>
    public static TD NormalQuantile<TL, TD, TU>(TD p) where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var q = TL.Subtract(p, TL.Constant(0.5));
        var absQ = TL.AsDouble(TL.AndBits(TL.AsBits(q), TL.ConstantBits(0x7fffffffffffffffUL)));
        var central = TL.LessThanOrEqual(absQ, TL.Constant(0.425));
        var r = TL.Subtract(TL.Constant(0.180625), TL.Multiply(q, q));
        var num = Polynomial<TL, TD, TU>(r,
            3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
            4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3);
        var den = Polynomial<TL, TD, TU>(r,
            1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
            2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3);
        var value = TL.Divide(TL.Multiply(q, num), den);
        // A mask lane compares equal to zero exactly when it is false.
        if (!TL.Any(TL.Equal(central, TL.Constant(0)))) return value;

        var lower = TL.LessThan(q, TL.Constant(0));
        var tail = TL.Sqrt(Negate<TL, TD, TU>(Log<TL, TD, TU>(TL.Select(lower, p, TL.Subtract(TL.Constant(1), p)))));
        var near = TL.Subtract(tail, TL.Constant(1.6));
        var nearValue = TL.Divide(
            Polynomial<TL, TD, TU>(near,
                1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
                1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4),
            Polynomial<TL, TD, TU>(near,
                1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9));
        var far = TL.Subtract(tail, TL.Constant(5.0));
        var farValue = TL.Divide(
            Polynomial<TL, TD, TU>(far,
                6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
                2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7),
            Polynomial<TL, TD, TU>(far,
                1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15));
        var tailValue = TL.Select(TL.LessThanOrEqual(tail, TL.Constant(5.0)), nearValue, farValue);
        tailValue = TL.Select(lower, Negate<TL, TD, TU>(tailValue), tailValue);
        return TL.Select(central, value, tailValue);
    }

    /// <summary>c0 + c1 x + ... + c7 x^7 by Horner's rule, highest power first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Polynomial<TL, TD, TU>(TD x, double c0, double c1, double c2, double c3, double c4, double c5, double c6, double c7)
        where TL : ILanes<TD, TU> where TD : struct where TU : struct
    {
        var v = TL.Add(TL.Multiply(TL.Constant(c7), x), TL.Constant(c6));
        v = TL.Add(TL.Multiply(v, x), TL.Constant(c5));
        v = TL.Add(TL.Multiply(v, x), TL.Constant(c4));
        v = TL.Add(TL.Multiply(v, x), TL.Constant(c3));
        v = TL.Add(TL.Multiply(v, x), TL.Constant(c2));
        v = TL.Add(TL.Multiply(v, x), TL.Constant(c1));
        return TL.Add(TL.Multiply(v, x), TL.Constant(c0));
    }

    /// <summary>Applies <typeparamref name="TF"/> to every element, <paramref name="width"/> lanes at a time and the tail
    /// one at a time. Every width gives the same bits; <see cref="LaneWidths.Best"/> is the fastest.</summary>
    public static void Map<TF>(ReadOnlySpan<double> x, Span<double> y, LaneWidth width) where TF : ILaneFunction
    {
        if (y.Length < x.Length) throw new ArgumentException("destination is shorter than source", nameof(y));
        var i = 0;
        switch (width)
        {
            case LaneWidth.V512:
                for (; i <= x.Length - Lanes512.Count; i += Lanes512.Count)
                    Lanes512.Store(TF.Apply<Lanes512, Vector512<double>, Vector512<ulong>>(Lanes512.Load(x, i)), y, i);
                break;
            case LaneWidth.V256:
                for (; i <= x.Length - Lanes256.Count; i += Lanes256.Count)
                    Lanes256.Store(TF.Apply<Lanes256, Vector256<double>, Vector256<ulong>>(Lanes256.Load(x, i)), y, i);
                break;
            case LaneWidth.V128:
                for (; i <= x.Length - Lanes128.Count; i += Lanes128.Count)
                    Lanes128.Store(TF.Apply<Lanes128, Vector128<double>, Vector128<ulong>>(Lanes128.Load(x, i)), y, i);
                break;
        }
        for (; i < x.Length; i++) y[i] = TF.Apply<ScalarLanes, double, ulong>(x[i]);
    }

    public static void Exp(ReadOnlySpan<double> x, Span<double> y, LaneWidth width) => Map<ExpFunction>(x, y, width);

    public static void Log(ReadOnlySpan<double> x, Span<double> y, LaneWidth width) => Map<LogFunction>(x, y, width);

    public static void NormalQuantile(ReadOnlySpan<double> p, Span<double> y, LaneWidth width) => Map<NormalQuantileFunction>(p, y, width);

    public static void Logistic(ReadOnlySpan<double> x, Span<double> y, LaneWidth width) => Map<LogisticFunction>(x, y, width);

    public static void CosTwoPi(ReadOnlySpan<double> v, Span<double> y, LaneWidth width) => Map<CosTwoPiFunction>(v, y, width);
}

/// <summary>A function of one double, written once against <see cref="ILanes{TD,TU}"/> for every lane width.</summary>
public interface ILaneFunction
{
    static abstract TD Apply<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct;
}

public readonly struct ExpFunction : ILaneFunction
{
    public static TD Apply<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct => DeterministicMath.Exp<TL, TD, TU>(x);
}

public readonly struct LogFunction : ILaneFunction
{
    public static TD Apply<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct => DeterministicMath.Log<TL, TD, TU>(x);
}

public readonly struct NormalQuantileFunction : ILaneFunction
{
    public static TD Apply<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct => DeterministicMath.NormalQuantile<TL, TD, TU>(x);
}

public readonly struct LogisticFunction : ILaneFunction
{
    public static TD Apply<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct => DeterministicMath.Logistic<TL, TD, TU>(x);
}

public readonly struct CosTwoPiFunction : ILaneFunction
{
    public static TD Apply<TL, TD, TU>(TD x) where TL : ILanes<TD, TU> where TD : struct where TU : struct => DeterministicMath.CosTwoPi<TL, TD, TU>(x);
}
