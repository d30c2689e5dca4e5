namespace UptakeSim.Cli.Tests;

/// <summary>Bad input ends with exit code 2, file:line:column messages, no stack trace and nothing written.</summary>
public class BadInputTests
{
    private static (CliResult Result, string Output) RunWith(string yaml, params string[] extra)
    {
        var dir = Cli.TempDirectory();
        var path = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(path, yaml);
        var output = Path.Combine(dir, "out");
        return (Cli.Run(["run", path, "--runs", "5", "--out", output, .. extra]), output);
    }

    private static void AssertRejected(CliResult result, string output, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("Exception", result.Err);
        Assert.False(Directory.Exists(output), "nothing may be written for bad input");
    }

    [Fact]
    public void A_typo_in_a_key_names_the_file_line_and_column()
    {
        var (result, output) = RunWith("name: typo\npolicy:\n  presure: 1.0\n");
        AssertRejected(result, output, "bad.yaml:3:3: unknown key 'presure'");
    }

    [Fact]
    public void An_out_of_range_probability_is_rejected()
    {
        var (result, output) = RunWith("name: p\npopulation:\n  lmc: { supportive: 0.3, neutral: 0.45, opposed: 1.4 }\n");
        AssertRejected(result, output, "bad.yaml:3:");
        Assert.Contains("opposed", result.Err);
    }

    [Fact]
    public void A_quarter_outside_the_horizon_is_rejected()
    {
        var (result, output) = RunWith("name: q\npolicy:\n  mandate: 2030Q1\n");
        AssertRejected(result, output, "bad.yaml:3:12:");
    }

    [Fact]
    public void A_bad_override_is_rejected()
    {
        var (result, output) = RunWith("name: ok\n", "--set", "behaviour.pressure=lots");
        AssertRejected(result, output, "--set");
    }

    [Fact]
    public void A_missing_scenario_file_is_rejected()
    {
        var dir = Cli.TempDirectory();
        var result = Cli.Run(["run", Path.Combine(dir, "nope.yaml"), "--out", Path.Combine(dir, "out")]);
        AssertRejected(result, Path.Combine(dir, "out"), "nope.yaml");
    }

    [Fact]
    public void Validate_accepts_every_shipped_scenario_and_rejects_a_bad_one()
    {
        var shipped = Directory.GetFiles(Path.Combine(Cli.RepositoryRoot, "scenarios"), "*.yaml");
        Assert.True(shipped.Length >= 4);
        var ok = Cli.Run(["validate", .. shipped]);
        Assert.True(ok.ExitCode == 0, ok.Err);
        Assert.Equal(shipped.Length, ok.Out.Split('\n').Count(l => l.Contains(": ok (")));

        var dir = Cli.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "bad.yaml"), "name: x\nruns: -3\n");
        var bad = Cli.Run(["validate", Path.Combine(dir, "bad.yaml")]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("bad.yaml:2:7:", bad.Err);
    }
}
