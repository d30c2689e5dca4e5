using UptakeSim.Model;

namespace UptakeSim.Analysis;

/// <summary>Latin hypercube sampling: each parameter's probability is cut into n equal strata and every stratum gets one point.</summary>
public static class LatinHypercube
{
    /// <summary>
    /// n points (rows), one column per parameter, each column drawn through its parameter's inverse CDF. Each column is
    /// an independent random permutation of the strata with a uniform position inside each stratum; the same seed gives
    /// the same sample everywhere.
    /// </summary>
    public static double[][] Sample(int n, IReadOnlyList<UncertainParameter> parameters, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        UncertainParameter.Validate(parameters);

        var random = new SplitMix64(seed);
        var points = new double[n][];
        for (var row = 0; row < n; row++) points[row] = new double[parameters.Count];

        var strata = new int[n];
        for (var column = 0; column < parameters.Count; column++)
        {
            for (var i = 0; i < n; i++) strata[i] = i;
            // Fisher-Yates shuffle.
            for (var i = n - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (strata[i], strata[j]) = (strata[j], strata[i]);
            }
            for (var row = 0; row < n; row++)
            {
                points[row][column] = parameters[column].Distribution.Quantile((strata[row] + random.NextOpenDouble()) / n);
            }
        }
        return points;
    }
}
