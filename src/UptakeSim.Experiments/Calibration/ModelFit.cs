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

    /// <summary>An observation as the model computes it: an aggregate count (divided by the CCGs existing then for a
    /// share), or the matches of recorded CCGs (each CCG's area held by <c>Holder</c>) in a kept quarter.</summary>
    private sealed record Cell(int Quarter, int Scope, int Level, bool Share, int Kept, (int Holder, byte Level)[] Recorded);

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
    public static bool IsInput(Scenario scenario, Observation o) => Quarter.TryParse(o.Quarter, out var q) && q == scenario.Horizon.Start && o.Measure != RecordAgreement;

    /// <summary>
    /// One observation per April after the first (the first's known CCGs start where the record puts them: inputs) up to
    /// <paramref name="cutoff"/>: how many of the CCGs whose level the record gives for that April are at it, observed
    /// to be all of them. Its sd allows for a recorded approval that did not go live (as one of 64 did in 2015): 1, or
    /// 5% of the CCGs if more.
    /// </summary>
    public static IReadOnlyList<Observation> RecordObservations(Scenario scenario, CcgLevelRecord record, Quarter? cutoff, string file) =>
        record.Known.GroupBy(c => c.Year).OrderBy(g => g.Key)
            .Select(g => (April: new Quarter(g.Key, 1), Cells: g.Count()))
            .Where(x => x.April != scenario.Horizon.Start && scenario.Horizon.IndexOf(x.April) >= 0 && (cutoff is not { } c || x.April.CompareTo(c) <= 0))
            .Select(x => new Observation(x.April.ToString(), "record", RecordAgreement, x.Cells, Math.Max(1, 0.05 * x.Cells),
                $"{file}: the {x.Cells} CCGs whose level on 1 April {x.April.Year} the per-CCG record gives", 0))
            .ToArray();

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
            if (o.Measure == RecordAgreement && record is not null)
            {
                if (!kept.Contains(quarter)) kept.Add(quarter);
                cells.Add(new Cell(quarter, 0, 0, false, kept.IndexOf(quarter),
                    [.. record.In(q.Year).Select(c => (plan.Holder(quarter, c.Ccg), c.Level))]));
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
    public double[] Values(BatchTrajectories batch, int slot) => _cells.Select(c => c.Kept >= 0
        ? c.Recorded.Count(x => batch.LevelsAt(c.Kept, slot, x.Holder) == x.Level)
        : batch.Count(slot, c.Quarter, c.Scope, c.Level) / (c.Share ? Existing(c.Quarter, c.Scope) : 1.0)).ToArray();

    /// <summary>Each observation's mean and 90% band across the replications folded into <paramref name="accumulator"/>.
    /// For the per-CCG record, the band is the normal approximation to the sum of each CCG's chance of matching.</summary>
    public IReadOnlyList<SimulatedValue> Simulated(TrajectoryAccumulator accumulator) => Simulated(accumulator.Stats, accumulator.CcgShare);

    /// <summary>As <see cref="Simulated(TrajectoryAccumulator)"/>, from a run's summary (which keeps each CCG's shares).</summary>
    public IReadOnlyList<SimulatedValue> Simulated(RunSummary run) => Simulated(
        (q, scope, level) => (scope == 0 ? run.England : run.Regions[scope - 1].Quarters)[q][level],
        (ccg, q, level) => run.CcgShares is null ? throw new InvalidOperationException($"{run.Scenario}: no per-CCG shares kept") : run.CcgShare(ccg, q, level));

    private IReadOnlyList<SimulatedValue> Simulated(Func<int, int, int, Band> stats, Func<int, int, int, double> ccgShare) => _cells.Select(c =>
    {
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
