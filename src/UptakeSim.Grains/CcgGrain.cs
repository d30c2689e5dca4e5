using System.Diagnostics;
using Orleans.Concurrency;
using Orleans.Placement;
using UptakeSim.Model;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Grains;

/// <summary>A CCG: holds its batch state and applies the model's quarterly rules (<see cref="CcgBatch"/>).
/// Placed next to the batch grain that drives it, so the per-quarter calls stay inside one silo.</summary>
[PreferLocalPlacement]
public sealed class CcgGrain : Grain, ICcgGrain
{
    private CcgBatch? _batch;

    // Time in the kernel over the batch's steps, recorded once at Finish: one measurement per grain, not per call.
    private long _stepTicks;

    public Task Start(Immutable<SimulationSetup> setup, int ccg, int firstReplication, Immutable<double[]> coefficients, Immutable<CcgStart> start)
    {
        var started = Stopwatch.GetTimestamp();
        _batch?.Dispose();
        _batch = new CcgBatch(setup.Value, ccg, firstReplication, coefficients.Value, start.Value, LaneWidths.Best);
        ModelTime.Since(started, "ccg_start");
        return Task.CompletedTask;
    }

    public Task<Immutable<byte[]>> Step(int quarter, Immutable<WorldSnapshot> world)
    {
        var batch = _batch ?? throw new InvalidOperationException($"CCG grain {this.GetPrimaryKeyString()} stepped before it was started");
        var started = Stopwatch.GetTimestamp();
        batch.Step(quarter, world.Value);
        _stepTicks += Stopwatch.GetTimestamp() - started;
        // No copy: the batch grain tallies these levels before it asks for the next quarter, the only time they change.
        return Task.FromResult(batch.Level.AsImmutable());
    }

    /// <summary>A batch that failed never sends <see cref="Finish"/>: its state block goes back to the pool when the
    /// grain is collected.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _batch?.Dispose();
        _batch = null;
        return Task.CompletedTask;
    }

    public Task Finish()
    {
        ModelTime.Record(_stepTicks, "step");
        _batch?.Dispose();
        _batch = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
