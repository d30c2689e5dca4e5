using System.Text.Json.Nodes;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Commands;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli.Tests;

/// <summary>What every long-running command shares: NDJSON streams, Ctrl-C, the results folder, checkpoints.</summary>
public class SkeletonTests
{
    private static JsonObject[] Lines(string stdout) => stdout.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();

    // Each workload is far larger than the command can finish before the signal. Batches start in order and those in
    // flight at the signal complete, so what completes is a prefix: for sensitivity, batches of one design row's 4
    // repeats at one of its 10 points, so 80 replications done means two whole design samples, the least it analyses.
    public static TheoryData<string, string[], string, int> LongCommands => new()
    {
        { "summary.json", ["run", Cli.Scenario("baseline.yaml"), "--runs", "1000000", "--batch-size", "50"], "progress", 50 },
        { "summary.json", ["compare", Cli.Scenario("baseline.yaml"), Cli.Scenario("early-mandate.yaml"), "--runs", "1000000", "--batch-size", "50"], "progress", 50 },
        { "fit.json", ["calibrate", Cli.Scenario("baseline.yaml"), "--method", "point", "--runs", "40", "--set", "calibration.tolerance=1e-12", "--set", "calibration.max_evaluations=100000"], "evaluation", 0 },
        // ABC-SMC: stopped after its first generation (of many more than it can run before the signal is handled).
        { "summary.json", ["calibrate", Cli.Scenario("baseline.yaml"), "--set", "calibration.population=40", "--set", "calibration.generations=100", "--set", "calibration.max_simulations=10000000", "--set", "calibration.min_acceptance=0", "--set", "calibration.pilot_points=2", "--set", "calibration.pilot_runs=4"], "generation", 0 },
        { "summary.json", ["hindcast", Cli.Scenario("baseline.yaml"), "--cutoff", "2016Q1", "--set", "calibration.population=40", "--set", "calibration.generations=100", "--set", "calibration.max_simulations=10000000", "--set", "calibration.min_acceptance=0", "--set", "calibration.pilot_points=2", "--set", "calibration.pilot_runs=4"], "generation", 0 },
        { "sensitivity.json", ["sensitivity", Cli.Scenario("baseline.yaml"), "--samples", "65536", "--repeats", "4", "--batch-size", "4"], "progress", 80 },
    };

    [Theory]
    [MemberData(nameof(LongCommands))]
    public void Every_long_command_streams_ndjson_and_stops_on_ctrl_c_writing_what_completed_flagged_partial(string file, string[] command, string signal, int runsDone) =>
        AssertStoppedPartial(file, command, command[0], signal, runsDone);

    [Fact]
    public void Run_on_a_sweep_file_streams_ndjson_and_stops_on_ctrl_c_like_compare()
    {
        var sweep = Path.Combine(Cli.TempDirectory(), "mandates.yaml");
        File.WriteAllText(sweep, $"base: {Cli.Scenario("baseline.yaml")}\nname: mandates\nsweep:\n  policy.mandate: {{ from: 2016Q1, to: 2018Q1, step: 4 }}\n");
        var summary = AssertStoppedPartial("summary.json", ["run", sweep, "--runs", "1000000", "--batch-size", "50"], "compare", "progress", 50);
        Assert.Equal(3, summary["scenarios"]!.AsArray().Count);
    }

    /// <summary>Stops the command by SIGINT mid-run and checks its stream and partial result file; returns the result.</summary>
    private static JsonObject AssertStoppedPartial(string file, string[] command, string startedAs, string signal, int runsDone)
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Interrupt([.. command, "--stream", "ndjson", "--out", output], line =>
            JsonNode.Parse(line) is JsonObject o && o["event"]?.GetValue<string>() == signal && (o["runs_done"]?.GetValue<long>() ?? 0) >= runsDone);

