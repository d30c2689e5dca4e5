using System.Text;
using UptakeSim.Model;

namespace UptakeSim.Experiments.Commands;

/// <summary>How a long-running command is shown while it goes on (plain lines, a live terminal view, or an NDJSON
/// stream): the same for every command.</summary>
public interface IProgressView : IExperimentObserver
{
    /// <summary>Where messages for the analyst go (stderr when stdout carries a machine-readable stream).</summary>
    TextWriter Messages { get; }

    /// <summary>The columns every line written to <see cref="Messages"/> must fit in.</summary>
    int Width { get; }

    /// <summary>Where a message that can come at any moment (Ctrl-C) goes: <paramref name="errors"/>, or, while the
    /// live view is drawn, into the view, as a line written past it would make its next redraw repeat its top.</summary>
    TextWriter Alerts(TextWriter errors);

    void Started(JobStart start);

    Task<T> Around<T>(Func<Task<T>> run);

    void Final(JobOutcome outcome, TimeSpan elapsed);
}

/// <summary>What a command is about to do: its one-line description, and the scenario whose progress is shown.</summary>
public sealed record JobStart(string Command, string Description, SimulationSetup Setup, int BatchSize);

/// <summary>The engine a command runs on, for as long as the command runs.</summary>
public interface IEngineSession : IAsyncDisposable
{
    Runner.IReplicationEngine Engine { get; }
}

/// <summary>What an engine is started with: where to say what it is doing, and where Orleans' own log goes.</summary>
public sealed record EngineStart(TextWriter Messages, OrleansLog Log);

/// <summary>
/// Orleans' own log while a command runs, in <see cref="FileName"/> in the results folder: never drawn over the view,
/// and kept with the results it explains (or removed with them). The file is created by the first entry, so an engine
/// without Orleans leaves none. Counts the warnings (and errors) and keeps the last few, for when the results, and the
/// file with them, are not written.
/// </summary>
public sealed class OrleansLog(string path) : IDisposable
{
    public const string FileName = "orleans.log";

    private const int LastKept = 5;
    private readonly Lock _lock = new();
    private readonly Queue<string> _last = new();
    private StreamWriter? _writer;
    private bool _closed;
    private int _warnings;

    /// <summary>Entries at Warning and above.</summary>
    public int Warnings
    {
        get
        {
            lock (_lock) return _warnings;
        }
    }

    /// <summary>The first line of each of the last few entries at Warning and above.</summary>
    public IReadOnlyList<string> LastWarnings
    {
        get
        {
            lock (_lock) return [.. _last];
        }
    }

    public void Write(string entry, bool warning)
    {
        lock (_lock)
        {
            if (warning)
            {
                _warnings++;
                _last.Enqueue(entry.Split('\n')[0]);
                if (_last.Count > LastKept) _last.Dequeue();
            }
            if (_closed) return;
            try
            {
                _writer ??= new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
                _writer.WriteLine(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk, or the results abandoned (a second Ctrl-C): the log must not fail Orleans; the results
                // writer reports such a disk itself.
                _closed = true;
            }
        }
    }

    /// <summary>Closes the file: what Orleans logs after this is counted, not written.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            try
            {
                _writer?.Dispose();
            }
            catch (IOException)
            {
                // The last buffered lines did not fit on the disk; the results' own write will say so.
            }
            _writer = null;
        }
    }
}
