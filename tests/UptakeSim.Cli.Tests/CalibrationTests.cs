using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli.Tests;

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
        var start = Synthetic(join: -3.0, delegateFromJoint: -1.5, runs: 400, seed: 7);
        var free = new[]
        {
            new FreeCoefficient("intercepts.join", BehaviourCoefficients.Default.Table.IndexOf("intercepts.join"), -5, 0, -3.0),
            new FreeCoefficient("intercepts.delegate_from_level2", BehaviourCoefficients.Default.Table.IndexOf("intercepts.delegate_from_level2"), -5, 0, -1.5),
        };
        var calibration = new ScenarioCalibration(start, free, ModelFit.For(start, observations, "synthetic"), new ReferenceEngine());
        var result = calibration.Fit(maxEvaluations: 200, tolerance: 1e-3);

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
}

public class CalibrateAndSensitivityCommandTests
{
    [Fact]
    public void A_fit_that_runs_out_of_evaluations_is_flagged_and_exits_3()
    {
        var output = Path.Combine(Cli.TempDirectory(), "fit");
        var result = Cli.Run(["calibrate", Cli.Scenario("baseline.yaml"), "--runs", "20", "--set", "calibration.max_evaluations=6", "--out", output]);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("WARNING: the fit did NOT converge", result.Out);
        Assert.Contains("DID NOT CONVERGE", File.ReadLines(Path.Combine(output, "fitted.yaml")).First());
        using var fit = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "fit.json")));
        Assert.False(fit.RootElement.GetProperty("converged").GetBoolean());
        Assert.Equal(3, fit.RootElement.GetProperty("parameters").GetArrayLength());
        var table = File.ReadAllLines(Path.Combine(output, "fit.csv"));
        Assert.Equal("quarter,scope,measure,observed,sd,simulated_mean,simulated_p05,simulated_p95,standardized_residual,source", table[0]);
        Assert.Equal(1 + 14, table.Length);
        Assert.True(File.Exists(Path.Combine(output, "fit-baseline.png")));
        // The fitted scenario is a scenario run accepts.
        var validate = Cli.Run(["validate", Path.Combine(output, "fitted.yaml")]);
        Assert.True(validate.ExitCode == 0, validate.Err);
        Assert.Contains("baseline-fitted", validate.Out);
    }

    [Fact]
    public void A_scenario_without_a_calibration_section_is_bad_input()
    {
        var result = Cli.Run(["calibrate", Cli.Scenario("early-mandate.yaml"), "--set", "calibration=null", "--out", Path.Combine(Cli.TempDirectory(), "x")]);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void A_bad_observation_file_names_the_line()
    {
        var dir = Cli.TempDirectory();
        var observed = Path.Combine(dir, "obs.csv");
        File.WriteAllText(observed, "quarter,scope,measure,value,sd,source\n2016Q1,England,level3,115,,ok\n2016Q1,England,level9,3,,bad\n");
        var result = Cli.Run(["calibrate", Cli.Scenario("baseline.yaml"), "--observed", observed, "--out", Path.Combine(dir, "x")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("obs.csv:3:", result.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "x")));
    }

    [Fact]
    public void Sensitivity_ranks_the_uncertain_coefficients_and_writes_its_table()
    {
        var output = Path.Combine(Cli.TempDirectory(), "sens");
        var result = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--samples", "32", "--repeats", "1", "--range", "intercepts.join=-4:-2", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);
        var rows = File.ReadAllLines(Path.Combine(output, "sensitivity.csv"));
        Assert.Equal("outcome,rank,parameter,s1,s1_conf,st,st_conf", rows[0]);
        Assert.Equal(1 + 2 * 9, rows.Length);
        Assert.Contains(rows, r => r.Contains(",intercepts.join,"));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "charts")).Length);
        Assert.Contains("what drives share delegated in 2017Q1", result.Out);
    }

    [Fact]
    public void Sensitivity_with_nothing_uncertain_is_bad_input()
    {
        var result = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--set", "behaviour.pressure=1", "--set", "behaviour.peer=1",
            "--set", "behaviour.finance=0.4", "--set", "behaviour.lmc=0.6", "--set", "behaviour.capacity=1.5", "--set", "behaviour.experience=0.2",
            "--set", "behaviour.conflict=-1", "--set", "behaviour.deprivation=0.2", "--out", Path.Combine(Cli.TempDirectory(), "x")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no uncertain behaviour coefficients", result.Err);
    }
}
