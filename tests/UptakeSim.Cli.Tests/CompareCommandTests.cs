using System.Globalization;
using System.Text.Json;

namespace UptakeSim.Cli.Tests;

public class CompareCommandTests
{
    private static string[] Rows(string directory, string file) => File.ReadAllLines(Path.Combine(directory, file));

    [Fact]
    public void A_scenario_compared_with_itself_differs_by_exactly_zero_in_every_quarter()
    {
        var output = Path.Combine(Cli.TempDirectory(), "self");
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("baseline.yaml"), "--runs", "40", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);

        var rows = Rows(output, "comparison.csv");
        Assert.Equal("scenario,reference,quarter,level,mean_difference,p05,p50,p95", rows[0]);
        Assert.Equal(28 * 3, rows.Length - 1);
        Assert.All(rows.Skip(1), row => Assert.EndsWith(",0.000,0,0,0", row));
        Assert.All(rows.Skip(1), row => Assert.StartsWith("baseline-2,baseline,", row));
        var milestones = Rows(output, "milestones.csv");
        Assert.All(milestones.Where(m => m.StartsWith("baseline-2,")), m => Assert.Contains(",0.000,1.000,0.000,0.000", m));
    }

    [Fact]
    public void Strictly_more_pressure_never_means_fewer_delegated_ccgs_on_average()
    {
        var dir = Cli.TempDirectory();
        var pushier = Path.Combine(dir, "pushier.yaml");
        File.WriteAllText(pushier, $"base: {Cli.Scenario("baseline.yaml")}\nname: pushier\nbehaviour:\n  pressure: {{ dist: normal, mean: 2.5, sd: 0.25 }}\n");
        var output = Path.Combine(dir, "out");
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), pushier, "--runs", "200", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);

        var level3 = Rows(output, "comparison.csv").Skip(1).Select(r => r.Split(',')).Where(f => f[3] == "3").ToArray();
        Assert.Equal(28, level3.Length);
        var means = level3.Select(f => double.Parse(f[4], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(means, m => Assert.True(m >= 0, $"mean difference {m} < 0"));
        Assert.True(means[4] > 10, $"April 2016 difference {means[4]} is not clearly positive");
        Assert.Contains("pushier", result.Out);
        Assert.Contains("minus baseline", result.Out);
    }

    [Fact]
    public void A_sweep_expands_into_named_scenarios_compared_against_the_first_point()
    {
        var dir = Cli.TempDirectory();
        var sweep = Path.Combine(dir, "mandates.yaml");
        File.WriteAllText(sweep, $"base: {Cli.Scenario("baseline.yaml")}\nname: mandates\nsweep:\n  policy.mandate: {{ from: 2016Q1, to: 2018Q1, step: 4 }}\n");
        var output = Path.Combine(dir, "out");
        var result = Cli.Run(["compare", sweep, "--runs", "30", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("mandates[policy.mandate=2016Q1]", root.GetProperty("reference").GetString());
        Assert.Equal(["mandates[policy.mandate=2016Q1]", "mandates[policy.mandate=2017Q1]", "mandates[policy.mandate=2018Q1]"],
            root.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("scenario").GetString()));
        Assert.Equal(2, root.GetProperty("comparisons").GetArrayLength());
        Assert.Equal(30, root.GetProperty("runs").GetInt32());
        Assert.Equal(3, Directory.GetFiles(Path.Combine(output, "scenarios"), "*.yaml").Length);
        Assert.True(File.Exists(Path.Combine(output, "scenarios", "mandates_policy.mandate=2017Q1_.yaml")));
        var later = root.GetProperty("comparisons")[1];
        var april2017 = later.GetProperty("differences")[8].GetProperty("level3").GetProperty("mean").GetDouble();
        Assert.True(april2017 < -20, $"a mandate a year later should delegate fewer CCGs in 2017Q1, got {april2017}");
    }

    [Fact]
    public void An_unknown_baseline_is_bad_input()
    {
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("early-mandate.yaml"), "--baseline", "nope", "--out", Path.Combine(Cli.TempDirectory(), "x")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--baseline: 'nope'", result.Err);
        Assert.Contains("expected one of: baseline, early-mandate", result.Err);
    }
}
