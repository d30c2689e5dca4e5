using System.Security.Cryptography;
using System.Text;
using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>
/// A long run's progress on disk (<c>--checkpoint DIR</c>): which batches are done and the exact aggregation state
/// after them, written atomically at most every few seconds and whenever the run stops. A resumed run skips the
/// done batches, with the saved batch size whatever the cores, and continues from the saved state, so it ends with the
/// results of an uninterrupted run. The file is tied to one run (the resolved scenario, with its runs and seed) by a fingerprint.
/// </summary>
public sealed class RunCheckpoint
{
    private const string FileName = "checkpoint.bin";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly string _path;
    private readonly string _fingerprint;
    private readonly SortedSet<int> _done = [];
    private DateTime _lastSaved = DateTime.MinValue;

    private RunCheckpoint(string directory, string fingerprint, int batchSize)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, FileName);
        _fingerprint = fingerprint;
        BatchSize = batchSize;
    }

    public static string Fingerprint(string resolvedScenario) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(resolvedScenario)));

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, FileName));

    /// <summary>A new checkpoint for batches of <paramref name="batchSize"/>, or the saved one when <paramref name="resume"/>
    /// (with its own batch size); the saved state is loaded into <paramref name="accumulator"/>.</summary>
    public static RunCheckpoint Open(string directory, string fingerprint, bool resume, TrajectoryAccumulator accumulator, int batchSize)
    {
        var path = Path.Combine(directory, FileName);
        if (!resume) return new RunCheckpoint(directory, fingerprint, batchSize);
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != fingerprint)
            throw new InvalidDataException($"{path} belongs to another run (a different scenario, seed or runs); expected the same command as the interrupted run");
        var checkpoint = new RunCheckpoint(directory, fingerprint, reader.ReadInt32());
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) checkpoint._done.Add(reader.ReadInt32());
        accumulator.ReadFrom(reader);
        return checkpoint;
    }

    public int BatchSize { get; }

    public int BatchesDone => _done.Count;

    public IEnumerable<Batch> Remaining(BatchPlan plan) => plan.Batches().Where(b => !_done.Contains(b.FirstReplication));

    /// <summary>Records a delivered batch (already folded into <paramref name="accumulator"/>) and saves now and then.</summary>
    public void Completed(Batch batch, TrajectoryAccumulator accumulator)
    {
        _done.Add(batch.FirstReplication);
        if (DateTime.UtcNow - _lastSaved >= Interval) Save(accumulator);
    }

    public void Save(TrajectoryAccumulator accumulator)
    {
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(_fingerprint);
            writer.Write(BatchSize);
            writer.Write(_done.Count);
            foreach (var first in _done) writer.Write(first);
            accumulator.WriteTo(writer);
        }
        File.Move(temporary, _path, overwrite: true);
        _lastSaved = DateTime.UtcNow;
    }

    /// <summary>The run finished: nothing is left to resume.</summary>
    public void Delete() => File.Delete(_path);
}
