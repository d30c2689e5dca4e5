using System.Text;
using UptakeSim.Model;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// Per-replication output of <c>run --keep-runs</c>: <c>replication,quarter,quarter_start,level1,level2,level3</c> for
/// England, streamed to the results folder in replication order as batches complete (<see cref="ReplicationOrder{T}"/>).
/// </summary>
public sealed class RunsCsvWriter(ResultsFolder folder, Horizon horizon) : IAsyncDisposable
{
    public const string FileName = "runs.csv";

    private readonly StreamWriter _writer = PerRunCsv.Open(folder, FileName, $"replication,{ResultsCsv.QuarterColumns},level1,level2,level3");
    private readonly string[] _quarters = PerRunCsv.QuarterCells(horizon);
    private readonly ReplicationOrder<BatchTrajectories> _order = new();

    public async ValueTask Add(BatchTrajectories batch)
    {
        foreach (var ready in _order.Ready(batch.FirstReplication, batch.Replications, batch))
        {
            for (var r = 0; r < ready.Replications; r++)
            {
                for (var q = 0; q < ready.Quarters; q++)
                {
                    await _writer.WriteAsync($"{ready.FirstReplication + r},{_quarters[q]},{ready.Count(r, q, 0, 1)},{ready.Count(r, q, 0, 2)},{ready.Count(r, q, 0, 3)}\n");
                }
            }
        }
    }

    /// <summary>Only the replications written in order so far are kept.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}

/// <summary>What the per-run files share: how they are opened and how a quarter's cells are written.</summary>
internal static class PerRunCsv
{
    public static StreamWriter Open(ResultsFolder folder, string file, string header)
    {
        var writer = new StreamWriter(folder.PathOf(file), false, new UTF8Encoding(false), 1 << 16);
        writer.Write(header);
        writer.Write('\n');
        return writer;
    }

    /// <summary>Each quarter's <c>quarter,quarter_start</c> cells, formatted once rather than on every row.</summary>
    public static string[] QuarterCells(Horizon horizon) => [.. Enumerable.Range(0, horizon.Quarters).Select(q => ResultsCsv.Quarter(horizon.Label(q)))];
}
