using UptakeSim.Model;

namespace UptakeSim.Scenarios.Tests;

public class OverrideTests
{
    private const string WithPressure = """
        name: o
        policy:
          pressure:
            - { at: 2015Q3, value: 1 }
            - { at: 2016Q3, value: 2 }
        """;

    [Fact]
    public void Override_replaces_a_number()
    {
        var scenario = Fixture.Load("name: o\nruns: 100\npopulation:\n  finance: { mean: 0.3 }", "runs=7", "population.finance.mean=-1.5", "seed=42");

        Assert.Equal((7, 42UL, -1.5), (scenario.Runs, scenario.Seed, scenario.Assumptions.Finance.Mean));
    }

    [Fact]
    public void Overrides_apply_in_order()
    {
        Assert.Equal(9, Fixture.Load("name: o", "runs=5", "runs=9").Runs);
    }

    [Fact]
    public void Override_creates_missing_mappings_and_takes_flow_values()
    {
        var scenario = Fixture.Load("name: o", "behaviour.intercepts.join={dist: normal, mean: -3, sd: 0.5}", "policy.mandate=2017Q1", "policy.application_windows=[]");

        Assert.Equal(UncertainValue.Normal(-3, 0.5), scenario.Behaviour["intercepts.join"]);
        Assert.Equal(new Quarter(2017, 1), scenario.Policy.Mandate);
        Assert.Empty(scenario.Policy.Windows);
    }

    [Fact]
    public void Override_indexes_into_a_sequence()
    {
        var points = Fixture.Load(WithPressure, "policy.pressure.1.value=0.8").Policy.Pressure.Points;

        Assert.Equal([new SchedulePoint(new Quarter(2015, 3), 1), new SchedulePoint(new Quarter(2016, 3), 0.8)], points);
    }

    [Fact]
    public void Null_override_clears_the_mandate()
    {
        Assert.Null(Fixture.Load("name: o\npolicy: { mandate: 2017Q1 }", "policy.mandate=null").Policy.Mandate);
    }

    [Theory]
    [InlineData("runs", "override 'runs': expected key.path=value, e.g. policy.mandate=2017Q1")]
    [InlineData("=5", "override '=5': expected key.path=value, e.g. policy.mandate=2017Q1")]
    [InlineData("policy..pressure=1", "override 'policy..pressure=1': expected key.path=value, e.g. policy.mandate=2017Q1")]
    [InlineData("policy.pressure.2.value=1", "override 'policy.pressure.2.value=1': '2' is not an index of 'policy.pressure', which has 2 items; expected 0 to 1")]
    [InlineData("policy.pressure.first.value=1", "override 'policy.pressure.first.value=1': 'first' is not an index of 'policy.pressure', which has 2 items; expected 0 to 1")]
    [InlineData("name.first=x", "override 'name.first=x': 'name' is 'o', so it has no 'first'; expected a path through mappings and sequences")]
    public void Malformed_override_is_reported_against_set(string text, string message)
    {
        var error = Fixture.SingleError(WithPressure, text);

        Assert.Equal(("--set", 0, 0, message), (error.File, error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Bad_value_from_an_override_is_located_in_the_override()
    {
        var error = Fixture.SingleError("name: o", "runs=0");

        Assert.Equal(new ScenarioError("--set runs=0", 1, 1, "0 is out of range for 'runs'; expected a whole number from 1 to 10000000"), error);
    }

    [Fact]
    public void Unknown_key_added_by_an_override_is_located_in_the_override()
    {
        var error = Fixture.SingleError("name: o", "policy.presure=1");

        Assert.Equal(("--set policy.presure=1", 1, 1), (error.File, error.Line, error.Column));
        Assert.StartsWith("unknown key 'presure' in 'policy'", error.Message);
    }

    [Fact]
    public void Position_inside_a_flow_value_is_relative_to_the_value()
    {
        var error = Fixture.SingleError("name: o", "behaviour.peer={dist: normal, mean: 1, sd: -2}");

        Assert.Equal(("--set behaviour.peer={dist: normal, mean: 1, sd: -2}", 1, 29), (error.File, error.Line, error.Column));
        Assert.Contains("'behaviour.peer.sd'", error.Message);
    }

    [Fact]
    public void Invalid_YAML_in_an_override_value_is_reported_against_it()
    {
        var error = Fixture.SingleError("name: o", "behaviour.peer={dist: normal");

        Assert.Equal("--set behaviour.peer={dist: normal", error.File);
        Assert.Equal((1, 1, "this '{' is not closed; expected a matching '}' before the end of the file"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Override_and_file_errors_are_reported_together()
    {
        var errors = Fixture.Errors("name: o\nruns: x", "seed", "population.lmc.opposed=3");

        Assert.Equal(["--set:0:0", "test.yaml:2:7", "--set population.lmc.opposed=3:1:1"], errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
    }
}
