namespace UptakeSim.Analysis;

/// <summary>
/// How well an ensemble forecast (for instance the posterior predictive runs) scored against one later observation:
/// whether the observation fell inside the ensemble's central 50% and 90% bands, and its CRPS (continuous ranked
/// probability score, in the observation's units: 0 for a perfect point forecast, lower is better).
/// </summary>
public sealed record ForecastScore(double Observed, double Crps, bool Inside50, bool Inside90)
{
    /// <summary>
    /// Scores <paramref name="ensemble"/> against <paramref name="observed"/>. Bands are the ensemble's 5-95% and
    /// 25-75% quantiles (linear interpolation between order statistics, R's type 7), ends included. CRPS is the
    /// ensemble estimator E|X - y| - E|X - X'| / 2 over the empirical distribution (Gneiting and Raftery 2007).
    /// </summary>
    public static ForecastScore Of(IReadOnlyList<double> ensemble, double observed)
    {
        if (ensemble.Count == 0 || ensemble.Any(x => !double.IsFinite(x))) throw new ArgumentException("expected a non-empty ensemble of finite values", nameof(ensemble));
        var sorted = ensemble.Order().ToArray();
        return new ForecastScore(
            observed,
            EnsembleCrps(sorted, observed),
            Quantile(sorted, 0.25) <= observed && observed <= Quantile(sorted, 0.75),
            Quantile(sorted, 0.05) <= observed && observed <= Quantile(sorted, 0.95));
    }

    /// <summary>
    /// The ensemble CRPS from sorted members: mean |x_i - y| minus half the mean |x_i - x_j| over all ordered pairs,
    /// the latter in O(n) as (2 / n²) Σ_i (2i - n - 1) x_(i) with i from 1.
    /// </summary>
    private static double EnsembleCrps(double[] sorted, double observed)
    {
        var n = sorted.Length;
        var toObservation = 0.0;
        var spread = 0.0;
        for (var i = 0; i < n; i++)
        {
            toObservation += Math.Abs(sorted[i] - observed);
            spread += (2.0 * (i + 1) - n - 1) * sorted[i];
        }
        return toObservation / n - spread / ((double)n * n);
    }

    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }
}

/// <summary>Scores averaged over observations: the share inside each band and the mean CRPS.</summary>
public sealed record ForecastSkill(int Observations, double Inside50, double Inside90, double MeanCrps)
{
    public static ForecastSkill Of(IReadOnlyList<ForecastScore> scores)
    {
        if (scores.Count == 0) throw new ArgumentException("expected at least one score", nameof(scores));
        return new ForecastSkill(
            scores.Count,
            scores.Count(s => s.Inside50) / (double)scores.Count,
            scores.Count(s => s.Inside90) / (double)scores.Count,
            scores.Average(s => s.Crps));
    }
}
