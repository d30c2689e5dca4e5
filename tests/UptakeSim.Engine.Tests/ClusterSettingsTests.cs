namespace UptakeSim.Engine.Tests;

/// <summary>Where a command finds its cluster: --cluster, then UPTAKESIM_CLUSTER, then ./uptakesim.json.</summary>
public class ClusterSettingsTests
{
    private static string TempDirectory() => Directory.CreateTempSubdirectory("uptakesim-tests-").FullName;

    private static string DirectoryWithConfig(string json)
    {
        var directory = TempDirectory();
        File.WriteAllText(Path.Combine(directory, ClusterSettings.ConfigFile), json);
        return directory;
    }

    [Fact]
    public void The_option_beats_the_environment_variable_which_beats_the_config_file()
    {
        var directory = DirectoryWithConfig("""{ "cluster": "redis://from-file" }""");
        Assert.Equal("from-option", ClusterSettings.Resolve("redis://from-option", "redis://from-environment", directory)?.Host);
        Assert.Equal("from-environment", ClusterSettings.Resolve(null, "redis://from-environment", directory)?.Host);
        Assert.Equal("from-file", ClusterSettings.Resolve(null, "", directory)?.Host);
        Assert.Null(ClusterSettings.Resolve(null, null, TempDirectory()));
        Assert.Null(ClusterSettings.Resolve(null, null, DirectoryWithConfig("""{ "other": 1 }""")));
    }

    [Fact]
    public void A_config_file_that_is_not_json_names_the_file_and_the_expected_form()
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterSettings.Resolve(null, null, DirectoryWithConfig("cluster: redis://x")));
        Assert.Contains(ClusterSettings.ConfigFile, error.Message);
        Assert.Contains("""expected {"cluster": "redis://host:port"}""", error.Message);
    }
}
