using UptakeSim.Model;
using UptakeSim.Runner;
using static UptakeSim.Model.Tests.TestScenarios;

namespace UptakeSim.Model.Tests;

public class CheckpointTests
{
    private static string Fingerprint(TrajectoryAccumulator a) => string.Join(';',
        Enumerable.Range(0, a.Quarters).SelectMany(q => Enumerable.Range(0, a.Scopes).SelectMany(s => Enumerable.Range(1, 3).Select(l => a.Stats(q, s, l).ToString())))
            .Concat([string.Join(',', a.Milestone(0).ToArray()), string.Join(',', a.Milestone(1).ToArray()), a.Runs.ToString()]));

    private static readonly SimulationSetup Setup = new(Synthetic(ccgs: 30, start: new StartCounts(10, 10, 10), quarters: 12));
    private static readonly BatchPlan Plan = BatchPlan.Auto(40, 1, 4);
    private static readonly string Id = RunCheckpoint.Fingerprint("scenario text");

    /// <summary>A checkpoint of the first 12 replications (3 batches of 4), and its file.</summary>
    private static async Task<(string Directory, string File, TrajectoryAccumulator State)> Interrupted()
    {
        var directory = Path.Combine(Path.GetTempPath(), "uptakesim-checkpoint-" + Guid.NewGuid().ToString("N"));
        using var stop = new CancellationTokenSource();
        var state = new TrajectoryAccumulator(Setup);
        var checkpoint = RunCheckpoint.Open(directory, Id, resume: false, state, Plan);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MonteCarloRun.RunAsync(new ReferenceEngine(), Setup, Plan,
            progress: p => { if (p.RunsDone >= 12) stop.Cancel(); }, cancellationToken: stop.Token, accumulator: state, checkpoint: checkpoint));
        Assert.True(checkpoint.Save(state));
        Assert.Equal(3, checkpoint.BatchesDone);
        return (directory, Path.Combine(directory, "checkpoint.bin"), state);
    }

    [Fact]
    public async Task An_interrupted_run_resumed_from_its_checkpoint_gives_the_uninterrupted_results()
    {
        var whole = await MonteCarloRun.RunAsync(new ReferenceEngine(), Setup, Plan);
        var (directory, _, _) = await Interrupted();

        var resumed = new TrajectoryAccumulator(Setup);
        var reopened = RunCheckpoint.Open(directory, Id, resume: true, resumed, Plan with { BatchSize = 999 });
        Assert.Equal(Plan.BatchSize, reopened.BatchSize);
        Assert.Equal(12, resumed.Runs);
        Assert.Equal(7, reopened.Remaining(Plan).Count());
        await MonteCarloRun.RunAsync(new ReferenceEngine(), Setup, Plan, accumulator: resumed, checkpoint: reopened);
        Assert.Equal(Fingerprint(whole), Fingerprint(resumed));
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "flipped byte", "corrupt (its checksum does not match)" },
        { "truncated", "truncated" },
        { "empty", "truncated" },
        { "other file", "not a checkpoint" },
        { "future version", "checkpoint format version 99" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_checkpoint_is_refused_naming_the_file(string damage, string expected)
    {
        var (directory, file, _) = await Interrupted();
        var bytes = File.ReadAllBytes(file);
        var versionAt = 1 + "UptakeSim checkpoint".Length;
        byte[] damaged = damage switch
        {
            "flipped byte" => bytes.Select((b, i) => i == bytes.Length - 40 ? (byte)(b ^ 0x10) : b).ToArray(),
            "truncated" => bytes[..(bytes.Length / 2)],
            "empty" => [],
            "other file" => "root:x:0:0:root:/root:/bin/bash\n"u8.ToArray(),
            _ => [.. bytes[..versionAt], 99, 0, 0, 0, .. bytes[(versionAt + 4)..]],
        };
        File.WriteAllBytes(file, damaged);
        var refused = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, Id, resume: true, new TrajectoryAccumulator(Setup), Plan));
        Assert.StartsWith($"{file}: {expected}", refused.Message);
    }

    [Fact]
    public async Task A_checkpoint_of_another_run_or_with_other_runs_is_refused()
    {
        var (directory, file, _) = await Interrupted();
        var another = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, RunCheckpoint.Fingerprint("another scenario"), resume: true, new TrajectoryAccumulator(Setup), Plan));
        Assert.StartsWith($"{file}: belongs to another run", another.Message);
        var runs = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, Id, resume: true, new TrajectoryAccumulator(Setup), Plan with { Runs = 41 }));
        Assert.StartsWith($"{file}: inconsistent (batch size 4, 40 runs); expected a batch size of at least 1 and 41 runs", runs.Message);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_saved_is_a_warning_once_and_the_run_goes_on()
    {
        var (directory, _, state) = await Interrupted();
        var warnings = new List<string>();
        var checkpoint = RunCheckpoint.Open(Path.Combine(directory, "gone"), Id, resume: false, state, Plan, warnings.Add);
        Directory.Delete(Path.Combine(directory, "gone"));
        Assert.False(checkpoint.Save(state));
        Assert.False(checkpoint.Save(state));
        Assert.StartsWith("warning: the checkpoint could not be saved in", Assert.Single(warnings));
    }
}
