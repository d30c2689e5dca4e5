using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace UptakeSim.Analysis;

/// <summary>A parameter to fit, searched strictly between Lower and Upper from Initial (Lower &lt; Initial &lt; Upper).</summary>
public sealed record FreeParameter(string Name, double Lower, double Upper, double Initial);

/// <summary>One evaluation of the distance: where, what it gave, and the best so far (points in parameter units).</summary>
public sealed record CalibrationStep(int Evaluation, double[] Point, double Distance, double BestDistance, double[] BestPoint);

/// <summary>
/// The best point found and its distance. Iterations counts Nelder-Mead runs: the first and every restart from the
/// best point. Converged is false when the evaluation budget ran out first; Message says which and why.
/// </summary>
public sealed record CalibrationResult(double[] Best, double Distance, int Evaluations, int Iterations, bool Converged, string Message);

/// <summary>Fits bounded parameters by minimising a distance with MathNet's Nelder-Mead simplex.</summary>
public static class NelderMeadCalibration
{
    // Initial simplex edge in the logit space: one unit moves a centred parameter by about a quarter of its range.
    private const double SimplexEdge = 1.0;

    private const double MinimumRelativeCurvature = 1e-6;

    /// <summary>
    /// Minimises <paramref name="distance"/> over the box of <paramref name="parameters"/>. The simplex works on
    /// unbounded z with x = L + (U - L) * logistic(z), so every point tried lies inside the box. A run stops when the
    /// relative spread of distances across the simplex falls below <paramref name="tolerance"/>; because a simplex can
    /// collapse short of the minimum, the search then restarts from the best point, and has converged once a restart
    /// improves the best distance by no more than tolerance * (1 + best). NaN and infinite distances count as +inf, so
    /// the search moves away from them. Never calls <paramref name="distance"/> more than
    /// <paramref name="maxEvaluations"/> times; running out is reported, not thrown. <paramref name="progress"/> hears
    /// of every evaluation.
    /// </summary>
    public static CalibrationResult Minimize(IReadOnlyList<FreeParameter> parameters, Func<double[], double> distance, int maxEvaluations, double tolerance, Action<CalibrationStep>? progress = null)
    {
        Validate(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvaluations, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tolerance);

        var search = new Search(parameters, distance, maxEvaluations, progress);
        var start = search.BestZ;
        var edge = Vector<double>.Build.Dense(parameters.Count, SimplexEdge);
        var runs = 0;
        try
        {
            while (true)
            {
                runs++;
                var before = search.BestDistance;
                NelderMeadSimplex.Minimum(ObjectiveFunction.Value(search.Evaluate), start, edge, tolerance, Math.Max(1, maxEvaluations - search.Evaluations));
                if (before - search.BestDistance <= tolerance * (1 + Math.Abs(search.BestDistance)))
                {
                    return search.Result(runs, converged: true,
                        $"converged: a restart from the best point improved the distance by at most {tolerance:G3} * (1 + distance)");
                }
                start = search.BestZ;
            }
        }
        catch (Exception e) when (e is MaximumIterationsException or EvaluationBudgetExhausted)
        {
            return search.Result(runs, converged: false,
                $"not converged: stopped after {search.Evaluations} of at most {maxEvaluations} evaluations; the best point found is returned (raise the evaluation budget or the tolerance)");
        }
    }

    /// <summary>
    /// Standard errors of fitted values, reading the distance as a sum of squared standardised residuals
    /// (-2 log-likelihood up to a constant): the covariance is 2 H^-1, H the Hessian of the distance at
    /// <paramref name="best"/> by central finite differences with steps of <paramref name="step"/> times each
    /// parameter's range (the points <paramref name="best"/> ± steps must lie in the box). Costs 1 + 2k² evaluations
    /// for k parameters and is only meaningful where the distance is smooth there (a stochastic model needs common
    /// random numbers). All entries are NaN when a distance is not finite or H is not safely positive definite: when,
    /// in units of the parameters' ranges, its smallest eigenvalue is below 1e-6 of its largest, the fit lies on a
    /// ridge (some combination of parameters is not determined) and standard errors would come from rounding noise.
    /// </summary>
    public static double[] StandardErrors(IReadOnlyList<FreeParameter> parameters, Func<double[], double> distance, double[] best, double step)
    {
        Validate(parameters);
        if (best.Length != parameters.Count) throw new ArgumentException($"got {best.Length} values; expected one per parameter ({parameters.Count})", nameof(best));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);

