using UptakeSim.Analysis;

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
