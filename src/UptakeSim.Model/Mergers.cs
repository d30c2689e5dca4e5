namespace UptakeSim.Model;

/// <summary>
/// CCGs that become one CCG from <see cref="Effective"/> (docs/ODD.md, "Submodels: mergers"). Members are indices in
/// the CCG list; a member that led an earlier merger stands for the CCG it formed.
/// </summary>
public sealed record Merger(Quarter Effective, IReadOnlyList<int> Members);

/// <summary>The mergers of a scenario, in order of effect, and where they come from (shown in docs and outputs).</summary>
/// <summary>The level a CCG formed by a merger takes: that of most of its predecessors' registered patients, or
/// delegated (the end game of the 2019 Long Term Plan: CCGs merged to one per integrated care system took delegated
/// commissioning; docs/ODD.md, "Structural alternatives").</summary>
public enum MergedLevel
{
    MostPatients,
    Delegated,
}

public sealed record MergerSchedule(IReadOnlyList<Merger> Mergers, string Source)
{
    public MergedLevel Level { get; init; } = MergedLevel.MostPatients;

    public static MergerSchedule None { get; } = new([], "none");

    /// <summary>
    /// Mergers within footprints (2013 NHS England area teams) that bring the number of CCGs to each published count
    /// in its quarter, for when the real successor mapping is not used. Deterministic: while there are too many CCGs,
    /// the footprint with most CCGs (then the lower index) merges its two smallest by registered patients (then the
    /// lower indices); the pairs a quarter forms are grouped into one merger per new CCG.
    /// </summary>
    public static MergerSchedule ToCounts(CcgPopulation population, IReadOnlyList<(Quarter At, int Ccgs)> counts)
    {
        var n = population.Count;
        var lead = Enumerable.Range(0, n).ToArray();
        var patients = population.Ccgs.Select(c => (long)c.RegisteredPatients).ToArray();
        var exists = Enumerable.Repeat(true, n).ToArray();
        var existing = n;
        var mergers = new List<Merger>();
        foreach (var (at, target) in counts.OrderBy(c => c.At))
        {
            var groups = new Dictionary<int, SortedSet<int>>();
            while (existing > Math.Max(target, 1))
            {
                var footprint = Enumerable.Range(0, population.Footprints.Count)
                    .Select(f => (f, Count: Enumerable.Range(0, n).Count(c => exists[c] && population.Ccgs[c].Footprint == f)))
                    .OrderByDescending(x => x.Count).ThenBy(x => x.f).First();
                if (footprint.Count < 2) break;
                var pair = Enumerable.Range(0, n).Where(c => exists[c] && population.Ccgs[c].Footprint == footprint.f)
                    .OrderBy(c => patients[c]).ThenBy(c => c).Take(2).ToArray();
                var (keep, gone) = patients[pair[0]] > patients[pair[1]] || (patients[pair[0]] == patients[pair[1]] && pair[0] < pair[1])
                    ? (pair[0], pair[1]) : (pair[1], pair[0]);
                var members = groups.Remove(keep, out var a) ? a : [keep];
                if (groups.Remove(gone, out var b)) members.UnionWith(b);
                else members.Add(gone);
                groups[keep] = members;
                patients[keep] += patients[gone];
                exists[gone] = false;
                lead[gone] = keep;
                existing--;
            }
            mergers.AddRange(groups.OrderBy(g => g.Key).Select(g => new Merger(at, g.Value.ToArray())));
        }
        return new MergerSchedule(mergers, $"merged within area teams to the published counts ({string.Join(", ", counts.Select(c => $"{c.Ccgs} in {c.At}"))})");
    }
}

/// <summary>One merger as the simulation applies it: the lead (the member with most registered patients) carries on
/// as the merged CCG; the other members cease to exist. <see cref="Founding"/> are every CCG of the list it now covers.</summary>
public sealed record MergerEvent(int Lead, int[] Members, int[] Founding);

