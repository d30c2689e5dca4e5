using System.Text.Json.Nodes;

namespace UptakeSim.Cli.Tests;

/// <summary>The tool never deletes, replaces or loses what is not its own (issue: "Nothing lost, nothing touched that is
/// not ours"), checked through the real tool as a careless user would meet it.</summary>
public class UserWorkTests
{
    [Fact]
    public void Overwrite_in_a_users_own_folder_deletes_nothing_and_says_why()
    {
        var project = Path.Combine(Cli.TempDirectory(), "my-project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "analysis.py"), "print('mine')\n");

        foreach (var output in new[] { project, "." })
        {
            var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "5", "--out", output, "--overwrite"], workingDirectory: project);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("is not an UptakeSim results folder (it has no .uptakesim-results file)", result.Err);
            Assert.Equal(["analysis.py"], Directory.GetFileSystemEntries(project).Select(Path.GetFileName));
        }
    }

    [Fact]
    public void Overwrite_replaces_results_the_tool_wrote()
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        Assert.Equal(0, Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "3", "--out", output, "--engine", "reference"]).ExitCode);
        var again = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "4", "--out", output, "--overwrite", "--engine", "reference"]);

        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(4, JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["runs"]!.GetValue<int>());
    }

    [Fact]
    public void Posterior_null_means_no_posterior_in_run_and_validate()
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var run = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "3", "--set", "posterior=null", "--out", output, "--engine", "reference"]);
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("posterior: null", File.ReadAllText(Path.Combine(output, "scenario.yaml")));
        Assert.Equal(0, Cli.Run(["validate", Cli.Scenario("baseline.yaml"), "--set", "posterior=null"]).ExitCode);
    }

    [Fact]
    public void A_posterior_that_is_a_pipe_or_a_device_is_refused_at_once_even_by_validate()
    {
        var dir = Cli.TempDirectory();
        var fifo = Path.Combine(dir, "posterior.csv");
        System.Diagnostics.Process.Start("mkfifo", [fifo])!.WaitForExit();
        const string refusal = "posterior: file is empty or not a regular file (a device or a pipe); expected a posterior CSV written by calibrate";
        foreach (var posterior in new[] { fifo, "/dev/zero" })
        {
            var result = Cli.Run(["validate", Cli.Scenario("baseline.yaml"), "--set", $"posterior={posterior}"]);
            Assert.Equal(2, result.ExitCode);
            // Blamed on the option that named it, like a posterior that is not found.
            Assert.StartsWith("--set posterior=", result.Err);
            Assert.Contains(refusal, result.Err);
            var option = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--posterior", posterior, "--samples", "4"]);
            Assert.Equal(2, option.ExitCode);
            Assert.StartsWith($"--posterior: {posterior}: file is empty or not a regular file (a device or a pipe)", option.Err);
        }

        // Named in a scenario file: reported at its line and column there.
        var scenario = Path.Combine(dir, "what-if.yaml");
        File.WriteAllText(scenario, $"name: what-if\nbase: {Cli.Scenario("baseline.yaml")}\nposterior: posterior.csv\n");
        var named = Cli.Run(["validate", scenario]);
        Assert.Equal(2, named.ExitCode);
        Assert.Contains($"{scenario}:3:12: {refusal}", named.Err);
    }

    [Fact]
    public void A_thousand_member_sweep_runs_within_a_768_megabyte_heap()
    {
        var dir = Cli.TempDirectory();
        var sweep = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(sweep, $"name: sweep\nbase: {Cli.Scenario("baseline.yaml")}\nsweep:\n  behaviour.pressure: {{from: 0, to: 9.99, step: 0.01}}\n");
        var output = Path.Combine(dir, "out");

        var result = Cli.Run(["compare", sweep, "--runs", "2", "--engine", "reference", "--plain", "--out", output],
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x30000000" }, minutes: 10);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("1000 scenarios, 2 paired runs each", result.Out);
        Assert.Equal(999, Directory.GetFiles(Path.Combine(output, "scenarios")).Length - 1);
    }

    [Theory]
    [InlineData("run BASELINE --runs 5 --runs 6", "--runs: given more than once; expected --runs once")]
    [InlineData("run BASELINE --runs", "--runs: no value given; expected --runs VALUE")]
    [InlineData("calibrate BASELINE --method foo", "--method: 'foo' is not a choice; expected one of: abc, point")]
    [InlineData("hindcast BASELINE", "--cutoff: missing; expected --cutoff QUARTER (required by 'hindcast')")]
    [InlineData("hindcast BASELINE --cutoff 2016Q1 --cutoff 2016Q1", "--cutoff: 2016Q1 given 2 times; expected each cutoff once")]
    [InlineData("validate BASELINE --runs 5", "--runs: unknown option of 'validate'; expected one of: --set")]
    [InlineData("compare BASELINE", "compare: one scenario given; expected two or more scenario files, or a sweep file, to compare (to run one scenario: ./run.sh run ")]
    [InlineData("run BASELINE --out", "--out: no value given; expected --out DIR")]
    [InlineData("run BASELINE --runs 5 --checkpoint EMPTY", "--checkpoint: empty; expected the path of a directory for the checkpoint")]
    [InlineData("calibrate BASELINE --checkpoint EMPTY", "--checkpoint: empty; expected the path of a directory for the checkpoint")]
    public void Argument_errors_speak_with_one_voice_and_blame_the_option_typed(string command, string expected)
    {
        var result = Cli.Run(command.Split(' ').Select(a => a switch { "BASELINE" => Cli.Scenario("baseline.yaml"), "EMPTY" => "", _ => a }));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void A_bad_out_touches_no_checkpoint_folder()
    {
        var dir = Cli.TempDirectory();
        var file = Path.Combine(dir, "file");
        File.WriteAllText(file, "x");
        var checkpoint = Path.Combine(dir, "checkpoint");

        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--out", file, "--checkpoint", checkpoint]);

        Assert.Equal(2, result.ExitCode);
        Assert.False(Directory.Exists(checkpoint));
    }

    [Fact]
    public void An_over_long_set_is_quoted_short()
    {
        var value = new string('x', 3000);
        var result = Cli.Run(["validate", Cli.Scenario("baseline.yaml"), "--set", $"behaviour.pressure={value}"]);

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Err.Split('\n').All(line => line.Length < 400), result.Err);
    }
}
