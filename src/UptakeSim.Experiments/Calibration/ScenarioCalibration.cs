using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>
/// The scenario as a function of its free coefficients, for an optimiser or a sampler: each point is simulated with
/// the scenario's seed (common random numbers, so the distance is smooth in the coefficients) and scored against the
/// observations. A free coefficient that is uncertain moves as a whole distribution (its mean is what is fitted).
/// </summary>
public sealed class ScenarioCalibration(Scenario scenario, IReadOnlyList<FreeCoefficient> free, ModelFit fit, IReplicationEngine engine,
    Action<BatchRetry>? retrying = null, CancellationToken cancellationToken = default)
{
    private readonly BatchPlan _plan = BatchPlan.Auto(scenario.Runs, Environment.ProcessorCount);

    public Scenario At(double[] point)
    {
        var behaviour = scenario.Behaviour;
        for (var i = 0; i < point.Length; i++) behaviour = behaviour.With(free[i].Index, behaviour[free[i].Index].ShiftedTo(point[i]));
        return scenario with { Behaviour = behaviour };
    }

    /// <summary>The scenario's replications at <paramref name="point"/>; a sampler can run many points at once.</summary>
    public Task<TrajectoryAccumulator> SimulateAsync(double[] point) =>
        MonteCarloRun.RunAsync(engine, new SimulationSetup(At(point)), _plan, cancellationToken: cancellationToken, retrying: retrying);

    // The optimiser calls a synchronous function; the engine's work runs on other threads, so blocking here is safe.
    public TrajectoryAccumulator Simulate(double[] point) => SimulateAsync(point).GetAwaiter().GetResult();

    /// <summary>The simulated value of every observation at <paramref name="point"/>.</summary>
    public IReadOnlyList<SimulatedValue> SimulatedAt(double[] point) => fit.Simulated(Simulate(point));

    public double Distance(double[] point) => fit.Distance(SimulatedAt(point));

    public IReadOnlyList<FreeParameter> Parameters => free.Select(f => new FreeParameter(f.Name, f.Min, f.Max, f.Start)).ToArray();

    public CalibrationResult Fit(int maxEvaluations, double tolerance, Action<CalibrationStep>? progress = null) =>
        NelderMeadCalibration.Minimize(Parameters, Distance, maxEvaluations, tolerance, progress);

    public double[] StandardErrors(double[] best) => NelderMeadCalibration.StandardErrors(Parameters, Distance, best, 0.01);
}
