using UptakeSim.Model;

namespace UptakeSim.Scenarios.Tests;

/// <summary>A mistyped or misplaced key, or a quarter written another way, is told what was probably meant.</summary>
public class SuggestionTests
{
    private const string TopLevelKeys = "name, description, runs, seed, horizon, population, policy, behaviour, calibration, posterior, alternatives";
    private const string PolicyKeys = "pressure, application_windows, eligibility, support, running_cost_change, risk_sharing, mandate, approval";
    private const string BehaviourKeys = "intercepts, pressure, finance, lmc, capacity, conflict, peer, experience, deprivation, collective, peer_scope, hand_back, pressure_timing";

    [Theory]
    // A typo: the section's closest key.
    [InlineData("name: x\npolicy:\n  presure: 1",
        $"test.yaml:3:3: unknown key 'presure' in 'policy'; expected one of: {PolicyKeys}; did you mean pressure?")]
    [InlineData("name: x\nrun: 5", $"test.yaml:2:1: unknown key 'run' at the top level; expected one of: {TopLevelKeys}; did you mean runs?")]
    [InlineData("name: x\nbehaviour:\n  intercepts: { joint: -2 }",
        "test.yaml:3:17: unknown key 'joint' in 'behaviour.intercepts'; expected one of: join, delegate_from_level1, delegate_from_level2, hand_back; did you mean join?")]
    [InlineData("name: x\npolicy:\n  pressure: [{ at: 2016Q1, value: 1, rmap: true }]",
        "test.yaml:3:38: unknown key 'rmap' in 'policy.pressure.0'; expected one of: at, value, ramp; did you mean ramp?")]
    // A key of another section: its full path, every one when several sections have it.
    [InlineData("name: x\npressure: 1",
        $"test.yaml:2:1: unknown key 'pressure' at the top level; expected one of: {TopLevelKeys}; did you mean policy.pressure or behaviour.pressure?")]
    [InlineData("name: x\nmandate: 2017Q1", $"test.yaml:2:1: unknown key 'mandate' at the top level; expected one of: {TopLevelKeys}; did you mean policy.mandate?")]
    [InlineData("name: x\npolicy:\n  peer: 2", $"test.yaml:3:3: unknown key 'peer' in 'policy'; expected one of: {PolicyKeys}; did you mean behaviour.peer?")]
    [InlineData("name: x\nbehaviour:\n  mandate: 2017Q1", $"test.yaml:3:3: unknown key 'mandate' in 'behaviour'; expected one of: {BehaviourKeys}; did you mean policy.mandate?")]
    [InlineData("name: x\npopulation:\n  mean: 0.3",
        "test.yaml:3:3: unknown key 'mean' in 'population'; expected one of: ccgs, synthetic, start, level3_by_region, finance, capacity, lmc, conflict, mergers, attributes, record, covariates; "
        + "did you mean population.finance.mean, population.capacity.mean or population.conflict.mean?")]
    [InlineData("name: x\npolicy:\n  application_windows: [{ apply: 2015Q3, effective: 2016Q1, mandate: 2017Q1 }]",
        "test.yaml:3:61: unknown key 'mandate' in 'policy.application_windows.0'; expected one of: apply, effective, repeat_yearly; did you mean policy.mandate?")]
    // A typo of a key of another section: the closest keys anywhere.
    [InlineData("name: x\npresure: 1",
        $"test.yaml:2:1: unknown key 'presure' at the top level; expected one of: {TopLevelKeys}; did you mean policy.pressure or behaviour.pressure?")]
    [InlineData("name: x\nhorizon:\n  cutof: 2017Q1",
        "test.yaml:3:3: unknown key 'cutof' in 'horizon'; expected one of: start, quarters; did you mean calibration.cutoff?")]
    // Nothing close: nothing suggested.
    [InlineData("name: x\nxyzzy: 1", $"test.yaml:2:1: unknown key 'xyzzy' at the top level; expected one of: {TopLevelKeys}")]
    // Two of three letters changed is no near miss of a key elsewhere ('on', of calibration.structure_last_changed).
    [InlineData("name: x\nfoo: 1", $"test.yaml:2:1: unknown key 'foo' at the top level; expected one of: {TopLevelKeys}")]
    [InlineData("name: x\nbehaviour:\n  peer: { dist: normal, mean: 1, sd: 1, xy: 2 }", "test.yaml:3:41: unknown key 'xy' in 'behaviour.peer'; expected one of: dist, mean, sd")]
    public void An_unknown_key_names_the_key_meant(string yaml, string message)
    {
        Assert.Equal(message, Fixture.SingleError(yaml).ToString());
    }

