using System.Diagnostics;
using Orleans.Concurrency;
using UptakeSim.Model;

namespace UptakeSim.Grains;

/// <summary>
/// Drives one batch through the model's one tick loop (<see cref="BatchSimulation"/>), its CCGs being grains: every CCG
/// grain steps against the same snapshot, and the snapshot for the next quarter is tallied only when all have
/// answered, in CCG index order, so the result never depends on which grain answered first.
/// </summary>
public sealed class ReplicationBatchGrain(IGrainFactory grains) : Grain, IReplicationBatchGrain
{
    public async Task<Immutable<BatchTrajectories>> Run(Immutable<SimulationSetup> setup, int firstReplication, int replications)
    {
        var started = Stopwatch.GetTimestamp();
        var key = this.GetPrimaryKeyString();
        var trajectories = await BatchSimulation.RunAsync(setup.Value, firstReplication, replications, async start =>
        {
            ModelTime.Since(started, "batch_start");
            var ccgs = new GrainCcgs(Enumerable.Range(0, start.Ccgs.Length).Select(c => grains.GetGrain<ICcgGrain>($"{key}/{c}")).ToArray());
            var coefficients = start.Coefficients.AsImmutable();
            await Task.WhenAll(ccgs.Grains.Select((g, c) => g.Start(setup, c, firstReplication, coefficients, start.Ccgs[c].AsImmutable())));
            return ccgs;
        }, new TallyTime());
        DeactivateOnIdle();
        return trajectories.AsImmutable();
    }

    /// <summary>A batch's CCG grains: a quarter is one call per grain, all in flight together; finished at the end.</summary>
    private sealed class GrainCcgs(ICcgGrain[] grains) : IBatchCcgs
    {
        private readonly byte[][] _levels = new byte[grains.Length][];
        private readonly Task<Immutable<byte[]>>[] _steps = new Task<Immutable<byte[]>>[grains.Length];

        public ICcgGrain[] Grains => grains;

        public async ValueTask<IReadOnlyList<byte[]>> StepAsync(int quarter, WorldSnapshot world)
        {
            var snapshot = world.AsImmutable();
            for (var c = 0; c < grains.Length; c++) _steps[c] = grains[c].Step(quarter, snapshot);
            await Task.WhenAll(_steps);
            for (var c = 0; c < grains.Length; c++) _levels[c] = _steps[c].Result.Value;
            return _levels;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Task.WhenAll(grains.Select(g => g.Finish()));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A grain that cannot be finished (its silo died) hands its state back when it is deactivated; the
                // batch's own failure, if any, is the one to report.
            }
        }
    }

    /// <summary>Records the grains' time in the world tallies (<see cref="ModelTime"/>).</summary>
    private sealed class TallyTime : IBatchObserver
    {
        private long _stepped;

        public void Started(BatchStart start)
        {
        }

        public void Stepped(int quarter) => _stepped = Stopwatch.GetTimestamp();

        public void Tallied(int quarter, IReadOnlyList<byte[]> levels, WorldSnapshot world)
        {
            if (quarter > 0) ModelTime.Since(_stepped, "tally");
        }
    }
}
