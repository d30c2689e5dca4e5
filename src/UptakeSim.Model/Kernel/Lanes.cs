using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace UptakeSim.Model.Kernel;

/// <summary>
/// The operations the kernel's arithmetic is written in, for one register of lanes: doubles (<typeparamref name="TD"/>)
/// and 64-bit integers (<typeparamref name="TU"/>). Every operation is exact or correctly rounded by IEEE 754
/// (+, -, *, /, sqrt, comparisons, bit operations, 64-bit wrapping integer arithmetic), so an algorithm written once
/// against this interface gives the same bits on 512-, 256-, 128-bit registers and on one double at a time, on any
/// CPU. Nothing here may fuse a multiply and an add or call a platform maths library.
/// A mask is a <typeparamref name="TD"/> whose lanes are all ones (true) or all zeros (false).
/// </summary>
public interface ILanes<TD, TU>
    where TD : struct
    where TU : struct
{
    static abstract int Count { get; }

    static abstract TD Load(ReadOnlySpan<double> source, int index);
    static abstract void Store(TD value, Span<double> destination, int index);
    static abstract TU LoadBits(ReadOnlySpan<ulong> source, int index);

    /// <summary>A register from <paramref name="source"/> + <paramref name="index"/> with no bounds check: for a kernel
    /// that has checked its whole range once, where a check per access costs more than the arithmetic.</summary>
    static abstract TD LoadUnchecked(ref double source, nuint index);
    static abstract TU LoadBitsUnchecked(ref ulong source, nuint index);

    /// <summary>A register of doubles widened (exactly) from single-precision values at <paramref name="source"/> +
    /// <paramref name="index"/>, unchecked; <see cref="StoreSingleUnchecked"/> narrows with IEEE rounding to nearest,
    /// the same on every CPU. State kept in single precision halves the memory a step streams through.</summary>
    static abstract TD LoadSingleUnchecked(ref float source, nuint index);
    static abstract void StoreSingleUnchecked(TD value, ref float destination, nuint index);

    static abstract TD Constant(double value);
    static abstract TU ConstantBits(ulong value);
    static abstract TD AsDouble(TU bits);
    static abstract TU AsBits(TD value);

    static abstract TD Add(TD a, TD b);
    static abstract TD Subtract(TD a, TD b);
    static abstract TD Multiply(TD a, TD b);
    static abstract TD Divide(TD a, TD b);
    static abstract TD Sqrt(TD a);

    static abstract TD LessThan(TD a, TD b);
    static abstract TD LessThanOrEqual(TD a, TD b);
    static abstract TD Equal(TD a, TD b);
    static abstract TD And(TD a, TD b);
    static abstract TD Or(TD a, TD b);
    static abstract TD Select(TD mask, TD whenTrue, TD whenFalse);
    static abstract bool Any(TD mask);

    static abstract TU AddBits(TU a, TU b);
    static abstract TU SubtractBits(TU a, TU b);
    static abstract TU MultiplyBits(TU a, TU b);
    static abstract TU Xor(TU a, TU b);
    static abstract TU AndBits(TU a, TU b);
    static abstract TU OrBits(TU a, TU b);
    static abstract TU ShiftRight(TU a, int count);
    static abstract TU ShiftLeft(TU a, int count);
}

