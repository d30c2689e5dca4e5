namespace UptakeSim.Model;

/// <summary>
/// The world every CCG sees during a tick: counts of delegated CCGs at the end of the previous quarter, nationally,
/// per region and per footprint, for each replication of a batch, and the level of each CCG formed by a merger in
/// this tick (<see cref="MergedLevels"/>: [event * replications + replication]). The counts are held as doubles
/// (exact), scope by scope ([region * replications + replication]), so the kernel loads a register of them at once.
/// Read-only once built.
/// </summary>
public sealed class WorldSnapshot
{
    /// <summary>A snapshot that takes over <paramref name="counts"/>' arrays of counts (the caller has cleared them), with
    /// room for the levels of <paramref name="mergers"/> mergers.</summary>
    public WorldSnapshot(WorldSnapshot counts, int mergers)
    {
        Replications = counts.Replications;
        Regions = counts.Regions;
        Footprints = counts.Footprints;
        DelegatedNational = counts.DelegatedNational;
        DelegatedByRegion = counts.DelegatedByRegion;
        DelegatedByFootprint = counts.DelegatedByFootprint;
        MergedLevels = mergers == 0 ? [] : new byte[Replications * mergers];
    }

    public WorldSnapshot(int replications, int regions, int footprints, int mergers = 0)
    {
        Replications = replications;
        Regions = regions;
        Footprints = footprints;
        DelegatedNational = new double[replications];
        DelegatedByRegion = new double[regions * replications];
        DelegatedByFootprint = new double[footprints * replications];
        MergedLevels = new byte[replications * mergers];
    }

    public int Replications { get; }
    public int Regions { get; }
    public int Footprints { get; }
    public double[] DelegatedNational { get; init; }
    public double[] DelegatedByRegion { get; init; }
    public double[] DelegatedByFootprint { get; init; }
    public byte[] MergedLevels { get; init; }
}

/// <summary>
/// The levels of the CCGs that exist, per replication and quarter, nationally (scope 0) and per region (scope 1..R),
/// and the share of registered patients covered by a delegated CCG in tenths of a percent: what a batch of
/// replications hands back to the runner. Layout of <see cref="Counts"/>: ((replication * quarters + quarter) * scopes
/// + scope) * 3 + level - 1; of <see cref="PatientsDelegated"/>: replication * quarters + quarter.
/// </summary>
public sealed class BatchTrajectories
{
    public const int PerMille = 1000;

    public BatchTrajectories(int firstReplication, int replications, int quarters, int regions, int ccgs, int[]? counts = null, int[]? patientsDelegated = null,
        int[]? ccgLevels = null)
    {
        FirstReplication = firstReplication;
        Replications = replications;
        Quarters = quarters;
        Regions = regions;
        Counts = counts ?? new int[replications * quarters * Scopes * Levels.Count];
        if (Counts.Length != replications * quarters * Scopes * Levels.Count)
            throw new ArgumentException("counts do not match the batch's shape", nameof(counts));
        PatientsDelegated = patientsDelegated ?? new int[replications * quarters];
        if (PatientsDelegated.Length != replications * quarters)
            throw new ArgumentException("patient shares do not match the batch's shape", nameof(patientsDelegated));
        Ccgs = ccgs;
        CcgLevels = ccgLevels ?? new int[ccgs * quarters * (Levels.Count + 1)];
        if (CcgLevels.Length != ccgs * quarters * (Levels.Count + 1))
            throw new ArgumentException("CCG levels do not match the batch's shape", nameof(ccgLevels));
    }

    public int FirstReplication { get; }
    public int Replications { get; }
    public int Quarters { get; }
    public int Regions { get; }
    public int Scopes => Regions + 1;
    public int[] Counts { get; }
    public int[] PatientsDelegated { get; }
    public int Ccgs { get; }

    /// <summary>For each CCG of the list and quarter, how many of the batch's replications had it at level 0 (merged into
    /// another), 1, 2 and 3: at ((ccg * quarters + quarter) * 4 + level).</summary>
    public int[] CcgLevels { get; }

    /// <summary>Every replication's level of every CCG in each of the setup's kept quarters
    /// (<see cref="SimulationSetup.KeptQuarters"/>): at ((kept * replications + replication) * CCGs + CCG); empty otherwise.</summary>
    public byte[] KeptLevels { get; init; } = [];

    /// <summary>The level of CCG <paramref name="ccg"/> in replication slot <paramref name="replication"/> at the
    /// <paramref name="kept"/>-th kept quarter.</summary>
    public byte LevelsAt(int kept, int replication, int ccg) => KeptLevels[(kept * Replications + replication) * Ccgs + ccg];

    /// <summary>CCGs that exist in a quarter of a replication (each is at exactly one level).</summary>
    public int Existing(int replication, int quarter) =>
        Count(replication, quarter, 0, 1) + Count(replication, quarter, 0, 2) + Count(replication, quarter, 0, 3);

    public int Index(int replication, int quarter, int scope, int level) =>
        ((replication * Quarters + quarter) * Scopes + scope) * Levels.Count + level - 1;

    public int Count(int replication, int quarter, int scope, int level) => Counts[Index(replication, quarter, scope, level)];
}

