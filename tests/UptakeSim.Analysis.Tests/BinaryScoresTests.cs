namespace UptakeSim.Analysis.Tests;

public class BinaryScoresTests
{
    [Fact]
    public void Brier_log_score_and_auc_are_the_textbook_values()
    {
        var scores = BinaryScores.Of([0.9, 0.6, 0.4, 0.2], [true, false, true, false]);

        Assert.Equal((0.01 + 0.36 + 0.36 + 0.04) / 4, scores.Brier, 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.4) + Math.Log(0.4) + Math.Log(0.8)) / 4, scores.LogScore, 12);
        // Positives 0.9 and 0.4 against negatives 0.6 and 0.2: 0.9 beats both, 0.4 beats 0.2 only.
        Assert.Equal(0.75, scores.Auc);
        Assert.Null(BinaryScores.Of([0.3, 0.8], [true, true]).Auc);
    }

    [Fact]
    public void Logistic_regression_recovers_known_coefficients_from_a_large_sample()
    {
        var random = new Random(20150401);
        var features = new List<double[]>();
        var outcomes = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            var x = new[] { random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2 };
            features.Add(x);
            outcomes.Add(random.NextDouble() < 1 / (1 + Math.Exp(-(-0.5 + 1.5 * x[0] - 1.0 * x[1]))));
        }

        var fit = LogisticRegression.Fit(features, outcomes, ridge: 0);

        Assert.Equal(-0.5, fit.Coefficients[0], 0.1);
        Assert.Equal(1.5, fit.Coefficients[1], 0.1);
        Assert.Equal(-1.0, fit.Coefficients[2], 0.1);
        Assert.Equal(1 / (1 + Math.Exp(-(-0.5 + 1.5))), fit.Probability([1, 0]), 0.03);
    }

    [Fact]
    public void A_ridge_keeps_separable_cases_finite()
    {
        var fit = LogisticRegression.Fit([[1.0], [2.0], [-1.0], [-2.0]], [true, true, false, false], ridge: 1);

        Assert.All(fit.Coefficients, b => Assert.True(double.IsFinite(b) && Math.Abs(b) < 10));
        Assert.True(fit.Probability([2]) > 0.5 && fit.Probability([-2]) < 0.5);
    }
}
