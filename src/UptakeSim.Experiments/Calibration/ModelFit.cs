using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>
/// What the model says about each observation: the simulated mean and 90% band of the observed measure (CCGs at a
/// level, or their share of the CCGs existing then, in the observed quarter and scope: England or a region), and, for
/// the per-CCG record, how many of the CCGs whose level the record gives for an April the model has at that level.
/// </summary>
public sealed class ModelFit
{
    /// <summary>The measure of the per-CCG record's observations (<see cref="RecordObservations"/>).</summary>
    public const string RecordAgreement = "record_agreement";

    /// <summary>The record's within-footprint agreement: of the pairs of CCGs in one area team whose levels the
    /// record gives for an April, the share at the same level (<see cref="RecordObservations"/>).</summary>
    public const string FootprintAgreement = "footprint_agreement";

    /// <summary>Observations the model computes from every CCG's level in a kept quarter.</summary>
    public static bool IsPerCcg(Observation o) => o.Measure is RecordAgreement or FootprintAgreement;

    /// <summary>An observation as the model computes it: an aggregate count (divided by the CCGs existing then for a
    /// share), or the matches of recorded CCGs (each CCG's area held by <c>Holder</c>) in a kept quarter.</summary>
    private sealed record Cell(int Quarter, int Scope, int Level, bool Share, int Kept, (int Holder, byte Level)[] Recorded)
    {
        /// <summary>For <see cref="FootprintAgreement"/>: the holders of the pairs compared.</summary>
        public (int A, int B)[] Pairs { get; init; } = [];
    }

    private readonly Cell[] _cells;
    private readonly SimulationSetup _setup;

    private ModelFit(IReadOnlyList<Observation> observations, Cell[] cells, SimulationSetup setup)
    {
        Observations = observations;
        _cells = cells;
        _setup = setup;
    }

    public IReadOnlyList<Observation> Observations { get; }

    /// <summary>How far <paramref name="simulated"/> (one value per observation) is from the observations (<see cref="FitStatistics.Distance"/>).</summary>
    public double Distance(IReadOnlyList<SimulatedValue> simulated) =>
        FitStatistics.Distance(Observations.Select(o => o.Value).ToArray(), Observations.Select(o => o.Sd).ToArray(), simulated);

    /// <summary>The setup that simulates <paramref name="scenario"/> for this fit: it keeps every CCG's level in the
    /// quarters the per-CCG record is compared in.</summary>
    public SimulationSetup SetupFor(Scenario scenario) => new(scenario) { KeptQuarters = _setup.KeptQuarters };

    /// <summary>The observations the scenario can simulate by date: those within its horizon (an unparsable quarter is kept, for <see cref="For"/> to report).</summary>
    public static IReadOnlyList<Observation> WithinHorizon(Scenario scenario, IReadOnlyList<Observation> observations) =>
        observations.Where(o => !Quarter.TryParse(o.Quarter, out var q) || scenario.Horizon.IndexOf(q) >= 0).ToArray();

    /// <summary>The observations the start mix reproduces by construction (the counts of the first quarter), which a
    /// fit must not count: they say nothing the model did not copy.</summary>
    public static bool IsInput(Scenario scenario, Observation o) => Quarter.TryParse(o.Quarter, out var q) && q == scenario.Horizon.Start && !IsPerCcg(o);

