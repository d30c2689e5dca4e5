using UptakeSim.Model;

namespace UptakeSim.Scenarios.Tests;

/// <summary><c>base: FILE</c>: a scenario that is another with some keys changed, as the shipped what-ifs are.</summary>
public class BaseScenarioTests
{
    private const string Base = """
        name: base
        runs: 50
        population:
          synthetic: { count: 10, regions: 2, footprints: 4 }
          finance: { mean: 0.3, sd: 1.2 }
        policy:
          pressure:
            - { at: 2015Q3, value: 1 }
            - { at: 2016Q3, value: 0.5 }
          mandate: 2019Q1
        """;

    [Fact]
    public void Child_keys_are_laid_over_the_base_mappings_merge_and_the_rest_replaces()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("base.yaml", Base);
        var path = dir.Write("child.yaml", """
            base: base.yaml
            name: child
            population:
              finance: { mean: -1 }
            policy:
              pressure: 2
              mandate: null
            """);

        var s = Fixture.Loader.Load(path).Scenario;

        Assert.Equal(("child", 50, 10), (s.Name, s.Runs, s.Population.Count));
        Assert.Equal(FinanceAssumptions.Default with { Mean = -1, Sd = 1.2 }, s.Assumptions.Finance);
        Assert.Empty(s.Policy.Pressure.Points);
        Assert.Equal(2, s.Policy.Pressure.Initial);
        Assert.Null(s.Policy.Mandate);
    }

    [Fact]
    public void Errors_in_merged_values_name_the_file_they_came_from()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("base.yaml", Base + "\nbehaviour: { peer_scope: everywhere }\n");
        var path = dir.Write("child.yaml", "base: base.yaml\nname: child\nruns: 0\n");

        var errors = Assert.Throws<ScenarioException>(() => Fixture.Loader.Load(path)).Errors;

        Assert.Equal(
            [$"{path}:3:7", $"{Path.Combine(dir.Path, "base.yaml")}:11:26"],
            errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
    }

    [Fact]
    public void CCG_file_of_a_base_in_another_folder_is_relative_to_that_folder()
    {
        using var dir = new Fixture.TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "shared"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "mine"));
        dir.Write("shared/two.csv", "ods_code,name,area_team,region,registered_patients_2015q1\nA,NHS A,F,R,10\nB,NHS B,F,R,20\n");
        dir.Write("shared/base.yaml", "name: base\npopulation: { ccgs: two.csv }\n");
        var path = dir.Write("mine/child.yaml", "base: ../shared/base.yaml\nname: child\n");

        Assert.Equal(2, Fixture.Loader.Load(path).Scenario.Population.Count);
    }

    [Theory]
    [InlineData("base: missing.yaml\nname: c\n", 1, 7, "base file 'missing.yaml' not found")]
    [InlineData("base: child.yaml\nname: c\n", 1, 7, "base file 'child.yaml' extends itself")]
    [InlineData("base: [a.yaml]\nname: c\n", 1, 7, "a sequence is not valid for 'base'; expected the path of a scenario file to extend")]
    public void Bad_base_is_reported_at_the_base_key(string child, int line, int column, string message)
    {
        using var dir = new Fixture.TempDir();
        var path = dir.Write("child.yaml", child);

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.Load(path)).Errors);

        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_shipped_scenario_loads()
    {
        var shipped = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.yaml");

        Assert.NotEmpty(shipped);
        foreach (var path in shipped)
        {
            var scenario = Fixture.Loader.Load(path).Scenario;
            Assert.Equal(209, scenario.Population.Count);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), scenario.Name);
        }
    }
}
