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
    /// <summary>The running sums of the weights, the last being their total: a particle is found by bisection.</summary>
    private readonly double[]? _cumulative = Cumulative(Weights);

    /// <summary>The key tag of the particle draw (a name no coefficient has).</summary>
    private static readonly int DrawTag = KeyedRandom.NameTag("posterior particle");

    public static CoefficientParticles Posterior(int[] coefficients, double[][] values, double[] weights)
    {
        if (values.Length == 0 || values.Length != weights.Length) throw new ArgumentException("a posterior needs at least one particle and one weight per particle", nameof(weights));
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || weights.Max() <= 0) throw new ArgumentException("weights must be finite, non-negative and not all zero", nameof(weights));
        // Weights whose sum overflows are scaled by the largest first (the same draw, in proportion).
        var largest = weights.Max();
        return new CoefficientParticles(coefficients, values, double.IsFinite(weights.Sum()) ? weights : weights.Select(w => w / largest).ToArray());
    }

    private static double[]? Cumulative(double[]? weights)
    {
        if (weights is null) return null;
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = sum += weights[i];
        return cumulative;
    }

    /// <summary>The particle replication <paramref name="replication"/> uses.</summary>
    public double[] For(ulong seed, int replication)
    {
        if (_cumulative is not { } cumulative) return Values[replication - FirstReplication];
        var u = KeyedRandom.Uniform(KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(seed, replication), -1), -1, DrawPurpose.Coefficient, DrawTag);
        var target = u * cumulative[^1];
        // The first particle whose running sum exceeds the target (the last if rounding leaves none).
        int low = 0, high = cumulative.Length - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (target < cumulative[middle]) high = middle;
            else low = middle + 1;
        }
        return Values[low];
    }

    /// <summary>Writes the particle's values into a drawn coefficient row.</summary>
    public void Apply(ulong seed, int replication, Span<double> row)
    {
        var particle = For(seed, replication);
        for (var k = 0; k < Coefficients.Length; k++) row[Coefficients[k]] = particle[k];
    }
}
