using UptakeSim.Engine;

namespace UptakeSim.Cli.Tests;

/// <summary>What bad cluster settings do to a command: bad input before anything runs.</summary>
public class ClusterCommandTests
{
    private static readonly Dictionary<string, string> NoClusterInEnvironment = new() { [ClusterSettings.EnvironmentVariable] = "" };

    private static string DirectoryWithConfig(string json)
    {
        var directory = Cli.TempDirectory();
        File.WriteAllText(Path.Combine(directory, ClusterSettings.ConfigFile), json);
        return directory;
    }

    [Theory]
    [InlineData("postgres://db/uptake", "expected a user name before '@'")]
    [InlineData("10.0.0.5:6379", "expected a redis://, rediss:// or postgres:// address")]
    [InlineData("redis://ops:pa/ss#wo?rd@h:1?x=1", "cluster 'redis://***@h:1?x=***': unknown setting 'x'")]
    public void A_bad_cluster_is_bad_input_before_anything_runs(string cluster, string expected)
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "5", "--out", output, "--cluster", cluster]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
        Assert.DoesNotContain("Exception", result.Err);
        Assert.DoesNotContain("pa/ss", result.Err);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_bad_cluster_in_the_config_file_of_the_current_directory_is_bad_input_too()
    {
        var directory = DirectoryWithConfig("""{ "cluster": "http://10.0.0.5" }""");
        var result = Cli.Run(["compare", Cli.Scenario("baseline.yaml"), "--runs", "5"], NoClusterInEnvironment, directory);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cluster 'http://10.0.0.5': expected a redis://, rediss:// or postgres:// address", result.Err);
    }

    [Fact]
    public void The_reference_engine_refuses_a_cluster()
    {
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--engine", "reference", "--cluster", "redis://10.0.0.5"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--cluster: the reference engine runs in this process", result.Err);
    }

    [Fact]
    public void A_silo_needs_a_cluster_to_join()
    {
        var result = Cli.Run(["silo"], NoClusterInEnvironment, Cli.TempDirectory());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("silo: no cluster to join; expected --cluster redis://host:port", result.Err);
    }
}
