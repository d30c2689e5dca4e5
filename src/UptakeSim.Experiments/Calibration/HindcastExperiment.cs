using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>One observation scored against the model's and the null model's posterior predictive.</summary>
public sealed record ScoredObservation(Observation Observation, bool Held, ForecastScore Model, ForecastScore Null);

/// <summary>
/// A hindcast from one cutoff: the model and the null model each calibrated on the observations up to the cutoff,
/// each run over the horizon drawing from its posterior, and every observation scored (held out: after the cutoff).
/// </summary>
public sealed record HindcastCutoff(Quarter Cutoff, AbcFit Model, AbcFit Null, RunSummary Trajectories, IReadOnlyList<ScoredObservation> Scores, bool Partial)
{
    public IReadOnlyList<ScoredObservation> Held => Scores.Where(s => s.Held).ToArray();
}

/// <summary>Every cutoff completed; when stopped, <paramref name="StoppedDuring"/> says in which calibration and after which generation.</summary>
public sealed record HindcastResult(Scenario Scenario, IReadOnlyList<HindcastCutoff> Cutoffs, bool Partial, string? StoppedDuring = null);

/// <summary>
/// Hindcast (issue: a model must predict what it was not fitted to). The null model is the same engine and scenario
/// with every driver coefficient (pressure, finance, LMC, capacity, conflict, peers, experience, deprivation) fixed at
/// 0, so each move has a constant quarterly hazard, and only the free intercepts calibrated, with the same priors, on
/// the same observations: what is left is the policy calendar (application windows, approval, eligibility) and the
/// mergers, which both share. The agent-based structure earns its keep if it beats that.
/// </summary>
public static class HindcastExperiment
{
    public const string NullModelDescription =
        "constant per-move hazards: the same engine and policy calendar with every driver coefficient fixed at 0 and only the intercepts calibrated, with the same priors, on the same observations";

    /// <summary>The null model's scenario and free coefficients: drivers at 0, the free intercepts kept.</summary>
    public static (Scenario Scenario, IReadOnlyList<FreeCoefficient> Free) NullModel(Scenario scenario, IReadOnlyList<FreeCoefficient> free)
    {
        var behaviour = scenario.Behaviour;
        for (var k = 0; k < behaviour.Table.Count; k++)
        {
            if (behaviour.Table.Specs[k].Driver != Driver.One) behaviour = behaviour.With(k, UncertainValue.Fixed(0));
        }
        var intercepts = free.Where(f => behaviour.Table.Specs[f.Index].Driver == Driver.One).ToArray();
        if (intercepts.Length == 0)
            throw new InputException("calibration.free: the null model frees the intercepts among the free coefficients, and there are none; expected at least one intercepts.* coefficient to be free");
        return (scenario with { Behaviour = behaviour with { Particles = null } }, intercepts);
    }

    public static async Task<HindcastResult> RunAsync(IReplicationEngine engine, Scenario scenario, CalibrationSettings settings, IReadOnlyList<Observation> observations, string file,
        IReadOnlyList<Quarter> cutoffs, int? runs, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= SilentObserver.Instance;
        var (nullScenario, nullFree) = NullModel(scenario, settings.Free);
        var all = ModelFit.For(scenario, ModelFit.WithinHorizon(scenario, observations), file);
        var done = new List<HindcastCutoff>();
        foreach (var cutoff in cutoffs)
        {
            var plan = AbcPlan.Create(scenario, settings, observations, file, cutoff, runs, engine.MaxConcurrentBatches);
            var model = await AbcCalibration.RunAsync(engine, plan, observer, cancellationToken, stage: $"hindcast from {cutoff}, model", predict: false);
            if (model.Partial) return Stopped(scenario, done, $"the model's calibration from {cutoff}", model);
            var nullPlan = AbcPlan.Create(nullScenario, settings with { Free = nullFree }, observations, file, cutoff, runs, engine.MaxConcurrentBatches);
            var baseline = await AbcCalibration.RunAsync(engine, nullPlan, observer, cancellationToken, stage: $"hindcast from {cutoff}, null model", predict: false);
            if (baseline.Partial) return Stopped(scenario, done, $"the null model's calibration from {cutoff}", baseline);

            var forecastScenario = model.PosteriorScenario with { Name = $"{scenario.Name} from {cutoff}", Runs = plan.PredictiveRuns };
            var (accumulator, ensemble) = await AbcCalibration.Predict(engine, forecastScenario, all, observer, cancellationToken);
            var (_, nullEnsemble) = await AbcCalibration.Predict(engine, baseline.PosteriorScenario with { Runs = plan.PredictiveRuns }, all, observer, cancellationToken);
            if (cancellationToken.IsCancellationRequested) return new HindcastResult(scenario, done, true, $"the forecast from {cutoff}");
            var scores = all.Observations.Select((o, i) => new ScoredObservation(o, o.Period.CompareTo(cutoff) > 0,
                ForecastScore.Of(ensemble[i], o.Value), ForecastScore.Of(nullEnsemble[i], o.Value))).ToArray();
            done.Add(new HindcastCutoff(cutoff, model, baseline, RunSummary.From(new SimulationSetup(forecastScenario), accumulator), scores, false));
        }
        return new HindcastResult(scenario, done, false);
    }

    private static HindcastResult Stopped(Scenario scenario, IReadOnlyList<HindcastCutoff> done, string stage, AbcFit fit) =>
        new(scenario, done, true, $"{stage}, after generation {fit.Result.Posterior.Index}");
}
