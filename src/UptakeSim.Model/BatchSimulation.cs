namespace UptakeSim.Model;

/// <summary>
/// A batch of replications run start to finish in-process: the start mix, then for each quarter every CCG steps
/// against the previous quarter's world, then the world is tallied. The Orleans engine runs the same sequence with
/// one grain per CCG; this is the plain-loop reference it must match.
/// </summary>
public static class BatchSimulation
{
    public static BatchTrajectories Run(SimulationSetup setup, int firstReplication, int replications)
    {
        var coefficients = setup.Scenario.Behaviour.Draw(setup.Seed, firstReplication, replications);
        var startLevels = StartLevelsByCcg(setup, firstReplication, replications, coefficients);
        var ccgs = new CcgBatch[setup.Ccgs];
        var levels = new byte[setup.Ccgs][];
        for (var c = 0; c < ccgs.Length; c++)
        {
            ccgs[c] = new CcgBatch(setup, c, firstReplication, coefficients, startLevels[c]);
            levels[c] = ccgs[c].Level;
        }
        var aggregator = new WorldAggregator(setup, firstReplication, replications);
        var world = aggregator.Tally(0, levels);
        for (var q = 1; q < setup.Quarters; q++)
        {
            foreach (var ccg in ccgs) ccg.Step(q, world);
            world = aggregator.Tally(q, levels);
        }
        return aggregator.Trajectories;
    }

    /// <summary>The start mix of each replication of a batch, transposed to one array per CCG (slot per replication).</summary>
    public static byte[][] StartLevelsByCcg(SimulationSetup setup, int firstReplication, int replications, double[] coefficients)
    {
        var byCcg = new byte[setup.Ccgs][];
        for (var c = 0; c < byCcg.Length; c++) byCcg[c] = new byte[replications];
        for (var r = 0; r < replications; r++)
        {
            var count = setup.Scenario.Behaviour.Table.Count;
            var mix = StartMix.Assign(setup, firstReplication + r, coefficients.AsSpan(r * count, count));
            for (var c = 0; c < mix.Length; c++) byCcg[c][r] = mix[c];
        }
        return byCcg;
    }
}
