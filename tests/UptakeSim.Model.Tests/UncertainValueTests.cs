namespace UptakeSim.Model.Tests;

public class UncertainValueTests
{
    [Theory]
    [InlineData(Distribution.Fixed, 2.5, 0, 0, "2.5", 2.5, 0)]
    [InlineData(Distribution.Normal, 1, 0.25, 0, "normal(1, 0.25)", 1, 0.25)]
    // Uniform(0, 3): sd 3 / sqrt(12).
    [InlineData(Distribution.Uniform, 0, 3, 0, "uniform(0, 3)", 1.5, 0.8660254037844386)]
    // Triangular(0, 1, 2) (min, mode, max): variance (0 + 1 + 4 - 0 - 0 - 2) / 18 = 1/6.
    [InlineData(Distribution.Triangular, 0, 1, 2, "triangular(0, 1, 2)", 1, 0.408248290463863)]
    public void Each_kind_has_one_text_form_a_mean_and_an_sd(Distribution kind, double a, double b, double c, string text, double mean, double sd)
    {
        var value = new UncertainValue(kind, a, b, c);
        Assert.Equal(text, value.ToString());
        Assert.Equal(mean, value.Mean, 12);
        Assert.Equal(sd, value.Sd, 12);
    }

    [Fact]
    public void A_uniform_moves_its_two_bounds_and_nothing_else()
    {
        Assert.Equal(new UncertainValue(Distribution.Uniform, 1, 4), new UncertainValue(Distribution.Uniform, 0, 3).ShiftedTo(2.5));
        Assert.Equal(new UncertainValue(Distribution.Triangular, 1, 2, 3), new UncertainValue(Distribution.Triangular, 0, 1, 2).ShiftedTo(2));
    }
}
