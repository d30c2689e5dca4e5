namespace UptakeSim.Scenarios.Tests;

public class ScenarioErrorTests
{
    [Theory]
    // Unknown key: the example of the error format.
    [InlineData("name: x\npolicy:\n  presure: 1", 3, 3,
        "unknown key 'presure' in 'policy'; expected one of: pressure, application_windows, eligibility, support, running_cost_change, risk_sharing, mandate")]
    [InlineData("name: x\nrun: 5", 2, 1, "unknown key 'run' at the top level; expected one of: name, description, runs, seed,")]
    [InlineData("description: no name", 1, 1, "missing key 'name' at the top level")]
    [InlineData("# nothing but a comment", 1, 1, "missing key 'name' at the top level; expected a scenario name")]
    [InlineData("name: my scenario", 1, 7, "'my scenario' is not valid for 'name'; expected a name of 1 to 64 letters, digits, '-' and '_' (a sweep member adds [key=value;...])")]
    [InlineData("- name: x", 1, 1, "a sequence is not valid for 'the scenario'; expected a mapping")]
    // Wrong types.
    [InlineData("name: x\nruns: many", 2, 7, "'many' is not valid for 'runs'; expected a whole number from 1 to 10000000")]
    [InlineData("name: x\nruns: \"5\"", 2, 7, "the quoted string '5' is not valid for 'runs'")]
    [InlineData("name: x\nruns: 2.5", 2, 7, "'2.5' is not valid for 'runs'; expected a whole number")]
    [InlineData("name: x\nseed: -1", 2, 7, "'-1' is not valid for 'seed'; expected a whole number from 0 to 18446744073709551615")]
    [InlineData("name: x\npopulation:\n  lmc: [0.3, 0.45, 0.25]", 3, 8, "a sequence is not valid for 'population.lmc'; expected a mapping with keys supportive, neutral, opposed, soften_rate")]
    [InlineData("name: x\npopulation:\n  finance: { mean: .nan }", 3, 20, "'.nan' is not valid for 'population.finance.mean'; expected a number")]
    [InlineData("name: x\npopulation:\n  finance: { mean: Infinity }", 3, 20, "'Infinity' is not valid for 'population.finance.mean'")]
    [InlineData("name: x\nbehaviour:\n  hand_back: yes", 3, 14, "'yes' is not valid for 'behaviour.hand_back'; expected true or false")]
    [InlineData("name: x\npolicy:\n  pressure: { at: 2016Q1 }", 3, 13, "a mapping is not valid for 'policy.pressure'; expected a number or a list of points")]
    // Ranges.
    [InlineData("name: x\npopulation:\n  lmc:\n    opposed: 1.4", 4, 14, "1.4 is out of range for 'population.lmc.opposed'; expected a probability between 0 and 1")]
    [InlineData("name: x\nruns: 0", 2, 7, "0 is out of range for 'runs'; expected a whole number from 1 to 10000000")]
    [InlineData("name: x\nhorizon: { quarters: 1 }", 2, 22, "1 is out of range for 'horizon.quarters'; expected a whole number from 2 to 400")]
    [InlineData("name: x\npopulation:\n  capacity: { sd: -0.1 }", 3, 19, "-0.1 is out of range for 'population.capacity.sd'; expected a number >= 0")]
    [InlineData("name: x\npolicy:\n  pressure: 11", 3, 13, "11 is out of range for 'policy.pressure'; expected a number between -10 and 10")]
    [InlineData("name: x\npolicy:\n  running_cost_change: [{ at: 2016Q1, value: -1.5 }]", 3, 46, "-1.5 is out of range for 'policy.running_cost_change.0.value'; expected a number between -1 and 1")]
    [InlineData("name: x\nbehaviour:\n  peer: { dist: normal, mean: 1, sd: 0 }", 3, 38, "0 is out of range for 'behaviour.peer.sd'; expected a number > 0")]
    // Start counts.
    [InlineData("name: x\npopulation:\n  synthetic: { count: 10, regions: 2, footprints: 4 }\n  start: { level1: 11, level2: -1, level3: 0 }", 4, 32,
        "-1 is out of range for 'population.start.level2'; expected a whole number >= 0")]
    [InlineData("name: x\npopulation:\n  synthetic: { count: 10, regions: 2, footprints: 4 }\n  start: { level1: 5, level2: 3, level3: 1 }", 4, 10,
        "the start counts sum to 9 but the population has 10 CCGs; expected level1 + level2 + level3 = 10")]
    [InlineData("name: x\npopulation:\n  start: { level1: 209, level2: 0 }", 3, 10, "missing key 'level3' in 'population.start'; expected a whole number >= 0")]
    [InlineData("name: x\npopulation:\n  start: { level1: 204, level2: 0, level3: 5 }\n  level3_by_region: { Atlantis: 5 }", 4, 23,
        "unknown region 'Atlantis' in 'population.level3_by_region'; expected one of: North of England, Midlands and East of England, London, South of England")]
    [InlineData("name: x\npopulation:\n  start: { level1: 176, level2: 0, level3: 33 }\n  level3_by_region: { London: 33 }", 4, 31,
        "33 is out of range for 'population.level3_by_region.London'; expected a whole number from 0 to 32")]
    [InlineData("name: x\npopulation:\n  start: { level1: 200, level2: 0, level3: 9 }\n  level3_by_region: { London: 5 }", 4, 21,
        "'population.level3_by_region' sums to 5 but start.level3 is 9")]
    // Population sources and assumptions that must agree.
    [InlineData("name: x\npopulation:\n  ccgs: nope.csv", 3, 9, "CCG file 'nope.csv' not found")]
    [InlineData("name: x\npopulation:\n  ccgs: a.csv\n  synthetic: { count: 5, regions: 1, footprints: 1 }", 4, 14, "'population.ccgs' and 'population.synthetic' are both given")]
    [InlineData("name: x\npopulation:\n  synthetic: { count: 5, regions: 6, footprints: 6 }", 3, 35, "6 is out of range for 'population.synthetic.regions'; expected a whole number from 1 to 5")]
    [InlineData("name: x\npopulation:\n  lmc: { supportive: 0.5 }", 3, 8, "the stance probabilities in 'population.lmc' sum to 1.2; expected supportive + neutral + opposed = 1")]
    [InlineData("name: x\npopulation:\n  finance: { special_measures_below: 0 }", 3, 12, "special_measures_exit_above (-0.3) is below special_measures_below (0) in 'population.finance'")]
    // Quarters.
    [InlineData("name: x\npolicy:\n  mandate: 2022Q1", 3, 12, "2022Q1 is out of range for 'policy.mandate'; expected a quarter from 2015Q1 to 2021Q4")]
    [InlineData("name: x\nhorizon:\n  start: 2015-04", 3, 10, "'2015-04' is not valid for 'horizon.start'; expected a quarter like 2015Q1")]
    [InlineData("name: x\npolicy:\n  application_windows:\n    - { apply: 2016Q3, effective: 2016Q1 }", 4, 35,
        "2016Q1 is before the application quarter 2016Q3 in 'policy.application_windows.0'; expected effective >= apply")]
    [InlineData("name: x\npolicy:\n  application_windows:\n    - { apply: 2021Q3, effective: 2022Q1 }", 4, 35,
        "2022Q1 is after the horizon's last quarter in 'policy.application_windows.0.effective'; expected a quarter from 2021Q3 to 2021Q4")]
    [InlineData("name: x\npolicy:\n  application_windows:\n    - { effective: 2016Q1 }", 4, 7, "missing key 'apply' in 'policy.application_windows.0'; expected a quarter like 2015Q1")]
    [InlineData("name: x\npolicy:\n  pressure:\n    - { at: 2016Q1, value: 1 }\n    - { at: 2015Q4, value: 2 }", 5, 13,
        "2015Q4 does not come after 2016Q1 in 'policy.pressure'; expected the points' quarters in increasing order")]
    // Coefficients.
    [InlineData("name: x\nbehaviour:\n  peer: { dist: lognormal, mean: 1, sd: 1 }", 3, 17, "unknown value 'lognormal' for 'behaviour.peer.dist'; expected one of: normal, uniform, triangular")]
    [InlineData("name: x\nbehaviour:\n  peer: { mean: 1, sd: 1 }", 3, 9, "missing key 'dist' in 'behaviour.peer'")]
    [InlineData("name: x\nbehaviour:\n  peer: { dist: normal, mean: 1, sd: 1, max: 2 }", 3, 41, "unknown key 'max' in 'behaviour.peer'; expected one of: dist, mean, sd")]
    [InlineData("name: x\nbehaviour:\n  peer: { dist: uniform, min: 2, max: 1 }", 3, 39, "max (1) is not above min (2) in 'behaviour.peer'; expected min < max")]
    [InlineData("name: x\nbehaviour:\n  peer: { dist: triangular, min: 0, mode: 3, max: 2 }", 3, 43, "min 0, mode 3, max 2 in 'behaviour.peer' are not in order")]
    [InlineData("name: x\nbehaviour:\n  peer_scope: global", 3, 15, "unknown value 'global' for 'behaviour.peer_scope'; expected one of: national, region, footprint")]
    // YAML itself.
    [InlineData("name: x\npolicy: [1, 2\n", 2, 9, "this '[' is not closed; expected a matching ']' before the end of the file")]
    [InlineData("name: x\npolicy: {pressure: 1, runs: 3\n", 2, 9, "this '{' is not closed; expected a matching '}' before the end of the file")]
    [InlineData("name: x\nruns: 5 6: 7\n", 2, 10, "invalid YAML (")]
    [InlineData("name: x\nruns: 5\nruns: 6", 3, 1, "duplicate key 'runs'; expected each key once in a mapping")]
    [InlineData("name: x\n---\nname: y", 3, 1, "a second YAML document; expected one scenario per file")]
    public void Bad_input_is_reported_at_its_line_and_column(string yaml, int line, int column, string message)
    {
        var error = Fixture.SingleError(yaml);

        Assert.Equal((Fixture.File, line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_together()
    {
        var exception = Assert.Throws<ScenarioException>(() => Fixture.LoadText("""
            name: x
            runs: lots
            population:
              lmc: { opposed: 2 }
            behaviour:
              peer_scope: everywhere
            """));

        Assert.Equal(["test.yaml:2:7", "test.yaml:4:19", "test.yaml:6:15"], exception.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
        Assert.Equal(string.Join('\n', exception.Errors), exception.Message);
        Assert.StartsWith("test.yaml:2:7: 'lots' is not valid for 'runs'", exception.Message);
    }

    [Fact]
    public void Quarters_are_not_checked_against_a_horizon_that_is_itself_wrong()
    {
        var error = Fixture.SingleError("name: x\nhorizon: { quarters: 1000 }\npolicy: { mandate: 2030Q1 }");

        Assert.Contains("'horizon.quarters'", error.Message);
    }

    [Fact]
    public void Errors_in_the_CCG_file_name_that_file()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("bad.csv", "ods_code,name,area_team,region,registered_patients_2015q1\nA01,N,F,R,100\nA02,N,F,R,lots\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(
            () => Fixture.Loader.LoadText("name: x\npopulation: { ccgs: bad.csv }", "s.yaml", dir.Path)).Errors);

        Assert.Equal((Path.Combine(dir.Path, "bad.csv"), 3, 5), (error.File, error.Line, error.Column));
        Assert.Contains("'lots' is not a valid registered_patients_2015q1", error.Message);
    }

    [Fact]
    public void Error_text_is_file_line_column_then_message()
    {
        Assert.Equal("a.yaml:12:5: boom", new ScenarioError("a.yaml", 12, 5, "boom").ToString());
    }
}
