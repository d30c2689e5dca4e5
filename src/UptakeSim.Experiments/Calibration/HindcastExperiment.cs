using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>One observation scored against the model's and the null model's posterior predictive.</summary>
public sealed record ScoredObservation(Observation Observation, bool Held, ForecastScore Model, ForecastScore Null)
{
    /// <summary>NHS England's own forecast scored on it, where it said something about it (<see cref="NhseForecast"/>).</summary>
    public ForecastScore? Nhse { get; init; }

    /// <summary>Held out, but from a quarter whose observations were in view when the structure last changed: not blind.</summary>
    public bool KnownAtLastChange { get; init; }
}

/// <summary>
/// NHS England's forecast of March 2016: "nearly all CCGs" delegated by 2017-18 (board paper by Ian Dodge, quoted in
/// HSJ, "Nearly all CCGs to take on primary care commissioning by 2018", March 2016; data/observations.csv). Read as
/// an even spread over 90% to 100% of the CCGs then existing, from April 2017 on, for the national count (or share)
/// delegated: the benchmark the model must beat, made by the people who pulled the lever, with what they knew then.
/// </summary>
public static class NhseForecast
{
    /// <summary>Made in March 2016: it scores hindcasts from cutoffs from then on.</summary>
    public static readonly Quarter Made = new(2015, 4);

    public static readonly Quarter From = new(2017, 1);

    /// <summary>Its ensemble for <paramref name="o"/> (counts or share of <paramref name="existing"/> CCGs), or null
    /// where it said nothing (another level or scope, before April 2017).</summary>
    public static double[]? For(Observation o, double existing)
    {
        if (o.Measure is not ("level3" or "share_level3") || !string.Equals(o.Scope, "England", StringComparison.OrdinalIgnoreCase) || o.Period.CompareTo(From) < 0) return null;
        var scale = o.IsShare ? 1.0 : existing;
        return [.. Enumerable.Range(0, 101).Select(i => scale * (0.9 + 0.1 * i / 100))];
    }
}

/// <summary>
/// A hindcast from one cutoff: the model and the null model each calibrated on the observations up to the cutoff,
/// each run over the horizon drawing from its posterior, and every observation scored (held out: after the cutoff).
/// </summary>
public sealed record HindcastCutoff(Quarter Cutoff, AbcFit Model, AbcFit Null, RunSummary Trajectories, IReadOnlyList<ScoredObservation> Scores, bool Partial)
{
    /// <summary>The forecast scored CCG by CCG, where the per-CCG record allows.</summary>
    public CcgForecast? Ccgs { get; init; }

    public IReadOnlyList<ScoredObservation> Held => Scores.Where(s => s.Held).ToArray();
}

/// <summary>
/// "Delegated on 1 April <see cref="Year"/>", the first April after a cutoff, forecast for each CCG the per-CCG record
/// places that April: the model's chance (its posterior predictive share of runs) against a plain logistic regression
/// on the same covariates (deprivation, legal directions, a stated LMC stance, a rating) fitted to the record's cells
/// of the cutoff's April, the data a forecaster then had.
/// </summary>
public sealed record CcgForecast(int Year, int Training, BinaryScores Model, BinaryScores Logistic);

