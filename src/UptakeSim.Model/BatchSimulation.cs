using System.Diagnostics;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>
/// A batch of replications run start to finish in-process: the start mix, then for each quarter every CCG steps
/// against the previous quarter's world, then the world is tallied. The Orleans engine runs the same sequence with
/// one grain per CCG; this is the plain-loop reference it must match.
/// </summary>
public static class BatchSimulation
{
    /// <param name="width">Register width of the kernel; every width gives the same results (default: the widest the CPU accelerates).</param>
    /// <param name="profile">If given, accumulates where the time went (bench).</param>
    public static BatchTrajectories Run(SimulationSetup setup, int firstReplication, int replications, LaneWidth? width = null, BatchProfile? profile = null)
    {
        var started = Stopwatch.GetTimestamp();
        var coefficients = setup.Scenario.Behaviour.Draw(setup.Seed, firstReplication, replications);
        var starts = StartMix.Assign(setup, firstReplication, replications, coefficients);
        var columns = CcgBatch.ByCoefficient(coefficients, setup.Scenario.Behaviour.Table.Count);
        var ccgs = new CcgBatch[setup.Ccgs];
        var levels = new byte[setup.Ccgs][];
        for (var c = 0; c < ccgs.Length; c++)
        {
            ccgs[c] = new CcgBatch(setup, c, firstReplication, columns, starts[c], width ?? LaneWidths.Best);
            levels[c] = ccgs[c].Level;
        }
        try
        {
            var aggregator = new WorldAggregator(setup, firstReplication, replications);
            var world = aggregator.Tally(0, levels);
            var stepped = Stopwatch.GetTimestamp();
            if (profile is not null) profile.Start += stepped - started;
            for (var q = 1; q < setup.Quarters; q++)
            {
                foreach (var ccg in ccgs) ccg.Step(q, world);
                var tallied = Stopwatch.GetTimestamp();
                world = aggregator.Tally(q, levels);
                if (profile is null) continue;
                profile.Steps += tallied - stepped;
                stepped = Stopwatch.GetTimestamp();
                profile.Tally += stepped - tallied;
            }
            return aggregator.Trajectories;
        }
        finally
        {
            foreach (var ccg in ccgs) ccg.Dispose();
        }
    }

    /// <summary>The start mix of each replication of a batch, one array per CCG (slot per replication).</summary>
    public static byte[][] StartLevelsByCcg(SimulationSetup setup, int firstReplication, int replications, double[] coefficients) =>
        StartMix.Assign(setup, firstReplication, replications, coefficients).Select(s => s.Levels).ToArray();
}

/// <summary>Where a batch's time went, in <see cref="Stopwatch"/> ticks: coefficient draws, start mix and CCG state
/// (<see cref="Start"/>), the CCGs' quarters (<see cref="Steps"/>, the kernel) and the world tallies (<see cref="Tally"/>).</summary>
public sealed class BatchProfile
{
    public long Start { get; set; }
    public long Steps { get; set; }
    public long Tally { get; set; }
}
