using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public class FitStatisticsTests
{
    [Fact]
    public void Distance_is_the_sum_of_squared_standardised_residuals()
    {
        SimulatedValue[] simulated = [new(60, 50, 70), new(0.22, 0.1, 0.3)];

        Assert.Equal(4 + 4, FitStatistics.Distance([63, 0.2], [1.5, 0.01], simulated), 1e-9);
    }

    [Fact]
    public void Each_observation_needs_a_simulated_value()
    {
        var error = Assert.Throws<ArgumentException>(() => FitStatistics.Distance([63], [1.5], []));

        Assert.StartsWith("got 0 simulated values; expected one per observation (1)", error.Message);
    }
}
