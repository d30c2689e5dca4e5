namespace UptakeSim.Analysis;

/// <summary>How well probabilities forecast binary outcomes: the Brier score (mean squared error, 0 best), the mean
/// log score (-log of the probability given to what happened, probabilities clamped to [0.001, 0.999], 0 best) and the
/// area under the ROC curve (the chance a positive outranks a negative, ties half; null with only one class).</summary>
public sealed record BinaryScores(int Count, int Positives, double Brier, double LogScore, double? Auc)
{
    public static BinaryScores Of(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        if (probabilities.Count != outcomes.Count || probabilities.Count == 0)
            throw new ArgumentException("expected one outcome per probability, at least one", nameof(outcomes));
        var n = probabilities.Count;
        var brier = probabilities.Zip(outcomes, (p, o) => Math.Pow(p - (o ? 1 : 0), 2)).Average();
        var log = probabilities.Zip(outcomes, (p, o) => -Math.Log(Math.Clamp(o ? p : 1 - p, 0.001, 0.999))).Average();
        var positives = Enumerable.Range(0, n).Where(i => outcomes[i]).Select(i => probabilities[i]).ToArray();
        var negatives = Enumerable.Range(0, n).Where(i => !outcomes[i]).Select(i => probabilities[i]).ToArray();
        double? auc = positives.Length == 0 || negatives.Length == 0 ? null
            : positives.Sum(p => negatives.Sum(q => p > q ? 1.0 : p == q ? 0.5 : 0.0)) / (positives.Length * (double)negatives.Length);
        return new BinaryScores(n, positives.Length, brier, log, auc);
    }
}

/// <summary>
/// Logistic regression by Newton's method with a ridge penalty (lambda times the squared coefficients, the intercept
/// free), so it has an answer on the few, separable cases a sparse record gives: the plain benchmark a per-CCG
/// forecast must beat.
/// </summary>
public sealed class LogisticRegression
{
    private readonly double[] _beta;

    private LogisticRegression(double[] beta) => _beta = beta;

    public IReadOnlyList<double> Coefficients => _beta;

    public static LogisticRegression Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> outcomes, double ridge = 1.0, int iterations = 50)
    {
        if (features.Count != outcomes.Count || features.Count == 0) throw new ArgumentException("expected one outcome per row, at least one", nameof(outcomes));
        var k = features[0].Length + 1;
        var beta = new double[k];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[k];
            var hessian = new double[k, k];
            for (var i = 0; i < features.Count; i++)
            {
                var x = Row(features[i]);
                var p = Logistic(Dot(beta, x));
                var w = p * (1 - p);
                for (var a = 0; a < k; a++)
                {
                    gradient[a] += ((outcomes[i] ? 1 : 0) - p) * x[a];
                    for (var b = 0; b < k; b++) hessian[a, b] += w * x[a] * x[b];
                }
            }
            for (var a = 1; a < k; a++)
            {
                gradient[a] -= ridge * beta[a];
                hessian[a, a] += ridge;
            }
            hessian[0, 0] += 1e-9;
            var step = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(hessian).Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(gradient));
            for (var a = 0; a < k; a++) beta[a] += step[a];
            if (step.AbsoluteMaximum() < 1e-10) break;
        }
        return new LogisticRegression(beta);
    }

    public double Probability(double[] features) => Logistic(Dot(_beta, Row(features)));

    private static double[] Row(double[] features) => [1, .. features];

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double Logistic(double eta) => 1 / (1 + Math.Exp(-eta));
}
