using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace UptakeSim.Model.Tests;

public class DistributionTests
{
    private static readonly Distribution[] All =
    [
        new NormalDistribution(1.5, 2),
        new UniformDistribution(-1, 3),
        new TriangularDistribution(0, 1, 4),
        new BetaDistribution(2, 5),
        new NormalDistribution(0, 1).Truncated(-0.5, 2),
        new TriangularDistribution(-3, 0, 1).Truncated(-1, 5),
    ];

    [Property(MaxTest = 200, Replay = "(20150401,20160401)")]
    public Property The_quantile_inverts_the_cdf_and_stays_in_the_support(NormalFloat unit)
    {
        var p = Math.Abs(unit.Get) % 1;
        return All.All(d =>
        {
            var x = d.Quantile(p);
            return x >= d.Lower && x <= d.Upper && Math.Abs(d.Cdf(x) - p) < 1e-9;
        }).ToProperty();
    }

    [Fact]
    public void Known_quantiles_and_moments()
    {
        var triangular = new TriangularDistribution(0, 1, 4);
        Assert.Equal(1, triangular.Quantile(0.25), 12);
        Assert.Equal(5.0 / 3, triangular.Mean, 12);
        Assert.Equal(Math.Sqrt(13.0 / 18), triangular.StandardDeviation, 12);
        Assert.Equal(0.5, triangular.Density(1), 12);
        Assert.Equal(0, triangular.Density(4.5));

        var normal = new NormalDistribution(1.5, 2);
        Assert.Equal(1.5 + 2 * 1.6448536269514722, normal.Quantile(0.95), 9);

        Assert.Equal(2.0 / 7, new BetaDistribution(2, 5).Mean, 12);
        Assert.Equal(0.25, new UniformDistribution(-1, 3).Density(0));
    }

    [Fact]
    public void A_half_normal_has_the_closed_form_mean_and_sd()
    {
        var half = new NormalDistribution(0, 1).Truncated(0, double.PositiveInfinity);

        Assert.Equal(0, half.Lower);
        Assert.Equal(Math.Sqrt(2 / Math.PI), half.Mean, 6);
        Assert.Equal(Math.Sqrt(1 - 2 / Math.PI), half.StandardDeviation, 6);
        Assert.Equal(2 * 0.3989422804014327, half.Density(0), 9);
        Assert.Equal(0, half.Density(-0.1));
    }

    [Fact]
    public void Bad_parameters_are_refused_with_what_was_expected()
    {
        Assert.Contains("standard deviation > 0", Assert.Throws<ArgumentException>(() => new NormalDistribution(0, 0)).Message);
        Assert.Contains("lower <= mode <= upper", Assert.Throws<ArgumentException>(() => new TriangularDistribution(0, 5, 4)).Message);
        Assert.Contains("no probability", Assert.Throws<ArgumentException>(() => new UniformDistribution(0, 1).Truncated(2, 3)).Message);
    }
}
