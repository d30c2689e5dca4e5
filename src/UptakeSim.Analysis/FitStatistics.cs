namespace UptakeSim.Analysis;

/// <summary>What the model says for one observation: the mean over replications and its 5th and 95th percentiles.</summary>
public sealed record SimulatedValue(double Mean, double P05, double P95);

/// <summary>How far the model is from the observations.</summary>
public static class FitStatistics
{
    /// <summary>
    /// Sum over observations of ((simulated mean - observed value) / sd)^2, <paramref name="simulated"/>[i] being the
    /// model's value for <paramref name="observed"/>[i], known to within <paramref name="sd"/>[i]. With independent
    /// normal errors this is -2 log-likelihood up to a constant, which <see cref="NelderMeadCalibration.StandardErrors"/> assumes.
    /// </summary>
    public static double Distance(IReadOnlyList<double> observed, IReadOnlyList<double> sd, IReadOnlyList<SimulatedValue> simulated)
    {
        if (observed.Count != simulated.Count || sd.Count != observed.Count)
        {
            throw new ArgumentException($"got {simulated.Count} simulated values; expected one per observation ({observed.Count})", nameof(simulated));
        }
        var sum = 0.0;
        for (var i = 0; i < observed.Count; i++) sum += Math.Pow((simulated[i].Mean - observed[i]) / sd[i], 2);
        return sum;
    }
}
