using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>How an engine holds a batch's CCGs: in this process (<see cref="CcgBatch"/> objects), or as Orleans grains.
/// The tick loop (<see cref="BatchSimulation"/>) is the same for both.</summary>
public interface IBatchCcgs : IAsyncDisposable
{
    /// <summary>Advances every CCG into <paramref name="quarter"/> against the previous quarter's world; returns each
    /// CCG's levels now in force (one per replication), valid until the next step.</summary>
    ValueTask<IReadOnlyList<byte[]>> StepAsync(int quarter, WorldSnapshot world);
}

/// <summary>What a batch's start hands an engine to create its CCGs: the drawn coefficients (by coefficient, then
/// replication) and each CCG's first quarter.</summary>
public sealed record BatchStart(SimulationSetup Setup, int FirstReplication, double[] Coefficients, CcgStart[] Ccgs);

/// <summary>Sees a batch as it goes: where the time went (<c>bench</c>'s profile), each quarter's world (tests).</summary>
public interface IBatchObserver
{
    /// <summary>The coefficients are drawn, the start mix assigned and the CCGs created.</summary>
    void Started(BatchStart start);

    /// <summary>Every CCG has stepped into <paramref name="quarter"/>; the world is tallied next.</summary>
    void Stepped(int quarter);

    /// <summary>Every CCG has stepped into <paramref name="quarter"/> (0: the start) and the world has been tallied.</summary>
    void Tallied(int quarter, IReadOnlyList<byte[]> levels, WorldSnapshot world);
}

/// <summary>
/// The one tick loop of a batch of replications (docs/ODD.md, "Process overview and scheduling"): draw the
/// coefficients and the start mix, create the CCGs, then for each quarter step every CCG against the previous
/// quarter's world (a barrier) and tally the world in CCG index order, so the result never depends on which CCG
/// answered first. Every engine runs it: the reference kernel with in-process CCGs (<see cref="Run"/>), the Orleans
/// engine with one grain per CCG.
/// </summary>
public static class BatchSimulation
{
    public static async ValueTask<BatchTrajectories> RunAsync(SimulationSetup setup, int firstReplication, int replications,
        Func<BatchStart, ValueTask<IBatchCcgs>> create, IBatchObserver? observer = null)
    {
        var rows = setup.Scenario.Behaviour.Draw(setup.Seed, firstReplication, replications);
        var starts = StartMix.Assign(setup, firstReplication, replications, rows);
        var start = new BatchStart(setup, firstReplication, CcgBatch.ByCoefficient(rows, setup.Scenario.Behaviour.Table.Count), starts);
        await using var ccgs = await create(start);
        observer?.Started(start);
        var aggregator = new WorldAggregator(setup, firstReplication, replications);
        IReadOnlyList<byte[]> levels = starts.Select(s => s.Levels).ToArray();
        var world = aggregator.Tally(0, levels);
        observer?.Tallied(0, levels, world);
        for (var q = 1; q < setup.Quarters; q++)
        {
            levels = await ccgs.StepAsync(q, world);
            observer?.Stepped(q);
            world = aggregator.Tally(q, levels);
            observer?.Tallied(q, levels, world);
        }
        return aggregator.Trajectories;
    }

    /// <summary>A batch run in this process on one thread (the reference kernel), at <paramref name="width"/> (default:
    /// the widest the CPU accelerates; every width gives the same results).</summary>
    public static BatchTrajectories Run(SimulationSetup setup, int firstReplication, int replications, LaneWidth? width = null, IBatchObserver? observer = null)
    {
        var run = RunAsync(setup, firstReplication, replications, start => ValueTask.FromResult<IBatchCcgs>(new CcgBatches(start, width ?? LaneWidths.Best)), observer);
        // Every step completes synchronously in process.
        return run.IsCompletedSuccessfully ? run.Result : run.AsTask().GetAwaiter().GetResult();
    }

}

/// <summary>The CCGs of a batch as <see cref="CcgBatch"/> objects in this process, stepped one after another on one
/// thread (the reference kernel; an observer may inspect them between quarters).</summary>
public sealed class CcgBatches : IBatchCcgs
{
    private readonly CcgBatch[] _ccgs;
    private readonly byte[][] _levels;

    public CcgBatches(BatchStart start, LaneWidth width)
    {
        _ccgs = new CcgBatch[start.Ccgs.Length];
        _levels = new byte[_ccgs.Length][];
        try
        {
            for (var c = 0; c < _ccgs.Length; c++)
            {
                _ccgs[c] = new CcgBatch(start.Setup, c, start.FirstReplication, start.Coefficients, start.Ccgs[c], width);
                _levels[c] = _ccgs[c].Level;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<CcgBatch> Ccgs => _ccgs;

    public ValueTask<IReadOnlyList<byte[]>> StepAsync(int quarter, WorldSnapshot world)
    {
        foreach (var ccg in _ccgs) ccg.Step(quarter, world);
        return ValueTask.FromResult<IReadOnlyList<byte[]>>(_levels);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Dispose()
    {
        foreach (var ccg in _ccgs) ccg?.Dispose();
    }
}
