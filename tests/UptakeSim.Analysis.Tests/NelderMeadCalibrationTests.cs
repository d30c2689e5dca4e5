using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public class NelderMeadCalibrationTests
{
    [Fact]
    public void Finds_the_minimum_of_a_bounded_quadratic()
    {
        FreeParameter[] parameters = [new("a", 0, 1, 0.8), new("b", -5, 5, 3)];

        var result = NelderMeadCalibration.Minimize(parameters, x => Math.Pow(x[0] - 0.3, 2) + Math.Pow((x[1] + 2) / 4, 2), 5000, 1e-10);

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.3, result.Best[0], 1e-3);
        Assert.Equal(-2, result.Best[1], 1e-3);
        Assert.InRange(result.Evaluations, 1, 5000);
    }

    [Fact]
    public void Finds_the_minimum_of_Rosenbrock_in_a_box()
    {
        FreeParameter[] parameters = [new("x", -2, 2, -1.2), new("y", -1, 3, 1)];
        static double Rosenbrock(double[] p) => Math.Pow(1 - p[0], 2) + 100 * Math.Pow(p[1] - p[0] * p[0], 2);

        var result = NelderMeadCalibration.Minimize(parameters, Rosenbrock, 10000, 1e-12);

        Assert.True(result.Converged, result.Message);
        Assert.Equal(1, result.Best[0], 1e-3);
        Assert.Equal(1, result.Best[1], 1e-3);
    }

    [Fact]
    public void Running_out_of_evaluations_returns_the_best_point_without_throwing()
    {
        FreeParameter[] parameters = [new("a", 0, 1, 0.8), new("b", 0, 1, 0.8)];
        var calls = 0;

        var result = NelderMeadCalibration.Minimize(parameters, x => { calls++; return x[0] * x[0] + x[1] * x[1]; }, 5, 1e-10);

        Assert.False(result.Converged);
        Assert.StartsWith("not converged: stopped after 5 of at most 5 evaluations", result.Message);
        Assert.Equal(5, result.Evaluations);
        Assert.Equal(5, calls);
        Assert.True(result.Distance <= 0.8 * 0.8 * 2);
        Assert.Equal(result.Distance, result.Best[0] * result.Best[0] + result.Best[1] * result.Best[1]);
    }

    [Fact]
    public void Avoids_a_region_where_the_distance_is_not_a_number_and_reports_every_evaluation()
    {
        FreeParameter[] parameters = [new("a", 0, 1, 0.9), new("b", 0, 1, 0.1)];
        var steps = new List<CalibrationStep>();
        static double Distance(double[] x) => x[0] < 0.3 ? double.NaN : Math.Pow(x[0] - 0.35, 2) + Math.Pow(x[1] - 0.6, 2);

        var result = NelderMeadCalibration.Minimize(parameters, Distance, 5000, 1e-10, steps.Add);

        Assert.True(result.Converged, result.Message);
        Assert.Equal(0.35, result.Best[0], 1e-3);
        Assert.Equal(0.6, result.Best[1], 1e-3);
        Assert.Equal(Enumerable.Range(1, result.Evaluations), steps.Select(s => s.Evaluation));
        Assert.Contains(steps, s => s.Point[0] < 0.3 && s.Distance == double.PositiveInfinity);
        Assert.All(steps.Zip(steps.Skip(1)), pair => Assert.True(pair.Second.BestDistance <= pair.First.BestDistance));
        Assert.Equal(result.Distance, steps[^1].BestDistance);
        Assert.Equal(result.Best, steps[^1].BestPoint);
    }

    [Fact]
    public void Every_point_tried_lies_inside_the_box()
    {
        FreeParameter[] parameters = [new("a", 2, 3, 2.5)];
        var tried = new List<double>();

        // The unconstrained minimum (x = 0) is outside the box, so the fit runs to the lower bound.
        var result = NelderMeadCalibration.Minimize(parameters, x => { tried.Add(x[0]); return x[0] * x[0]; }, 2000, 1e-10);

        Assert.All(tried, x => Assert.InRange(x, 2, 3));
        Assert.Equal(2, result.Best[0], 1e-3);
    }

    [Fact]
    public void Standard_errors_of_a_sum_of_squared_standardised_residuals_are_the_scales()
    {
        FreeParameter[] parameters = [new("a", 0, 1, 0.5), new("b", -10, 10, 1), new("c", 0, 100, 50)];
        double[] centre = [0.4, 2, 30], scale = [0.1, 2, 7];
        double Distance(double[] x) => x.Select((v, i) => Math.Pow((v - centre[i]) / scale[i], 2)).Sum();

        var errors = NelderMeadCalibration.StandardErrors(parameters, Distance, centre, 1e-3);

        for (var i = 0; i < 3; i++) Assert.Equal(scale[i], errors[i], scale[i] * 0.05);
    }

    [Fact]
    public void Standard_errors_are_not_a_number_at_a_saddle()
    {
        FreeParameter[] parameters = [new("a", -1, 1, 0.5), new("b", -1, 1, 0.5)];

        var errors = NelderMeadCalibration.StandardErrors(parameters, x => x[0] * x[0] - x[1] * x[1], [0, 0], 1e-3);

        Assert.All(errors, e => Assert.True(double.IsNaN(e)));
    }

    [Fact]
    public void Standard_errors_are_not_a_number_on_a_ridge_of_exact_fits()
    {
        // Only a + b is determined: the Hessian is singular up to rounding.
        FreeParameter[] parameters = [new("a", -1, 1, 0.5), new("b", -1, 1, 0.5), new("c", -1, 1, 0.5)];

        var errors = NelderMeadCalibration.StandardErrors(parameters, x => Math.Pow((x[0] + x[1] - 0.3) / 0.1, 2) + x[2] * x[2], [0.1, 0.2, 0], 1e-3);

        Assert.All(errors, e => Assert.True(double.IsNaN(e)));
    }

    [Fact]
    public void An_initial_value_on_a_bound_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => NelderMeadCalibration.Minimize([new("a", 0, 1, 1)], x => x[0], 10, 1e-6));

        Assert.Contains("expected finite Lower < Initial < Upper", error.Message);
    }
}
