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
}
