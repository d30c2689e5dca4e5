using UptakeSim.Model;

namespace UptakeSim.Grains;

/// <summary>
/// A batch's trajectories on the wire between silos and the client: Orleans' binary encoding of their two integer
/// arrays, where the JSON that carries the other model types spent about 7 ns of the client's processor time per
/// CCG-quarter reading them (docs/performance.md). The model stays plain C#: the surrogate lives here.
/// </summary>
[GenerateSerializer]
public struct BatchTrajectoriesSurrogate
{
    [Id(0)] public int FirstReplication;
    [Id(1)] public int Replications;
    [Id(2)] public int Quarters;
    [Id(3)] public int Regions;
    [Id(4)] public int[] Counts;
    [Id(5)] public int[] PatientsDelegated;
    [Id(6)] public int Ccgs;
    [Id(7)] public int[] CcgLevels;
    [Id(8)] public byte[] KeptLevels;
}

[RegisterConverter]
public sealed class BatchTrajectoriesConverter : IConverter<BatchTrajectories, BatchTrajectoriesSurrogate>
{
    public BatchTrajectories ConvertFromSurrogate(in BatchTrajectoriesSurrogate surrogate) =>
        new(surrogate.FirstReplication, surrogate.Replications, surrogate.Quarters, surrogate.Regions, surrogate.Ccgs, surrogate.Counts, surrogate.PatientsDelegated,
            surrogate.CcgLevels)
        { KeptLevels = surrogate.KeptLevels };

    public BatchTrajectoriesSurrogate ConvertToSurrogate(in BatchTrajectories value) => new()
    {
        FirstReplication = value.FirstReplication,
        Replications = value.Replications,
        Quarters = value.Quarters,
        Regions = value.Regions,
        Counts = value.Counts,
        PatientsDelegated = value.PatientsDelegated,
        Ccgs = value.Ccgs,
        CcgLevels = value.CcgLevels,
        KeptLevels = value.KeptLevels,
    };
}
