namespace UptakeSim.Analysis;

/// <summary>What the model says for one observation: the mean over replications and its 5th and 95th percentiles.</summary>
public sealed record SimulatedValue(double Mean, double P05, double P95);

/// <summary>How far the model is from the observations.</summary>
public static class FitStatistics
{
    /// <summary>
    /// Sum over observations of ((simulated mean - observed value) / sd)^2, <paramref name="simulated"/>[i] being the
    /// model's value for <paramref name="observations"/>[i]. With independent normal errors this is -2 log-likelihood
    /// up to a constant, which <see cref="NelderMeadCalibration.StandardErrors"/> assumes.
    /// </summary>
    public static double Distance(IReadOnlyList<Observation> observations, IReadOnlyList<SimulatedValue> simulated)
    {
        if (observations.Count != simulated.Count)
        {
            throw new ArgumentException($"got {simulated.Count} simulated values; expected one per observation ({observations.Count})", nameof(simulated));
        }
        return observations.Zip(simulated, (observed, model) => Math.Pow((model.Mean - observed.Value) / observed.Sd, 2)).Sum();
    }
}
