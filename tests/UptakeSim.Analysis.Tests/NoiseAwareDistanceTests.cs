using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public class NoiseAwareDistanceTests
{
    [Fact]
    public void Each_residual_is_scaled_by_observation_and_model_noise_together()
    {
        var distance = new NoiseAwareDistance([10, 20], [3, 0], [16, 4]);

        // (15 - 10) / sqrt(9 + 16) = 1 and (24 - 20) / sqrt(0 + 4) = 2.
        Assert.Equal([5.0, 2.0], distance.Scale);
        Assert.Equal(Math.Sqrt(5), distance.Measure([15, 24]), 12);
        Assert.Equal(0, distance.Measure([10, 20]));
    }

    [Fact]
    public void Model_variance_is_the_spread_within_pilot_parameter_vectors_not_between_them()
    {
        // At the first vector the replications are 1 and 3 (variance 2), at the second 10 and 14 (variance 8):
        // the pooled variance is 5, whatever the distance between the vectors' means.
        IReadOnlyList<double[]>[] pilot = [[[1.0], [3.0]], [[10.0], [14.0]]];

        Assert.Equal([5.0], NoiseAwareDistance.FromPilot([0], [1], pilot).ModelVariance);
        Assert.Equal([1.0], NoiseAwareDistance.FromPilot([0], [1], pilot, replicationsPerSummary: 5).ModelVariance);
    }

    [Fact]
    public void Observation_error_is_added_with_each_observations_sd_and_keyed_by_the_simulation()
    {
        var distance = new NoiseAwareDistance([0, 0], [2, 0], [1, 1]);

        var draws = Enumerable.Range(0, 20000).Select(k => distance.WithObservationError([10, 5], (ulong)k)).ToArray();

        Assert.Equal(10, draws.Average(d => d[0]), 0.05);
        Assert.Equal(2, Math.Sqrt(draws.Average(d => (d[0] - 10) * (d[0] - 10))), 0.05);
        Assert.All(draws, d => Assert.Equal(5, d[1]));
        Assert.Equal(distance.WithObservationError([10, 5], 7), distance.WithObservationError([10, 5], 7));
    }

    [Fact]
    public void Inputs_that_cannot_give_a_distance_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new NoiseAwareDistance([1], [0], [0]));
        Assert.Throws<ArgumentException>(() => new NoiseAwareDistance([1, 2], [1], [1, 1]));
        Assert.Throws<ArgumentException>(() => NoiseAwareDistance.FromPilot([1], [1], [[[1.0]]]));
        Assert.Contains("expected one per observation (2)", Assert.Throws<ArgumentException>(() => new NoiseAwareDistance([1, 2], [1, 1], [0, 0]).Measure([1])).Message);
    }
}
