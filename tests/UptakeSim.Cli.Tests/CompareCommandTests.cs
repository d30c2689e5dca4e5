using System.Text.Json.Nodes;

namespace UptakeSim.Cli.Tests;

public class CompareCommandTests
{
    [Fact]
    public void An_unknown_baseline_is_bad_input()
    {
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("early-mandate.yaml"), "--baseline", "nope", "--out", Path.Combine(Cli.TempDirectory(), "x")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--baseline: 'nope'", result.Err);
        Assert.Contains("expected one of: baseline, early-mandate", result.Err);
    }

    [Fact]
    public void At_chooses_the_april_of_the_regional_differences_headline_and_summary()
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("no-push-after-2015.yaml"), "--runs", "20", "--at", "2017", "--plain", "--out", output]);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("by region on 1 April 2017:", result.Out);
        Assert.Equal("2017Q1", JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["at"]!.GetValue<string>());
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("In brief: April 2017", report);
        Assert.Contains("by 1 April 2017", report);
    }

    [Fact]
    public void Keep_runs_writes_every_scenarios_runs_for_england_and_each_region()
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("early-mandate.yaml"), "--runs", "6", "--keep-runs", "--plain", "--out", output]);

        Assert.True(result.ExitCode == 0, result.Err);
        var lines = File.ReadAllLines(Path.Combine(output, "runs.csv"));
        Assert.Equal("scenario,replication,scope,quarter,quarter_start,level1,level2,level3,ccgs_existing", lines[0]);
        Assert.Equal(1 + 6 * 2 * 5 * 28, lines.Length);
        Assert.Equal("baseline,0,England,2015Q1,2015-04-01,59,87,63,209", lines[1]);
        Assert.Equal(["baseline", "early-mandate"], lines.Skip(1).Select(l => l.Split(',')[0]).Distinct());
        Assert.Equal(["England", "North of England", "Midlands and East of England", "London", "South of England"], lines.Skip(1).Select(l => l.Split(',')[2]).Distinct());
    }

    [Theory]
    [InlineData("2017Q3", "--at: '2017Q3' is 2017Q3, not an April; expected an April such as 2018 or 2018Q1")]
    [InlineData("2030", "--at: '2030' is not an April of the horizon; expected a year or quarter among 2015, 2016")]
    [InlineData("soon", "--at: 'soon' is not an April of the horizon")]
    [InlineData("2016q1", "--at: '2016q1' is not a quarter as written; expected the Q in upper case, as in 2016Q1")]
    public void An_at_that_is_not_an_april_of_the_horizon_is_bad_input(string at, string expected)
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("no-push-after-2015.yaml"), "--runs", "5", "--at", at, "--out", output]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.False(Directory.Exists(output));
    }
}
