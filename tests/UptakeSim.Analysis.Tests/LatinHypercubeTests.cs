using UptakeSim.Analysis;
using UptakeSim.Model;

namespace UptakeSim.Analysis.Tests;

public class LatinHypercubeTests
{
    private static readonly ParameterRange[] Ranges = [new("a", 0, 1), new("b", -5, 5), new("c", 100, 300)];

    [Fact]
    public void Each_column_has_exactly_one_point_in_each_stratum()
    {
        const int n = 50;
        var sample = LatinHypercube.Sample(n, Ranges, seed: 42);

        Assert.Equal(n, sample.Length);
        for (var column = 0; column < Ranges.Length; column++)
        {
            var range = Ranges[column];
            var strata = sample.Select(row => (int)Math.Floor((row[column] - range.Lower) / (range.Upper - range.Lower) * n));
            Assert.Equal(Enumerable.Range(0, n), strata.Order());
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_sample_and_another_seed_another()
    {
        var first = LatinHypercube.Sample(20, Ranges, seed: 7);

        Assert.Equal(first, LatinHypercube.Sample(20, Ranges, seed: 7));
        Assert.NotEqual(first, LatinHypercube.Sample(20, Ranges, seed: 8));
    }

    [Fact]
    public void A_normal_parameter_has_one_point_in_each_stratum_of_its_probability()
    {
        const int n = 40;
        var normal = new NormalDistribution(3, 2);

        var sample = LatinHypercube.Sample(n, [new UncertainParameter("x", normal)], seed: 3);

        Assert.Equal(Enumerable.Range(0, n), sample.Select(row => (int)Math.Floor(normal.Cdf(row[0]) * n)).Order());
    }

    [Fact]
    public void A_reversed_range_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => LatinHypercube.Sample(5, [new ParameterRange("x", 1, 0)], seed: 1));

        Assert.Contains("'x'", error.Message);
    }
}
