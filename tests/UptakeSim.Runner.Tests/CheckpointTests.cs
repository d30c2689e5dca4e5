using UptakeSim.Model;
using UptakeSim.Runner;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Runner.Tests;

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
        { "empty", "checkpoint is empty or not a regular file" },
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

    /// <summary>The file's payload, edited by <paramref name="edit"/>, sealed again with a correct checksum.</summary>
    private static void Reseal(string file, Func<byte[], byte[]> edit)
    {
        var payload = RunCheckpoint.ReadSealed(file, 1 << 24);
        RunCheckpoint.WriteSealed(file, edit(payload));
    }

    /// <summary>Where the accumulator's state starts in a payload: after the fingerprint and the batches done.</summary>
    private static int StateOffset(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload));
        reader.ReadString();
        reader.ReadInt32();
        reader.ReadInt32();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) reader.ReadInt32();
        return (int)reader.BaseStream.Position;
    }

    [Theory]
    [InlineData("runs negative", "-2 replications saved")]
    [InlineData("a count changed", "CCG counts that do not add up to the replications saved")]
    [InlineData("batches beyond the runs", "batches done of 40 runs")]
    public async Task A_sealed_but_impossible_checkpoint_is_refused_before_it_resumes_into_nonsense(string damage, string expected)
    {
        var (directory, file, _) = await Interrupted();
        Reseal(file, payload =>
        {
            var state = StateOffset(payload);
            var edited = payload.ToArray();
            switch (damage)
            {
                case "runs negative":
                    BitConverter.GetBytes(-2L).CopyTo(edited, state);
                    break;
                case "a count changed":
                    // The first histogram's first bin (after Runs, its lowest value and its length).
                    BitConverter.GetBytes(BitConverter.ToInt64(edited, state + 16) + 5).CopyTo(edited, state + 16);
                    break;
                default:
                    // The count of batches done, after the fingerprint, batch size and runs.
                    BitConverter.GetBytes(1000).CopyTo(edited, state - 4 * 3 - 4);
                    break;
            }
            return edited;
        });

        var refused = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, Id, resume: true, new TrajectoryAccumulator(Setup), Plan));

        Assert.StartsWith($"{file}: inconsistent (", refused.Message);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public async Task A_payload_length_beyond_the_file_is_refused_without_allocating_it()
    {
        var (directory, file, _) = await Interrupted();
        var bytes = File.ReadAllBytes(file);
        var lengthAt = 1 + "UptakeSim checkpoint".Length + 4;
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, lengthAt);
        File.WriteAllBytes(file, bytes);

        var refused = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, Id, resume: true, new TrajectoryAccumulator(Setup), Plan));

        Assert.Equal($"{file}: truncated; expected a complete checkpoint", refused.Message);
    }

    [Fact]
    public async Task A_checkpoint_that_is_a_link_or_a_device_is_refused_and_never_followed_when_written_or_deleted()
    {
        var (directory, file, state) = await Interrupted();
        var elsewhere = Path.Combine(directory, "user-file.txt");
        File.Move(file, elsewhere);
        File.CreateSymbolicLink(file, elsewhere);

        var link = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, Id, resume: true, new TrajectoryAccumulator(Setup), Plan));
        Assert.Equal($"{file}: checkpoint is a symbolic link; expected a checkpoint file written by --checkpoint, never a link", link.Message);

        // Saving replaces the link itself; the file it pointed to is left as it was.
        var before = File.ReadAllBytes(elsewhere);
        var checkpoint = RunCheckpoint.Open(Path.Combine(directory, "fresh"), Id, resume: false, state, Plan);
        File.CreateSymbolicLink(Path.Combine(directory, "fresh", "checkpoint.bin"), elsewhere);
        Assert.True(checkpoint.Save(state));
        Assert.Equal(before, File.ReadAllBytes(elsewhere));
        Assert.Null(new FileInfo(Path.Combine(directory, "fresh", "checkpoint.bin")).LinkTarget);

        // Deleting removes only a checkpoint this tool wrote.
        var notOurs = Path.Combine(directory, "mine");
        Directory.CreateDirectory(notOurs);
        File.WriteAllText(Path.Combine(notOurs, "checkpoint.bin"), "a user's file that happens to have this name");
        RunCheckpoint.DeleteSealed(Path.Combine(notOurs, "checkpoint.bin"));
        Assert.True(File.Exists(Path.Combine(notOurs, "checkpoint.bin")));
        RunCheckpoint.DeleteSealed(file);
        Assert.True(File.Exists(elsewhere), "a link is never followed to delete");

        var device = Path.Combine(directory, "device");
        Directory.CreateDirectory(device);
        File.CreateSymbolicLink(Path.Combine(device, "checkpoint.bin"), "/dev/zero");
        Assert.Contains("symbolic link", Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(device, Id, resume: true, new TrajectoryAccumulator(Setup), Plan)).Message);
    }
}
