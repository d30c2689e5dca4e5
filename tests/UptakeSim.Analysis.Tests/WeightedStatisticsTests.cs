using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public class WeightedStatisticsTests
{
    [Property(MaxTest = 200, Replay = "(20150401,20160401)")]
    public Property A_quantile_lies_within_the_values_rises_with_p_and_ignores_their_order(NonEmptyArray<NormalFloat> raw, PositiveInt seed)
    {
        var values = raw.Get.Select(v => v.Get).ToArray();
        var weights = values.Select((_, i) => 1 + (i * 7 + seed.Get) % 5 / 2.0).ToArray();
        var order = Enumerable.Range(0, values.Length).Reverse().ToArray();
        double[] ps = [0, 0.05, 0.3, 0.5, 0.9, 1];

        var quantiles = ps.Select(p => WeightedStatistics.Quantile(values, weights, p)).ToArray();
        var reversed = ps.Select(p => WeightedStatistics.Quantile(order.Select(i => values[i]).ToArray(), order.Select(i => weights[i]).ToArray(), p));

        return (quantiles.All(q => q >= values.Min() && q <= values.Max())
            && quantiles.Zip(quantiles.Skip(1)).All(pair => pair.First <= pair.Second)
            && quantiles.SequenceEqual(reversed)).ToProperty();
    }

    [Fact]
    public void A_quantile_between_two_values_never_rounds_past_the_upper_one()
    {
        // Found by the property above: interpolating toward 1.9603420352399137 at p = 0.9 gave 1.960342035239914.
        double[] values = [-0.0, 0.056114997814494916, 0.0, 1.9603420352399137];
        Assert.Equal(1.9603420352399137, WeightedStatistics.Quantile(values, [1, 2, 3, 1.5], 0.9));
    }

    [Fact]
    public void Effective_sample_size_is_n_for_equal_weights_and_1_for_one_heavy_sample()
    {
        Assert.Equal(4, WeightedStatistics.EffectiveSampleSize([0.25, 0.25, 0.25, 0.25]), 12);
        Assert.Equal(1, WeightedStatistics.EffectiveSampleSize([0, 0, 3, 0]), 12);
    }

    [Fact]
    public void Covariance_uses_the_normalised_weights()
    {
        // Points (0, 0) with weight 1 and (2, 4) with weight 3: mean (1.5, 3), var x = 0.75, cov = 1.5, var y = 3.
        var covariance = WeightedStatistics.Covariance([[0.0, 0.0], [2.0, 4.0]], [1, 3]);

        Assert.Equal(new[,] { { 0.75, 1.5 }, { 1.5, 3.0 } }, covariance);
    }
}
