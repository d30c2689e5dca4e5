using System.Globalization;
using UptakeSim.Model;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// Per-CCG output of <c>run --keep-runs</c> (ccg_runs.csv): one row per replication and CCG of the list,
/// <c>replication,ods_code</c>, then for each quarter of the horizon, in a column named by the date it starts
/// (<c>2015-04-01</c>), the level (1-3) of the CCG holding the CCG's area then (itself until it merges; ccgs.csv's
/// <c>area_held_by</c>). Wide, as one row per CCG-quarter would be 28 times the rows: 13.4 MB for 1,000 runs of
/// the baseline. Streamed in replication order; the batches must carry every quarter's levels (<see cref="Keeping"/>).
/// </summary>
public sealed class CcgRunsCsvWriter : IAsyncDisposable
{
    public const string FileName = "ccg_runs.csv";

    private readonly StreamWriter _writer;
    private readonly ReplicationOrder<BatchTrajectories> _order = new();
    private readonly string[] _codes;

    /// <summary>The CCG holding each CCG's area in each quarter: [quarter * CCGs + CCG].</summary>
    private readonly int[] _holders;

    private readonly int _quarters;
    private readonly char[] _row;

    /// <summary>A setup whose batches hand back every replication's level of every CCG in every quarter, which this
    /// file needs: a byte per CCG, quarter and replication more in each batch, so only when per-run output is asked for.</summary>
    public static SimulationSetup Keeping(Scenario scenario) => new(scenario) { KeptQuarters = [.. Enumerable.Range(0, scenario.Horizon.Quarters)] };

    public CcgRunsCsvWriter(ResultsFolder folder, SimulationSetup setup)
    {
        if (!setup.KeptQuarters.SequenceEqual(Enumerable.Range(0, setup.Quarters)))
            throw new ArgumentException("per-CCG output needs every quarter's levels kept (CcgRunsCsvWriter.Keeping)", nameof(setup));
        var horizon = setup.Scenario.Horizon;
        _quarters = setup.Quarters;
        _codes = [.. setup.Scenario.Population.Ccgs.Select(c => ResultsCsv.Text(c.Code))];
        _holders = new int[_quarters * setup.Ccgs];
        for (var q = 0; q < _quarters; q++)
        {
            for (var c = 0; c < setup.Ccgs; c++) _holders[q * setup.Ccgs + c] = setup.Mergers.Holder(q, c);
        }
        _row = new char[11 + 1 + _codes.Max(c => c.Length) + 2 * _quarters + 1];
        _writer = PerRunCsv.Open(folder, FileName, $"replication,ods_code,{string.Join(',', Enumerable.Range(0, _quarters).Select(q => ResultsCsv.Date(horizon[q])))}");
    }

    public async ValueTask Add(BatchTrajectories batch)
    {
        foreach (var ready in _order.Ready(batch.FirstReplication, batch.Replications, batch))
        {
            for (var r = 0; r < ready.Replications; r++)
            {
                for (var c = 0; c < _codes.Length; c++) await _writer.WriteAsync(_row.AsMemory(0, Row(ready, r, c)));
            }
        }
    }

    /// <summary>Writes replication slot <paramref name="r"/>'s row for CCG <paramref name="c"/> into the row buffer;
    /// returns its length. A level is one digit, so the cells are written as characters, not formatted.</summary>
    private int Row(BatchTrajectories batch, int r, int c)
    {
        var row = _row.AsSpan();
        (batch.FirstReplication + r).TryFormat(row, out var n, provider: CultureInfo.InvariantCulture);
        row[n++] = ',';
        _codes[c].CopyTo(row[n..]);
        n += _codes[c].Length;
        for (var q = 0; q < _quarters; q++)
        {
            row[n++] = ',';
            row[n++] = (char)('0' + batch.LevelsAt(q, r, _holders[q * _codes.Length + c]));
        }
        row[n++] = '\n';
        return n;
    }

    /// <summary>Only the replications written in order so far are kept.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
