namespace UptakeSim.Model.Tests;

public class UncertainValueTests
{
    public static TheoryData<UncertainValue, string, double, double> Values => new()
    {
        { UncertainValue.Fixed(2.5), "2.5", 2.5, 0 },
        { UncertainValue.Normal(1, 0.25), "normal(1, 0.25)", 1, 0.25 },
        // Uniform(0, 3): sd 3 / sqrt(12).
        { UncertainValue.Uniform(0, 3), "uniform(0, 3)", 1.5, 0.8660254037844386 },
        // Triangular(0, 1, 2) (min, mode, max): variance (0 + 1 + 4 - 0 - 0 - 2) / 18 = 1/6.
        { UncertainValue.Triangular(0, 1, 2), "triangular(0, 1, 2)", 1, 0.408248290463863 },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Each_kind_has_one_text_form_a_mean_and_an_sd(UncertainValue value, string text, double mean, double sd)
    {
        Assert.Equal(text, value.ToString());
        Assert.Equal(text, value.Distribution?.ToString() ?? text);
        Assert.Equal(mean, value.Mean, 12);
        Assert.Equal(sd, value.Sd, 12);
    }

    [Fact]
    public void A_uniform_moves_its_two_bounds_and_nothing_else()
    {
        Assert.Equal(UncertainValue.Uniform(1, 4), UncertainValue.Uniform(0, 3).ShiftedTo(2.5));
        Assert.Equal(UncertainValue.Triangular(1, 2, 3), UncertainValue.Triangular(0, 1, 2).ShiftedTo(2));
        Assert.Equal(UncertainValue.Normal(2, 0.25), UncertainValue.Normal(1, 0.25).ShiftedTo(2));
        Assert.Equal(UncertainValue.Fixed(2), UncertainValue.Fixed(1).ShiftedTo(2));
    }

    [Fact]
    public void A_draw_is_the_distributions_quantile_and_a_number_is_itself()
    {
        // Standard normal quantiles: z(0.975) = 1.959963984540054, z(0.1) = -1.2815515655446004.
        Assert.Equal(1 + 0.25 * 1.959963984540054, UncertainValue.Normal(1, 0.25).Sample(0.975), 14);
        Assert.Equal(1 - 0.25 * 1.2815515655446004, UncertainValue.Normal(1, 0.25).Sample(0.1), 14);
        Assert.Equal(0.75, UncertainValue.Uniform(0, 3).Sample(0.25), 14);
        // Triangular(0, 1, 2) below its mode: F(x) = x^2 / 2, so F^-1(0.125) = 0.5.
        Assert.Equal(0.5, UncertainValue.Triangular(0, 1, 2).Sample(0.125), 14);
        Assert.Equal(2.5, UncertainValue.Fixed(2.5).Sample(0.9));
    }

    [Fact]
    public void A_scenario_writes_each_kind_back_in_its_own_form()
    {
        Assert.Equal("{dist: normal, mean: 1, sd: 0.25}", UncertainValue.Normal(1, 0.25).ToYaml());
        Assert.Equal("{dist: uniform, min: 0, max: 3}", UncertainValue.Uniform(0, 3).ToYaml());
        Assert.Equal("{dist: triangular, min: 0, mode: 1, max: 2}", UncertainValue.Triangular(0, 1, 2).ToYaml());
        Assert.Equal("2.5", UncertainValue.Fixed(2.5).ToYaml());
        Assert.Equal((0.5, 1.5), UncertainValue.Normal(1, 0.25).PlausibleRange);
        Assert.Null(UncertainValue.Fixed(2.5).PlausibleRange);
    }

    public static TheoryData<UncertainValue> Kinds => new()
    {
        UncertainValue.Fixed(-2.5), UncertainValue.Normal(1, 0.25), UncertainValue.Uniform(0, 3), UncertainValue.Triangular(0, 1, 2),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_travels_between_silos_as_json_and_comes_back_the_same(UncertainValue value)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(value);
        Assert.Equal(value, System.Text.Json.JsonSerializer.Deserialize<UncertainValue>(json));
    }

    [Fact]
    public void A_coefficient_table_with_every_kind_and_numbers_that_need_all_their_digits_comes_back_the_same()
    {
        var b = BehaviourCoefficients.Default
            .With("pressure", UncertainValue.Normal(1.0 / 3, 0.1))
            .With("peer", UncertainValue.Uniform(-0.1, 2.0 / 3))
            .With("collective", UncertainValue.Triangular(0, 0.1 + 0.2, 1.5));
        var json = System.Text.Json.JsonSerializer.Serialize(b.Values);
        Assert.Contains("{\"normal\":[0.3333333333333333,0.1]}", json);
        Assert.Equal(b.Values, System.Text.Json.JsonSerializer.Deserialize<UncertainValue[]>(json));
    }
}
