using System.Text;
using UptakeSim.Analysis;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Calibration;

/// <summary>
/// A fit's progress on disk (<c>calibrate --checkpoint DIR</c>): every point evaluated with its simulated values,
/// saved after each evaluation in the checksummed, versioned format of <see cref="RunCheckpoint"/>. The optimiser is
/// deterministic and every evaluation uses the scenario's seed, so a resumed fit asks for the same points in the
/// same order, gets the saved ones at once, and ends where an uninterrupted fit ends.
/// </summary>
public sealed class EvaluationCheckpoint
{
    private readonly string _path;
    private readonly string _fingerprint;
    private readonly Action<string>? _warning;
    private readonly List<(double[] Point, SimulatedValue[] Values)> _saved = [];
    private bool _warned;

    private EvaluationCheckpoint(string directory, string fingerprint, Action<string>? warning)
    {
        _path = RunCheckpoint.PathIn(directory);
        _fingerprint = fingerprint;
        _warning = warning;
    }

    /// <summary>A new checkpoint, or the saved one when <paramref name="resume"/>: each point of
    /// <paramref name="dimensions"/> coefficients with one value per each of <paramref name="observations"/>.</summary>
    public static EvaluationCheckpoint Open(string directory, string fingerprint, bool resume, int dimensions, int observations, Action<string>? warning = null)
    {
        Directory.CreateDirectory(directory);
        var checkpoint = new EvaluationCheckpoint(directory, fingerprint, warning);
        if (!resume) return checkpoint;
        // Each evaluation: two counts, its point and three values per observation.
        var payload = RunCheckpoint.ReadSealed(checkpoint._path, 64 + fingerprint.Length + MaxEvaluations * (8L + 8L * dimensions + 24L * observations));
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload));
            if (reader.ReadString() != fingerprint)
                throw new InvalidDataException($"{checkpoint._path}: belongs to another command (a different scenario, observations, seed or runs); expected the same command as the interrupted fit");
            var count = reader.ReadInt32();
            if (count is < 0 or > MaxEvaluations) throw new InvalidDataException($"{checkpoint._path}: inconsistent ({count} evaluations); expected a checkpoint written by calibrate");
            for (var e = 0; e < count; e++)
            {
                if (reader.ReadInt32() != dimensions || reader.ReadInt32() != observations)
                    throw new InvalidDataException($"{checkpoint._path}: inconsistent (an evaluation of another shape); expected {dimensions} coefficients and {observations} observations");
                var point = Enumerable.Range(0, dimensions).Select(_ => reader.ReadDouble()).ToArray();
                var values = Enumerable.Range(0, observations).Select(_ => new SimulatedValue(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble())).ToArray();
                checkpoint._saved.Add((point, values));
            }
            if (count < 0 || reader.BaseStream.Position != payload.Length)
                throw new InvalidDataException($"{checkpoint._path}: inconsistent; expected a checkpoint written by calibrate");
            return checkpoint;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{checkpoint._path}: truncated; expected a complete checkpoint");
        }
    }

    /// <summary>The most evaluations a checkpoint may hold (calibration.max_evaluations is far below).</summary>
    private const int MaxEvaluations = 1_000_000;

    public int Evaluations => _saved.Count;

    /// <summary>The saved values of exactly this point, if it was evaluated before.</summary>
    public IReadOnlyList<SimulatedValue>? Find(double[] point) => _saved.FirstOrDefault(e => e.Point.SequenceEqual(point)).Values;

    /// <summary>Records an evaluation and saves; a disk that refuses it is a warning (once), not the end of the fit.</summary>
    public void Add(double[] point, IReadOnlyList<SimulatedValue> values)
    {
        _saved.Add(((double[])point.Clone(), values.ToArray()));
        try
        {
            using var payload = new MemoryStream();
            using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(_fingerprint);
                writer.Write(_saved.Count);
                foreach (var (p, v) in _saved)
                {
                    writer.Write(p.Length);
                    writer.Write(v.Length);
                    foreach (var x in p) writer.Write(x);
                    foreach (var s in v)
                    {
                        writer.Write(s.Mean);
                        writer.Write(s.P05);
                        writer.Write(s.P95);
                    }
                }
            }
            RunCheckpoint.WriteSealed(_path, payload.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_warned) _warning?.Invoke($"warning: the checkpoint could not be saved in {Path.GetDirectoryName(_path)} ({e.Message}); the fit goes on without it");
            _warned = true;
        }
    }

    /// <summary>The fit finished: nothing is left to resume.</summary>
    public void Delete() => RunCheckpoint.DeleteSealed(_path);
}
