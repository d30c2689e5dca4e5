using UptakeSim.Analysis;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Output;
using UptakeSim.Views;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class AbcCalibrationTests
{
    private static readonly Horizon Horizon = new(Quarter.Parse("2015Q1"), 13);
    private static readonly int Join = BehaviourCoefficients.Default.Table.IndexOf("intercepts.join");
    private static readonly int FromJoint = BehaviourCoefficients.Default.Table.IndexOf("intercepts.delegate_from_level2");

    private static Scenario Synthetic(double join, double delegateFromJoint, int runs, ulong seed) => new(
        "synthetic-truth", "", Horizon, CcgPopulation.Synthetic(150, 3, 10, 3),
        new PopulationAssumptions(new StartCounts(90, 40, 20), FinanceAssumptions.Default, CapacityAssumptions.Default, LmcAssumptions.Default, ConflictAssumptions.Default),
        new NhsePressurePolicy(Schedule.Constant(1.0), [new ApplicationWindow(Quarter.Parse("2015Q3"), Quarter.Parse("2016Q1"), true)], false,
            Schedule.Constant(0), Schedule.Constant(0), Schedule.Constant(0), null),
        BehaviourCoefficients.Default.With(Join, UncertainValue.Fixed(join)).With(FromJoint, UncertainValue.Fixed(delegateFromJoint)),
        runs, seed);

    private static readonly FreeCoefficient[] Free =
    [
        new("intercepts.join", Join, -5, 0, -2.5),
        new("intercepts.delegate_from_level2", FromJoint, -5, 0, -2.5),
    ];

    private static CalibrationSettings Settings(int population, int generations, long maxSimulations) => new(Free, 100, 100, 1e-3)
    {
        Population = population,
        Generations = generations,
        MaxSimulations = maxSimulations,
        MinAcceptance = 0.01,
        PilotPoints = 4,
        PilotRuns = 10,
    };

    /// <summary>Observations of the synthetic truth: mean counts at levels 1 and 3 in quarters 4, 8 and 12.</summary>
    private static async Task<Observation[]> Truth(double join, double delegateFromJoint)
    {
        var truth = new SimulationSetup(Synthetic(join, delegateFromJoint, 1000, 1));
        var simulated = await MonteCarloRun.RunAsync(new ReferenceEngine(), truth, BatchPlan.Auto(1000, 1, 250));
        return [.. from q in new[] { 4, 8, 12 } from level in new[] { 1, 2 }
            select new Observation(Horizon.Label(q), "England", $"level{level}", Math.Round(simulated.Stats(q, 0, level).Mean, 1), 1.0, "synthetic truth", 2)];
    }

    private static AbcPlan Plan(IReadOnlyList<Observation> observations, CalibrationSettings settings, Quarter? cutoff = null, int predictiveRuns = 20, int concurrency = 1) =>
        AbcPlan.Create(Synthetic(-2.5, -2.5, predictiveRuns, 7), settings, observations, "synthetic", cutoff, predictiveRuns, concurrency);

    [Fact]
    public async Task Abc_on_single_noisy_histories_covers_the_truth_of_every_coefficient_including_one_the_data_cannot_identify()
    {
        // Ten worlds, each with its join and delegating intercepts drawn from the prior (uniform on [-5, 0]) and its
        // pressure weight from [0, 3]; each observed once, as the real record is: one replication's counts at levels 1
        // and 2 in quarters 4, 8 and 12, not a mean of many runs. Pressure is constant here, so its weight cannot be told
        // apart from the delegating intercepts (as in the real record after 2015Q3). Each posterior's 90% interval must
        // hold its world's truth about 90% of the time: at least 31 of the 40 (P(X <= 30) = 0.5% for a binomial(40,
        // 0.9)); and the pressure weight's posterior must say the data cannot pin it down (sd over half the prior's) in
        // most worlds rather than claim a precision the data cannot give.
        var fromLevel1 = BehaviourCoefficients.Default.Table.IndexOf("intercepts.delegate_from_level1");
        var pressure = BehaviourCoefficients.Default.Table.IndexOf("pressure");
        FreeCoefficient[] free = [.. Free, new("intercepts.delegate_from_level1", fromLevel1, -5, 0, -2.5), new("pressure", pressure, 0, 3, 1.5)];
        var settings = Settings(150, 8, 8000) with { Free = free };
        var covered = 0;
        var loose = 0;
        for (var world = 0; world < 10; world++)
        {
            var rng = new Random(1000 + world);
            var truth = new[] { -5 * rng.NextDouble(), -5 * rng.NextDouble(), -5 * rng.NextDouble(), 3 * rng.NextDouble() };
            var scenario = Synthetic(truth[0], truth[1], 1, (ulong)(100 + world));
            scenario = scenario with { Behaviour = scenario.Behaviour.With(fromLevel1, UncertainValue.Fixed(truth[2])).With(pressure, UncertainValue.Fixed(truth[3])) };
            var history = BatchSimulation.Run(new SimulationSetup(scenario), 0, 1);
            Observation[] observations = [.. from q in new[] { 4, 8, 12 } from level in new[] { 1, 2 }
                select new Observation(Horizon.Label(q), "England", $"level{level}", history.Count(0, q, 0, level), 1.0, "one synthetic history", 2)];
            var plan = AbcPlan.Create(Synthetic(-2.5, -2.5, 20, 7), settings, observations, "synthetic", null, 20, 1);
            var fit = await AbcCalibration.RunAsync(new ReferenceEngine(), plan, predict: false);
            for (var k = 0; k < truth.Length; k++)
            {
                var m = fit.Summary.Marginals[k];
                if (truth[k] >= m.Lower90 && truth[k] <= m.Upper90) covered++;
            }
            if (fit.Summary.Marginals[3].SdRatio > 0.5) loose++;
        }
        Assert.InRange(covered, 31, 40);
        Assert.True(loose >= 7, $"the pressure weight looked identified in {10 - loose} of 10 worlds");
    }

    private static string PosteriorOf(AbcFit fit) => CalibrationFiles.Posterior(fit);

    [Fact]
    public void A_calibration_uses_only_the_observations_up_to_its_cutoff_that_the_horizon_holds_and_are_not_inputs()
    {
        Observation At(string quarter) => new(quarter, "England", "level3", 20, 1, "test", 2);
        Observation[] observations = [At("2015Q1"), At("2016Q1"), At("2017Q1"), At("2030Q1")];
        // 2015Q1 is the first quarter, whose counts the start mix copies: an input, not evidence.
        Assert.Equal(["2016Q1", "2017Q1"], Plan(observations, Settings(10, 2, 100)).Fit.Observations.Select(o => o.Quarter));
        Assert.Equal(["2016Q1"], Plan(observations, Settings(10, 2, 100), Quarter.Parse("2016Q1")).Fit.Observations.Select(o => o.Quarter));
        Assert.Contains("no observation within the scenario's horizon", Assert.Throws<InputException>(() => Plan([At("2030Q1")], Settings(10, 2, 100))).Message);
    }

    [Fact]
    public async Task The_posterior_does_not_depend_on_batch_size_or_parallel_batches()
    {
        var observations = await Truth(-2.0, -3.0);
        var settings = Settings(40, 3, 2000);
        var one = Plan(observations, settings);
        var serial = await AbcCalibration.RunAsync(new ReferenceEngine(), one with { Settings = one.Settings with { BatchSize = 7, ParallelBatches = 1 } });
        var parallel = await AbcCalibration.RunAsync(new ReferenceEngine(), one with { Settings = one.Settings with { BatchSize = 50, ParallelBatches = 3 } });
        Assert.Equal(PosteriorOf(serial), PosteriorOf(parallel));
        Assert.Equal(3, serial.Result.History.Count);
    }

    [Fact]
    public async Task A_calibration_never_sees_observations_after_its_cutoff()
    {
        var observations = await Truth(-2.0, -3.0);
        var settings = Settings(30, 2, 1000);
        var cutoff = Horizon[8];
        var fitted = await AbcCalibration.RunAsync(new ReferenceEngine(), Plan(observations, settings, cutoff));
        // Change every observation after the cutoff (quarter 12) wildly: the fit is byte-identical.
        var changed = observations.Select(o => o.Period.CompareTo(cutoff) > 0 ? o with { Value = o.Value + 17, Sd = 9 } : o).ToArray();
        Assert.NotEqual(observations, changed);
        var refitted = await AbcCalibration.RunAsync(new ReferenceEngine(), Plan(changed, settings, cutoff));
        Assert.Equal(4, fitted.Plan.Fit.Observations.Count);
        Assert.Equal(PosteriorOf(fitted), PosteriorOf(refitted));
        // Without the cutoff the changed observations do change the fit (so the test above could fail).
        Assert.NotEqual(PosteriorOf(await AbcCalibration.RunAsync(new ReferenceEngine(), Plan(observations, settings))),
            PosteriorOf(await AbcCalibration.RunAsync(new ReferenceEngine(), Plan(changed, settings))));
    }

    [Fact]
    public async Task A_stopped_calibration_keeps_the_last_complete_generation_flagged_partial_and_resumes_to_the_uninterrupted_result()
    {
        var observations = await Truth(-2.0, -3.0);
        var plan = Plan(observations, Settings(30, 3, 2000));
        var whole = await AbcCalibration.RunAsync(new ReferenceEngine(), plan);

        var directory = Inputs.TempDirectory();
        var observer = new StopAtGeneration(1);
        var stopped = await AbcCalibration.RunAsync(new ReferenceEngine(), plan, observer, observer.Token, AbcCheckpoint.Open(directory, "fit", false, plan.Names));
        Assert.True(stopped.Partial);
        Assert.Equal(1, stopped.Result.Posterior.Index);
        Assert.Equal(0, stopped.Predictive.Runs);

        var reopened = AbcCheckpoint.Open(directory, "fit", true, plan.Names);
        var resumed = await AbcCalibration.RunAsync(new ReferenceEngine(), plan, null, default, reopened);
        Assert.Equal(PosteriorOf(whole), PosteriorOf(resumed));
        // The resumed calibration's record holds every generation, those before the interruption too.
        Assert.Equal(whole.Result.History.Select(g => (g.Index, g.Tolerance, g.Simulations)), resumed.Result.History.Select(g => (g.Index, g.Tolerance, g.Simulations)));
        Assert.True(RunCheckpoint.Exists(directory), "a finished calibration keeps its checkpoint until its results are committed");
        reopened.Delete();
        Assert.False(RunCheckpoint.Exists(directory), "deleted once the results are committed");
        Assert.Throws<InvalidDataException>(() =>
        {
            var again = AbcCheckpoint.Open(directory, "fit", false, plan.Names);
            again.Save(whole.Result.Posterior);
            return AbcCheckpoint.Open(directory, "another fit", true, plan.Names);
        });
    }

    [Fact]
    public async Task At_80_columns_a_calibration_says_once_what_its_terms_mean_and_labels_each_observations_model_noise()
    {
        Observation[] observations =
        [
            new("2016Q1", "England", "level1", 60, 2, "test", 2), new("2016Q1", "England", "level3", 40, 2, "test", 3),
            new("2017Q1", "England", "level1", 40, 2, "test", 4), new("2017Q1", "England", "level3", 60, 2, "test", 5),
        ];
        var plan = Plan(observations, Settings(30, 3, 2000));
        var output = new StringWriter();
        var view = new PlainView(output, TimeSpan.Zero, width: 80);
        view.Started(new JobStart("calibrate", "calibrate", new SimulationSetup(plan.Scenario), 10));
        var fit = await AbcCalibration.RunAsync(new ReferenceEngine(), plan, view);
        Tables.Posterior(output, fit, TimeSpan.FromSeconds(1), 80);
        var text = output.ToString();
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} > 80: {l}"));
        // The model noise is a table, each row labelled with its observation, the noise beside the observation's own sd.
        Assert.Contains("  observation            model noise sd  observation sd", lines);
        for (var i = 0; i < observations.Length; i++)
        {
            var o = observations[i];
            Assert.Contains($"  {$"{o.Quarter} {o.Scope} {o.Measure}",-21}  {Math.Sqrt(fit.Distance.ModelVariance[i]),14:G3}  {2,14}", lines);
        }
        Assert.Contains("the run-to-run sd of its simulated", text);
        // Each generation's terms are explained once, before the first, however many generations follow.
        Assert.Equal(fit.Result.History.Count, lines.Count(l => l.StartsWith("calibrate generation ", StringComparison.Ordinal)));
        Assert.True(fit.Result.History.Count >= 2);
        Assert.Equal(1, lines.Count(l => l.StartsWith("each generation below: tolerance, the ABC distance threshold", StringComparison.Ordinal)));
        Assert.True(Array.FindIndex(lines, l => l.StartsWith("each generation below", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("calibrate generation 0", StringComparison.Ordinal)));
        var legend = string.Join(" ", lines.Select(l => l.Trim()));
        Assert.Contains("accepted, the acceptance rate: the share of the generation's simulations accepted", legend);
        Assert.Contains("ESS, the effective sample size of the weighted particles: how many equally weighted particles they are worth", legend);
        Assert.Contains("sd/prior, its posterior sd as a share of its prior sd: how much the data taught", legend);
        var last = fit.Result.Posterior;
        Assert.Contains($"posterior: the 30 particles of generation {last.Index}, accepted within tolerance {last.Tolerance:F3} (acceptance rate {last.AcceptanceRate * 100:F1}%), effective sample size {fit.Summary.EffectiveSampleSize:F0}; fitted to 4 observations", legend);
        Assert.Contains(lines, l => l.StartsWith($"{"intercepts.join",-31}  {fit.Summary.Marginals[0].Mean,7:F3}  {fit.Summary.Marginals[0].Median,7:F3}", StringComparison.Ordinal));
    }

    private sealed class StopAtGeneration(int generation) : IExperimentObserver
    {
        private readonly CancellationTokenSource _stop = new();

        public CancellationToken Token => _stop.Token;

        public void Progress(RunProgress progress)
        {
        }

        public void Retry(BatchRetry retry)
        {
        }

        public void Step(ExperimentStep step)
        {
            if (step is GenerationStep g && g.Generation >= generation) _stop.Cancel();
        }

        public void Note(string message)
        {
        }
    }

    [Fact]
    public async Task The_null_model_fixes_every_driver_at_zero_and_frees_only_the_intercepts()
    {
        FreeCoefficient[] withSlope = [.. Free, new FreeCoefficient("pressure", BehaviourCoefficients.Default.Table.IndexOf("pressure"), 0, 2, 1)];
        var (scenario, free) = HindcastExperiment.NullModel(Synthetic(-2, -3, 10, 1), withSlope);
        Assert.Equal(["intercepts.join", "intercepts.delegate_from_level2"], free.Select(f => f.Name));
        var table = scenario.Behaviour.Table;
        Assert.All(Enumerable.Range(0, table.Count).Where(k => table.Specs[k].Driver != Driver.One), k => Assert.Equal(UncertainValue.Fixed(0), scenario.Behaviour[k]));
        Assert.Equal(-2, scenario.Behaviour[Join].Mean);

        // A world whose truth is the null model (every driver 0, join -2, joint to delegated -3), observed as the mean
        // of 1,000 runs: fitted to the counts up to quarter 4, the null model must forecast the four held-out counts
        // inside its 90% bands and within 5 CCGs (CRPS) of 150, and beat the model, whose drivers are wrong here, by
        // half; a null that kept a driver or did not fit would miss.
        var (nullTruth, _) = HindcastExperiment.NullModel(Synthetic(-2.0, -3.0, 1000, 1), Free);
        var simulated = await MonteCarloRun.RunAsync(new ReferenceEngine(), new SimulationSetup(nullTruth), BatchPlan.Auto(1000, 1, 250));
        Observation[] observations = [.. from q in new[] { 4, 8, 12 } from level in new[] { 1, 2 }
            select new Observation(Horizon.Label(q), "England", $"level{level}", Math.Round(simulated.Stats(q, 0, level).Mean, 1), 1.0, "synthetic null truth", 2)];
        var hindcast = await HindcastExperiment.RunAsync(new ReferenceEngine(), Synthetic(-2.5, -2.5, 40, 7), Settings(100, 6, 6000), observations, "synthetic", [Horizon[4]], 40);
        var cutoff = Assert.Single(hindcast.Cutoffs);
        Assert.Equal(4, cutoff.Held.Count);
        Assert.Equal(2, cutoff.Model.Plan.Fit.Observations.Count);
        Assert.All(cutoff.Held, s => Assert.True(s.Null.Inside90 && s.Null.Crps < 5, $"{s.Observation.Quarter} {s.Observation.Measure}: null CRPS {s.Null.Crps:F2}, inside 90% {s.Null.Inside90}"));
        Assert.True(cutoff.Held.Average(s => s.Null.Crps) < 0.5 * cutoff.Held.Average(s => s.Model.Crps),
            $"null CRPS {cutoff.Held.Average(s => s.Null.Crps):F2} against the misspecified model's {cutoff.Held.Average(s => s.Model.Crps):F2}");
    }

    [Fact]
    public async Task A_stopped_hindcast_keeps_the_cutoffs_that_completed_and_says_where_it_stopped()
    {
        var observations = await Truth(-2.0, -3.0);
        var observer = new StopAtGeneration(1);
        var hindcast = await HindcastExperiment.RunAsync(new ReferenceEngine(), Synthetic(-2.5, -2.5, 20, 7), Settings(30, 3, 2000), observations, "synthetic",
            [Horizon[4], Horizon[8]], 20, observer, observer.Token);

        Assert.True(hindcast.Partial);
        Assert.Empty(hindcast.Cutoffs);
        Assert.Equal($"the model's calibration from {Horizon[4]}, after generation 1", hindcast.StoppedDuring);
        var output = new StringWriter();
        Views.Tables.Hindcast(output, hindcast, TimeSpan.Zero);
        Assert.Contains($"PARTIAL: stopped during the model's calibration from {Horizon[4]}, after generation 1; only the cutoffs below completed", output.ToString());
    }
}
