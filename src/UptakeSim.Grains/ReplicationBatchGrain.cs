using System.Diagnostics;
using Orleans.Concurrency;
using UptakeSim.Model;

namespace UptakeSim.Grains;

/// <summary>
/// Drives one batch: the synchronous tick with a barrier (docs/ODD.md, "Process overview and scheduling"). Every CCG grain steps against the same
/// snapshot; the snapshot for the next quarter is tallied only when all have answered, in CCG index order, so the
/// result never depends on which grain answered first.
/// </summary>
public sealed class ReplicationBatchGrain(IGrainFactory grains) : Grain, IReplicationBatchGrain
{
    public async Task<Immutable<BatchTrajectories>> Run(Immutable<SimulationSetup> setup, int firstReplication, int replications)
    {
        var s = setup.Value;
        var started = Stopwatch.GetTimestamp();
        var rows = s.Scenario.Behaviour.Draw(s.Seed, firstReplication, replications);
        var starts = StartMix.Assign(s, firstReplication, replications, rows);
        var coefficients = CcgBatch.ByCoefficient(rows, s.Scenario.Behaviour.Table.Count).AsImmutable();
        ModelTime.Since(started, "batch_start");
        var key = this.GetPrimaryKeyString();
        var ccgs = new ICcgGrain[s.Ccgs];
        for (var c = 0; c < ccgs.Length; c++) ccgs[c] = grains.GetGrain<ICcgGrain>($"{key}/{c}");

        await Task.WhenAll(ccgs.Select((g, c) => g.Start(setup, c, firstReplication, coefficients, starts[c].AsImmutable())));
        var aggregator = new WorldAggregator(s, firstReplication, replications);
        var world = aggregator.Tally(0, starts.Select(start => start.Levels).ToArray());
        var levels = new byte[ccgs.Length][];
        var steps = new Task<Immutable<byte[]>>[ccgs.Length];
        for (var q = 1; q < s.Quarters; q++)
        {
            var snapshot = world.AsImmutable();
            for (var c = 0; c < ccgs.Length; c++) steps[c] = ccgs[c].Step(q, snapshot);
            await Task.WhenAll(steps);
            for (var c = 0; c < ccgs.Length; c++) levels[c] = steps[c].Result.Value;
            var tallying = Stopwatch.GetTimestamp();
            world = aggregator.Tally(q, levels);
            ModelTime.Since(tallying, "tally");
        }
        await Task.WhenAll(ccgs.Select(g => g.Finish()));
        DeactivateOnIdle();
        return aggregator.Trajectories.AsImmutable();
    }
}
