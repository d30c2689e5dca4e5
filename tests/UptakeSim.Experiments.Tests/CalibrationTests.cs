using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class CalibrationTests
{
    private static readonly Horizon Horizon = new(Quarter.Parse("2015Q1"), 16);

    private static Scenario Synthetic(double join, double delegateFromJoint, int runs, ulong seed) => new(
        "synthetic-truth", "", Horizon, CcgPopulation.Synthetic(80, 4, 10, 3),
        new PopulationAssumptions(new StartCounts(40, 24, 16), FinanceAssumptions.Default, CapacityAssumptions.Default, LmcAssumptions.Default, ConflictAssumptions.Default),
        new NhsePressurePolicy(Schedule.Constant(1.0), [new ApplicationWindow(Quarter.Parse("2015Q3"), Quarter.Parse("2016Q1"), true)], false,
            Schedule.Constant(0), Schedule.Constant(0), Schedule.Constant(0), null),
        BehaviourCoefficients.Default.With("intercepts.join", UncertainValue.Fixed(join)).With("intercepts.delegate_from_level2", UncertainValue.Fixed(delegateFromJoint)),
        runs, seed);

    [Fact]
    public async Task Calibration_recovers_known_coefficients_from_their_own_simulated_counts()
    {
        // The truth: simulate with known intercepts and take the mean counts each April as the observations.
        var truth = new SimulationSetup(Synthetic(join: -2.0, delegateFromJoint: -2.5, runs: 2000, seed: 1));
        var simulated = await MonteCarloRun.RunAsync(new ReferenceEngine(), truth, BatchPlan.Auto(2000, 1, 500));
        var observations = new List<Observation>();
        foreach (var q in new[] { 4, 8, 12 })
        {
            foreach (var level in new[] { 1, 3 })
            {
                observations.Add(new Observation(Horizon.Label(q), "England", $"level{level}", simulated.Stats(q, 0, level).Mean, 1.0, "synthetic truth", observations.Count + 2));
            }
        }

        // Fit from elsewhere, with another seed: the fit must find the truth, not replay its noise.
        var start = Synthetic(join: -3.0, delegateFromJoint: -1.5, runs: 150, seed: 7);
        var free = new[]
        {
            new FreeCoefficient("intercepts.join", BehaviourCoefficients.Default.Table.IndexOf("intercepts.join"), -5, 0, -3.0),
            new FreeCoefficient("intercepts.delegate_from_level2", BehaviourCoefficients.Default.Table.IndexOf("intercepts.delegate_from_level2"), -5, 0, -1.5),
        };
        var calibration = new ScenarioCalibration(start, free, ModelFit.For(start, observations, "synthetic"), new ReferenceEngine());
        var result = calibration.Fit(maxEvaluations: 250, tolerance: 1e-2);

        Assert.True(result.Converged, result.Message);
        Assert.InRange(result.Best[0], -2.0 - 0.15, -2.0 + 0.15);
        Assert.InRange(result.Best[1], -2.5 - 0.15, -2.5 + 0.15);
    }

    [Fact]
    public void Observations_outside_the_horizon_or_in_unknown_regions_are_errors_naming_the_line()
    {
        var scenario = Synthetic(-2, -2.5, 10, 1);
        Observation At(string quarter, string scope, int line) => new(quarter, scope, "level3", 10, 1, "test", line);
        var errors = Assert.Throws<ScenarioException>(() => ModelFit.For(scenario, [At("2015Q1", "England", 2), At("2030Q1", "England", 3), At("2015Q1", "Wessex", 4)], "obs.csv")).Errors;
        Assert.Equal(["obs.csv:3:1", "obs.csv:4:2"], errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
        Assert.Contains("outside the scenario's horizon", errors[0].Message);
        Assert.Contains("unknown scope 'Wessex'", errors[1].Message);
    }

    private static CalibrationSettings Settings(int maxEvaluations) => new(
        [new FreeCoefficient("intercepts.join", BehaviourCoefficients.Default.Table.IndexOf("intercepts.join"), -5, 0, -3.0)], 100, maxEvaluations, 1e-3);

    private static ModelFit SyntheticFit(Scenario scenario) =>
        ModelFit.For(scenario, [new Observation(Horizon.Label(8), "England", "level3", 40, 1.0, "made up", 2)], "synthetic");

    [Fact]
    public async Task A_fit_out_of_evaluations_is_not_converged_and_says_so()
    {
        var scenario = Synthetic(-3, -2.5, 100, 3);
        var (fit, _) = await PointCalibration.RunAsync(new ReferenceEngine(), scenario, Settings(4), SyntheticFit(scenario));
        Assert.False(fit.Result.Converged);
        Assert.False(fit.Partial);
        Assert.Equal(4, fit.Result.Evaluations);
        Assert.Single(fit.Simulated);
    }

    [Fact]
    public async Task A_stopped_fit_keeps_the_best_point_so_far_flagged_partial()
    {
        var scenario = Synthetic(-3, -2.5, 100, 3);
        var observer = new Inputs.StopAfter(3);
        var (fit, _) = await PointCalibration.RunAsync(new ReferenceEngine(), scenario, Settings(100), SyntheticFit(scenario), observer, observer.Token);
        Assert.True(fit.Partial);
        Assert.False(fit.Result.Converged);
        Assert.Equal(3, fit.Result.Evaluations);
        var steps = observer.Steps.Cast<CalibrationEvaluation>().ToArray();
        Assert.Equal(steps.Min(s => s.Distance), fit.Result.Distance);
        Assert.Equal(steps[^1].Best["intercepts.join"], fit.Result.Best[0]);
        Assert.All(fit.StandardErrors, se => Assert.True(double.IsNaN(se)));
    }

    private sealed class CountingEngine : IReplicationEngine
    {
        private readonly ReferenceEngine _engine = new();

        public int Batches { get; private set; }

        public string Name => _engine.Name;

        public int MaxConcurrentBatches => 1;

        public Task<BatchTrajectories> RunBatchAsync(SimulationSetup setup, Batch batch, CancellationToken cancellationToken = default)
        {
            Batches++;
            return _engine.RunBatchAsync(setup, batch, cancellationToken);
        }
    }

    [Fact]
    public async Task A_stopped_fit_resumes_from_its_checkpoint_to_the_uninterrupted_fit_without_evaluating_again()
    {
        var scenario = Synthetic(-3, -2.5, 100, 3);
        var all = new CountingEngine();
        var (whole, _) = await PointCalibration.RunAsync(all, scenario, Settings(12), SyntheticFit(scenario));

        var directory = Inputs.TempDirectory();
        var observer = new Inputs.StopAfter(4);
        var (stopped, _) = await PointCalibration.RunAsync(new ReferenceEngine(), scenario, Settings(12), SyntheticFit(scenario), observer, observer.Token,
            EvaluationCheckpoint.Open(directory, "fit", resume: false, 1, 1));
        Assert.True(stopped.Partial);
        Assert.Throws<InvalidDataException>(() => EvaluationCheckpoint.Open(directory, "another fit", resume: true, 1, 1));

        var rest = new CountingEngine();
        var checkpoint = EvaluationCheckpoint.Open(directory, "fit", resume: true, 1, 1);
        Assert.Equal(4, checkpoint.Evaluations);
        var (resumed, _) = await PointCalibration.RunAsync(rest, scenario, Settings(12), SyntheticFit(scenario), null, default, checkpoint);
        Assert.Equal(whole.Result.Best, resumed.Result.Best);
        Assert.Equal((whole.Result.Distance, whole.Result.Evaluations, whole.Result.Converged), (resumed.Result.Distance, resumed.Result.Evaluations, resumed.Result.Converged));
        Assert.Equal(whole.StandardErrors, resumed.StandardErrors);
        // The four saved evaluations are not simulated again (nor any point evaluated twice, as the optimiser's restarts do).
        Assert.InRange(rest.Batches, 1, all.Batches - 4 * BatchPlan.Auto(100, Environment.ProcessorCount).Batches().Count());
        Assert.True(RunCheckpoint.Exists(directory), "a finished fit keeps its checkpoint until its results are committed");
        checkpoint.Delete();
        Assert.False(RunCheckpoint.Exists(directory), "deleted once the results are committed");
    }

    [Fact]
    public async Task The_baseline_posterior_predictive_covers_its_calibration_targets()
    {
        // The targets are the scenario's own: its calibration settings (runs) and the bundled observations it was fitted
        // to, those up to April 2016 (docs/ODD.md) but the first quarter's, which the start mix copies (inputs, in every
        // band by construction); later ones are for the hindcast, not targets. The baseline draws its free coefficients
        // from the shipped posterior, so each of the three April 2016 counts must lie inside its posterior-predictive
        // 90% band, widened by the observation's own sd. (The per-CCG record is also a target, and the model misses it:
        // docs/ODD.md, "Where the model misses".)
        var loaded = Inputs.Scenarios.Load(Inputs.Baseline, []);
        var settings = loaded.Calibration!;
        var observations = ObservationFile.Load(Inputs.Bundled("data", "observations.csv"))
            .Where(o => Quarter.Parse(o.Quarter).CompareTo(Quarter.Parse("2016Q1")) <= 0 && !ModelFit.IsInput(loaded.Scenario, o)).ToList();
        Assert.Equal(["2016Q1 level1", "2016Q1 level2", "2016Q1 level3"], observations.Select(o => $"{o.Quarter} {o.Measure}"));
        var fit = ModelFit.For(loaded.Scenario, observations, "observations.csv");
        var setup = new SimulationSetup(loaded.Scenario with { Runs = settings.Runs });
        var simulated = fit.Simulated(await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(settings.Runs, 1)));
        for (var i = 0; i < observations.Count; i++)
        {
            var (o, s) = (observations[i], simulated[i]);
            Assert.True(s.P05 - o.Sd <= o.Value && o.Value <= s.P95 + o.Sd, $"{o.Quarter} {o.Scope} {o.Measure}: simulated {s.Mean:F2} [{s.P05}-{s.P95}], observed {o.Value} +/- {o.Sd}");
        }
    }
}
