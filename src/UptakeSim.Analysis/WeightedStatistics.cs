namespace UptakeSim.Analysis;

/// <summary>Statistics of weighted samples (weights need not be normalised; they must be non-negative with a positive sum).</summary>
public static class WeightedStatistics
{
    /// <summary>Kish's effective sample size, (sum w)^2 / sum w^2: n for equal weights, 1 when one sample has all the weight.</summary>
    public static double EffectiveSampleSize(IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        return sum * sum / weights.Sum(w => w * w);
    }

    public static double Mean(IReadOnlyList<double> values, IReadOnlyList<double> weights)
    {
        var total = 0.0;
        for (var i = 0; i < values.Count; i++) total += weights[i] * values[i];
        return total / weights.Sum();
    }

    /// <summary>
    /// The p-quantile (p in [0, 1]): samples sorted by value, each placed at the midpoint of its share of the
    /// cumulative weight, linear in between and flat beyond the first and last midpoints (with equal weights this is
    /// the Hazen plotting position). Ties in value are merged, so the result does not depend on the input order.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> values, IReadOnlyList<double> weights, double p)
    {
        if (values.Count == 0 || values.Count != weights.Count) throw new ArgumentException($"got {values.Count} values and {weights.Count} weights; expected the same positive number");
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var merged = values.Zip(weights).GroupBy(x => x.First).Select(g => (Value: g.Key, Weight: g.Sum(x => x.Second))).OrderBy(x => x.Value).ToArray();
        var total = merged.Sum(x => x.Weight);
        var below = 0.0;
        var position = new double[merged.Length];
        for (var i = 0; i < merged.Length; i++)
        {
            position[i] = (below + merged[i].Weight / 2) / total;
            below += merged[i].Weight;
        }
        if (p <= position[0]) return merged[0].Value;
        for (var i = 1; i < merged.Length; i++)
        {
            if (p <= position[i])
            {
                var t = (p - position[i - 1]) / (position[i] - position[i - 1]);
                // a + t (b - a) can round one ulp past b as t nears 1: a quantile never leaves the values' range.
                return Math.Clamp(merged[i - 1].Value + t * (merged[i].Value - merged[i - 1].Value), merged[i - 1].Value, merged[i].Value);
            }
        }
        return merged[^1].Value;
    }

    /// <summary>The weighted covariance matrix of points (rows) with normalised weights, sum w (x - m)(x - m)^T.</summary>
    public static double[,] Covariance(IReadOnlyList<double[]> points, IReadOnlyList<double> weights)
    {
        var d = points[0].Length;
        var sum = weights.Sum();
        var mean = new double[d];
        for (var k = 0; k < d; k++) mean[k] = Mean(points.Select(p => p[k]).ToArray(), weights);
        var covariance = new double[d, d];
        for (var i = 0; i < points.Count; i++)
        {
            var w = weights[i] / sum;
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b <= a; b++) covariance[a, b] += w * (points[i][a] - mean[a]) * (points[i][b] - mean[b]);
            }
        }
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < a; b++) covariance[b, a] = covariance[a, b];
        }
        return covariance;
    }
}
