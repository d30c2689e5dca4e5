using System.Security.Cryptography;
using System.Text;
using UptakeSim.Model;
using UptakeSim.Scenarios;

namespace UptakeSim.Runner;

/// <summary>
/// A long run's progress on disk (<c>--checkpoint DIR</c>): which batches are done and the exact aggregation state
/// after them, written atomically at most every few seconds and whenever the run stops. A resumed run skips the
/// done batches, with the saved batch size whatever the cores, and continues from the saved state, so it ends with the
/// results of an uninterrupted run. The file is tied to one run (the resolved scenario, with its runs and seed) by a
/// fingerprint, carries a format version and a SHA-256 checksum, and anything corrupt, truncated or inconsistent is
/// refused (<see cref="InvalidDataException"/> naming the file), never resumed.
/// </summary>
public sealed class RunCheckpoint
{
    private const string FileName = "checkpoint.bin";
    private const string Magic = "UptakeSim checkpoint";
    public const int FormatVersion = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly string _path;
    private readonly string _fingerprint;
    private readonly BatchPlan _plan;
    private readonly Action<string>? _warning;
    private readonly SortedSet<int> _done = [];
    private DateTime _lastSaved = DateTime.MinValue;
    private bool _warned;

    private RunCheckpoint(string directory, string fingerprint, BatchPlan plan, Action<string>? warning)
    {
        _path = Path.Combine(directory, FileName);
        _fingerprint = fingerprint;
        _plan = plan;
        _warning = warning;
    }

