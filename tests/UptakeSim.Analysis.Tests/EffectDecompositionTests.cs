namespace UptakeSim.Analysis.Tests;

public class EffectDecompositionTests
{
    /// <summary>A difference y = 4 a + a^2 + 0.5 b + noise with a ~ U(0, 3) unconstrained and b ~ N(0, 1) constrained:
    /// the effect band is the band of 4 a + a^2 + 0.5 b, and nearly all of it rests on a.</summary>
    [Fact]
    public void The_effect_band_and_the_shares_are_those_of_a_known_difference()
    {
        var random = new Random(7);
        var x = new List<double[]>();
        var y = new List<double>();
        var truth = new List<double>();
        for (var i = 0; i < 20_000; i++)
        {
            var a = random.NextDouble() * 3;
            var b = Normal(random);
            x.Add([a, b, 1.0]);
            truth.Add(4 * a + a * a + 0.5 * b);
            y.Add(truth[^1] + 2 * Normal(random));
        }

        var d = EffectDecomposition.Of(x, y, ["a", "b", "fixed"], new HashSet<string> { "a" });

        var sorted = truth.Order().ToArray();
        Assert.Equal(sorted[(int)(0.05 * sorted.Length)], d.EffectP05, 0.3);
        Assert.Equal(sorted[(int)(0.95 * sorted.Length)], d.EffectP95, 0.3);
        var varTruth = truth.Average(t => t * t) - Math.Pow(truth.Average(), 2);
        Assert.Equal(varTruth / (varTruth + 4), d.Explained, 0.02);
        Assert.Equal(["a", "b"], d.Parameters.Select(p => p.Name));
        Assert.True(d.Parameters[0].Unconstrained && !d.Parameters[1].Unconstrained);
        Assert.InRange(d.UnconstrainedShare, 0.97, 1.0);
    }

    [Fact]
    public void A_difference_no_parameter_moves_rests_on_nothing()
    {
        var random = new Random(8);
        var x = Enumerable.Range(0, 500).Select(_ => new[] { random.NextDouble() }).ToArray();
        var y = x.Select(_ => 3.0).ToArray();

        var d = EffectDecomposition.Of(x, y, ["a"], new HashSet<string> { "a" });

        Assert.Equal((3.0, 3.0, 3.0, 0.0, 0.0), (d.Mean, d.EffectP05, d.EffectP95, d.Explained, d.UnconstrainedShare));
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
