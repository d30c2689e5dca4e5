using UptakeSim.Model;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// Per-replication output of <c>compare --keep-runs</c> (runs.csv):
/// <c>scenario,replication,scope,quarter,quarter_start,level1,level2,level3,ccgs_existing</c>, for every replication
/// (in order), scenario (in the order compared), scope (England, then each region) and quarter. Replication r is the
/// same draw in every scenario (common random numbers), so any paired difference can be taken row against row. Each
/// replication is written once every scenario has delivered it, so memory stays bounded.
/// </summary>
public sealed class ComparisonRunsCsvWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly ReplicationOrder<IReadOnlyList<BatchTrajectories>> _order = new();
    private readonly string[] _scenarios;
    private readonly string[][] _scopes;
    private readonly string[] _quarters;

    public ComparisonRunsCsvWriter(ResultsFolder folder, IReadOnlyList<SimulationSetup> setups)
    {
        _scenarios = [.. setups.Select(s => ResultsCsv.Text(s.Scenario.Name))];
        // Each scenario's own region names: the comparison requires the same CCGs, not the same file.
        _scopes = [.. setups.Select(s => new[] { ResultsCsv.England }.Concat(s.Scenario.Population.Regions.Select(ResultsCsv.Text)).ToArray())];
        _quarters = PerRunCsv.QuarterCells(setups[0].Scenario.Horizon);
        _writer = PerRunCsv.Open(folder, RunsCsvWriter.FileName, $"scenario,replication,scope,{ResultsCsv.QuarterColumns},level1,level2,level3,ccgs_existing");
    }

    /// <param name="paired">Every scenario's batch of the same replications, in scenario order.</param>
    public async ValueTask Add(IReadOnlyList<BatchTrajectories> paired)
    {
        foreach (var batches in _order.Ready(paired[0].FirstReplication, paired[0].Replications, paired))
        {
            for (var r = 0; r < batches[0].Replications; r++)
            {
                for (var s = 0; s < batches.Count; s++)
                {
                    var batch = batches[s];
                    for (var scope = 0; scope < batch.Scopes; scope++)
                    {
                        for (var q = 0; q < batch.Quarters; q++)
                        {
                            var (l1, l2, l3) = (batch.Count(r, q, scope, 1), batch.Count(r, q, scope, 2), batch.Count(r, q, scope, 3));
                            await _writer.WriteAsync($"{_scenarios[s]},{batch.FirstReplication + r},{_scopes[s][scope]},{_quarters[q]},{l1},{l2},{l3},{l1 + l2 + l3}\n");
                        }
                    }
                }
            }
        }
    }

    /// <summary>Only the replications written in order so far are kept.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
