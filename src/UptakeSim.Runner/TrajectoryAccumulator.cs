using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>Mean and nearest-rank percentiles of a count (or a difference of counts) across replications.</summary>
public readonly record struct Band(double Mean, int P05, int P25, int P50, int P75, int P95)
{
    /// <summary>Bands of an exact histogram whose bin i holds the value i + <paramref name="offset"/>.</summary>
    public static Band FromHistogram(ReadOnlySpan<long> histogram, long sum, long count, int offset = 0) => new(
        count == 0 ? double.NaN : (double)sum / count,
        TrajectoryAccumulator.Percentile(histogram, 0.05) + offset,
        TrajectoryAccumulator.Percentile(histogram, 0.25) + offset,
        TrajectoryAccumulator.Percentile(histogram, 0.50) + offset,
        TrajectoryAccumulator.Percentile(histogram, 0.75) + offset,
        TrajectoryAccumulator.Percentile(histogram, 0.95) + offset);
}

/// <summary>
/// Streaming aggregation across replications with memory that does not grow with their number: counts of CCGs are
/// integers 0..N, so an exact histogram per (quarter, scope, level) gives exact means and percentiles whatever the
/// order in which batches arrive (<see cref="ExactHistogram"/>, kept over the values seen). Scope 0 is England, scope
/// 1..R the regions. The share of registered patients covered by a delegated CCG is kept the same way, in tenths of a percent.
/// </summary>
public sealed class TrajectoryAccumulator
{
    public static readonly double[] MilestoneShares = [0.5, 0.9];

    private readonly ExactHistogram[] _counts;
    private readonly ExactHistogram[] _patients;
    private readonly long[][] _milestones;

    /// <summary>For each CCG of the list and quarter, replications at level 0 (merged) to 3 (<see cref="BatchTrajectories.CcgLevels"/>).</summary>
    private readonly long[] _ccgLevels;

    public TrajectoryAccumulator(SimulationSetup setup)
    {
        Quarters = setup.Quarters;
        Scopes = setup.Regions + 1;
        Ccgs = setup.Ccgs;
        _counts = New(Quarters * Scopes * Levels.Count);
        _patients = New(Quarters);
        _milestones = MilestoneShares.Select(_ => new long[Quarters + 1]).ToArray();
        _ccgLevels = new long[Ccgs * Quarters * (Levels.Count + 1)];
    }

    private static ExactHistogram[] New(int count) => Enumerable.Range(0, count).Select(_ => new ExactHistogram()).ToArray();

    public int Quarters { get; }
    public int Scopes { get; }
    public int Ccgs { get; }
    public long Runs { get; private set; }

    public void Add(BatchTrajectories batch)
    {
        for (var r = 0; r < batch.Replications; r++)
        {
            for (var q = 0; q < Quarters; q++)
            {
                for (var s = 0; s < Scopes; s++)
                {
                    for (var level = 1; level <= Levels.Count; level++) _counts[(q * Scopes + s) * Levels.Count + level - 1].Add(batch.Count(r, q, s, level));
                }
                _patients[q].Add(batch.PatientsDelegated[r * batch.Quarters + q]);
            }
            for (var m = 0; m < MilestoneShares.Length; m++) _milestones[m][FirstQuarterReaching(batch, r, MilestoneShares[m])]++;
        }
        for (var i = 0; i < _ccgLevels.Length; i++) _ccgLevels[i] += batch.CcgLevels[i];
        Runs += batch.Replications;
    }

    /// <summary>First quarter index in which at least <paramref name="share"/> of the CCGs that exist are delegated, or
    /// the number of quarters when never reached. Compared in integers so that 50% of 209 means 105 CCGs.</summary>
    public static int FirstQuarterReaching(BatchTrajectories batch, int r, double share)
    {
        for (var q = 0; q < batch.Quarters; q++)
        {
            if (batch.Count(r, q, 0, Levels.Delegated) >= (int)Math.Ceiling(share * batch.Existing(r, q) - 1e-9)) return q;
        }
        return batch.Quarters;
    }

