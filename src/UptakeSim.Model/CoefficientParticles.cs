namespace UptakeSim.Model;

/// <summary>
/// Values of some behaviour coefficients (<see cref="Coefficients"/>, indices in the table) taken from particles
/// instead of their own draws; the other coefficients are drawn as usual.
/// A posterior (<see cref="Weights"/> given) is drawn from: replication r picks one particle with probability equal to
/// its weight, by a uniform keyed by (seed, r) like every other draw, so runs stay reproducible whatever the batch
/// size or silos, and two scenarios with the same posterior and seed give replication r the same particle (common
/// random numbers). Without weights the particles are run one per replication, particle i as replication
/// <see cref="FirstReplication"/> + i (a calibration running proposals on the engine).
/// </summary>
public sealed record CoefficientParticles(int[] Coefficients, double[][] Values, double[]? Weights = null, int FirstReplication = 0)
{
    /// <summary>The key tag of the particle draw (a name no coefficient has).</summary>
    private static readonly int DrawTag = KeyedRandom.NameTag("posterior particle");

    public static CoefficientParticles Posterior(int[] coefficients, double[][] values, double[] weights)
    {
        if (values.Length == 0 || values.Length != weights.Length) throw new ArgumentException("a posterior needs at least one particle and one weight per particle", nameof(weights));
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || weights.Sum() <= 0) throw new ArgumentException("weights must be finite, non-negative and not all zero", nameof(weights));
        return new CoefficientParticles(coefficients, values, weights);
    }

    /// <summary>The particle replication <paramref name="replication"/> uses.</summary>
    public double[] For(ulong seed, int replication)
    {
        if (Weights is null) return Values[replication - FirstReplication];
        var u = KeyedRandom.Uniform(KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(seed, replication), -1), -1, DrawPurpose.Coefficient, DrawTag);
        var target = u * Weights.Sum();
        var cumulative = 0.0;
        for (var i = 0; i < Weights.Length; i++)
        {
            cumulative += Weights[i];
            if (target < cumulative) return Values[i];
        }
        return Values[^1];
    }

    /// <summary>Writes the particle's values into a drawn coefficient row.</summary>
    public void Apply(ulong seed, int replication, Span<double> row)
    {
        var particle = For(seed, replication);
        for (var k = 0; k < Coefficients.Length; k++) row[Coefficients[k]] = particle[k];
    }
}
