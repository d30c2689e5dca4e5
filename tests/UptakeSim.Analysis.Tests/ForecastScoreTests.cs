using MathNet.Numerics.Distributions;
using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public class ForecastScoreTests
{
    /// <summary>CRPS of N(mu, sigma²) at y (Gneiting and Raftery 2007): sigma [z (2 Φ(z) - 1) + 2 φ(z) - 1 / sqrt(pi)].</summary>
    private static double NormalCrps(double mu, double sigma, double y)
    {
        var z = (y - mu) / sigma;
        return sigma * (z * (2 * Normal.CDF(0, 1, z) - 1) + 2 * Normal.PDF(0, 1, z) - 1 / Math.Sqrt(Math.PI));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-4.0)]
    [InlineData(7.5)]
    public void The_ensemble_crps_of_a_normal_sample_matches_the_closed_form(double observed)
    {
        // 20,000 members at the normal's quantiles (i + 0.5) / n: the empirical CRPS converges at O(1/n).
        const int n = 20000;
        var ensemble = Enumerable.Range(0, n).Select(i => Normal.InvCDF(1, 2, (i + 0.5) / n)).Reverse().ToArray();

        Assert.Equal(NormalCrps(1, 2, observed), ForecastScore.Of(ensemble, observed).Crps, 3);
    }

    [Fact]
    public void The_crps_of_a_random_normal_ensemble_is_close_to_the_closed_form()
    {
        var random = SplitMix64.Keyed(7);
        var ensemble = Enumerable.Range(0, 5000).Select(_ => 10 + 3 * random.NextNormal()).ToArray();

        Assert.Equal(NormalCrps(10, 3, 12), ForecastScore.Of(ensemble, 12).Crps, 0.05);
    }

    [Fact]
    public void A_single_member_scores_its_absolute_error()
    {
        Assert.Equal(2.5, ForecastScore.Of([4.0], 6.5).Crps, 12);
    }

    [Fact]
    public void Bands_are_the_central_50_and_90_percent_of_the_ensemble()
    {
        // Members 1..100: 5%, 25%, 75%, 95% quantiles (type 7) are 5.95, 25.75, 75.25, 95.05.
        var ensemble = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal((true, true), Bands(ForecastScore.Of(ensemble, 50)));
        Assert.Equal((false, true), Bands(ForecastScore.Of(ensemble, 25)));
        Assert.Equal((true, true), Bands(ForecastScore.Of(ensemble, 75.25)));
        Assert.Equal((false, false), Bands(ForecastScore.Of(ensemble, 5.9)));
        Assert.Equal((false, false), Bands(ForecastScore.Of(ensemble, 99)));
    }

    [Fact]
    public void Skill_averages_the_scores()
    {
        ForecastScore[] scores = [new(1, 2.0, true, true), new(2, 4.0, false, true), new(3, 6.0, false, false), new(4, 0.0, true, true)];

        Assert.Equal(new ForecastSkill(4, 0.5, 0.75, 3.0), ForecastSkill.Of(scores));
    }

    private static (bool, bool) Bands(ForecastScore score) => (score.Inside50, score.Inside90);
}
