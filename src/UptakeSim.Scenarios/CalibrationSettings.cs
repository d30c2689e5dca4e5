namespace UptakeSim.Scenarios;

/// <summary>A behaviour coefficient the calibration may move, within bounds, starting from the scenario's value
/// (the mean, when the coefficient is uncertain: its whole distribution moves).</summary>
public sealed record FreeCoefficient(string Name, int Index, double Min, double Max, double Start);

/// <summary>
/// A scenario's <c>calibration</c> section:
/// <code>
/// calibration:
///   free:                                   # behaviour coefficients to fit, with bounds
///     intercepts.join: { min: -5, max: -1 }
///   runs: 200                               # replications per evaluation (the same seed each time)
///   max_evaluations: 200
///   tolerance: 0.001                        # relative improvement below which the fit has converged
/// </code>
/// </summary>
public sealed record CalibrationSettings(IReadOnlyList<FreeCoefficient> Free, int Runs, int MaxEvaluations, double Tolerance);
