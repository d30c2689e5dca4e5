using System.Text;
using UptakeSim.Model;

namespace UptakeSim.Cli;

/// <summary>
/// Per-replication output (<c>--keep-runs</c>): <c>replication,quarter,level1,level2,level3</c> for England, streamed to
/// disk as batches complete. Batches finish in any order, so they wait in a small buffer until every earlier
/// replication is written: the file is the same whatever the scheduling. It is written under a temporary name and
/// renamed only when the run completes.
/// </summary>
public sealed class RunsCsvWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly StreamWriter _writer;
    private readonly Horizon _horizon;
    private readonly SortedDictionary<int, BatchTrajectories> _waiting = new();
    private int _next;

    public RunsCsvWriter(string directory, Horizon horizon)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "runs.csv");
        _temporary = $"{_path}.{Environment.ProcessId}.tmp";
        _horizon = horizon;
        _writer = new StreamWriter(_temporary, false, new UTF8Encoding(false), 1 << 16);
        _writer.Write("replication,quarter,level1,level2,level3\n");
    }

    public async ValueTask Add(BatchTrajectories batch)
    {
        _waiting.Add(batch.FirstReplication, batch);
        while (_waiting.Remove(_next, out var ready))
        {
            for (var r = 0; r < ready.Replications; r++)
            {
                for (var q = 0; q < ready.Quarters; q++)
                {
                    await _writer.WriteAsync($"{ready.FirstReplication + r},{_horizon.Label(q)},{ready.Count(r, q, 0, 1)},{ready.Count(r, q, 0, 2)},{ready.Count(r, q, 0, 3)}\n");
                }
            }
            _next += ready.Replications;
        }
    }

    /// <summary>Moves the file into place; only the replications written in order so far are kept.</summary>
    public async Task CompleteAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
        File.Move(_temporary, _path, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (File.Exists(_temporary)) File.Delete(_temporary);
    }
}