        var k = parameters.Count;
        var h = parameters.Select(p => step * (p.Upper - p.Lower)).ToArray();
        double At(int i, int di, int j, int dj)
        {
            var x = (double[])best.Clone();
            x[i] += di * h[i];
            x[j] += dj * h[j];
            return distance(x);
        }

        var centre = distance(best);
        var hessian = Matrix<double>.Build.Dense(k, k);
        for (var i = 0; i < k; i++)
        {
            hessian[i, i] = (At(i, 1, i, 0) - 2 * centre + At(i, -1, i, 0)) / (h[i] * h[i]);
            for (var j = i + 1; j < k; j++)
            {
                hessian[i, j] = hessian[j, i] = (At(i, 1, j, 1) - At(i, 1, j, -1) - At(i, -1, j, 1) + At(i, -1, j, -1)) / (4 * h[i] * h[j]);
            }
        }

        var unknown = Enumerable.Repeat(double.NaN, k).ToArray();
        if (!hessian.Enumerate().All(double.IsFinite)) return unknown;
        // Curvatures in units of each parameter's range, so the condition number does not depend on the units.
        var ranges = Matrix<double>.Build.DiagonalOfDiagonalArray(parameters.Select(p => p.Upper - p.Lower).ToArray());
        var curvatures = (ranges * hessian * ranges).Evd(Symmetricity.Symmetric).EigenValues.Select(lambda => lambda.Real).ToArray();
        if (curvatures.Min() <= MinimumRelativeCurvature * curvatures.Max()) return unknown;
        var covariance = 2 * hessian.Inverse();
        return Enumerable.Range(0, k).Select(i => Math.Sqrt(covariance[i, i])).ToArray();
    }

    private static void Validate(IReadOnlyList<FreeParameter> parameters)
    {
        if (parameters.Count == 0) throw new ArgumentException("expected at least one free parameter", nameof(parameters));
        foreach (var p in parameters)
        {
            if (!(double.IsFinite(p.Lower) && double.IsFinite(p.Upper) && p.Lower < p.Initial && p.Initial < p.Upper))
            {
                throw new ArgumentException($"free parameter '{p.Name}' has Lower {p.Lower}, Initial {p.Initial}, Upper {p.Upper}; expected finite Lower < Initial < Upper", nameof(parameters));
            }
        }
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    private sealed class EvaluationBudgetExhausted : Exception;

    /// <summary>Counts evaluations, keeps the best point and reports progress, in the parameters' own units.</summary>
    private sealed class Search(IReadOnlyList<FreeParameter> parameters, Func<double[], double> distance, int maxEvaluations, Action<CalibrationStep>? progress)
    {
        private double[] _best = parameters.Select(p => p.Initial).ToArray();

        public int Evaluations { get; private set; }

        public double BestDistance { get; private set; } = double.PositiveInfinity;

        /// <summary>The best point in the search space; until something beats +inf, the initial point.</summary>
        public Vector<double> BestZ { get; private set; } =
            Vector<double>.Build.DenseOfEnumerable(parameters.Select(p => Logit((p.Initial - p.Lower) / (p.Upper - p.Lower))));

        public double Evaluate(Vector<double> z)
        {
            if (Evaluations == maxEvaluations) throw new EvaluationBudgetExhausted();
            var point = parameters.Select((p, i) => p.Lower + (p.Upper - p.Lower) * Logistic(z[i])).ToArray();
            var value = distance(point);
            if (!double.IsFinite(value)) value = double.PositiveInfinity;
            Evaluations++;
            if (value < BestDistance)
            {
                (BestDistance, _best, BestZ) = (value, point, z.Clone());
            }
            progress?.Invoke(new CalibrationStep(Evaluations, point, value, BestDistance, (double[])_best.Clone()));
            return value;
        }

        public CalibrationResult Result(int runs, bool converged, string message) =>
            new((double[])_best.Clone(), BestDistance, Evaluations, runs, converged, message);
    }
}
