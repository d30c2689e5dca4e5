namespace UptakeSim.Analysis;

/// <summary>
/// The unscrambled Sobol' sequence with Joe and Kuo's direction numbers, in Gray-code order and starting with the
/// all-zero point, as Joe and Kuo's generator, SALib's <c>sobol_sequence.sample</c> and SciPy's
/// <c>qmc.Sobol(scramble=False)</c> produce it. Dimension 1 runs 0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, ...
/// </summary>
public static partial class SobolSequence
{
    private const int Bits = 32;

    public static int MaxDimensions => JoeKuo.Length + 1;

    /// <summary>Points skip, skip + 1, ..., skip + n - 1 of the sequence (point 0 is all zeros), each in [0, 1)^dimensions.</summary>
    public static double[][] Generate(int n, int dimensions, int skip = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);

        var directions = new uint[dimensions][];
        for (var d = 0; d < dimensions; d++) directions[d] = DirectionNumbers(d);

        // Point k is the XOR of the direction numbers picked by the bits of its Gray code k ^ (k >> 1).
        var index = (uint)skip;
        var gray = index ^ (index >> 1);
        var x = new uint[dimensions];
        for (var bit = 0; bit < Bits; bit++)
        {
            if (((gray >> bit) & 1) == 0) continue;
            for (var d = 0; d < dimensions; d++) x[d] ^= directions[d][bit];
        }

        var points = new double[n][];
        for (var i = 0; i < n; i++)
        {
            points[i] = new double[dimensions];
            for (var d = 0; d < dimensions; d++) points[i][d] = x[d] / 4294967296.0;

            // The next Gray code differs in the bit of index's lowest zero (index stays below 2^32 - 1 as skip, n are ints).
            var changed = System.Numerics.BitOperations.TrailingZeroCount(~index);
            for (var d = 0; d < dimensions; d++) x[d] ^= directions[d][changed];
            index++;
        }
        return points;
    }

    /// <summary>
    /// v_1..v_32 of one dimension (0-based), each a binary fraction stored left-aligned in 32 bits: the initial m_j / 2^j
    /// from the table, then Joe and Kuo's recurrence
    /// v_j = a_1 v_(j-1) ^ ... ^ a_(s-1) v_(j-s+1) ^ v_(j-s) ^ (v_(j-s) >> s).
    /// </summary>
    private static uint[] DirectionNumbers(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (var j = 0; j < Bits; j++) v[j] = 1u << (Bits - 1 - j);
            return v;
        }

        var (a, m) = JoeKuo[dimension - 1];
        var s = m.Length;
        for (var j = 0; j < Math.Min(s, Bits); j++) v[j] = m[j] << (Bits - 1 - j);
        for (var j = s; j < Bits; j++)
        {
            v[j] = v[j - s] ^ (v[j - s] >> s);
            for (var k = 1; k < s; k++)
            {
                if (((a >> (s - 1 - k)) & 1) != 0) v[j] ^= v[j - k];
            }
        }
        return v;
    }
}