    public static string Fingerprint(string resolvedScenario) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(resolvedScenario)));

    public static bool Exists(string directory) => File.Exists(PathIn(directory));

    /// <summary>
    /// A new checkpoint for <paramref name="plan"/>, or the saved one when <paramref name="resume"/> (with its own batch
    /// size); the saved state is loaded into <paramref name="accumulator"/>. A checkpoint that cannot be saved later is
    /// reported once to <paramref name="warning"/> and the run goes on.
    /// </summary>
    public static RunCheckpoint Open(string directory, string fingerprint, bool resume, TrajectoryAccumulator accumulator, BatchPlan plan, Action<string>? warning = null)
    {
        if (!resume)
        {
            Directory.CreateDirectory(directory);
            return new RunCheckpoint(directory, fingerprint, plan, warning);
        }
        var path = Path.Combine(directory, FileName);
        // The fingerprint, three counts, the batches done and the aggregation state: nothing larger is a checkpoint of this run.
        var payload = ReadSealed(path, 64 + fingerprint.Length + 4L * (plan.Runs + 1L) + accumulator.StateBytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload));
            if (reader.ReadString() != fingerprint)
                throw new InvalidDataException($"{path}: belongs to another run (a different scenario, seed or runs); expected the same command as the interrupted run");
            var batchSize = reader.ReadInt32();
            var runs = reader.ReadInt32();
            if (batchSize < 1 || runs != plan.Runs)
                throw new InvalidDataException($"{path}: inconsistent (batch size {batchSize}, {runs} runs); expected a batch size of at least 1 and {plan.Runs} runs");
            var checkpoint = new RunCheckpoint(directory, fingerprint, plan with { BatchSize = batchSize }, warning);
            var count = reader.ReadInt32();
            if (count < 0 || count > (runs + (long)batchSize - 1) / batchSize)
                throw new InvalidDataException($"{path}: inconsistent ({count} batches done of {runs} runs in batches of {batchSize}); expected a checkpoint written by this tool");
            for (var i = 0; i < count; i++) checkpoint._done.Add(reader.ReadInt32());
            if (accumulator.ReadFrom(reader) is { } problem)
                throw new InvalidDataException($"{path}: inconsistent ({problem}); expected a checkpoint written by this tool");
            var replications = checkpoint._done.Sum(first => (long)Math.Min(batchSize, runs - first));
            if (checkpoint._done.Count != count || checkpoint._done.Any(first => first < 0 || first >= runs || first % batchSize != 0)
                || replications != accumulator.Runs || reader.BaseStream.Position != payload.Length)
                throw new InvalidDataException($"{path}: inconsistent (the batches done do not add up to the {accumulator.Runs} replications saved); expected a checkpoint written by this tool");
            return checkpoint;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated; expected a complete checkpoint");
        }
    }

    /// <summary>The path of the checkpoint file in <paramref name="directory"/>, whatever command wrote it.</summary>
    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>Writes <paramref name="payload"/> atomically with this format's header, version and checksum.</summary>
    public static void WriteSealed(string path, byte[] payload)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            // CreateNew: never through a link or file planted under the temporary name; the rename then replaces the
            // checkpoint's name itself, not what a link there points to.
            using (var writer = new BinaryWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write)))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(payload.Length);
                writer.Write(payload);
                writer.Write(SHA256.HashData(payload));
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(temporary)) TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The payload of a file that has this format's header, version and a matching checksum, read as every
    /// input is (a regular file, never a link, at most <paramref name="maxPayload"/> bytes of payload), so a device,
    /// a pipe or a planted link is refused in bounded time and memory.</summary>
    public static byte[] ReadSealed(string path, long maxPayload)
    {
        byte[] file;
        try
        {
            file = InputFile.ReadBytes(path, "checkpoint", "a checkpoint file written by --checkpoint", MagicHeader().Length + 4 + 4 + maxPayload + 32,
                message => new ScenarioError(path, 0, 0, message), followLinks: false);
        }
        catch (ScenarioException e)
        {
            throw new InvalidDataException(e.Errors[0].ToString());
        }
        var header = MagicHeader();
        if (!file.AsSpan(0, Math.Min(file.Length, header.Length)).SequenceEqual(header.AsSpan(0, Math.Min(file.Length, header.Length))))
            throw new InvalidDataException($"{path}: not a checkpoint; expected a file written by --checkpoint");
        using var reader = new BinaryReader(new MemoryStream(file));
        try
        {
            reader.ReadBytes(header.Length);
            if (file.Length < header.Length) throw new EndOfStreamException();
            var version = reader.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"{path}: checkpoint format version {version}; expected version {FormatVersion} (resume with the version of the tool that wrote it)");
            var length = reader.ReadInt32();
            if (length < 0 || length > file.Length) throw new InvalidDataException($"{path}: truncated; expected a complete checkpoint");
            var payload = reader.ReadBytes(length);
            var checksum = reader.ReadBytes(32);
            if (length < 0 || payload.Length != length || checksum.Length != 32 || reader.BaseStream.Position != file.Length)
                throw new InvalidDataException($"{path}: truncated; expected a complete checkpoint");
            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(checksum))
                throw new InvalidDataException($"{path}: corrupt (its checksum does not match); expected an unmodified checkpoint");
            return payload;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: truncated; expected a complete checkpoint");
        }
    }

    private static byte[] MagicHeader()
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes)) writer.Write(Magic);
        return bytes.ToArray();
    }

    public int BatchSize => _plan.BatchSize;

    public int BatchesDone => _done.Count;

    public IEnumerable<Batch> Remaining(BatchPlan plan) => plan.Batches().Where(b => !_done.Contains(b.FirstReplication));

    /// <summary>Records a delivered batch (already folded into <paramref name="accumulator"/>) and saves now and then.</summary>
    public void Completed(Batch batch, TrajectoryAccumulator accumulator)
    {
        _done.Add(batch.FirstReplication);
        if (DateTime.UtcNow - _lastSaved >= Interval) Save(accumulator);
    }

    /// <summary>Saves the state; a disk that refuses it is a warning (once), not the end of the run.</summary>
    public bool Save(TrajectoryAccumulator accumulator)
    {
        try
        {
            using var payload = new MemoryStream();
            using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(_fingerprint);
                writer.Write(BatchSize);
                writer.Write(_plan.Runs);
                writer.Write(_done.Count);
                foreach (var first in _done) writer.Write(first);
                accumulator.WriteTo(writer);
            }
            WriteSealed(_path, payload.ToArray());
            _lastSaved = DateTime.UtcNow;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lastSaved = DateTime.UtcNow;
            if (!_warned) _warning?.Invoke($"warning: the checkpoint could not be saved in {Path.GetDirectoryName(_path)} ({e.Message}); the run goes on without it");
            _warned = true;
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the disk that refused the checkpoint may refuse this too.
        }
    }

    /// <summary>The results are committed: nothing is left to resume.</summary>
    public void Delete() => DeleteSealed(_path);

    /// <summary>Deletes the checkpoint file at <paramref name="path"/> only if it is one this tool wrote (a regular file
    /// starting with this format's header), never a link or a file of the user's put there.</summary>
    public static void DeleteSealed(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null) return;
        var header = MagicHeader();
        var start = new byte[header.Length];
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
            {
                stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            }
            if (start.AsSpan().SequenceEqual(header)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place: the next --checkpoint in this folder asks for --resume or another folder.
        }
    }
}
