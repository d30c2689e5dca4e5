using System.Text;
using UptakeSim.Model;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// Per-replication output (<c>--keep-runs</c>): <c>replication,quarter,quarter_start,level1,level2,level3</c> for England, streamed to
/// the results folder as batches complete. Batches finish in any order, so they wait in a small buffer until every
/// earlier replication is written: the file is the same whatever the scheduling.
/// </summary>
public sealed class RunsCsvWriter(ResultsFolder folder, Horizon horizon) : IAsyncDisposable
{
    private readonly StreamWriter _writer = Open(folder);
    private readonly SortedDictionary<int, BatchTrajectories> _waiting = new();
    private int _next;

    private static StreamWriter Open(ResultsFolder folder)
    {
        var writer = new StreamWriter(folder.PathOf("runs.csv"), false, new UTF8Encoding(false), 1 << 16);
        writer.Write($"replication,{ResultsCsv.QuarterColumns},level1,level2,level3\n");
        return writer;
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
                    await _writer.WriteAsync($"{ready.FirstReplication + r},{ResultsCsv.Quarter(horizon.Label(q))},{ready.Count(r, q, 0, 1)},{ready.Count(r, q, 0, 2)},{ready.Count(r, q, 0, 3)}\n");
                }
            }
            _next += ready.Replications;
        }
    }

    /// <summary>Only the replications written in order so far are kept.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