    [Theory]
    // Typed as a path, so the suggestion is a path, and the override is named as typed, without a position.
    [InlineData("pressure=0",
        $"--set pressure=0: unknown key 'pressure' at the top level; expected one of: {TopLevelKeys}; did you mean policy.pressure or behaviour.pressure?")]
    [InlineData("policy.presure=1", $"--set policy.presure=1: unknown key 'presure' in 'policy'; expected one of: {PolicyKeys}; did you mean policy.pressure?")]
    [InlineData("behaviour.peer_scop=region",
        $"--set behaviour.peer_scop=region: unknown key 'peer_scop' in 'behaviour'; expected one of: {BehaviourKeys}; did you mean behaviour.peer_scope?")]
    [InlineData("mandate=2017Q1", $"--set mandate=2017Q1: unknown key 'mandate' at the top level; expected one of: {TopLevelKeys}; did you mean policy.mandate?")]
    // A key inside the value is typed as in a file, and placed in the value.
    [InlineData("policy={presure: 1}",
        $"--set policy={{presure: 1}}:1:2: unknown key 'presure' in 'policy'; expected one of: {PolicyKeys}; did you mean pressure?")]
    public void An_unknown_key_path_in_set_names_the_path_meant(string text, string message)
    {
        Assert.Equal(message, Fixture.SingleError("name: o", text).ToString());
    }

    [Fact]
    public void A_swept_key_path_is_pointed_to_the_path_meant()
    {
        var error = Fixture.SingleError("name: o\nsweep:\n  policy.presure: [0, 1]");

        Assert.EndsWith($"unknown key 'presure' in 'policy'; expected one of: {PolicyKeys}; did you mean policy.pressure?", error.Message);
    }

    [Fact]
    public void A_coefficient_added_to_the_table_is_suggested_too()
    {
        var extended = new CoefficientTable([.. CoefficientTable.Model.Specs,
            new CoefficientSpec("pressure_on_joining", UncertainValue.Fixed(0.0), Driver.Pressure, Moves.Join, "Weight of NHSE pressure on joining.")]);
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader("name: x\npolicy: { pressure_on_joinin: 0.7 }"));
        var reader = new NodeReader(new Origins(new Origin(Fixture.File, AppContext.BaseDirectory)));

        new ScenarioBinder(reader, Fixture.BundledCsv, extended).Bind(yaml.Documents[0].RootNode);

        Assert.EndsWith("; did you mean behaviour.pressure_on_joining?", Assert.Single(reader.Errors).Message);
    }

    [Theory]
    [InlineData("horizon:\n  start: 2016q1", "test.yaml:3:10: '2016q1' is not valid for 'horizon.start'; expected a quarter like 2015Q1, with an upper-case Q; did you mean 2016Q1?")]
    // A date: the NHS financial-year quarter that holds it, which runs April to March.
    [InlineData("policy:\n  mandate: 2017-01-01",
        "test.yaml:3:12: '2017-01-01' is not valid for 'policy.mandate'; expected a quarter like 2015Q1; did you mean 2016Q4, the NHS financial-year quarter from 2017-01-01 to 2017-03-31?")]
    [InlineData("horizon:\n  start: 2016-04-01",
        "test.yaml:3:10: '2016-04-01' is not valid for 'horizon.start'; expected a quarter like 2015Q1; did you mean 2016Q1, the NHS financial-year quarter from 2016-04-01 to 2016-06-30?")]
    [InlineData("horizon:\n  start: 2016-04",
        "test.yaml:3:10: '2016-04' is not valid for 'horizon.start'; expected a quarter like 2015Q1; did you mean 2016Q1, the NHS financial-year quarter from 2016-04-01 to 2016-06-30?")]
    [InlineData("horizon:\n  start: 2016-09-30",
        "test.yaml:3:10: '2016-09-30' is not valid for 'horizon.start'; expected a quarter like 2015Q1; did you mean 2016Q2, the NHS financial-year quarter from 2016-07-01 to 2016-09-30?")]
    [InlineData("policy:\n  pressure: [{ at: 2016-12, value: 1 }]",
        "test.yaml:3:20: '2016-12' is not valid for 'policy.pressure.0.at'; expected a quarter like 2015Q1; did you mean 2016Q3, the NHS financial-year quarter from 2016-10-01 to 2016-12-31?")]
    // No quarter to suggest: a date before the first quarter that can be written, or not a date at all.
    [InlineData("horizon:\n  start: 1900-03-01", "test.yaml:3:10: '1900-03-01' is not valid for 'horizon.start'; expected a quarter like 2015Q1")]
    [InlineData("horizon:\n  start: 2016-13-01", "test.yaml:3:10: '2016-13-01' is not valid for 'horizon.start'; expected a quarter like 2015Q1")]
    [InlineData("horizon:\n  start: 2016q5", "test.yaml:3:10: '2016q5' is not valid for 'horizon.start'; expected a quarter like 2015Q1")]
    public void A_quarter_written_another_way_names_the_quarter_meant(string yaml, string message)
    {
        Assert.Equal(message, Fixture.SingleError($"name: x\n{yaml}").ToString());
    }

    [Fact]
    public void A_quarter_in_set_is_told_too()
    {
        var error = Fixture.SingleError("name: o", "policy.mandate=2017q1");

        Assert.Equal("--set policy.mandate=2017q1: '2017q1' is not valid for 'policy.mandate'; expected a quarter like 2015Q1, with an upper-case Q; did you mean 2017Q1?", error.ToString());
    }
}