    /// <summary>
    /// Two observations per April after the first (the first's known CCGs start where the record puts them: inputs) up
    /// to <paramref name="cutoff"/>. How many of the CCGs whose level the record gives for that April are at it,
    /// observed to be all of them; its sd allows for a recorded approval that did not go live (as one of 64 did in
    /// 2015): 1, or 5% of the CCGs if more. And, where the record places two or more CCGs of one area team that April,
    /// the share of those pairs at the same level (what collective choices leave in the record: HSJ, January 2015,
    /// "the same level ... as others within their area team"), with the binomial sd of a share of that many pairs, at
    /// least 0.05.
    /// </summary>
    public static IReadOnlyList<Observation> RecordObservations(Scenario scenario, CcgLevelRecord record, Quarter? cutoff, string file)
    {
        var observations = new List<Observation>();
        foreach (var year in record.Known.Select(c => c.Year).Distinct().Order())
        {
            var april = new Quarter(year, 1);
            if (april == scenario.Horizon.Start || scenario.Horizon.IndexOf(april) < 0 || (cutoff is { } c && april.CompareTo(c) > 0)) continue;
            var cells = record.In(year).ToArray();
            observations.Add(new Observation(april.ToString(), "record", RecordAgreement, cells.Length, Math.Max(1, 0.05 * cells.Length),
                $"{file}: the {cells.Length} CCGs whose level on 1 April {year} the per-CCG record gives", 0));
            var pairs = FootprintPairs(scenario, cells);
            if (pairs.Length == 0) continue;
            var same = pairs.Count(p => p.A.Level == p.B.Level) / (double)pairs.Length;
            observations.Add(new Observation(april.ToString(), "record", FootprintAgreement, same, Math.Max(0.05, Math.Sqrt(same * (1 - same) / pairs.Length)),
                $"{file}: of the {pairs.Length} pairs of CCGs in one area team whose levels on 1 April {year} the record gives, the share at the same level", 0));
        }
        return observations;
    }

    private static (CcgLevelCell A, CcgLevelCell B)[] FootprintPairs(Scenario scenario, CcgLevelCell[] cells) =>
        [.. from a in cells from b in cells
            where a.Ccg < b.Ccg && scenario.Population.Ccgs[a.Ccg].Footprint == scenario.Population.Ccgs[b.Ccg].Footprint
            select (a, b)];

