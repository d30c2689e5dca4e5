namespace UptakeSim.Model;

/// <summary>
/// What is known of one CCG before the simulation: identity, NHSE region, local footprint and list size, and, where
/// public data give them, its 2014/15 financial position (% of allocation), whether it was under legal directions and
/// the deprivation of its population (docs/ODD.md, "Initialisation"). Unknown finance and directions are drawn.
/// </summary>
public sealed record CcgRecord(string Code, string Name, int Region, int Footprint, int RegisteredPatients)
{
    public double? Finance { get; init; }

    public bool? LegalDirections { get; init; }

    /// <summary>Deprivation of the CCG's population, standardised across the CCGs of the list (mean 0, sd 1).</summary>
    public double? Deprivation { get; init; }

    /// <summary>Its level on the first quarter where the per-CCG record gives it: it starts there in every replication.</summary>
    public byte? StartLevel { get; init; }

    /// <summary>Its LMC's stance where the record states it; drawn otherwise.</summary>
    public LmcStance? Lmc { get; init; }

    /// <summary>Where its managerial capacity stands among CCGs, in standard deviations, where a public rating places it
    /// (NHS England's 2015/16 assurance: inadequate low, outstanding high); drawn otherwise.</summary>
    public double? CapacityScore { get; init; }
}

/// <summary>The CCGs being simulated, with the names of their regions and footprints (indices into these lists).</summary>
public sealed record CcgPopulation(IReadOnlyList<CcgRecord> Ccgs, IReadOnlyList<string> Regions, IReadOnlyList<string> Footprints)
{
    public int Count => Ccgs.Count;

    /// <summary>Each CCG's position in <see cref="Ccgs"/> by its ODS code.</summary>
    public IReadOnlyDictionary<string, int> CodeIndex() =>
        Ccgs.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    public int[] RegionSizes() => Sizes(Regions.Count, c => c.Region);

    public int[] FootprintSizes() => Sizes(Footprints.Count, c => c.Footprint);

    private int[] Sizes(int groups, Func<CcgRecord, int> group)
    {
        var sizes = new int[groups];
        foreach (var ccg in Ccgs) sizes[group(ccg)]++;
        return sizes;
    }

    /// <summary>
    /// Builds a population from rows of (code, name, region, footprint, patients); regions and footprints are
    /// numbered in order of first appearance, so the same file always gives the same indices.
    /// </summary>
    public static CcgPopulation FromRows(IEnumerable<(string Code, string Name, string Region, string Footprint, int Patients)> rows)
    {
        var regions = new List<string>();
        var footprints = new List<string>();
        var ccgs = new List<CcgRecord>();
        foreach (var row in rows)
        {
            ccgs.Add(new CcgRecord(row.Code, row.Name, IndexOf(regions, row.Region), IndexOf(footprints, row.Footprint), row.Patients));
        }
        return new CcgPopulation(ccgs, regions, footprints);
    }

    private static int IndexOf(List<string> names, string name)
    {
        var index = names.IndexOf(name);
        if (index >= 0) return index;
        names.Add(name);
        return names.Count - 1;
    }

    /// <summary>
    /// A synthetic population of <paramref name="count"/> CCGs spread evenly over regions and footprints, with
    /// list sizes drawn log-normally around the 2015 median (about 230,000 patients), reproducibly from the seed.
    /// </summary>
    public static CcgPopulation Synthetic(int count, int regions, int footprints, ulong seed)
    {
        var key = KeyedRandom.ReplicationKey(seed, -1);
        var ccgs = new CcgRecord[count];
        for (var i = 0; i < count; i++)
        {
            var footprint = i % footprints;
            var patients = (int)Math.Round(230_000 * Kernel.DeterministicMath.Exp(0.5 * KeyedRandom.Normal(KeyedRandom.CcgKey(key, i), -1, DrawPurpose.ListSize)));
            ccgs[i] = new CcgRecord($"S{i + 1:D4}", $"Synthetic CCG {i + 1}", footprint % regions, footprint, patients);
        }
        return new CcgPopulation(
            ccgs,
            Enumerable.Range(1, regions).Select(r => $"Region {r}").ToArray(),
            Enumerable.Range(1, footprints).Select(f => $"Footprint {f}").ToArray());
    }
}