/// <summary>
/// World aggregation (docs/ODD.md, "Process overview"): after each tick, counts the CCGs that exist at each level
/// nationally, per region and per footprint, and the share of registered patients whose CCG is delegated. The counts
/// feed the next tick's peer term and form the trajectory. For the mergers of the next tick it sets each new CCG's
/// level: the level under which most of its predecessors' registered patients were (ties to the higher level).
/// CCGs are visited in index order, so the result does not depend on the order in which their levels arrived.
/// </summary>
public sealed class WorldAggregator
{
    private readonly SimulationSetup _setup;

    // Two snapshots in turn: the one tallied now is read through the next tick, and the one before it by nobody once
    // that tick has begun (every step of a tick ends before the next tally), so a run allocates two, not one a quarter.
    private readonly WorldSnapshot[] _snapshots;

    public WorldAggregator(SimulationSetup setup, int firstReplication, int replications)
    {
        _setup = setup;
        Trajectories = new BatchTrajectories(firstReplication, replications, setup.Quarters, setup.Regions, setup.Ccgs)
        {
            KeptLevels = new byte[setup.KeptQuarters.Length * replications * setup.Ccgs],
        };
        _snapshots = [new WorldSnapshot(replications, setup.Regions, setup.Footprints), new WorldSnapshot(replications, setup.Regions, setup.Footprints)];
    }

    public BatchTrajectories Trajectories { get; }

    /// <param name="levelsByCcg">For each CCG in index order, its level in each replication of the batch (0 once it
    /// has merged into another).</param>
    /// <returns>The world for the next tick; valid until the tally after next.</returns>
    public WorldSnapshot Tally(int quarter, IReadOnlyList<byte[]> levelsByCcg)
    {
        var t = Trajectories;
        var plan = _setup.Mergers;
        var next = quarter + 1 < _setup.Quarters ? plan.Events[quarter + 1] : [];
        var reused = _snapshots[quarter % 2];
        Array.Clear(reused.DelegatedNational);
        Array.Clear(reused.DelegatedByRegion);
        Array.Clear(reused.DelegatedByFootprint);
        var snapshot = _snapshots[quarter % 2] = new WorldSnapshot(reused, next.Length);
        var ccgs = _setup.Scenario.Population.Ccgs;
        var counts = t.Counts;
        var patientsDelegated = new long[t.Replications];
        var rowStride = t.Quarters * t.Scopes * Levels.Count;
        var national = snapshot.DelegatedNational;
        var byRegion = snapshot.DelegatedByRegion;
        var byFootprint = snapshot.DelegatedByFootprint;
        var ccgLevels = t.CcgLevels;
        var kept = Array.IndexOf(_setup.KeptQuarters, quarter);
        if (kept >= 0)
        {
            for (var c = 0; c < levelsByCcg.Count; c++)
            {
                for (var r = 0; r < t.Replications; r++) t.KeptLevels[(kept * t.Replications + r) * t.Ccgs + c] = levelsByCcg[c][r];
            }
        }
        for (var c = 0; c < levelsByCcg.Count; c++)
        {
            var perCcg = (c * t.Quarters + quarter) * (Levels.Count + 1);
            if (!plan.Exists(quarter, c))
            {
                ccgLevels[perCcg] += t.Replications;
                continue;
            }
            var levels = levelsByCcg[c];
            var inRegion = (ccgs[c].Region + 1) * Levels.Count;
            var regionRow = ccgs[c].Region * t.Replications;
            var footprintRow = ccgs[c].Footprint * t.Replications;
            long patients = plan.Patients[quarter * plan.Ccgs + c];
            // Branch-free: whether a CCG is delegated is a coin toss to the branch predictor.
            var count = t.Index(0, quarter, 0, Levels.GreaterInvolvement) - Levels.GreaterInvolvement;
            for (var r = 0; r < levels.Length; r++, count += rowStride)
            {
                var level = levels[r];
                ccgLevels[perCcg + level]++;
                counts[count + level]++;
                counts[count + inRegion + level]++;
                var delegated = level == Levels.Delegated ? 1 : 0;
                national[r] += delegated;
                byRegion[regionRow + r] += delegated;
                byFootprint[footprintRow + r] += delegated;
                patientsDelegated[r] += patients & -delegated;
            }
        }
        for (var r = 0; r < t.Replications; r++)
        {
            t.PatientsDelegated[r * t.Quarters + quarter] = (int)Math.Round(BatchTrajectories.PerMille * (double)patientsDelegated[r] / plan.TotalPatients);
        }
        Span<long> weight = stackalloc long[Levels.Count + 1];
        var allDelegated = _setup.Scenario.Mergers.Level == MergedLevel.Delegated;
        for (var e = 0; e < next.Length; e++)
        {
            for (var r = 0; r < t.Replications; r++)
            {
                if (allDelegated)
                {
                    snapshot.MergedLevels[e * t.Replications + r] = Levels.Delegated;
                    continue;
                }
                weight.Clear();
                foreach (var m in next[e].Members) weight[levelsByCcg[m][r]] += plan.Patients[quarter * plan.Ccgs + m];
                byte merged = Levels.Delegated;
                for (var level = Levels.Delegated - 1; level >= Levels.GreaterInvolvement; level--)
                {
                    if (weight[level] > weight[merged]) merged = (byte)level;
                }
                snapshot.MergedLevels[e * t.Replications + r] = merged;
            }
        }
        return snapshot;
    }
}
