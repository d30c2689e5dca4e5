using UptakeSim.Model;

namespace UptakeSim.Scenarios.Tests;

public class SweepTests
{
    private static IReadOnlyList<LoadedScenario> Family(string yaml, params string[] overrides) =>
        Fixture.Loader.LoadTextFamily(yaml, Fixture.File, AppContext.BaseDirectory, overrides);

    private static IReadOnlyList<ScenarioError> Errors(string yaml) => Assert.Throws<ScenarioException>(() => Family(yaml)).Errors;

    [Fact]
    public void A_sweep_expands_to_every_combination_named_after_its_values_first_value_first()
    {
        var family = Family("name: s\nsweep:\n  behaviour.pressure: [0.5, 2]\n  policy.mandate: [null, 2017Q1]\n");
        Assert.Equal(
            ["s[behaviour.pressure=0.5;policy.mandate=null]", "s[behaviour.pressure=0.5;policy.mandate=2017Q1]",
             "s[behaviour.pressure=2;policy.mandate=null]", "s[behaviour.pressure=2;policy.mandate=2017Q1]"],
            family.Select(f => f.Scenario.Name));
        Assert.Equal([0.5, 0.5, 2, 2], family.Select(f => f.Scenario.Behaviour["pressure"].Mean));
        Assert.Equal([null, Quarter.Parse("2017Q1"), null, Quarter.Parse("2017Q1")], family.Select(f => f.Scenario.Policy.Mandate));
    }

    [Fact]
    public void Number_and_quarter_ranges_expand_from_to_by_step()
    {
        var numbers = Family("name: s\nsweep:\n  policy.support: { from: 0.0, to: 0.06, step: 0.02 }\n");
        Assert.Equal([0.0, 0.02, 0.04, 0.06], numbers.Select(f => f.Scenario.Policy.Support.Initial));
        Assert.Equal("s[policy.support=0.04]", numbers[2].Scenario.Name);
        var quarters = Family("name: s\nsweep:\n  policy.mandate: { from: 2016Q1, to: 2018Q1, step: 4 }\n");
        Assert.Equal(["2016Q1", "2017Q1", "2018Q1"], quarters.Select(f => f.Scenario.Policy.Mandate.ToString()));
    }

    [Fact]
    public void A_member_resolves_to_yaml_that_loads_as_that_member()
    {
        var member = Family("name: s\nsweep:\n  behaviour.peer: [0.1, 0.7]\n")[1];
        var again = Fixture.LoadText(member.ResolvedYaml).Scenario;
        Assert.Equal("s[behaviour.peer=0.7]", again.Name);
        Assert.Equal(0.7, again.Behaviour["peer"].Mean);
        Assert.DoesNotContain("sweep", member.ResolvedYaml);
    }

    [Fact]
    public void A_file_without_a_sweep_is_a_family_of_one()
    {
        var family = Family("name: plain\n");
        Assert.Equal("plain", Assert.Single(family).Scenario.Name);
    }

    [Fact]
    public void Load_refuses_a_sweep_and_points_to_compare()
    {
        using var dir = new Fixture.TempDir();
        var path = dir.Write("s.yaml", "name: s\nsweep:\n  behaviour.peer: [0.1, 0.7]\n");
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.Load(path)).Errors);
        Assert.Contains("compare", error.Message);
    }

    [Theory]
    [InlineData("name: s\nsweep: 3\n", 2, 8, "is not valid for 'sweep'")]
    [InlineData("name: s\nsweep:\n  name: [a, b]\n", 3, 3, "'name' cannot be swept")]
    [InlineData("name: s\nsweep:\n  behaviour.peer: []\n", 3, 19, "expected a non-empty list")]
    [InlineData("name: s\nsweep:\n  behaviour.peer: { from: 1, to: 0, step: 0.5 }\n", 3, 19, "from <= to")]
    [InlineData("name: s\nsweep:\n  behaviour.peer: { from: 1, step: 0.5 }\n", 3, 19, "expected exactly from, to and step")]
    public void Bad_sweeps_are_reported_where_they_are_written(string yaml, int line, int column, string message)
    {
        var error = Assert.Single(Errors(yaml));
        Assert.Equal((Fixture.File, line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_bad_swept_value_is_reported_at_the_value_in_the_sweep()
    {
        var error = Errors("name: s\nsweep:\n  population.lmc.soften_rate: [0.1, 7]\n")[0];
        Assert.Equal((Fixture.File, 3, 37), (error.File, error.Line, error.Column));
        Assert.Contains("soften_rate", error.Message);
    }
}
