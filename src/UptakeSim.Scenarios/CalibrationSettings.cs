using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>A behaviour coefficient the calibration may move, within bounds, starting from the scenario's value
/// (the mean, when the coefficient is uncertain: its whole distribution moves). <paramref name="Prior"/> is what the
/// Bayesian calibration starts from: uniform over [min, max] when the scenario states a range, else the coefficient's
/// own distribution in the scenario.</summary>
public sealed record FreeCoefficient(string Name, int Index, double Min, double Max, double Start, UncertainValue? Prior = null)
{
    public UncertainValue PriorOrRange => Prior ?? UncertainValue.Uniform(Min, Max);
}

/// <summary>
/// A scenario's <c>calibration</c> section:
/// <code>
/// calibration:
///   free:                                   # behaviour coefficients to fit
///     intercepts.join: { min: -5, max: -1 } # prior uniform over the range
///     pressure: {}                          # prior: the coefficient's own distribution in the scenario
///   cutoff: 2016Q1                          # fit the observations up to this quarter only (default: all)
///   method: abc                             # abc (ABC-SMC posterior, the default) or point (Nelder-Mead)
///   population: 300                         # abc: particles per generation
///   generations: 8                          # abc: at most, generation 0 (the prior) included
///   max_simulations: 12000                  # abc: simulations in all (the time budget)
///   min_acceptance: 0.02                    # abc: stop when a generation accepts less than this share
///   pilot_points: 10                        # abc: prior draws whose replications estimate the model's own noise
///   pilot_runs: 20                          #      replications at each
///   runs: 200                               # point: replications per evaluation; abc: posterior-predictive runs
///   max_evaluations: 200                    # point
///   tolerance: 0.001                        # point: relative improvement below which the fit has converged
/// </code>
/// </summary>
public sealed record CalibrationSettings(IReadOnlyList<FreeCoefficient> Free, int Runs, int MaxEvaluations, double Tolerance)
{
    public Quarter? Cutoff { get; init; }

    public string Method { get; init; } = "abc";

    public int Population { get; init; } = 300;

    public int Generations { get; init; } = 8;

    public long MaxSimulations { get; init; } = 12_000;

    public double MinAcceptance { get; init; } = 0.02;

    public int PilotPoints { get; init; } = 10;

    public int PilotRuns { get; init; } = 20;

    /// <summary>When the model's structure or a prior last changed (docs/ODD.md's log), and the quarters of the
    /// observations then in view: a hindcast flags held-out observations from those quarters as not blind.</summary>
    public StructureChange? LastStructureChange { get; init; }
}

/// <param name="On">The date of the change, as the log gives it (e.g. 2026-12-07).</param>
/// <param name="InView">The quarters whose observations were in view when it was decided.</param>
public sealed record StructureChange(string On, IReadOnlyList<Quarter> InView);
