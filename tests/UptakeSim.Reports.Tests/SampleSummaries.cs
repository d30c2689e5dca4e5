using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Reports.Tests;

/// <summary>Small hand-made summaries: 10 CCGs over 8 quarters in two regions (6 and 4 CCGs).</summary>
internal static class SampleSummaries
{
    public const int Ccgs = 10;
    public const string Reference = "baseline";
    public const string Fast = "fast <push> & go";
    public const string Slow = "slow";

    public static readonly string[] Quarters = ["2015Q1", "2015Q2", "2015Q3", "2015Q4", "2016Q1", "2016Q2", "2016Q3", "2016Q4"];

    private static readonly int[] BaselineDelegated = [0, 1, 2, 4, 5, 7, 8, 9];
    private static readonly int[] FastDelegated = [1, 3, 5, 7, 8, 9, 10, 10];
    private static readonly int[] SlowDelegated = [0, 0, 1, 2, 3, 4, 5, 6];

    public static ComparisonSummary Comparison(bool partial = false)
    {
        var baseline = Run(Reference, "Observed policy.", BaselineDelegated, partial);
        var fast = Run(Fast, "Mandate <now> & support.", FastDelegated, partial);
        var slow = Run(Slow, "No push after 2015.", SlowDelegated, partial);
        return new ComparisonSummary(Reference, 200, 7, partial, [baseline, fast, slow],
            [Compare(Fast, FastDelegated), Compare(Slow, SlowDelegated)]);
    }

    /// <summary>The reference and <paramref name="others"/> sweep members, named as sweeps name them, each a little faster than the last.</summary>
    public static ComparisonSummary Sweep(int others)
    {
        var members = Enumerable.Range(1, others)
            .Select(k => (Name: $"mandate-sweep[policy.mandate=2016Q{k}]", Delegated: BaselineDelegated.Select(d => Math.Min(Ccgs, d + k % 3)).ToArray()))
            .ToArray();
        return new ComparisonSummary(Reference, 200, 7, false,
            [Run(Reference, "Observed policy.", BaselineDelegated, false), .. members.Select(m => Run(m.Name, "A sweep member.", m.Delegated, false))],
            members.Select(m => Compare(m.Name, m.Delegated)).ToArray());
    }

    /// <summary>The CCGs existing in North and South in each of the 8 quarters of <see cref="Merging"/>: mergers cut
    /// them from 6 to 4 and from 4 to 3 (England from 10 to 7).</summary>
    public static readonly int[] NorthCcgs = [6, 6, 6, 5, 5, 5, 5, 4];
    public static readonly int[] SouthCcgs = [4, 4, 4, 4, 4, 3, 3, 3];

    /// <summary>
    /// The reference and <paramref name="others"/> what-ifs over 8 quarters in which mergers cut the CCGs existing from 10
    /// to 7 (<see cref="NorthCcgs"/>, <see cref="SouthCcgs"/>): what-if k delegates k more CCGs in each region than the
    /// reference, as far as the region has CCGs. The share of patients delegated runs a little ahead of the CCGs'.
    /// </summary>
    public static ComparisonSummary Merging(int others)
    {
        int[] Delegated(int[] ccgs, int k) => ccgs.Select((n, q) => Math.Min(n, q * n / 8 + k)).ToArray();
        var members = Enumerable.Range(0, others + 1).Select(k =>
        {
            var north = Delegated(NorthCcgs, k);
            var south = Delegated(SouthCcgs, k);
            var england = north.Select((d, q) => d + south[q]).ToArray();
            var ccgs = NorthCcgs.Select((n, q) => n + SouthCcgs[q]).ToArray();
            var half = Enumerable.Range(0, Quarters.Length).FirstOrDefault(q => 2 * england[q] >= ccgs[q], -1);
            return new RunSummary(k == 0 ? Reference : $"merge-{k}", "Mergers from 2015Q4.", 200, 7, Ccgs, false,
                england.Select((d, q) => Row(q, d, ccgs[q])).ToArray(),
                [("North", north.Select((d, q) => Row(q, d, NorthCcgs[q])).ToArray()), ("South", south.Select((d, q) => Row(q, d, SouthCcgs[q])).ToArray())],
                [Reached(0.5, half), Reached(0.9, -1)])
            {
                PatientsDelegated = england.Select((d, q) => new Band(Math.Min(1000, 1000.0 * (d + 0.5) / ccgs[q]), 0, 0, 0, 0, 1000)).ToArray(),
            };
        }).ToArray();
        QuarterRow Gap(string quarter, double gap) =>
            new(quarter, new Band(-gap, 0, 0, 0, 0, 0), new Band(0, 0, 0, 0, 0, 0), new Band(gap, (int)gap - 2, (int)gap - 1, (int)gap, (int)gap + 1, (int)gap + 2));
        IReadOnlyList<QuarterRow> Gaps(IReadOnlyList<QuarterRow> member, IReadOnlyList<QuarterRow> reference) =>
            member.Select((row, q) => Gap(row.Quarter, row.Level3.Mean - reference[q].Level3.Mean)).ToArray();
        var comparisons = members.Skip(1).Select(m => new ScenarioComparison(m.Scenario, Reference, Gaps(m.England, members[0].England), [])
        {
            Regions = m.Regions.Select((r, i) => (r.Region, Gaps(r.Quarters, members[0].Regions[i].Quarters))).ToArray(),
        }).ToArray();
        return new ComparisonSummary(Reference, 200, 7, false, members, comparisons);
    }

    public static ComparisonSummary Single() =>
        new(Reference, 200, 7, false, [Run(Reference, "Observed policy.", BaselineDelegated, false)], []);