        Assert.True(result.ExitCode == 130, result.Err);
        Assert.Contains("interrupted: finishing the work in flight", result.Err);
        Assert.DoesNotContain("fail:", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        var lines = Lines(result.Out);
        Assert.Equal("start", lines[0]["event"]!.GetValue<string>());
        Assert.Equal(startedAs, lines[0]["command"]!.GetValue<string>());
        Assert.True(lines[^1]["partial"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(output, file))), lines[^1]), $"the last line must equal {file}");
        Assert.StartsWith("Orleans' own log, from Warning up", File.ReadAllText(Path.Combine(output, "orleans.log")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!, ".*"));
        return lines[^1];
    }

    private static bool Progress(string line, long runsDone) =>
        JsonNode.Parse(line) is JsonObject o && o["event"]?.GetValue<string>() == "progress" && o["runs_done"]!.GetValue<long>() >= runsDone;

    [Fact]
    public void A_second_ctrl_c_quits_at_once_leaving_nothing_half_written()
    {
        var dir = Cli.TempDirectory();
        var output = Path.Combine(dir, "out");
        var result = Cli.Interrupt(["run", Cli.Scenario("baseline.yaml"), "--runs", "1000000", "--batch-size", "1000", "--stream", "ndjson", "--out", output],
            line => Progress(line, 1000), process =>
            {
                Cli.SigInt(process);
                Cli.SigInt(process);
            });
        Assert.Equal(130, result.ExitCode);
        // Whichever signal won, the results are whole or absent, and no temporary sibling is left.
        var left = Directory.GetFileSystemEntries(dir).Select(p => Path.GetFileName(p)).ToArray();
        if (left.Length > 0)
        {
            Assert.Equal(["out"], left);
            Assert.True(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["partial"]!.GetValue<bool>());
        }
    }

    [Fact]
    public void A_run_killed_with_kill_9_resumes_from_its_checkpoint()
    {
        var dir = Cli.TempDirectory();
        var checkpoint = Path.Combine(dir, "checkpoint");
        string[] run = ["run", Cli.Scenario("baseline.yaml"), "--runs", "1000000", "--batch-size", "50", "--stream", "ndjson", "--checkpoint", checkpoint];
        var killed = Cli.Interrupt([.. run, "--out", Path.Combine(dir, "killed")], line => Progress(line, 100) && File.Exists(Path.Combine(checkpoint, "checkpoint.bin")),
            process => process.Kill());
        Assert.NotEqual(0, killed.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(dir, "killed")));

        var resumed = Cli.Interrupt([.. run, "--resume", "--out", Path.Combine(dir, "resumed")], line => Progress(line, 0));
        Assert.True(resumed.ExitCode == 130, resumed.Err);
        var done = int.Parse(System.Text.RegularExpressions.Regex.Match(resumed.Err, $@"resuming from {System.Text.RegularExpressions.Regex.Escape(checkpoint)}: (\d+) batches").Groups[1].Value);
        Assert.True(done >= 1, resumed.Err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "resumed", "summary.json")))!;
        Assert.True(summary["partial"]!.GetValue<bool>());
        Assert.True(summary["runs"]!.GetValue<long>() > done * 50L);
        Assert.Equal(0, summary["runs"]!.GetValue<long>() % 50);
        Assert.True(File.Exists(Path.Combine(checkpoint, "checkpoint.bin")), "stopped again, the run keeps its checkpoint");
    }

    [Fact]
    public void Run_on_a_sweep_file_compares_its_members_honouring_the_stream_and_refuses_what_it_cannot_honour()
    {
        var dir = Cli.TempDirectory();
        var sweep = Path.Combine(dir, "mandates.yaml");
        File.WriteAllText(sweep, $"base: {Cli.Scenario("baseline.yaml")}\nname: mandates\nsweep:\n  policy.mandate: {{ from: 2016Q1, to: 2018Q1, step: 4 }}\n");

        var refused = Cli.Run(["run", sweep, "--keep-runs", "--checkpoint", Path.Combine(dir, "cp"), "--out", Path.Combine(dir, "x")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("--checkpoint: ", refused.Err);
        Assert.DoesNotContain("--keep-runs: ", refused.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "x")));
        Assert.Contains("a sweep of 3 scenarios", Cli.Run(["validate", sweep]).Out);

        var output = Path.Combine(dir, "out");
        var result = Cli.Run(["run", sweep, "--runs", "30", "--stream", "ndjson", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);
        var summary = Lines(result.Out)[^1];
        Assert.Equal("mandates[policy.mandate=2016Q1]", summary["reference"]!.GetValue<string>());
        Assert.Equal(["mandates[policy.mandate=2016Q1]", "mandates[policy.mandate=2017Q1]", "mandates[policy.mandate=2018Q1]"],
            summary["scenarios"]!.AsArray().Select(s => s!["scenario"]!.GetValue<string>()));
        Assert.True(File.Exists(Path.Combine(output, "scenarios", "mandates_policy.mandate=2017Q1_.yaml")));
        var april2017 = summary["comparisons"]![1]!["differences"]![8]!["level3"]!["mean"]!.GetValue<double>();
        Assert.True(april2017 < -20, $"a mandate a year later should delegate fewer CCGs in 2017Q1, got {april2017}");
    }

    [Fact]
    public async Task A_run_resumes_from_its_checkpoint_to_the_uninterrupted_results_and_a_damaged_one_is_refused()
    {
        var dir = Cli.TempDirectory();
        var checkpointDir = Path.Combine(dir, "checkpoint");
        string[] run = ["run", Cli.Scenario("baseline.yaml"), "--runs", "300", "--batch-size", "30", "--plain", "--checkpoint", checkpointDir];

        // The interrupted run, made in process so that where it stops is certain: 4 of 10 batches done.
        var loaded = new ScenarioInputs(ShippedData.Loader()).Load(Cli.Scenario("baseline.yaml"), [], runs: 300);
        var setup = new SimulationSetup(loaded.Scenario);
        var plan = BatchPlan.Auto(300, 1, 30);
        var state = new TrajectoryAccumulator(setup);
        using var stop = new CancellationTokenSource();
        var progress = new StopAt(120, stop);
        var partial = await RunExperiment.RunAsync(new ReferenceEngine(), setup, plan, progress, stop.Token, state,
            RunCheckpoint.Open(checkpointDir, RunCheckpoint.Fingerprint(loaded.ResolvedYaml), resume: false, state, plan));
        Assert.Equal(120, partial.Runs);

        var again = Cli.Run([.. run, "--out", Path.Combine(dir, "again")]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("holds the checkpoint of an unfinished command", again.Err);

        var file = Path.Combine(checkpointDir, "checkpoint.bin");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^7]);
        var damaged = Cli.Run([.. run, "--resume", "--out", Path.Combine(dir, "damaged")]);
        Assert.Equal(2, damaged.ExitCode);
        Assert.Equal($"--resume: {file}: truncated; expected a complete checkpoint\n", damaged.Err);
        File.WriteAllBytes(file, bytes);

        var resumed = Cli.Run([.. run, "--resume", "--out", Path.Combine(dir, "resumed")]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("resuming from", resumed.Out);
        var whole = await RunExperiment.RunAsync(new ReferenceEngine(), setup, plan);
        Assert.Equal(Experiments.Output.ResultsCsv.ToText(csv => Experiments.Output.ResultsCsv.Trajectories(csv, [whole.Summary])), File.ReadAllText(Path.Combine(dir, "resumed", "trajectories.csv")));
        Assert.False(File.Exists(file));
    }

    private sealed class StopAt(int runs, CancellationTokenSource stop) : IExperimentObserver
    {
        public void Progress(RunProgress progress)
        {
            if (progress.RunsDone >= runs) stop.Cancel();
        }

        public void Retry(BatchRetry retry)
        {
        }

        public void Step(ExperimentStep step)
        {
        }

        public void Note(string message)
        {
        }
    }

    [Fact]
    public void Results_are_never_written_over_results_or_a_file_and_the_check_comes_before_any_work()
    {
        var dir = Cli.TempDirectory();
        var existing = Path.Combine(dir, "existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "summary.json"), "{\"runs\": 15000}");
        var refused = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--out", existing]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"--out: {existing} already exists and is not empty; expected a new directory, or --overwrite to replace results written by UptakeSim\n", refused.Err);
        Assert.Equal("", refused.Out);
        Assert.Equal("{\"runs\": 15000}", File.ReadAllText(Path.Combine(existing, "summary.json")));

        var file = Path.Combine(dir, "file");
        File.WriteAllText(file, "x");
        var onFile = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--out", file]);
        Assert.Equal(2, onFile.ExitCode);
        Assert.StartsWith($"--out: {file} is a file", onFile.Err);
    }
}
