using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>
/// What the model says about each observation: the simulated mean and 90% band of the observed measure (CCGs at a
/// level, or their share) in the observed quarter and scope (England or a region).
/// </summary>
public sealed class ModelFit
{
    private readonly (int Quarter, int Scope, int Level, double Divisor)[] _cells;

    private ModelFit(IReadOnlyList<Observation> observations, (int, int, int, double)[] cells)
    {
        Observations = observations;
        _cells = cells;
    }

    public IReadOnlyList<Observation> Observations { get; }

    /// <summary>How far <paramref name="simulated"/> (one value per observation) is from the observations (<see cref="FitStatistics.Distance"/>).</summary>
    public double Distance(IReadOnlyList<SimulatedValue> simulated) =>
        FitStatistics.Distance(Observations.Select(o => o.Value).ToArray(), Observations.Select(o => o.Sd).ToArray(), simulated);

    /// <summary>The observations the scenario can simulate by date: those within its horizon (an unparsable quarter is kept, for <see cref="For"/> to report).</summary>
    public static IReadOnlyList<Observation> WithinHorizon(Scenario scenario, IReadOnlyList<Observation> observations) =>
        observations.Where(o => !Quarter.TryParse(o.Quarter, out var q) || scenario.Horizon.IndexOf(q) >= 0).ToArray();

    /// <summary>Checks every observation against the scenario: a quarter within the horizon and a scope it simulates.</summary>
    public static ModelFit For(Scenario scenario, IReadOnlyList<Observation> observations, string file)
    {
        var errors = new List<ScenarioError>();
        var regions = scenario.Population.Regions;
        var regionSizes = scenario.Population.RegionSizes();
        var cells = new List<(int, int, int, double)>();
        foreach (var o in observations)
        {
            var quarter = Quarter.TryParse(o.Quarter, out var q) ? scenario.Horizon.IndexOf(q) : -1;
            if (quarter < 0)
            {
                errors.Add(new ScenarioError(file, o.Line, 1, $"{o.Quarter} is outside the scenario's horizon; expected a quarter from {scenario.Horizon.Start} to {scenario.Horizon.Last}"));
            }
            var region = regions.ToList().FindIndex(r => string.Equals(r, o.Scope, StringComparison.OrdinalIgnoreCase));
            var scope = string.Equals(o.Scope, "England", StringComparison.OrdinalIgnoreCase) ? 0 : region + 1;
            if (scope == 0 && !string.Equals(o.Scope, "England", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ScenarioError(file, o.Line, 2, $"unknown scope '{o.Scope}'; expected England or one of the scenario's regions: {string.Join(", ", regions)}"));
            }
            var divisor = o.IsShare ? (scope == 0 ? scenario.Population.Count : regionSizes[Math.Max(0, scope - 1)]) : 1.0;
            cells.Add((quarter, scope, o.Level, divisor));
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return new ModelFit(observations, [.. cells]);
    }

    /// <summary>Each observation's value in one replication of a batch (slot <paramref name="slot"/>).</summary>
    public double[] Values(BatchTrajectories batch, int slot) => _cells.Select(c => batch.Count(slot, c.Quarter, c.Scope, c.Level) / c.Divisor).ToArray();

    public IReadOnlyList<SimulatedValue> Simulated(TrajectoryAccumulator accumulator) => _cells.Select(c =>
    {
        var band = accumulator.Stats(c.Quarter, c.Scope, c.Level);
        return new SimulatedValue(band.Mean / c.Divisor, band.P05 / c.Divisor, band.P95 / c.Divisor);
    }).ToArray();
}
