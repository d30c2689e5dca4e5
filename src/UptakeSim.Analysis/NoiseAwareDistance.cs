namespace UptakeSim.Analysis;

/// <summary>
/// Distance between a simulated summary and the observations that counts both sources of mismatch a correct model
/// still has: the observation's own error and the model's run-to-run noise. For observation i,
/// d = sqrt(Σ_i (sim_i - obs_i)² / (sd_obs,i² + var_model,i)); with normal errors d² is the -2 log-likelihood of the
/// observations up to a constant, so a tolerance of about sqrt(number of observations) is a typical good fit.
/// var_model,i is estimated once, before calibration, as the pooled within-parameter variance of pilot runs: several
/// replications at each of a few parameter vectors drawn from the prior (<see cref="FromPilot"/>). It is the spread at
/// fixed parameters, not the spread across the prior, which would mostly measure the parameters' effect. It is held
/// fixed over the parameter space (an assumption: a model whose noise changes much with its parameters would need
/// a synthetic likelihood instead).
/// </summary>
public sealed class NoiseAwareDistance
{
    // Keeps observation-error draws apart from any other stream a caller keys from the same simulation key.
    private const long ObservationErrorStream = 0x0B5E;

    private readonly double[] _observed;
    private readonly double[] _scale;

    /// <summary>
    /// <paramref name="modelVariance"/>[i] is the variance of one simulated summary i at fixed parameters; a summary
    /// that is a mean over several replications has that variance divided by their number (see <see cref="FromPilot"/>).
    /// </summary>
    public NoiseAwareDistance(IReadOnlyList<double> observed, IReadOnlyList<double> observationSd, IReadOnlyList<double> modelVariance)
    {
        if (observed.Count == 0 || observationSd.Count != observed.Count || modelVariance.Count != observed.Count)
        {
            throw new ArgumentException($"got {observed.Count} observations, {observationSd.Count} sds and {modelVariance.Count} model variances; expected the same positive number");
        }
        for (var i = 0; i < observed.Count; i++)
        {
            if (!double.IsFinite(observed[i]) || !(observationSd[i] >= 0) || !(modelVariance[i] >= 0) || observationSd[i] * observationSd[i] + modelVariance[i] <= 0)
            {
                throw new ArgumentException($"observation {i}: value {observed[i]}, sd {observationSd[i]}, model variance {modelVariance[i]}; expected a finite value, sd >= 0 and variance >= 0, not both 0");
            }
        }
        _observed = observed.ToArray();
        ObservationSd = observationSd.ToArray();
        ModelVariance = modelVariance.ToArray();
        _scale = observed.Select((_, i) => Math.Sqrt(ObservationSd[i] * ObservationSd[i] + ModelVariance[i])).ToArray();
    }

    public IReadOnlyList<double> ObservationSd { get; }

    public IReadOnlyList<double> ModelVariance { get; }

    /// <summary>sqrt(sd_obs² + var_model) per observation: how far off a simulation may be and still fit.</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>
    /// Estimates var_model from pilot runs: <paramref name="pilot"/>[k][r] is the summary of replication r at
    /// parameter vector k (at least two replications each). var_model,i is the mean over k of the sample variance of
    /// summary i across k's replications, divided by <paramref name="replicationsPerSummary"/> when each summary the
    /// calibration compares is a mean over that many replications.
    /// </summary>
    public static NoiseAwareDistance FromPilot(IReadOnlyList<double> observed, IReadOnlyList<double> observationSd, IReadOnlyList<IReadOnlyList<double[]>> pilot, int replicationsPerSummary = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationsPerSummary, 1);
        if (pilot.Count == 0 || pilot.Any(runs => runs.Count < 2 || runs.Any(s => s.Length != observed.Count)))
        {
            throw new ArgumentException($"expected pilot runs at one parameter vector or more, each with at least 2 replications of {observed.Count} summaries", nameof(pilot));
        }
        var variance = new double[observed.Count];
        for (var i = 0; i < observed.Count; i++)
        {
            variance[i] = pilot.Average(runs =>
            {
                var mean = runs.Average(s => s[i]);
                return runs.Sum(s => (s[i] - mean) * (s[i] - mean)) / (runs.Count - 1);
            }) / replicationsPerSummary;
        }
        return new NoiseAwareDistance(observed, observationSd, variance);
    }

    /// <summary>
    /// <paramref name="simulated"/> with each observation's error added, sim_i + sd_obs,i * z_i, z_i standard normal
    /// drawn from <paramref name="noiseKey"/> (the simulation's own key). The distance's scale only weighs the
    /// summaries against each other; for ABC to target the posterior given observations measured with error, each
    /// simulation must carry that error too (Wilkinson 2013), which this adds. The model's own noise is in the
    /// simulation already.
    /// </summary>
    public double[] WithObservationError(IReadOnlyList<double> simulated, ulong noiseKey)
    {
        if (simulated.Count != _observed.Length) throw new ArgumentException($"got {simulated.Count} simulated values; expected one per observation ({_observed.Length})", nameof(simulated));
        var random = SplitMix64.Keyed(noiseKey, ObservationErrorStream);
        return simulated.Select((value, i) => value + ObservationSd[i] * random.NextNormal()).ToArray();
    }

    public double Measure(IReadOnlyList<double> simulated)
    {
        if (simulated.Count != _observed.Length) throw new ArgumentException($"got {simulated.Count} simulated values; expected one per observation ({_observed.Length})", nameof(simulated));
        var sum = 0.0;
        for (var i = 0; i < _observed.Length; i++)
        {
            var z = (simulated[i] - _observed[i]) / _scale[i];
            sum += z * z;
        }
        return Math.Sqrt(sum);
    }
}
