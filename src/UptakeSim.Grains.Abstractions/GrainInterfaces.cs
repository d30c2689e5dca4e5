using Orleans.Concurrency;
using UptakeSim.Model;

namespace UptakeSim.Grains;

/// <summary>
/// One CCG across a batch of replications (its state held as arrays, one slot per replication), keyed
/// "{run}/{first replication}/{ccg index}". Model types travel as <see cref="Immutable{T}"/>: inside a silo they are
/// shared, not copied; between silos the JSON codec carries them, but for a batch's trajectories
/// (<see cref="BatchTrajectoriesConverter"/>).
/// </summary>
public interface ICcgGrain : IGrainWithStringKey
{
    /// <param name="coefficients">The batch's coefficients by coefficient, then replication (<see cref="CcgBatch.ByCoefficient"/>).</param>
    /// <param name="start">The CCG's level and attribute draws on the first quarter (<see cref="StartMix"/>).</param>
    Task Start(Immutable<SimulationSetup> setup, int ccg, int firstReplication, Immutable<double[]> coefficients, Immutable<CcgStart> start);

    /// <summary>Advances every replication into <paramref name="quarter"/> against the previous quarter's world and
    /// returns the levels now in force, one per replication.</summary>
    Task<Immutable<byte[]>> Step(int quarter, Immutable<WorldSnapshot> world);

    Task Finish();
}

/// <summary>
/// Runs one batch of replications through the horizon: draws coefficients and the start mix, ticks every CCG grain
/// quarter by quarter behind a barrier, and tallies the world between ticks, so the client is not a round trip per
/// CCG. Keyed "{run}/{first replication}".
/// </summary>
public interface IReplicationBatchGrain : IGrainWithStringKey
{
    Task<Immutable<BatchTrajectories>> Run(Immutable<SimulationSetup> setup, int firstReplication, int replications);
}
