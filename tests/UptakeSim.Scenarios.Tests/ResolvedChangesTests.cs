namespace UptakeSim.Scenarios.Tests;

public class ResolvedChangesTests
{
    [Fact]
    public void Changes_are_found_in_the_yaml_trees_not_the_text()
    {
        const string reference = "name: a\ndescription: A.\nruns: 10\npolicy:\n  mandate: null\n  support: 0.0\n  schedule:\n  - {at: 2015Q1, value: 1}\n";
        // Reordered keys and another layout of the same values are no change; a list is one value.
        const string scenario = "policy:\n  schedule: [{at: 2015Q1, value: 2}]\n  support: 0.0\n  mandate: 2017Q1\n  extra: yes\nruns: 10\nname: b\ndescription: B.\n";
        Assert.Equal(
            [
                new ResolvedChange("policy.mandate", "null", "2017Q1"),
                new ResolvedChange("policy.schedule", "[{at: 2015Q1, value: 1}]", "[{at: 2015Q1, value: 2}]"),
                new ResolvedChange("policy.extra", ResolvedChanges.NotSet, "yes"),
            ],
            ResolvedChanges.Between(reference, scenario));
        Assert.Empty(ResolvedChanges.Between(reference, reference.Replace("runs: 10", "runs:   10")));
    }

    [Fact]
    public void Data_files_are_renamed_where_the_resolved_yaml_names_them()
    {
        const string yaml = "name: a\npopulation:\n  ccgs: /home/x/ccgs.csv\n  attributes: /home/x/attributes.csv\n  mergers:\n    file: /home/x/mergers.csv\n";
        Assert.Equal(["/home/x/ccgs.csv", "/home/x/mergers.csv", "/home/x/attributes.csv"], ScenarioLoader.DataFiles(yaml));
        var renamed = ScenarioLoader.WithDataFiles(yaml, path => "data/" + Path.GetFileName(path));
        Assert.Equal("name: a\npopulation:\n  ccgs: data/ccgs.csv\n  attributes: data/attributes.csv\n  mergers:\n    file: data/mergers.csv\n", renamed);
    }
}
