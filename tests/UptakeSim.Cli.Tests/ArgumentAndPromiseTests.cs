using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace UptakeSim.Cli.Tests;

/// <summary>The README's promises about arguments, exit codes, help, telemetry and bench, through the real tool.</summary>
public partial class ArgumentAndPromiseTests
{
    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["run", "B", "--runs", "abc"], "--runs: 'abc' is not a whole number; expected an integer from 1 to 10,000,000" },
        { ["run", "B", "--runs", "99999999999"], "--runs: 99999999999 is out of range; expected an integer from 1 to 10,000,000" },
        { ["run", "B", "--runs", "0"], "--runs: 0 is out of range; expected an integer from 1 to 10,000,000" },
        // The same limits as the scenario's keys: runs, and calibration.runs for calibrate and hindcast.
        { ["run", "B", "--runs", "20000000"], "--runs: 20000000 is out of range; expected an integer from 1 to 10,000,000" },
        { ["calibrate", "B", "--runs", "200000"], "--runs: 200000 is out of range; expected an integer from 1 to 100,000" },
        { ["run", "B", "--seed", "-1"], "--seed: '-1' is not a seed; expected an integer from 0 to 18446744073709551615" },
        { ["run", "B", "--engine", "gpu"], "--engine: 'gpu' is not a choice; expected one of: orleans, reference" },
        { ["run", "B", "--rusn", "5"], "--rusn: unknown option of 'run'; expected one of: --runs," },
        { ["rn", "B"], "rn: unknown command; expected one of: run, compare, calibrate, hindcast, sensitivity, validate, bench, silo; did you mean run?" },
        { ["calibrate", "B", "--runs", "0"], "--runs: 0 is out of range" },
        { ["sensitivity", "B", "--batch-size", "0"], "--batch-size: 0 is out of range; expected an integer from 1 to 100,000,000" },
        { ["bench", "--batch-size", "0"], "--batch-size: 0 is out of range" },
        { ["sensitivity", "B", "--repeats", "2147483647"], "--repeats: 2147483647 is out of range; expected an integer from 1 to 10,000" },
        { ["compare", "B", "--stream", "json"], "--stream: 'json' is not a choice; expected one of: ndjson" },
        { ["run"], "run: missing scenario; expected e.g. ./run.sh run scenarios/baseline.yaml" },
        // An option name taken as another's value, or as one of the files: never a folder named --overwrite.
        { ["run", "B", "--out", "--overwrite", "--runs", "5"], "--out: no value given (--overwrite is an option); expected --out DIR" },
        { ["compare", "B", "B", "--bogus", "--runs", "5"], "--bogus: unknown option of 'compare'; expected one of: --baseline, --runs," },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_names_the_option_and_what_is_expected_and_exits_2(string[] args, string expected)
    {
        var result = Cli.Run(args.Select(a => a == "B" ? Cli.Scenario("baseline.yaml") : a));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Err);
        Assert.Equal("", result.Out);
        Assert.DoesNotContain("Usage:", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.Equal(2, result.Err.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void An_unknown_option_suggests_the_closest()
    {
        Assert.Contains("; did you mean --runs?", Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--rusn", "5"]).Err);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("compare")]
    [InlineData("calibrate")]
    [InlineData("hindcast")]
    [InlineData("sensitivity")]
    [InlineData("validate")]
    [InlineData("bench")]
    [InlineData("silo")]
    public void Every_command_has_help(string command)
    {
        var result = Cli.Run([command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Usage:\n  uptakesim {command}", result.Out);
        Assert.Contains("Options:", result.Out);
    }

    [Fact]
    public void A_failure_while_running_exits_1_with_one_line()
    {
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "5", "--cluster", "redis://127.0.0.1:9", "--out", Path.Combine(Cli.TempDirectory(), "x")]);
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void Telemetry_on_the_console_counts_every_replication_and_ccg_quarter()
    {
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "40", "--batch-size", "10", "--plain", "--telemetry", "console", "--telemetry-interval", "100",
            "--out", Path.Combine(Cli.TempDirectory(), "t")]);
        Assert.True(result.ExitCode == 0, result.Err);
        long Last(string metric) => long.Parse(Regex.Matches(result.Out, $@"Metric Name: {Regex.Escape(metric)},[^\n]*\n(?:[^\n]*\n)*?Value: (\d+)")[^1].Groups[1].Value);
        Assert.Equal(40, Last("uptakesim.replications.completed"));
        Assert.Equal(40L * 209 * 28, Last("uptakesim.ccg_quarters.simulated"));
    }

    [Fact]
    public void Bench_json_ends_with_one_line_of_the_documented_fields()
    {
        var result = Cli.Run(["bench", "--runs", "60", "--json"]);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("aggregates of the three identical: yes", result.Out);
        var json = JsonNode.Parse(result.Out.TrimEnd('\n').Split('\n')[^1])!.AsObject();
        string[] throughput = ["seconds", "ccg_quarters_per_s", "ns_per_ccg_quarter"];
        IEnumerable<string> Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key);
        Assert.Equal(["engine", "engine_cores_busy", "comparison", "run"], Keys(json));
        Assert.Equal(throughput, Keys(json["engine"]));
        var comparison = json["comparison"]!;
        Assert.Equal([
            "reference", "plain_parallel", "yardstick", "ratios", "profile_ns_per_ccg_quarter", "limit_ns_per_ccg_quarter", "aggregates_identical",
            "engine_core_time"], Keys(comparison));
        Assert.Equal(throughput, Keys(comparison["reference"]));
        Assert.Equal(throughput, Keys(comparison["plain_parallel"]));
        Assert.Equal(["runs", "throughput"], Keys(comparison["yardstick"]));
        Assert.Equal(throughput, Keys(comparison["yardstick"]!["throughput"]));
        Assert.Equal([
            "engine_over_reference", "plain_parallel_over_reference", "engine_over_plain_parallel", "engine_over_yardstick", "reference_over_yardstick"],
            Keys(comparison["ratios"]));
        Assert.Equal(["silo_start_ms", "peak_working_set_mb", "runs", "batch_size", "cores", "lane_width"], Keys(json["run"]));
        Assert.Equal(60, json["run"]!["runs"]!.GetValue<int>());
        Assert.True(json["engine"]!["ccg_quarters_per_s"]!.GetValue<double>() > 0);
        Assert.True(comparison["yardstick"]!["throughput"]!["ccg_quarters_per_s"]!.GetValue<double>() > 0);
        Assert.True(comparison["plain_parallel"]!["ns_per_ccg_quarter"]!.GetValue<double>() > 0);
        Assert.True(comparison["aggregates_identical"]!.GetValue<bool>());
        Assert.Equal(["start", "kernel_steps", "tallies"], Keys(comparison["profile_ns_per_ccg_quarter"]));
        Assert.Equal(["engine_ns", "plain_parallel_ns", "orleans_ns", "orleans_share", "orleans_us_per_grain_call", "grain_calls"],
            Keys(comparison["engine_core_time"]));
    }
}
