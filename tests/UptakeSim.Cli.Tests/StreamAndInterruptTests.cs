using System.Text.Json;
using System.Text.Json.Nodes;

namespace UptakeSim.Cli.Tests;

public class StreamAndInterruptTests
{
    [Fact]
    public void The_ndjson_stream_is_json_on_every_line_and_ends_with_the_summary()
    {
        var output = Path.Combine(Cli.TempDirectory(), "nd");
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "60", "--batch-size", "6", "--stream", "ndjson", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);

        var lines = result.Out.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal("start", lines[0]["event"]!.GetValue<string>());
        Assert.Equal(28, lines[0]["quarters"]!.AsArray().Count);
        var progress = lines.Where(l => l["event"]?.GetValue<string>() == "progress").ToArray();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(28, p["quarters"]!.AsArray().Count));
        Assert.Equal(60, progress[^1]["runs_done"]!.GetValue<long>());
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.True(JsonNode.DeepEquals(summary, lines[^1]), "the last line must equal summary.json");
        Assert.Contains("UptakeSim: scenario 'baseline'", result.Err);
    }

    [Fact]
    public void The_plain_stream_has_no_control_codes_and_reports_progress_before_the_end()
    {
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "60", "--batch-size", "6", "--plain", "--out", Path.Combine(Cli.TempDirectory(), "p")]);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Out);
        var progress = result.Out.IndexOf("runs 6/60", StringComparison.Ordinal);
        var final = result.Out.IndexOf("baseline: 60 runs", StringComparison.Ordinal);
        Assert.InRange(progress, 0, final);
    }

    [Fact]
    public void Ctrl_c_stops_the_run_writes_the_completed_replications_as_partial_and_exits_130()
    {
        var output = Path.Combine(Cli.TempDirectory(), "interrupted");
        var (result, stopping) = Cli.Interrupt(["run", Cli.Scenario("baseline.yaml"), "--runs", "1000000", "--batch-size", "50", "--plain", "--out", output]);
        Assert.True(stopping < TimeSpan.FromSeconds(20), $"took {stopping} to stop");

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("interrupted", result.Err);
        Assert.Contains("PARTIAL", result.Out);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("partial").GetBoolean());
        var runs = summary.RootElement.GetProperty("runs").GetInt64();
        Assert.InRange(runs, 50, 999_999);
        Assert.Equal(0, runs % 50);
        Assert.Equal(1 + 28 * 3, File.ReadAllLines(Path.Combine(output, "trajectories.csv")).Length);
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_interrupted_run_resumes_from_its_checkpoint_to_the_uninterrupted_results()
    {
        var dir = Cli.TempDirectory();
        string[] run = ["run", Cli.Scenario("baseline.yaml"), "--runs", "3000", "--batch-size", "30", "--plain", "--checkpoint", Path.Combine(dir, "checkpoint")];
        var (interrupted, _) = Cli.Interrupt([.. run, "--out", Path.Combine(dir, "partial")]);
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("--resume", interrupted.Err);

        var again = Cli.Run([.. run, "--out", Path.Combine(dir, "again")]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("unfinished run", again.Err);

        var resumed = Cli.Run([.. run, "--resume", "--out", Path.Combine(dir, "resumed")]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("resuming from", resumed.Out);
        var whole = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "3000", "--plain", "--out", Path.Combine(dir, "whole")]);
        Assert.Equal(0, whole.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", "trajectories.csv")), File.ReadAllText(Path.Combine(dir, "resumed", "trajectories.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "checkpoint", "checkpoint.bin")));
    }
}
