namespace UptakeSim.Analysis;

/// <summary>
/// Saltelli's sampling design for first-order and total Sobol' indices (no second order), as SALib's
/// <c>saltelli.sample(problem, n, calc_second_order=False)</c> builds it: rows of a 2d-dimensional Sobol' sequence give
/// A (first d columns) and B (last d columns), scaled to the ranges; AB[i] is A with column i taken from B.
/// </summary>
public sealed record SaltelliDesign(IReadOnlyList<ParameterRange> Parameters, double[][] A, double[][] B, double[][][] AB)
{
    /// <summary>Rows of each matrix (SALib's N).</summary>
    public int Samples => A.Length;

    /// <summary>Model runs needed: n * (d + 2).</summary>
    public int Evaluations => Samples * (Parameters.Count + 2);

    /// <summary>
    /// Every point to evaluate, in SALib's order, which <see cref="SobolAnalysis.Analyze"/> expects of the outputs:
    /// for each row r in turn, A[r], AB[0][r], AB[1][r], ..., AB[d-1][r], B[r].
    /// </summary>
    public IEnumerable<double[]> AllPoints()
    {
        for (var row = 0; row < Samples; row++)
        {
            yield return A[row];
            foreach (var matrix in AB) yield return matrix[row];
            yield return B[row];
        }
    }

    /// <summary>
    /// The design for <paramref name="n"/> rows (a power of 2 keeps the Sobol' sequence balanced). Skips the first
    /// <paramref name="skip"/> points of the sequence; by default, as SALib's saltelli sampler, the smallest power of
    /// 2 that is at least n and at least 16, so the repeated initial points are left out.
    /// </summary>
    public static SaltelliDesign Create(IReadOnlyList<ParameterRange> parameters, int n, int? skip = null)
    {
        ParameterRange.Validate(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var d = parameters.Count;
        if (2 * d > SobolSequence.MaxDimensions)
        {
            throw new ArgumentException($"{d} parameters need a {2 * d}-dimensional Sobol' sequence; expected at most {SobolSequence.MaxDimensions / 2} parameters", nameof(parameters));
        }

        var unit = SobolSequence.Generate(n, 2 * d, skip ?? Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n)));
        var a = unit.Select(row => Scaled(row[..d], parameters)).ToArray();
        var b = unit.Select(row => Scaled(row[d..], parameters)).ToArray();
        var ab = Enumerable.Range(0, d)
            .Select(i => a.Select((rowOfA, r) => { var row = (double[])rowOfA.Clone(); row[i] = b[r][i]; return row; }).ToArray())
            .ToArray();
        return new SaltelliDesign(parameters, a, b, ab);
    }

    private static double[] Scaled(double[] unit, IReadOnlyList<ParameterRange> parameters) =>
        unit.Select((u, i) => parameters[i].Scale(u)).ToArray();
}