    /// <summary>Saves the exact state (a resumed run continues from the same integers, so its results are identical).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Runs);
        foreach (var histogram in _counts.Concat(_patients)) histogram.WriteTo(writer);
        foreach (var milestone in _milestones)
        {
            foreach (var count in milestone) writer.Write(count);
        }
        foreach (var count in _ccgLevels) writer.Write(count);
    }

    /// <summary>The largest state <see cref="WriteTo"/> writes, in bytes.</summary>
    public long StateBytes => 8 + _counts.Length * ExactHistogram.MaxStateBytes(0, Ccgs) + _patients.Length * ExactHistogram.MaxStateBytes(0, BatchTrajectories.PerMille)
        + 8L * _milestones.Sum(m => m.Length) + 8L * _ccgLevels.Length;

    /// <summary>Reads a state saved by <see cref="WriteTo"/> and checks that it could have come from replications: every
    /// count non-negative, every value possible, and every histogram holding exactly <see cref="Runs"/> replications.
    /// Returns what is wrong, or null.</summary>
    public string? ReadFrom(BinaryReader reader)
    {
        Runs = reader.ReadInt64();
        if (Runs < 0) return $"{Runs} replications saved";
        foreach (var histogram in _counts)
        {
            if (histogram.ReadFrom(reader, 0, Ccgs) is { } problem) return problem;
            if (histogram.Count != Runs) return "CCG counts that do not add up to the replications saved";
        }
        foreach (var histogram in _patients)
        {
            if (histogram.ReadFrom(reader, 0, BatchTrajectories.PerMille) is { } problem) return problem;
            if (histogram.Count != Runs) return "patient shares that do not add up to the replications saved";
        }
        foreach (var milestone in _milestones)
        {
            for (var i = 0; i < milestone.Length; i++) milestone[i] = reader.ReadInt64();
        }
        if (_milestones.Any(m => m.Any(c => c < 0))) return "a negative count";
        if (_milestones.Any(m => m.Sum() != Runs)) return "milestones that do not add up to the replications saved";
        for (var i = 0; i < _ccgLevels.Length; i++) _ccgLevels[i] = reader.ReadInt64();
        for (var cell = 0; cell < _ccgLevels.Length; cell += Levels.Count + 1)
        {
            var levels = _ccgLevels.AsSpan(cell, Levels.Count + 1);
            if (levels.ToArray().Any(c => c < 0) || levels.ToArray().Sum() != Runs) return "CCG levels that do not add up to the replications saved";
        }
        return null;
    }

    /// <summary>The share of replications in which CCG <paramref name="ccg"/> of the list was at <paramref name="level"/>
    /// (0: merged into another) in <paramref name="quarter"/>.</summary>
    public double CcgShare(int ccg, int quarter, int level) =>
        Runs == 0 ? double.NaN : (double)_ccgLevels[(ccg * Quarters + quarter) * (Levels.Count + 1) + level] / Runs;

    public Band Stats(int quarter, int scope, int level) => _counts[(quarter * Scopes + scope) * Levels.Count + level - 1].Band();

    /// <summary>Share of registered patients covered by a delegated CCG in <paramref name="quarter"/>, in tenths of a percent.</summary>
    public Band PatientsDelegated(int quarter) => _patients[quarter].Band();

    /// <summary>Histogram over quarter index of first reaching <see cref="MilestoneShares"/>[m]; the last bin counts
    /// replications that never did within the horizon.</summary>
    public ReadOnlySpan<long> Milestone(int m) => _milestones[m];

    /// <summary>Nearest-rank percentile: the smallest value with at least ceil(p * n) observations at or below it.</summary>
    public static int Percentile(ReadOnlySpan<long> histogram, double p)
    {
        long n = 0;
        foreach (var c in histogram) n += c;
        if (n == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(p * n - 1e-9));
        long cumulative = 0;
        for (var v = 0; v < histogram.Length; v++)
        {
            cumulative += histogram[v];
            if (cumulative >= rank) return v;
        }
        return histogram.Length - 1;
    }
}
