namespace UptakeSim.Engine.Tests;

/// <summary>Where a command finds its cluster: --cluster, then UPTAKESIM_CLUSTER, then ./uptakesim.json.</summary>
public class ClusterSettingsTests
{
    private static string TempDirectory() => TestSupport.TestFiles.NewTempDirectory();

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

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("fifo")]
    public void A_config_file_that_is_a_device_or_a_pipe_is_refused_without_reading_it(string target)
    {
        var directory = TempDirectory();
        var config = Path.Combine(directory, ClusterSettings.ConfigFile);
        if (target == "fifo") System.Diagnostics.Process.Start("mkfifo", [config])!.WaitForExit();
        else File.CreateSymbolicLink(config, target);

        var error = Assert.Throws<ClusterConnectionException>(() => ClusterSettings.Resolve(null, null, directory));

        Assert.Equal($"{config}: file is empty or not a regular file (a device or a pipe); expected a JSON object like {{\"cluster\": \"redis://host:port\"}}", error.Message);
    }

    /// <summary>Mutants of a config file from a fixed seed: each resolves or is refused with the file named and the
    /// expected form given, never another exception.</summary>
    [Fact]
    public void Every_mutant_of_a_config_file_resolves_or_is_refused_naming_the_file()
    {
        const int seed = 20150401, mutants = 500;
        var random = new Random(seed);
        var directory = TempDirectory();
        var config = Path.Combine(directory, ClusterSettings.ConfigFile);
        const string original = """{ "cluster": "redis://:S3cret@127.0.0.1:6379?cluster=c1&service=s1" }""";
        string[] junk = ["{", "}", "\"", ":", ",", "null", "[]", "\u0000", "1e999", "postgres://", "@", "?", "#", "\\", "true", new string('x', 2000)];
        var (resolved, refused) = (0, 0);
        var failures = new List<string>();
        for (var i = 0; i < mutants; i++)
        {
            var text = original;
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(3) switch
                {
                    0 => text.Insert(at, junk[random.Next(junk.Length)]),
                    1 => text[..at] + text[Math.Min(text.Length, at + random.Next(1, 8))..],
                    _ => text[..at],
                };
            }
            File.WriteAllText(config, text);
            try
            {
                ClusterSettings.Resolve(null, null, directory);
                resolved++;
            }
            catch (ClusterConnectionException e) when (e.Message.Contains("expected", StringComparison.Ordinal) && !e.Message.Contains("S3cret", StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"mutant {i} {text}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
        Assert.True(refused > mutants / 10 && resolved + refused == mutants, $"uptakesim.json: {mutants} mutants, {resolved} resolved, {refused} refused");
    }
}
