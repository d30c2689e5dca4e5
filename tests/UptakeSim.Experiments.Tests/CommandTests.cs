using System.Text.Json.Nodes;
using UptakeSim.Experiments.Commands;
using UptakeSim.Views;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

/// <summary>The command skeleton and its views in process, on the reference engine.</summary>
public class CommandTests
{
    private sealed class ReferenceSession : IEngineSession
    {
        public IReplicationEngine Engine { get; } = new ReferenceEngine();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static async Task<(int ExitCode, string Out, string Err)> Run(Func<Job> prepare, string folder, StreamFormat stream)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await CommandSkeleton.RunAsync(prepare, folder, overwrite: false, start => ProgressViews.Create(stream, start.Setup, output, errors),
            _ => Task.FromResult<IEngineSession>(new ReferenceSession()), errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static RunArgs Baseline(int runs, string? scenario = null, bool keepRuns = false, string? checkpoint = null, bool resume = false) =>
        new(scenario ?? Inputs.Baseline, runs, null, [], 4, keepRuns, checkpoint, resume);

    [Fact]
    public async Task A_run_streams_ndjson_whose_last_line_is_summary_json_and_people_read_stderr()
    {
        var folder = Path.Combine(Inputs.TempDirectory(), "out");
        var (exit, stdout, stderr) = await Run(() => Jobs.Run(Baseline(12)), folder, StreamFormat.Ndjson);

        Assert.True(exit == 0, stderr);
        var lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal("start", lines[0]["event"]!.GetValue<string>());
        Assert.Equal("run", lines[0]["command"]!.GetValue<string>());
        Assert.Equal(28, lines[0]["quarters"]!.AsArray().Count);
        var progress = lines.Where(l => l["event"]?.GetValue<string>() == "progress").ToArray();
        Assert.All(progress, p => Assert.Equal(28, p["quarters"]!.AsArray().Count));
        Assert.Equal(12, progress[^1]["runs_done"]!.GetValue<long>());
        Assert.False(lines[^1]["partial"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))), lines[^1]), "the last line must equal summary.json");
        Assert.StartsWith("UptakeSim: scenario 'baseline'", stderr);
        Assert.Contains($"results: {folder}{Path.DirectorySeparatorChar} (", stderr);
    }

    [Fact]
    public async Task Plain_lines_end_with_the_table_of_the_result_and_where_it_was_written()
    {
        var folder = Path.Combine(Inputs.TempDirectory(), "out");
        var (exit, stdout, stderr) = await Run(() => Jobs.Run(Baseline(12)), folder, StreamFormat.Plain);

        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("UptakeSim: scenario 'baseline'", lines[0]);
        Assert.Contains("baseline: 12 runs of 209 CCGs in ", stdout);
        Assert.Contains(lines, l => l.StartsWith("2015Q1     ", StringComparison.Ordinal));
        Assert.StartsWith($"results: {folder}{Path.DirectorySeparatorChar} (", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public async Task A_failure_while_writing_the_results_keeps_the_checkpoint_and_says_so_in_one_line()
    {
        var dir = Inputs.TempDirectory();
        var checkpoint = Path.Combine(dir, "checkpoint");
        var removed = false;
        Job Failing()
        {
            var job = Jobs.Run(Baseline(4));
            return job with
            {
                Run = async (engine, observer, stop, folder) =>
                {
                    var outcome = await job.Run(engine, observer, stop, folder);
                    return outcome with { Write = _ => throw new IOException("No space left on device"), Checkpoint = checkpoint, Committed = () => removed = true };
                },
            };
        }

        var (exit, _, stderr) = await Run(Failing, Path.Combine(dir, "out"), StreamFormat.Plain);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal($"error: the results could not be written (No space left on device); the checkpoint in {checkpoint} is kept: run the same command with --resume to write them\n", stderr);
        Assert.False(removed, "the checkpoint goes only once the results are committed");
        Assert.Equal([], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Bad_input_is_printed_one_problem_a_line_exits_2_and_writes_nothing()
    {
        var dir = Inputs.TempDirectory();
        var scenario = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(scenario, "name: typo\npolicy:\n  presure: 1.0\n");
        var (exit, stdout, stderr) = await Run(() => Jobs.Run(Baseline(12, scenario)), Path.Combine(dir, "out"), StreamFormat.Ndjson);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{scenario}:3:3: unknown key 'presure'", stderr);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
        Assert.Equal(["bad.yaml"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_on_a_sweep_runs_it_as_a_comparison_and_refuses_every_option_a_comparison_cannot_honour()
    {
        var dir = Inputs.TempDirectory();
        var sweep = Path.Combine(dir, "mandates.yaml");
        File.WriteAllText(sweep, $"base: {Inputs.Baseline}\nname: mandates\nsweep:\n  policy.mandate: {{ from: 2016Q1, to: 2018Q1, step: 4 }}\n");

        var job = Jobs.Run(Baseline(12, sweep));
        Assert.Equal("compare", job.Start.Command);
        Assert.Equal("mandates[policy.mandate=2016Q1]", job.Start.Setup.Scenario.Name);

        var refused = Assert.Throws<InputException>(() => Jobs.Run(Baseline(12, sweep, keepRuns: true, checkpoint: Path.Combine(dir, "cp"), resume: true)));
        Assert.Equal(["--checkpoint", "--resume"], refused.Problems.Select(p => p[..p.IndexOf(':')]));
        Assert.All(refused.Problems, p => Assert.Contains($"{sweep} declares a sweep of 3 scenarios, which run as a comparison", p));
    }
}
