using UptakeSim.Analysis;
using UptakeSim.Model;

namespace UptakeSim.Analysis.Tests;

public class SobolAnalysisTests
{
    private static IReadOnlyList<double> Evaluate(SaltelliDesign design, Func<double[], double> model) =>
        design.AllPoints().Select(model).ToArray();

    [Fact]
    public void Ishigami_indices_are_close_to_the_analytic_values()
    {
        var parameters = Enumerable.Range(1, 3).Select(i => new ParameterRange($"x{i}", -Math.PI, Math.PI)).ToArray();
        var design = SaltelliDesign.Create(parameters, 4096);
        static double Ishigami(double[] x) => Math.Sin(x[0]) + 7 * Math.Pow(Math.Sin(x[1]), 2) + 0.1 * Math.Pow(x[2], 4) * Math.Sin(x[0]);

        var indices = SobolAnalysis.Analyze(design, Evaluate(design, Ishigami));

        double[] first = [0.3139, 0.4424, 0.0], total = [0.5576, 0.4424, 0.2437];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"x{i + 1}", indices[i].Parameter);
            Assert.InRange(indices[i].First, first[i] - 0.03, first[i] + 0.03);
            Assert.InRange(indices[i].Total, total[i] - 0.03, total[i] + 0.03);
            Assert.InRange(indices[i].FirstConfidence, 1e-4, 0.1);
            Assert.InRange(indices[i].TotalConfidence, 1e-4, 0.1);
        }
    }

    [Fact]
    public void Indices_with_normal_and_triangular_inputs_match_the_analytic_values()
    {
        // Y = X1 + X2 + 1.5 X1 X3 with X1 ~ N(0, 1), X2 ~ Triangular(0, 1, 4), X3 ~ N(1, 0.8²):
        // V1 = (1 + 1.5 E[X3])² Var X1 = 6.25, V2 = Var X2 = 13/18, V3 = 0 (E[X1] = 0), V13 = 1.5² Var X1 Var X3 = 1.44.
        UncertainParameter[] parameters =
        [
            new("x1", new NormalDistribution(0, 1)),
            new("x2", new TriangularDistribution(0, 1, 4)),
            new("x3", new NormalDistribution(1, 0.8)),
        ];
        var design = SaltelliDesign.Create(parameters, 8192);

        var indices = SobolAnalysis.Analyze(design, Evaluate(design, x => x[0] + x[1] + 1.5 * x[0] * x[2]));

        double v1 = 6.25, v2 = 13.0 / 18, v13 = 1.44, v = v1 + v2 + v13;
        double[] first = [v1 / v, v2 / v, 0], total = [(v1 + v13) / v, v2 / v, v13 / v];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first[i], indices[i].First, 0.03);
            Assert.Equal(total[i], indices[i].Total, 0.03);
        }
        // The first-order index of x3 is 0: the estimate is reported as it comes, with an interval that covers 0.
        Assert.InRange(0, indices[2].FirstLower, indices[2].FirstUpper);
    }

    [Fact]
    public void Inputs_follow_their_own_distributions()
    {
        UncertainParameter[] parameters = [new("n", new NormalDistribution(5, 2)), new("t", new TriangularDistribution(0, 1, 4))];

        var design = SaltelliDesign.Create(parameters, 4096);

        var normal = design.A.Select(row => row[0]).ToArray();
        var triangular = design.B.Select(row => row[1]).ToArray();
        Assert.Equal(5, normal.Average(), 0.01);
        Assert.Equal(2, Math.Sqrt(normal.Average(x => (x - 5) * (x - 5))), 0.02);
        Assert.Equal(5.0 / 3, triangular.Average(), 0.01);
        Assert.Equal(0.25, triangular.Count(x => x < 1) / 4096.0, 0.01);
    }

    [Fact]
    public void Common_random_numbers_across_a_row_give_a_parameter_without_effect_a_total_index_of_zero()
    {
        // Y = X1 + noise with X2 unused, Var X1 = Var noise = 1. Noise keyed by the design row: fA - fAB2 is exactly 0.
        // Noise keyed by the point: Jansen's total index of X2 is E[(noise - noise')²] / 2V = 2 / 4 = 0.5, pure noise.
        UncertainParameter[] parameters = [new("x1", new NormalDistribution(0, 1)), new("x2", new NormalDistribution(0, 1))];
        var design = SaltelliDesign.Create(parameters, 2048);
        var points = design.Points().ToArray();
        static double Noise(long key) => SplitMix64.Keyed(17, key).NextNormal();

        var common = SobolAnalysis.Analyze(design, points.Select(p => p.Values[0] + Noise(p.Row)).ToArray());
        var independent = SobolAnalysis.Analyze(design, points.Select((p, index) => p.Values[0] + Noise(1_000_000 + index)).ToArray());

        Assert.Equal(0, common[1].Total);
        Assert.Equal(0.5, common[0].Total, 0.05);
        Assert.Equal(0.5, common[0].First, 0.05);
        Assert.Equal(0.5, independent[1].Total, 0.05);
    }

    [Fact]
    public void Points_carry_their_design_row_and_matrix()
    {
        var design = SaltelliDesign.Create([new ParameterRange("x1", 0, 1), new ParameterRange("x2", 0, 1)], 4);

        var points = design.Points().ToArray();

        Assert.Equal(Enumerable.Range(0, 4).SelectMany(row => Enumerable.Repeat(row, 4)), points.Select(p => p.Row));
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(_ => new[] { 0, 1, 2, 3 }), points.Select(p => p.Slot));
        Assert.Equal(design.AllPoints(), points.Select(p => p.Values));
    }

    [Fact]
    public void An_unbounded_input_at_the_all_zero_point_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SaltelliDesign.Create([new UncertainParameter("x", new NormalDistribution(0, 1))], 8, skip: 0));

        Assert.Contains("'x' is unbounded", error.Message);
    }

    [Fact]
    public void Linear_model_indices_are_the_variance_shares()
    {
        var design = SaltelliDesign.Create([new ParameterRange("x1", 0, 1), new ParameterRange("x2", 0, 1)], 1024);

        var indices = SobolAnalysis.Analyze(design, Evaluate(design, x => 2 * x[0] + x[1]));

        Assert.Equal(0.8, indices[0].First, 0.02);
        Assert.Equal(0.2, indices[1].First, 0.02);
        Assert.Equal(0.8, indices[0].Total, 0.02);
        Assert.Equal(0.2, indices[1].Total, 0.02);
    }

    [Fact]
    public void Points_come_row_by_row_as_A_then_each_AB_then_B()
    {
        var design = SaltelliDesign.Create([new ParameterRange("x1", 0, 1), new ParameterRange("x2", 10, 20)], 8, skip: 0);
        var points = design.AllPoints().ToArray();

        Assert.Equal(32, design.Evaluations);
        Assert.Equal(design.Evaluations, points.Length);
        // Row 4 of the 4-dimensional sequence is (0.375, 0.375, 0.625, 0.875): A = (0.375, 13.75), B = (0.625, 18.75).
        Assert.Equal([[0.375, 13.75], [0.625, 13.75], [0.375, 18.75], [0.625, 18.75]], points[16..20]);
    }

    [Fact]
    public void By_default_the_first_points_are_skipped_as_SALib_does()
    {
        var parameters = new ParameterRange[] { new("x", 0, 1) };

        Assert.Equal(SaltelliDesign.Create(parameters, 8, skip: 16).A, SaltelliDesign.Create(parameters, 8).A);
        Assert.Equal(SaltelliDesign.Create(parameters, 100, skip: 128).A, SaltelliDesign.Create(parameters, 100).A);
    }

    [Fact]
    public void A_constant_output_has_zero_indices()
    {
        var design = SaltelliDesign.Create([new ParameterRange("x1", 0, 1), new ParameterRange("x2", 0, 1)], 64);

        var indices = SobolAnalysis.Analyze(design, Evaluate(design, _ => 3.0));

        Assert.All(indices, index => Assert.Equal(new SobolIndex(index.Parameter, 0, 0, 0, 0), index));
    }

    [Fact]
    public void The_bootstrap_is_deterministic_for_a_seed()
    {
        var design = SaltelliDesign.Create([new ParameterRange("x1", 0, 1), new ParameterRange("x2", 0, 1)], 256);
        var outputs = Evaluate(design, x => x[0] * x[1] + x[1]);

        Assert.Equal(SobolAnalysis.Analyze(design, outputs, seed: 5), SobolAnalysis.Analyze(design, outputs, seed: 5));
        Assert.NotEqual(SobolAnalysis.Analyze(design, outputs, seed: 5)[0].FirstConfidence, SobolAnalysis.Analyze(design, outputs, seed: 6)[0].FirstConfidence);
    }

    [Fact]
    public void Outputs_must_match_the_design()
    {
        var design = SaltelliDesign.Create([new ParameterRange("x1", 0, 1)], 8);

        var error = Assert.Throws<ArgumentException>(() => SobolAnalysis.Analyze(design, new double[23]));

        Assert.StartsWith("got 23 outputs; expected 24", error.Message);
    }

    [Fact]
    public void Ranking_puts_the_largest_total_index_first()
    {
        SobolIndex[] indices = [new("a", 0.1, 0, 0.2, 0), new("b", 0.5, 0, 0.6, 0), new("c", 0, 0, 0.3, 0)];

        Assert.Equal(["b", "c", "a"], SobolAnalysis.RankByTotal(indices).Select(i => i.Parameter));
    }
}
