using UptakeSim.Analysis;
using UptakeSim.Model;

namespace UptakeSim.Analysis.Tests;

public class PosteriorSummaryTests
{
    [Fact]
    public void Weighted_mean_median_and_interval_follow_the_weights()
    {
        UncertainParameter[] parameters = [new("x", new UniformDistribution(0, 200))];
        // Values 1..100 with equal weights: Hazen positions (i - 0.5) / 100 put the median at 50.5, the 5% at 5.5.
        var equal = Enumerable.Range(1, 100).Select(i => new Particle([i], 1, 0, [])).ToArray();

        var summary = PosteriorSummary.Of(parameters, equal).Marginals[0];

        Assert.Equal(50.5, summary.Mean, 12);
        Assert.Equal(50.5, summary.Median, 12);
        Assert.Equal(5.5, summary.Lower90, 12);
        Assert.Equal(95.5, summary.Upper90, 12);
        Assert.Equal(Math.Sqrt((100.0 * 100 - 1) / 12), summary.Sd, 9);
        Assert.Equal(200 / Math.Sqrt(12), summary.PriorSd, 9);

        // Weight 3 on 10 and 1 on 20: mean 12.5; their positions are 0.375 and 0.875, so the median is a quarter of the way.
        var weighted = PosteriorSummary.Of(parameters, [new([10.0], 3, 0, []), new([20.0], 1, 0, [])]);
        Assert.Equal(12.5, weighted.Marginals[0].Mean, 12);
        Assert.Equal(12.5, weighted.Marginals[0].Median, 12);
        Assert.Equal(10, weighted.Marginals[0].Lower90, 12);
        Assert.Equal(1.6, weighted.EffectiveSampleSize, 12);
    }

    [Fact]
    public async Task Parameters_the_data_cannot_tell_apart_are_flagged_in_plain_words()
    {
        // y = a + b + N(0, 0.1²) observed at 1: the data fix a + b only; c does not enter the model at all.
        UncertainParameter[] parameters = [new("a", new NormalDistribution(0, 1)), new("b", new NormalDistribution(0, 1)), new("c", new UniformDistribution(-1, 1))];
        AbcSimulator simulate = (batch, _) => Task.FromResult(batch.Parameters
            .Select((theta, i) => new[] { theta[0] + theta[1] + 0.1 * SplitMix64.Keyed(batch.NoiseKeys[i]).NextNormal() }).ToArray());
        var distance = new NoiseAwareDistance([1], [0], [0.01]);

        var result = await AbcSmc.RunAsync(parameters, distance.Measure, simulate, new AbcSettings { PopulationSize = 500, MaxGenerations = 8, Seed = 2 });
        var summary = PosteriorSummary.Of(parameters, result.Posterior.Particles);

        Assert.True(summary.Correlation[0, 1] < -0.9, $"correlation of a and b: {summary.Correlation[0, 1]}");
        Assert.Contains(summary.Warnings, w => w.StartsWith("the data cannot tell a and b apart: their posterior correlation is -0.9", StringComparison.Ordinal));
        Assert.Contains(summary.Warnings, w => w.StartsWith("the data do not constrain c: its posterior sd is", StringComparison.Ordinal));
        Assert.DoesNotContain(summary.Warnings, w => w.Contains("a and c") || w.Contains("b and c"));
        // Each of a and b alone: exact posterior sd sqrt(1 - 1 / 2.01) = 0.709 against a prior sd of 1.
        Assert.InRange(summary.Marginals[0].SdRatio, 0.6, 0.8);
        Assert.Equal(0.5, summary.Marginals[0].Mean, 0.1);
    }

    [Fact]
    public void Particles_must_match_the_parameters()
    {
        UncertainParameter[] parameters = [new("a", new NormalDistribution(0, 1)), new("b", new NormalDistribution(0, 1))];

        Assert.Throws<ArgumentException>(() => PosteriorSummary.Of(parameters, [new([1.0], 1, 0, []), new([2.0], 1, 0, [])]));
    }
}
