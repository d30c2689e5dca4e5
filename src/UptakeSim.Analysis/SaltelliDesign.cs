using UptakeSim.Model;

namespace UptakeSim.Analysis;

/// <summary>
/// One point of a <see cref="SaltelliDesign"/>: the parameter <see cref="Values"/> at design row <see cref="Row"/>, in
/// matrix <see cref="Slot"/> (0 for A, 1..d for AB[0..d-1], d + 1 for B).
/// </summary>
public sealed record DesignPoint(int Row, int Slot, double[] Values);

/// <summary>
/// Saltelli's sampling design for first-order and total Sobol' indices (no second order), as SALib's
/// <c>saltelli.sample(problem, n, calc_second_order=False)</c> builds it: rows of a 2d-dimensional Sobol' sequence give
/// A (first d columns) and B (last d columns), each coordinate taken through its parameter's inverse CDF, so inputs
/// follow their own distributions (normal, triangular, uniform, truncated); AB[i] is A with column i taken from B.
/// </summary>
public sealed record SaltelliDesign(IReadOnlyList<UncertainParameter> Parameters, double[][] A, double[][] B, double[][][] AB)
{
    /// <summary>Rows of each matrix (SALib's N).</summary>
    public int Samples => A.Length;

    /// <summary>Model runs needed: n * (d + 2).</summary>
    public int Evaluations => Samples * (Parameters.Count + 2);

    /// <summary>
    /// Every point to evaluate, in SALib's order, which <see cref="SobolAnalysis.Analyze"/> expects of the outputs:
    /// for each row r in turn, A[r], AB[0][r], AB[1][r], ..., AB[d-1][r], B[r]. A stochastic model should draw its
    /// noise from a key made of <see cref="DesignPoint.Row"/> (not of the point's position), so all d + 2 points of a
    /// row share common random numbers: then fA - fAB_i measures the effect of parameter i alone, and a parameter
    /// without effect gets a total index of exactly 0 instead of one inflated by noise.
    /// </summary>
    public IEnumerable<DesignPoint> Points()
    {
        var d = Parameters.Count;
        for (var row = 0; row < Samples; row++)
        {
            yield return new DesignPoint(row, 0, A[row]);
            for (var i = 0; i < d; i++) yield return new DesignPoint(row, i + 1, AB[i][row]);
            yield return new DesignPoint(row, d + 1, B[row]);
        }
    }

    /// <summary>The values of <see cref="Points"/>, in the same order.</summary>
    public IEnumerable<double[]> AllPoints() => Points().Select(point => point.Values);

    /// <summary>
    /// The design for <paramref name="n"/> rows (a power of 2 keeps the Sobol' sequence balanced). Skips the first
    /// <paramref name="skip"/> points of the sequence; by default, as SALib's saltelli sampler, the smallest power of
    /// 2 that is at least n and at least 16, so the repeated initial points are left out (point 0, all zeros, would
    /// put an unbounded parameter at minus infinity, which is refused).
    /// </summary>
    public static SaltelliDesign Create(IReadOnlyList<UncertainParameter> parameters, int n, int? skip = null)
    {
        UncertainParameter.Validate(parameters);
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

    private static double[] Scaled(double[] unit, IReadOnlyList<UncertainParameter> parameters) =>
        unit.Select((u, i) =>
        {
            var value = parameters[i].Distribution.Quantile(u);
            return double.IsFinite(value)
                ? value
                : throw new ArgumentException($"parameter '{parameters[i].Name}' is unbounded and the design includes the all-zero point of the Sobol' sequence; expected skip >= 1", nameof(parameters));
        }).ToArray();
}
