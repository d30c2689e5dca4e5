namespace UptakeSim.Analysis;

/// <summary>What a parameter explains of a paired difference: the share of the difference's variance its value alone
/// accounts for (R squared of a quadratic in it).</summary>
public sealed record ParameterShare(string Name, double Share, bool Unconstrained);

/// <summary>
/// What a paired difference (one per replication) rests on, from the parameters each replication drew (a posterior
/// particle, uncertain coefficients): <see cref="Effect"/> is the 5th to 95th percentile of the difference expected at
/// each replication's parameters (a regression of the difference on a quadratic in every parameter that varies, its
/// fitted values), i.e. the uncertainty of the effect itself, without the run-to-run noise around it;
/// <see cref="Explained"/> the share of the difference's variance the parameters account for; per parameter, the share
/// it accounts for alone; and <see cref="UnconstrainedShare"/> the share of the explained variance that the parameters
/// the data leave unconstrained account for together.
/// </summary>
public sealed record EffectDecomposition(double Mean, double EffectP05, double EffectP95, double Explained, IReadOnlyList<ParameterShare> Parameters, double UnconstrainedShare)
{
    /// <param name="x">Each replication's parameter values (rows), <paramref name="names"/> naming the columns.</param>
    /// <param name="y">Each replication's difference.</param>
    /// <param name="unconstrained">The parameters the data do not constrain (their posterior sd close to the prior's, or
    /// drawn from their prior alone).</param>
    public static EffectDecomposition Of(IReadOnlyList<double[]> x, IReadOnlyList<double> y, IReadOnlyList<string> names, IReadOnlySet<string> unconstrained)
    {
        if (x.Count != y.Count || y.Count < 3) throw new ArgumentException("expected one row of parameters per difference, at least three", nameof(y));
        var mean = y.Average();
        var variance = y.Sum(v => (v - mean) * (v - mean)) / y.Count;
        var varying = Enumerable.Range(0, names.Count).Where(j => x.Select(r => r[j]).Distinct().Skip(1).Any()).ToArray();
        if (variance <= 0 || varying.Length == 0)
            return new EffectDecomposition(mean, mean, mean, 0, [.. varying.Select(j => new ParameterShare(names[j], 0, unconstrained.Contains(names[j])))], 0);
        var all = Fit(x, y, varying);
        var fitted = all.Fitted;
        var sorted = fitted.Order().ToArray();
        var explained = Math.Clamp(all.RSquared, 0, 1);
        var shares = varying.Select(j => new ParameterShare(names[j], Math.Clamp(Fit(x, y, [j]).RSquared, 0, 1), unconstrained.Contains(names[j])))
            .OrderByDescending(s => s.Share).ToArray();
        var loose = varying.Where(j => unconstrained.Contains(names[j])).ToArray();
        var looseShare = loose.Length == 0 || explained <= 0 ? 0 : Math.Clamp(Fit(x, y, loose).RSquared / explained, 0, 1);
        return new EffectDecomposition(mean, Quantile(sorted, 0.05), Quantile(sorted, 0.95), explained, shares, looseShare);
    }

    /// <summary>Least squares of y on 1, x_j and x_j squared for the columns given (centred and scaled, so the normal
    /// equations are well conditioned); a small ridge keeps a column that barely varies from making them singular.</summary>
    private static (double RSquared, double[] Fitted) Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] columns)
    {
        var n = y.Count;
        var k = 1 + 2 * columns.Length;
        var centre = columns.Select(j => x.Average(r => r[j])).ToArray();
        var scale = columns.Select((j, i) => Math.Sqrt(x.Average(r => (r[j] - centre[i]) * (r[j] - centre[i]))) is var s && s > 0 ? s : 1).ToArray();
        double[] Row(double[] r)
        {
            var row = new double[k];
            row[0] = 1;
            for (var i = 0; i < columns.Length; i++)
            {
                var z = (r[columns[i]] - centre[i]) / scale[i];
                row[1 + 2 * i] = z;
                row[2 + 2 * i] = z * z - 1;
            }
            return row;
        }
        var xtx = new double[k, k];
        var xty = new double[k];
        var rows = x.Select(Row).ToArray();
        for (var t = 0; t < n; t++)
        {
            for (var a = 0; a < k; a++)
            {
                xty[a] += rows[t][a] * y[t];
                for (var b = 0; b < k; b++) xtx[a, b] += rows[t][a] * rows[t][b];
            }
        }
        for (var a = 1; a < k; a++) xtx[a, a] += 1e-9 * n;
        var beta = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(xtx).Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(xty));
        var fitted = rows.Select(r => r.Select((v, a) => v * beta[a]).Sum()).ToArray();
        var mean = y.Average();
        var total = y.Sum(v => (v - mean) * (v - mean));
        var residual = y.Select((v, t) => (v - fitted[t]) * (v - fitted[t])).Sum();
        return (total > 0 ? 1 - residual / total : 0, fitted);
    }

    /// <summary>Linear interpolation between order statistics (R's type 7).</summary>
    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }
}
