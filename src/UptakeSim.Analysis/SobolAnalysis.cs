namespace UptakeSim.Analysis;

/// <summary>
/// First-order and total Sobol' index of one parameter; each confidence is the half-width of a 95% bootstrap interval
/// (1.96 standard deviations of the bootstrap estimates). Estimates are reported as estimated: a first-order index
/// whose true value is near 0 can come out negative, and its interval says how far from 0 that is.
/// </summary>
public sealed record SobolIndex(string Parameter, double First, double FirstConfidence, double Total, double TotalConfidence)
{
    public double FirstLower => First - FirstConfidence;

    public double FirstUpper => First + FirstConfidence;

    public double TotalLower => Total - TotalConfidence;

    public double TotalUpper => Total + TotalConfidence;

    /// <summary>Below this total index (its whole 95% interval), a parameter has no detectable effect.</summary>
    public const double NoEffectBelow = 0.01;

    /// <summary>The parameter, with its interactions, explains less than 1% of the outcome's variance even at the top
    /// of its interval: inert for this outcome, which the analyst is told rather than left to read from a table.</summary>
    public bool NoEffect => TotalUpper < NoEffectBelow;
}

/// <summary>Sobol' sensitivity indices from a <see cref="SaltelliDesign"/>, computed as SALib's <c>sobol.analyze</c> does.</summary>
public static class SobolAnalysis
{
    // SALib's norm.ppf(0.5 + 0.95 / 2).
    private const double Z95 = 1.959963984540054;

    /// <summary>
    /// Indices for every parameter, in the design's parameter order. <paramref name="outputsInAllPointsOrder"/> holds
    /// the model output at each point of <see cref="SaltelliDesign.AllPoints"/>, in that order (per row: A, AB[0..d-1], B).
    /// First order: Saltelli et al. (2010), mean(fB (fAB_i - fA)) / V; total: Jansen (1999), mean((fA - fAB_i)^2) / 2V;
    /// V is the population variance of fA and fB together. Confidence: <paramref name="bootstrap"/> resamples of the
    /// rows, the same resamples for every parameter, drawn from <paramref name="seed"/>.
    /// A constant output gives 0 for every index and confidence.
    /// </summary>
    public static IReadOnlyList<SobolIndex> Analyze(SaltelliDesign design, IReadOnlyList<double> outputsInAllPointsOrder, int bootstrap = 200, ulong seed = 1)
    {
        var d = design.Parameters.Count;
        var n = design.Samples;
        if (outputsInAllPointsOrder.Count != design.Evaluations)
        {
            throw new ArgumentException($"got {outputsInAllPointsOrder.Count} outputs; expected {design.Evaluations} (n = {n} rows x (d + 2) = {d + 2} points per row)", nameof(outputsInAllPointsOrder));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrap, 2);

        // Centred as SALib does: the first-order estimator is not invariant to adding a constant to the output.
        var mean = outputsInAllPointsOrder.Average();
        double Output(int row, int slot) => outputsInAllPointsOrder[row * (d + 2) + slot] - mean;
        var fA = Enumerable.Range(0, n).Select(r => Output(r, 0)).ToArray();
        var fB = Enumerable.Range(0, n).Select(r => Output(r, d + 1)).ToArray();
        var fAB = Enumerable.Range(0, d).Select(i => Enumerable.Range(0, n).Select(r => Output(r, i + 1)).ToArray()).ToArray();

        var allRows = Enumerable.Range(0, n).ToArray();
        var random = new SplitMix64(seed);
        var resamples = Enumerable.Range(0, bootstrap)
            .Select(_ => Enumerable.Range(0, n).Select(_ => random.NextInt(n)).ToArray())
            .ToArray();

        var indices = new SobolIndex[d];
        for (var i = 0; i < d; i++)
        {
            var (first, total) = Estimate(fA, fB, fAB[i], allRows);
            var draws = resamples.Select(rows => Estimate(fA, fB, fAB[i], rows)).ToArray();
            indices[i] = new SobolIndex(
                design.Parameters[i].Name,
                first, Z95 * SampleStandardDeviation(draws.Select(e => e.First)),
                total, Z95 * SampleStandardDeviation(draws.Select(e => e.Total)));
        }
        return indices;
    }

    /// <summary>The indices from the most to the least influential parameter by total index (ties keep their order).</summary>
    public static IReadOnlyList<SobolIndex> RankByTotal(IEnumerable<SobolIndex> indices) =>
        indices.OrderByDescending(index => index.Total).ToArray();

    private static (double First, double Total) Estimate(double[] fA, double[] fB, double[] fABi, int[] rows)
    {
        var pooled = rows.Select(r => fA[r]).Concat(rows.Select(r => fB[r])).ToArray();
        if (pooled.Max() == pooled.Min()) return (0, 0);
        var variance = PopulationVariance(pooled);
        var first = rows.Average(r => fB[r] * (fABi[r] - fA[r])) / variance;
        var total = 0.5 * rows.Average(r => (fA[r] - fABi[r]) * (fA[r] - fABi[r])) / variance;
        return (first, total);
    }

    private static double PopulationVariance(double[] values)
    {
        var mean = values.Average();
        return values.Average(v => (v - mean) * (v - mean));
    }

    private static double SampleStandardDeviation(IEnumerable<double> values)
    {
        var array = values.ToArray();
        var mean = array.Average();
        return Math.Sqrt(array.Sum(v => (v - mean) * (v - mean)) / (array.Length - 1));
    }
}