/// <summary>One double at a time: the path for the tail of a span and for machines without vector hardware.</summary>
public readonly struct ScalarLanes : ILanes<double, ulong>
{
    private static readonly double True = BitConverter.UInt64BitsToDouble(ulong.MaxValue);

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ReadOnlySpan<double> source, int index) => source[index];
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double value, Span<double> destination, int index) => destination[index] = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LoadBits(ReadOnlySpan<ulong> source, int index) => source[index];
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LoadUnchecked(ref double source, nuint index) => Unsafe.Add(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LoadBitsUnchecked(ref ulong source, nuint index) => Unsafe.Add(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LoadSingleUnchecked(ref float source, nuint index) => Unsafe.Add(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSingleUnchecked(double value, ref float destination, nuint index) => Unsafe.Add(ref destination, index) = (float)value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Constant(double value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ConstantBits(ulong value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AsDouble(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AsBits(double value) => BitConverter.DoubleToUInt64Bits(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Divide(double a, double b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sqrt(double a) => Math.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LessThan(double a, double b) => a < b ? True : 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LessThanOrEqual(double a, double b) => a <= b ? True : 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Equal(double a, double b) => a == b ? True : 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double And(double a, double b) => AsDouble(AsBits(a) & AsBits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Or(double a, double b) => AsDouble(AsBits(a) | AsBits(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Select(double mask, double whenTrue, double whenFalse) => AsBits(mask) != 0 ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(double mask) => AsBits(mask) != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddBits(ulong a, ulong b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubtractBits(ulong a, ulong b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyBits(ulong a, ulong b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Xor(ulong a, ulong b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AndBits(ulong a, ulong b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OrBits(ulong a, ulong b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftRight(ulong a, int count) => a >> count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftLeft(ulong a, int count) => a << count;
}

/// <summary>Two doubles per register (SSE2, Arm AdvSimd).</summary>
public readonly struct Lanes128 : ILanes<Vector128<double>, Vector128<ulong>>
{
    public static int Count => Vector128<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ReadOnlySpan<double> source, int index)
        => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), Lanes.Checked(index, Count, source.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, Span<double> destination, int index)
        => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), Lanes.Checked(index, Count, destination.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> LoadBits(ReadOnlySpan<ulong> source, int index)
        => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), Lanes.Checked(index, Count, source.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LoadUnchecked(ref double source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> LoadBitsUnchecked(ref ulong source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LoadSingleUnchecked(ref float source, nuint index)
        => Vector128.WidenLower(Vector64.LoadUnsafe(ref source, index).ToVector128Unsafe());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSingleUnchecked(Vector128<double> value, ref float destination, nuint index)
        => Vector128.Narrow(value, value).GetLower().StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Constant(double value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ConstantBits(ulong value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> AsDouble(Vector128<ulong> bits) => bits.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> AsBits(Vector128<double> value) => value.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => Vector128.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => Vector128.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => Vector128.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => Vector128.Divide(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LessThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Equal(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => Vector128.BitwiseAnd(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => Vector128.BitwiseOr(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> whenTrue, Vector128<double> whenFalse)
        => Vector128.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector128<double> mask) => mask.AsUInt64() != Vector128<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> AddBits(Vector128<ulong> a, Vector128<ulong> b) => Vector128.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> SubtractBits(Vector128<ulong> a, Vector128<ulong> b) => Vector128.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> MultiplyBits(Vector128<ulong> a, Vector128<ulong> b) => Vector128.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Xor(Vector128<ulong> a, Vector128<ulong> b) => Vector128.Xor(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> AndBits(Vector128<ulong> a, Vector128<ulong> b) => Vector128.BitwiseAnd(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> OrBits(Vector128<ulong> a, Vector128<ulong> b) => Vector128.BitwiseOr(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ShiftRight(Vector128<ulong> a, int count) => Vector128.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ShiftLeft(Vector128<ulong> a, int count) => Vector128.ShiftLeft(a, count);
}

/// <summary>Four doubles per register (AVX2).</summary>
public readonly struct Lanes256 : ILanes<Vector256<double>, Vector256<ulong>>
{
    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ReadOnlySpan<double> source, int index)
        => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), Lanes.Checked(index, Count, source.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, Span<double> destination, int index)
        => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), Lanes.Checked(index, Count, destination.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> LoadBits(ReadOnlySpan<ulong> source, int index)
        => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), Lanes.Checked(index, Count, source.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LoadUnchecked(ref double source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> LoadBitsUnchecked(ref ulong source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LoadSingleUnchecked(ref float source, nuint index)
        => Vector256.WidenLower(Vector128.LoadUnsafe(ref source, index).ToVector256Unsafe());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSingleUnchecked(Vector256<double> value, ref float destination, nuint index)
        => Vector256.Narrow(value, value).GetLower().StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Constant(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ConstantBits(ulong value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AsDouble(Vector256<ulong> bits) => bits.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> AsBits(Vector256<double> value) => value.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => Vector256.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => Vector256.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => Vector256.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => Vector256.Divide(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LessThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => Vector256.BitwiseAnd(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => Vector256.BitwiseOr(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse)
        => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector256<double> mask) => mask.AsUInt64() != Vector256<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> AddBits(Vector256<ulong> a, Vector256<ulong> b) => Vector256.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SubtractBits(Vector256<ulong> a, Vector256<ulong> b) => Vector256.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyBits(Vector256<ulong> a, Vector256<ulong> b) => Vector256.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Xor(Vector256<ulong> a, Vector256<ulong> b) => Vector256.Xor(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> AndBits(Vector256<ulong> a, Vector256<ulong> b) => Vector256.BitwiseAnd(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> OrBits(Vector256<ulong> a, Vector256<ulong> b) => Vector256.BitwiseOr(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ShiftRight(Vector256<ulong> a, int count) => Vector256.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ShiftLeft(Vector256<ulong> a, int count) => Vector256.ShiftLeft(a, count);
}

/// <summary>Eight doubles per register (AVX-512).</summary>
public readonly struct Lanes512 : ILanes<Vector512<double>, Vector512<ulong>>
{
    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ReadOnlySpan<double> source, int index)
        => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), Lanes.Checked(index, Count, source.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, Span<double> destination, int index)
        => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), Lanes.Checked(index, Count, destination.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> LoadBits(ReadOnlySpan<ulong> source, int index)
        => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), Lanes.Checked(index, Count, source.Length));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LoadUnchecked(ref double source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> LoadBitsUnchecked(ref ulong source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LoadSingleUnchecked(ref float source, nuint index)
        => Vector512.WidenLower(Vector256.LoadUnsafe(ref source, index).ToVector512Unsafe());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSingleUnchecked(Vector512<double> value, ref float destination, nuint index)
        => Vector512.Narrow(value, value).GetLower().StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Constant(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ConstantBits(ulong value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AsDouble(Vector512<ulong> bits) => bits.AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> AsBits(Vector512<double> value) => value.AsUInt64();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => Vector512.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => Vector512.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => Vector512.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => Vector512.Divide(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LessThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => Vector512.BitwiseAnd(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => Vector512.BitwiseOr(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse)
        => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector512<double> mask) => mask.AsUInt64() != Vector512<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> AddBits(Vector512<ulong> a, Vector512<ulong> b) => Vector512.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SubtractBits(Vector512<ulong> a, Vector512<ulong> b) => Vector512.Subtract(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyBits(Vector512<ulong> a, Vector512<ulong> b) => Vector512.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Xor(Vector512<ulong> a, Vector512<ulong> b) => Vector512.Xor(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> AndBits(Vector512<ulong> a, Vector512<ulong> b) => Vector512.BitwiseAnd(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> OrBits(Vector512<ulong> a, Vector512<ulong> b) => Vector512.BitwiseOr(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ShiftRight(Vector512<ulong> a, int count) => Vector512.ShiftRightLogical(a, count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ShiftLeft(Vector512<ulong> a, int count) => Vector512.ShiftLeft(a, count);
}

/// <summary>Bounds checks for the vector loads and stores, which then go through unchecked references (a span slice
/// per access is not always inlined in a large kernel).</summary>
public static class Lanes
{
    /// <summary>The complement of a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Not<TL, TD, TU>(TD mask) where TL : ILanes<TD, TU> where TD : struct where TU : struct =>
        TL.AsDouble(TL.Xor(TL.AsBits(mask), TL.ConstantBits(ulong.MaxValue)));

    /// <summary>A scalar mask as a bool, and back: the one-lane form of the rules, for the start mix and for tests.</summary>
    public static bool IsSet(double mask) => ScalarLanes.Any(mask);

    public static double Mask(bool value) => value ? ScalarLanes.LessThan(0, 1) : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nuint Checked(int index, int count, int length)
    {
        if (index < 0 || index > length - count) Throw();
        return (nuint)index;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw() => throw new ArgumentOutOfRangeException("index", "a register reaches past the end of the span");
}

/// <summary>How many doubles the kernel processes at once; <see cref="LaneWidths.Best"/> is the widest the CPU accelerates.</summary>
public enum LaneWidth
{
    Scalar = 1,
    V128 = 2,
    V256 = 4,
    V512 = 8,
}

public static class LaneWidths
{
    /// <summary>The widest register the running CPU and runtime accelerate (the DOTNET_Enable* switches lower it).</summary>
    public static LaneWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? LaneWidth.V512
        : Vector256.IsHardwareAccelerated ? LaneWidth.V256
        : Vector128.IsHardwareAccelerated ? LaneWidth.V128
        : LaneWidth.Scalar;

    public static IReadOnlyList<LaneWidth> All { get; } = [LaneWidth.Scalar, LaneWidth.V128, LaneWidth.V256, LaneWidth.V512];
}
