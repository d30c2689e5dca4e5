using UptakeSim.Model;

namespace UptakeSim.Analysis;

/// <summary>
/// One parameter's posterior: weighted mean, median, sd and central 90% credible interval, beside its prior's sd.
/// <see cref="SdRatio"/> near 1 means the data hardly narrowed the prior.
/// </summary>
public sealed record MarginalSummary(string Name, double Mean, double Median, double Sd, double Lower90, double Upper90, double PriorSd)
{
    public double SdRatio => Sd / PriorSd;
}

/// <summary>
/// What a weighted sample from a posterior says: each parameter's <see cref="MarginalSummary"/>, the weighted
/// correlation matrix, the effective sample size, and warnings in plain words where the data cannot tell parameters
/// apart or do not constrain one.
/// </summary>
public sealed record PosteriorSummary(IReadOnlyList<MarginalSummary> Marginals, double[,] Correlation, double EffectiveSampleSize, IReadOnlyList<string> Warnings)
{
    /// <summary>|r| above this between two parameters: the data fix a combination of them, not each one.</summary>
    public const double StrongCorrelation = 0.9;

    /// <summary>Posterior sd above this share of the prior sd: the data do not constrain the parameter.</summary>
    public const double WeakConstraint = 0.8;

    public static PosteriorSummary Of(IReadOnlyList<UncertainParameter> parameters, IReadOnlyList<Particle> particles)
    {
        UncertainParameter.Validate(parameters);
        if (particles.Count < 2 || particles.Any(p => p.Parameters.Length != parameters.Count))
        {
            throw new ArgumentException($"expected at least 2 particles of {parameters.Count} parameters", nameof(particles));
        }
        var weights = particles.Select(p => p.Weight).ToArray();
        var points = particles.Select(p => p.Parameters).ToArray();
        var covariance = WeightedStatistics.Covariance(points, weights);
        var d = parameters.Count;

        var marginals = parameters.Select((parameter, k) =>
        {
            var values = points.Select(p => p[k]).ToArray();
            return new MarginalSummary(
                parameter.Name,
                WeightedStatistics.Mean(values, weights),
                WeightedStatistics.Quantile(values, weights, 0.5),
                Math.Sqrt(covariance[k, k]),
                WeightedStatistics.Quantile(values, weights, 0.05),
                WeightedStatistics.Quantile(values, weights, 0.95),
                parameter.Distribution.StandardDeviation);
        }).ToArray();

        var correlation = new double[d, d];
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < d; b++)
            {
                var scale = Math.Sqrt(covariance[a, a] * covariance[b, b]);
                correlation[a, b] = a == b ? 1 : scale > 0 ? covariance[a, b] / scale : 0;
            }
        }

        var warnings = new List<string>();
        for (var a = 0; a < d; a++)
        {
            for (var b = a + 1; b < d; b++)
            {
                if (Math.Abs(correlation[a, b]) > StrongCorrelation)
                {
                    warnings.Add($"the data cannot tell {parameters[a].Name} and {parameters[b].Name} apart: their posterior correlation is {correlation[a, b]:F2}, so the data fix a combination of the two ({(correlation[a, b] < 0 ? "raising one while lowering the other" : "raising both together")} fits about as well), not each one");
                }
            }
        }
        foreach (var m in marginals.Where(m => m.SdRatio > WeakConstraint))
        {
            warnings.Add($"the data do not constrain {m.Name}: its posterior sd is {m.SdRatio * 100:F0}% of its prior sd, " +
                         "so its value comes mostly from the prior");
        }
        return new PosteriorSummary(marginals, correlation, WeightedStatistics.EffectiveSampleSize(weights), warnings);
    }
}