    public static IReadOnlyDictionary<string, string> Yaml(ComparisonSummary summary) =>
        summary.Scenarios.ToDictionary(s => s.Scenario, s => $"name: \"{s.Scenario}\"\nseed: 7\nnote: <b>not markup</b>\n");

    /// <summary>A count c of CCGs with bands c-2, c-1, c, c+1, c+2 clipped to 0..n.</summary>
    private static Band Count(int c, int n) =>
        new(c, Math.Max(0, c - 2), Math.Max(0, c - 1), c, Math.Min(n, c + 1), Math.Min(n, c + 2));

    private static QuarterRow Row(int quarter, int delegated, int n) => Row(Quarters[quarter], delegated, n);

    private static QuarterRow Row(string quarter, int delegated, int n)
    {
        var joint = Math.Min(2, n - delegated);
        return new QuarterRow(quarter, Count(n - delegated - joint, n), Count(joint, n), Count(delegated, n));
    }

    /// <summary>
    /// The real shape: 209 CCGs in four regions over 28 quarters (2015Q1 to 2021Q4), the reference and
    /// <paramref name="others"/> sweep members, each delegating a little sooner than the last.
    /// </summary>
    public static ComparisonSummary Horizon(int others)
    {
        const int ccgs = 209;
        (string Name, int Ccgs)[] regions = [("North of England", 60), ("Midlands and East of England", 55), ("London", 32), ("South of England", 62)];
        var quarters = Enumerable.Range(0, 28).Select(q => $"{2015 + q / 4}Q{q % 4 + 1}").ToArray();
        int[] Delegated(int n, int shift) => quarters.Select((_, q) => (int)Math.Round(n * 0.9 / (1 + Math.Exp(-(q + shift - 8) / 2.5)))).ToArray();
        RunSummary Member(string name, int shift)
        {
            var england = Delegated(ccgs, shift);
            var first = quarters.Length - england.Count(d => d >= ccgs / 2);
            return new RunSummary(name, "A member of the sweep.", 200, 7, ccgs, false,
                england.Select((d, q) => Row(quarters[q], d, ccgs)).ToArray(),
                regions.Select(r => (r.Name, (IReadOnlyList<QuarterRow>)Delegated(r.Ccgs, shift).Select((d, q) => Row(quarters[q], d, r.Ccgs)).ToArray())).ToArray(),
                [new Milestone(0.5, 180, 0.9, April(quarters[first - 1]), April(quarters[first]), April(quarters[first + 1])), new Milestone(0.9, 20, 0.1, null, null, null)]);
        }
        var members = Enumerable.Range(0, others + 1).Select(k => Member(k == 0 ? Reference : $"mandate-sweep[policy.mandate={2016 + k / 4}Q{k % 4 + 1}]", k)).ToArray();
        var comparisons = members.Skip(1).Select((m, k) => new ScenarioComparison(m.Scenario, Reference,
            m.England.Select((row, q) =>
            {
                var gap = row.Level3.Mean - members[0].England[q].Level3.Mean;
                return new QuarterRow(row.Quarter, new Band(-gap, 0, 0, 0, 0, 0), new Band(0, 0, 0, 0, 0, 0), new Band(gap, (int)gap - 12, (int)gap - 5, (int)gap, (int)gap + 5, (int)gap + 12));
            }).ToArray(),
            [new MilestoneComparison(0.5, 0.8, 0.1, 0.1, -1.0 - k), new MilestoneComparison(0.9, 0.3, 0.5, 0.2, null)])).ToArray();
        return new ComparisonSummary(Reference, 200, 7, false, members, comparisons);
    }

    private static RunSummary Run(string name, string description, int[] delegated, bool partial)
    {
        var england = delegated.Select((d, q) => Row(q, d, Ccgs)).ToArray();
        var north = delegated.Select((d, q) => Row(q, (int)Math.Round(d * 0.6), 6)).ToArray();
        var south = delegated.Select((d, q) => Row(q, d - (int)Math.Round(d * 0.6), 4)).ToArray();
        var half = Array.FindIndex(delegated, d => d >= 5);
        var ninety = Array.FindIndex(delegated, d => d >= 9);
        return new RunSummary(name, description, 200, 7, Ccgs, partial, england,
            [("North", north), ("South", south)],
            [Reached(0.5, half), Reached(0.9, ninety)]);
    }

    private static Milestone Reached(double share, int quarter) => quarter < 0
        ? new Milestone(share, 0, 0, null, null, null)
        : new Milestone(share, 180, 0.9, April(Quarters[Math.Max(0, quarter - 1)]), April(Quarters[quarter]), quarter + 1 < Quarters.Length ? April(Quarters[quarter + 1]) : null);

    private static Quarter April(string quarter) => Milestone.AprilOf(Quarter.Parse(quarter));

    private static ScenarioComparison Compare(string scenario, int[] delegated)
    {
        var differences = delegated.Select((d, q) =>
        {
            var gap = d - BaselineDelegated[q];
            var band = new Band(gap, gap - 3, gap - 1, gap, gap + 1, gap + 3);
            return new QuarterRow(Quarters[q], new Band(-gap, -gap - 3, -gap - 1, -gap, -gap + 1, -gap + 3), new Band(0, -1, 0, 0, 0, 1), band);
        }).ToArray();
        var earlier = delegated.Sum() > BaselineDelegated.Sum();
        return new ScenarioComparison(scenario, Reference, differences,
        [
            new MilestoneComparison(0.5, earlier ? 0.8 : 0.05, 0.1, earlier ? 0.1 : 0.85, earlier ? -1.5 : 2.0),
            new MilestoneComparison(0.9, earlier ? 0.7 : 0.0, 0.2, earlier ? 0.1 : 0.8, earlier ? -2.0 : null),
        ]);
    }
}