/// <summary>Every cutoff completed; when stopped, <paramref name="StoppedDuring"/> says in which calibration and after which generation.</summary>
public sealed record HindcastResult(Scenario Scenario, IReadOnlyList<HindcastCutoff> Cutoffs, bool Partial, string? StoppedDuring = null)
{
    /// <summary>When the structure last changed and what was then in view (the scenario's calibration section).</summary>
    public StructureChange? LastStructureChange { get; init; }
}

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
        IReadOnlyList<Quarter> cutoffs, int? runs, IExperimentObserver? observer = null, CancellationToken cancellationToken = default, CcgLevelRecord? record = null)
    {
        observer ??= SilentObserver.Instance;
        var (nullScenario, nullFree) = NullModel(scenario, settings.Free);
        var all = ModelFit.For(scenario, [.. ModelFit.WithinHorizon(scenario, observations).Where(o => !ModelFit.IsInput(scenario, o)),
            .. record is null ? [] : ModelFit.RecordObservations(scenario, record, null, "data/ccg_levels.csv")], file, record);
        var done = new List<HindcastCutoff>();
        foreach (var cutoff in cutoffs)
        {
            var plan = AbcPlan.Create(scenario, settings, observations, file, cutoff, runs, engine.MaxConcurrentBatches, record);
            var model = await AbcCalibration.RunAsync(engine, plan, observer, cancellationToken, stage: $"hindcast from {cutoff}, model", predict: false);
            if (model.Partial) return Stopped(scenario, done, $"the model's calibration from {cutoff}", model);
            var nullPlan = AbcPlan.Create(nullScenario, settings with { Free = nullFree }, observations, file, cutoff, runs, engine.MaxConcurrentBatches, record);
            var baseline = await AbcCalibration.RunAsync(engine, nullPlan, observer, cancellationToken, stage: $"hindcast from {cutoff}, null model", predict: false);
            if (baseline.Partial) return Stopped(scenario, done, $"the null model's calibration from {cutoff}", baseline);

            var forecastScenario = model.PosteriorScenario with { Name = $"{scenario.Name} from {cutoff}", Runs = plan.PredictiveRuns };
            var (accumulator, ensemble) = await AbcCalibration.Predict(engine, forecastScenario, all, observer, cancellationToken);
            var (_, nullEnsemble) = await AbcCalibration.Predict(engine, baseline.PosteriorScenario with { Runs = plan.PredictiveRuns }, all, observer, cancellationToken);
            if (cancellationToken.IsCancellationRequested) return new HindcastResult(scenario, done, true, $"the forecast from {cutoff}");
            var existing = new SimulationSetup(scenario).Mergers.Existing;
            var scores = all.Observations.Select((o, i) => new ScoredObservation(o, o.Period.CompareTo(cutoff) > 0,
                ForecastScore.Of(ensemble[i], o.Value), ForecastScore.Of(nullEnsemble[i], o.Value))
            {
                Nhse = cutoff.CompareTo(NhseForecast.Made) >= 0 && o.Period.CompareTo(cutoff) > 0 && !ModelFit.IsPerCcg(o)
                    && NhseForecast.For(o, existing[scenario.Horizon.IndexOf(o.Period)]) is { } nhse ? ForecastScore.Of(nhse, o.Value) : null,
                KnownAtLastChange = settings.LastStructureChange is { } change && change.InView.Contains(o.Period),
            }).ToArray();
            done.Add(new HindcastCutoff(cutoff, model, baseline, RunSummary.From(new SimulationSetup(forecastScenario), accumulator), scores, false)
            {
                Ccgs = record is null ? null : ScoreCcgs(scenario, record, cutoff, accumulator),
            });
        }
        return new HindcastResult(scenario, done, false) { LastStructureChange = settings.LastStructureChange };
    }

    /// <summary>The per-CCG forecast of the first April after <paramref name="cutoff"/>, or null when the record places
    /// no CCG that April or none the April before (nothing to fit the benchmark to).</summary>
    private static CcgForecast? ScoreCcgs(Scenario scenario, CcgLevelRecord record, Quarter cutoff, TrajectoryAccumulator predictive)
    {
        var trainingYear = cutoff.Number == 1 ? cutoff.Year : cutoff.Year + 1 - 1;
        var year = trainingYear + 1;
        var quarter = scenario.Horizon.IndexOf(new Quarter(year, 1));
        var training = record.In(trainingYear).ToArray();
        var target = record.In(year).ToArray();
        if (quarter < 0 || training.Length == 0 || target.Length == 0) return null;
        var plan = new MergerPlan(scenario.Population, scenario.Horizon, scenario.Mergers);
        double[] Features(int ccg)
        {
            var c = scenario.Population.Ccgs[ccg];
            return [c.Deprivation ?? 0, c.LegalDirections == true ? 1 : 0, c.Lmc is { } l ? (int)l : 0, c.CapacityScore ?? 0];
        }
        var logistic = LogisticRegression.Fit([.. training.Select(c => Features(c.Ccg))], [.. training.Select(c => c.Level == Levels.Delegated)]);
        var outcomes = target.Select(c => c.Level == Levels.Delegated).ToArray();
        return new CcgForecast(year, training.Length,
            BinaryScores.Of([.. target.Select(c => predictive.CcgShare(plan.Holder(quarter, c.Ccg), quarter, Levels.Delegated))], outcomes),
            BinaryScores.Of([.. target.Select(c => logistic.Probability(Features(c.Ccg)))], outcomes));
    }

    private static HindcastResult Stopped(Scenario scenario, IReadOnlyList<HindcastCutoff> done, string stage, AbcFit fit) =>
        new(scenario, done, true, $"{stage}, after generation {fit.Result.Posterior.Index}");
}