/// <summary>
/// The merger schedule resolved on the horizon: which CCGs exist in each quarter, how many there are nationally, per
/// region and per footprint (a merged CCG counts where its lead was), their registered patients, and the merger
/// events of each quarter. The same in every replication.
/// </summary>
public sealed class MergerPlan
{
    public MergerPlan(CcgPopulation population, Horizon horizon, MergerSchedule schedule)
    {
        var n = population.Count;
        var quarters = horizon.Quarters;
        Ccgs = n;
        Events = new MergerEvent[quarters][];
        AbsorbedAt = Enumerable.Repeat(int.MaxValue, n).ToArray();
        LeadEvents = new List<(int Quarter, int Event)>[n];
        for (var c = 0; c < n; c++) LeadEvents[c] = [];
        var patients = population.Ccgs.Select(c => c.RegisteredPatients).ToArray();
        var founding = Enumerable.Range(0, n).Select(c => new List<int> { c }).ToArray();
        var exists = Enumerable.Repeat(true, n).ToArray();
        Patients = new int[quarters * n];
        Existing = new int[quarters];
        ExistingByRegion = new int[quarters * population.Regions.Count];
        ExistingByFootprint = new int[quarters * population.Footprints.Count];
        for (var q = 0; q < quarters; q++)
        {
            var events = new List<MergerEvent>();
            foreach (var merger in schedule.Mergers.Where(m => horizon.IndexOf(m.Effective) == q && q > 0))
            {
                var members = merger.Members.Where(c => exists[c]).Distinct().ToArray();
                if (members.Length < 2) continue;
                var lead = members.OrderByDescending(c => patients[c]).ThenBy(c => c).First();
                var all = members.SelectMany(c => founding[c]).Order().ToArray();
                foreach (var c in members.Where(c => c != lead))
                {
                    exists[c] = false;
                    AbsorbedAt[c] = q;
                    patients[lead] += patients[c];
                    patients[c] = 0;
                }
                founding[lead] = [.. all];
                LeadEvents[lead].Add((q, events.Count));
                events.Add(new MergerEvent(lead, members, all));
            }
            Events[q] = [.. events];
            for (var c = 0; c < n; c++)
            {
                if (!exists[c]) continue;
                Patients[q * n + c] = patients[c];
                Existing[q]++;
                ExistingByRegion[q * population.Regions.Count + population.Ccgs[c].Region]++;
                ExistingByFootprint[q * population.Footprints.Count + population.Ccgs[c].Footprint]++;
            }
        }
        TotalPatients = population.Ccgs.Sum(c => (long)c.RegisteredPatients);
    }

    public int Ccgs { get; }

    /// <summary>The merger events taking effect in each quarter.</summary>
    public MergerEvent[][] Events { get; }

    /// <summary>For each CCG, the quarter from which it is part of another CCG, or int.MaxValue.</summary>
    public int[] AbsorbedAt { get; }

    /// <summary>For each CCG, the (quarter, index in <see cref="Events"/>[quarter]) of the mergers it leads.</summary>
    public List<(int Quarter, int Event)>[] LeadEvents { get; }

    /// <summary>Registered patients of each CCG in each quarter (its predecessors' 2015 lists added up; 0 once absorbed): [quarter * CCGs + CCG].</summary>
    public int[] Patients { get; }

    public int[] Existing { get; }

    public int[] ExistingByRegion { get; }

    public int[] ExistingByFootprint { get; }

    public long TotalPatients { get; }

    public bool Exists(int quarter, int ccg) => quarter < AbsorbedAt[ccg];

    /// <summary>The CCG of the list that holds <paramref name="ccg"/>'s area in <paramref name="quarter"/>: itself, or the
    /// lead of the mergers that absorbed it.</summary>
    public int Holder(int quarter, int ccg)
    {
        for (var q = 0; q <= quarter && q < Events.Length; q++)
        {
            foreach (var merger in Events[q])
            {
                if (merger.Members.Contains(ccg)) ccg = merger.Lead;
            }
        }
        return ccg;
    }
}
