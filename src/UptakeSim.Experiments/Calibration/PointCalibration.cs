using System.Globalization;
using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>One evaluation of the distance during a fit, and the best point so far.</summary>
public sealed record CalibrationEvaluation(int Evaluation, double Distance, double BestDistance, IReadOnlyDictionary<string, double> Best) : ExperimentStep
{
    public override string Event => "evaluation";

    public override string Describe() =>
        $"evaluation {Evaluation,4}: distance {Distance,10:F3}  best {BestDistance,10:F3} at {string.Join(", ", Best.Select(b => $"{b.Key}={b.Value.ToString("F3", CultureInfo.InvariantCulture)}"))}";
}

/// <summary>
/// A point fit: the best coefficients found, their standard errors (NaN where the curvature says nothing, or when
/// stopped early), and every observation against the simulated mean and band at the best point. Partial when stopped
/// through the token: the best point so far, not converged.
/// </summary>
public sealed record PointFit(Scenario Scenario, IReadOnlyList<FreeCoefficient> Free, CalibrationResult Result, double[] StandardErrors, ModelFit Fit, IReadOnlyList<SimulatedValue> Simulated, bool Partial)
{
    /// <summary>The overrides that give the fitted scenario (each free coefficient at its fitted value).</summary>
    public IReadOnlyList<string> FittedOverrides(ScenarioCalibration calibration) =>
        Free.Select(f => $"behaviour.{f.Name}={calibration.At(Result.Best).Behaviour[f.Index].ToYaml()}").ToArray();
}

/// <summary>
/// Fits the free behaviour coefficients to observed uptake by Nelder-Mead on the simulated distance
/// sum(((simulated mean - observed) / sd)^2), every evaluation with the same seed (common random numbers).
/// </summary>
public static class PointCalibration
{
    public static async Task<(PointFit Fit, ScenarioCalibration Calibration)> RunAsync(
        IReplicationEngine engine, Scenario scenario, CalibrationSettings settings, ModelFit fit, IExperimentObserver? observer = null, CancellationToken cancellationToken = default,
        EvaluationCheckpoint? checkpoint = null)
    {
        observer ??= SilentObserver.Instance;
        var calibration = new ScenarioCalibration(scenario, settings.Free, fit, engine, observer.Retry, cancellationToken);
        if (checkpoint is { Evaluations: > 0 }) observer.Note($"resuming: {checkpoint.Evaluations} evaluations already done");
        IReadOnlyList<SimulatedValue> SimulatedAt(double[] point)
        {
            if (checkpoint?.Find(point) is { } saved) return saved;
            var simulated = calibration.SimulatedAt(point);
            checkpoint?.Add(point, simulated);
            return simulated;
        }
        var best = (Point: Array.Empty<double>(), Distance: double.PositiveInfinity, Simulated: (IReadOnlyList<SimulatedValue>)[]);
        var evaluations = 0;
        double Distance(double[] point)
        {
            var simulated = SimulatedAt(point);
            var distance = fit.Distance(simulated);
            evaluations++;
            if (distance < best.Distance) best = ((double[])point.Clone(), distance, simulated);
            observer.Step(new CalibrationEvaluation(evaluations, distance, best.Distance, settings.Free.Select((f, i) => (f.Name, best.Point.ElementAtOrDefault(i))).ToDictionary()));
            return distance;
        }
        var parameters = calibration.Parameters;
        CalibrationResult? result = null;
        var partial = await Interrupted.Catch(
            () => Task.Run(() => result = NelderMeadCalibration.Minimize(parameters, Distance, settings.MaxEvaluations, settings.Tolerance), cancellationToken), cancellationToken);
        result ??= new CalibrationResult(best.Point, best.Distance, evaluations, 0, false, "interrupted");
        var standardErrors = settings.Free.Select(_ => double.NaN).ToArray();
        if (!partial && evaluations > 0)
        {
            partial = await Interrupted.Catch(
                () => Task.Run(() => standardErrors = NelderMeadCalibration.StandardErrors(
                    parameters, point => fit.Distance(SimulatedAt(point)), result.Best, 0.01), cancellationToken), cancellationToken);
        }
        // The best point's simulation is kept from its evaluation (same seed, so the same numbers).
        var simulated = result.Best.SequenceEqual(best.Point) || partial ? best.Simulated : SimulatedAt(result.Best);
        if (partial && checkpoint is not null) observer.Note("checkpoint saved: run the same command with --resume to continue the fit");
        return (new PointFit(scenario, settings.Free, result, standardErrors, fit, simulated, partial), calibration);
    }
}
