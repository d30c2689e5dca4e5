namespace UptakeSim.Scenarios.Tests;

public class ResolvedYamlTests
{
    [Fact]
    public void Resolved_yaml_loads_again_to_the_same_scenario()
    {
        var first = Fixture.LoadText(ScenarioMappingTests.Full, "runs=33", "policy.pressure.1.value=0.8", "policy.mandate=null", "behaviour.experience={dist: uniform, min: 0, max: 0.4}");

        var second = Fixture.LoadText(first.ResolvedYaml);

        Assert.Equivalent(first.Scenario, second.Scenario, strict: true);
        Assert.Equal(first.ResolvedYaml, second.ResolvedYaml);
        Assert.Contains("runs: 33", first.ResolvedYaml);
        Assert.Equal(33, second.Scenario.Runs);
        Assert.Equal(0.8, second.Scenario.Policy.Pressure.Points[1].Value);
        Assert.Null(second.Scenario.Policy.Mandate);
    }

    [Fact]
    public void Resolved_yaml_names_the_CCG_file_in_full_so_it_loads_from_any_folder()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("two.csv", "ods_code,name,area_team,region,registered_patients_2015q1\nA,NHS A,F,R,10\nB,NHS B,F,R,20\n");
        var first = Fixture.Loader.Load(dir.Write("s.yaml", "name: s\npopulation:\n  ccgs: two.csv\n  start: { level1: 2, level2: 0, level3: 0 }\n"));

        var second = Fixture.Loader.LoadText(first.ResolvedYaml, "elsewhere.yaml", Path.GetTempPath());

        Assert.Contains($"ccgs: {Path.Combine(dir.Path, "two.csv")}", first.ResolvedYaml);
        Assert.Equivalent(first.Scenario, second.Scenario, strict: true);
    }

    [Fact]
    public void Resolved_yaml_of_a_scenario_with_a_base_stands_alone()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "scenarios", "early-mandate.yaml");
        var first = Fixture.Loader.Load(path, ["runs=3"]);

        var second = Fixture.Loader.LoadText(first.ResolvedYaml, "resolved.yaml", Path.GetTempPath());

        Assert.DoesNotContain("base:", first.ResolvedYaml);
        Assert.Equivalent(first.Scenario, second.Scenario, strict: true);
    }

    [Fact]
    public void Resolved_yaml_of_a_minimal_scenario_keeps_defaults_implicit()
    {
        var loaded = Fixture.LoadText("# comments are dropped\nname: minimal\ndescription:\n");

        Assert.Equal("name: minimal\ndescription: \n", loaded.ResolvedYaml);
        Assert.Equivalent(loaded.Scenario, Fixture.Load(loaded.ResolvedYaml), strict: true);
    }
}
