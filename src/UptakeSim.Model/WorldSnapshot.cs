namespace UptakeSim.Model;

/// <summary>
/// The world every CCG sees during a tick: counts of delegated CCGs at the end of the previous quarter, nationally,
/// per region and per footprint, for each replication of a batch. Read-only once built.
/// </summary>
public sealed class WorldSnapshot
{
    public WorldSnapshot(int replications, int regions, int footprints)
    {
        Replications = replications;
        Regions = regions;
        Footprints = footprints;
        DelegatedNational = new int[replications];
        DelegatedByRegion = new int[replications * regions];
        DelegatedByFootprint = new int[replications * footprints];
    }

    public int Replications { get; }
    public int Regions { get; }
    public int Footprints { get; }
    public int[] DelegatedNational { get; init; }
    public int[] DelegatedByRegion { get; init; }
    public int[] DelegatedByFootprint { get; init; }
}

/// <summary>
/// The levels of every CCG, per replication and quarter, nationally (scope 0) and per region (scope 1..R): what a
/// batch of replications hands back to the runner. Layout: ((replication * quarters + quarter) * scopes + scope) * 3 + level - 1.
/// </summary>
public sealed class BatchTrajectories
{
    public BatchTrajectories(int firstReplication, int replications, int quarters, int regions, int[]? counts = null)
    {
        FirstReplication = firstReplication;
        Replications = replications;
        Quarters = quarters;
        Regions = regions;
        Counts = counts ?? new int[replications * quarters * Scopes * Levels.Count];
        if (Counts.Length != replications * quarters * Scopes * Levels.Count)
            throw new ArgumentException("counts do not match the batch's shape", nameof(counts));
    }

    public int FirstReplication { get; }
    public int Replications { get; }
    public int Quarters { get; }
    public int Regions { get; }
    public int Scopes => Regions + 1;
    public int[] Counts { get; }

    public int Index(int replication, int quarter, int scope, int level) =>
        ((replication * Quarters + quarter) * Scopes + scope) * Levels.Count + level - 1;

    public int Count(int replication, int quarter, int scope, int level) => Counts[Index(replication, quarter, scope, level)];
}

/// <summary>
/// World aggregation (MODEL.md): after each tick, counts the CCGs at each level nationally, per region and per
/// footprint. The counts feed the next tick's peer term and form the trajectory. CCGs are visited in index order,
/// so the result does not depend on the order in which their levels arrived.
/// </summary>
public sealed class WorldAggregator
{
    private readonly SimulationSetup _setup;

    public WorldAggregator(SimulationSetup setup, int firstReplication, int replications)
    {
        _setup = setup;
        Trajectories = new BatchTrajectories(firstReplication, replications, setup.Quarters, setup.Regions);
    }

    public BatchTrajectories Trajectories { get; }

    /// <param name="levelsByCcg">For each CCG in index order, its level in each replication of the batch.</param>
    public WorldSnapshot Tally(int quarter, IReadOnlyList<byte[]> levelsByCcg)
    {
        var t = Trajectories;
        var snapshot = new WorldSnapshot(t.Replications, _setup.Regions, _setup.Footprints);
        var ccgs = _setup.Scenario.Population.Ccgs;
        var counts = t.Counts;
        for (var c = 0; c < levelsByCcg.Count; c++)
        {
            var levels = levelsByCcg[c];
            var region = ccgs[c].Region;
            var footprint = ccgs[c].Footprint;
            for (var r = 0; r < levels.Length; r++)
            {
                var level = levels[r];
                var national = t.Index(r, quarter, 0, level);
                counts[national]++;
                counts[national + (region + 1) * Levels.Count]++;
                if (level == Levels.Delegated)
                {
                    snapshot.DelegatedNational[r]++;
                    snapshot.DelegatedByRegion[r * snapshot.Regions + region]++;
                    snapshot.DelegatedByFootprint[r * snapshot.Footprints + footprint]++;
                }
            }
        }
        return snapshot;
    }
}
