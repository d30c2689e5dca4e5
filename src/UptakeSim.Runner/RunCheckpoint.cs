using System.Security.Cryptography;
using System.Text;
using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>
/// A long run's progress on disk (<c>--checkpoint DIR</c>): which batches are done and the exact aggregation state
/// after them, written atomically at most every few seconds and whenever the run stops. A resumed run skips the
/// done batches and continues from the saved state, so it ends with the results of an uninterrupted run. The file is
/// tied to one run (resolved scenario, runs and batch size) by a fingerprint.
/// </summary>
public sealed class RunCheckpoint
{
    private const string FileName = "checkpoint.bin";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly string _path;
    private readonly string _fingerprint;
    private readonly SortedSet<int> _done = [];
    private DateTime _lastSaved = DateTime.MinValue;

    private RunCheckpoint(string directory, string fingerprint)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, FileName);
        _fingerprint = fingerprint;
    }

    public static string Fingerprint(string resolvedScenario, BatchPlan plan) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{resolvedScenario}\n{plan.Runs}\n{plan.BatchSize}")));

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, FileName));

    /// <summary>A new checkpoint, or the saved one when <paramref name="resume"/>; its state is loaded into <paramref name="accumulator"/>.</summary>
    public static RunCheckpoint Open(string directory, string fingerprint, bool resume, TrajectoryAccumulator accumulator)
    {
        var checkpoint = new RunCheckpoint(directory, fingerprint);
        if (!resume) return checkpoint;
        using var reader = new BinaryReader(File.OpenRead(checkpoint._path));
        if (reader.ReadString() != fingerprint)
            throw new InvalidDataException($"{checkpoint._path} belongs to another run (a different scenario, seed, runs or batch size); expected the same command as the interrupted run");
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) checkpoint._done.Add(reader.ReadInt32());
        accumulator.ReadFrom(reader);
        return checkpoint;
    }

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