    /// <summary>Checks every observation against the scenario: a quarter within the horizon and a scope it simulates.</summary>
    public static ModelFit For(Scenario scenario, IReadOnlyList<Observation> observations, string file, CcgLevelRecord? record = null)
    {
        var errors = new List<ScenarioError>();
        var regions = scenario.Population.Regions;
        var plan = new MergerPlan(scenario.Population, scenario.Horizon, scenario.Mergers);
        var kept = new List<int>();
        var cells = new List<Cell>();
        foreach (var o in observations)
        {
            var quarter = Quarter.TryParse(o.Quarter, out var q) ? scenario.Horizon.IndexOf(q) : -1;
            if (quarter < 0)
            {
                errors.Add(new ScenarioError(file, o.Line, 1, $"{o.Quarter} is outside the scenario's horizon; expected a quarter from {scenario.Horizon.Start} to {scenario.Horizon.Last}"));
                continue;
            }
            if (IsPerCcg(o) && record is not null)
            {
                if (!kept.Contains(quarter)) kept.Add(quarter);
                var recorded = record.In(q.Year).ToArray();
                cells.Add(o.Measure == RecordAgreement
                    ? new Cell(quarter, 0, 0, false, kept.IndexOf(quarter), [.. recorded.Select(c => (plan.Holder(quarter, c.Ccg), c.Level))])
                    : new Cell(quarter, 0, 0, true, kept.IndexOf(quarter), [])
                    {
                        Pairs = [.. FootprintPairs(scenario, recorded).Select(p => (plan.Holder(quarter, p.A.Ccg), plan.Holder(quarter, p.B.Ccg)))],
                    });
                continue;
            }
            var region = regions.ToList().FindIndex(r => string.Equals(r, o.Scope, StringComparison.OrdinalIgnoreCase));
            var scope = string.Equals(o.Scope, "England", StringComparison.OrdinalIgnoreCase) ? 0 : region + 1;
            if (scope == 0 && !string.Equals(o.Scope, "England", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ScenarioError(file, o.Line, 2, $"unknown scope '{o.Scope}'; expected England or one of the scenario's regions: {string.Join(", ", regions)}"));
            }
            cells.Add(new Cell(quarter, scope, o.Level, o.IsShare, -1, []));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return new ModelFit(observations, [.. cells], new SimulationSetup(scenario) { KeptQuarters = [.. kept] });
    }

    /// <summary>The CCGs existing in a quarter and scope (0 England, r + 1 region r): what a share divides by.</summary>
    private double Existing(int quarter, int scope) =>
        scope == 0 ? _setup.Mergers.Existing[quarter] : _setup.Mergers.ExistingByRegion[quarter * _setup.Regions + scope - 1];

    /// <summary>Each observation's value in one replication of a batch (slot <paramref name="slot"/>).</summary>
    public double[] Values(BatchTrajectories batch, int slot) => _cells.Select(c => c.Kept < 0
        ? batch.Count(slot, c.Quarter, c.Scope, c.Level) / (c.Share ? Existing(c.Quarter, c.Scope) : 1.0)
        : c.Pairs.Length > 0
            ? c.Pairs.Count(p => batch.LevelsAt(c.Kept, slot, p.A) == batch.LevelsAt(c.Kept, slot, p.B)) / (double)c.Pairs.Length
            : c.Recorded.Count(x => batch.LevelsAt(c.Kept, slot, x.Holder) == x.Level)).ToArray();

    /// <summary>Each observation's mean and 90% band across the replications folded into <paramref name="accumulator"/>.
    /// For the per-CCG record, the band is the normal approximation to the sum of each CCG's chance of matching.</summary>
    public IReadOnlyList<SimulatedValue> Simulated(TrajectoryAccumulator accumulator) => Simulated(accumulator.Stats, accumulator.CcgShare);

    /// <summary>As <see cref="Simulated(TrajectoryAccumulator)"/>, from a run's summary (which keeps each CCG's shares).</summary>
    public IReadOnlyList<SimulatedValue> Simulated(RunSummary run) => Simulated(
        (q, scope, level) => (scope == 0 ? run.England : run.Regions[scope - 1].Quarters)[q][level],
        (ccg, q, level) => run.CcgShares is null ? throw new InvalidOperationException($"{run.Scenario}: no per-CCG shares kept") : run.CcgShare(ccg, q, level));

    private IReadOnlyList<SimulatedValue> Simulated(Func<int, int, int, Band> stats, Func<int, int, int, double> ccgShare) => _cells.Select(c =>
    {
        if (c.Pairs.Length > 0)
        {
            // From each CCG's shares alone, as if the pair chose independently: the predictive ensemble (Values) has
            // the real figure, collective choices included; this is the summary table's approximation.
            var same = c.Pairs.Select(p => Enumerable.Range(1, Levels.Count).Sum(l => ccgShare(p.A, c.Quarter, l) * ccgShare(p.B, c.Quarter, l))).ToArray();
            var mean = same.Average();
            var sd = Math.Sqrt(same.Sum(x => x * (1 - x))) / same.Length;
            return new SimulatedValue(mean, Math.Max(0, mean - 1.645 * sd), Math.Min(1, mean + 1.645 * sd));
        }
        if (c.Kept >= 0)
        {
            var p = c.Recorded.Select(x => ccgShare(x.Holder, c.Quarter, x.Level)).ToArray();
            var mean = p.Sum();
            var sd = Math.Sqrt(p.Sum(x => x * (1 - x)));
            return new SimulatedValue(mean, Math.Max(0, mean - 1.645 * sd), Math.Min(c.Recorded.Length, mean + 1.645 * sd));
        }
        var band = stats(c.Quarter, c.Scope, c.Level);
        var divisor = c.Share ? Existing(c.Quarter, c.Scope) : 1.0;
        return new SimulatedValue(band.Mean / divisor, band.P05 / divisor, band.P95 / divisor);
    }).ToArray();
}
