namespace UptakeSim.Cli.Tests;

public class CalibrateAndSensitivityCommandTests
{
    [Fact]
    public void A_fit_that_runs_out_of_evaluations_is_flagged_and_exits_3()
    {
        var output = Path.Combine(Cli.TempDirectory(), "fit");
        var result = Cli.Run(["calibrate", Cli.Scenario("baseline.yaml"), "--method", "point", "--runs", "4", "--set", "calibration.max_evaluations=6", "--out", output]);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("WARNING: the fit did NOT converge", result.Out);
        Assert.Contains("evaluation    6: distance", result.Out);
        Assert.Contains("DID NOT CONVERGE", File.ReadLines(Path.Combine(output, "fitted.yaml")).First());
        using var fit = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "fit.json")));
        Assert.False(fit.RootElement.GetProperty("converged").GetBoolean());
        Assert.Equal(6, fit.RootElement.GetProperty("parameters").GetArrayLength());
        var table = File.ReadAllLines(Path.Combine(output, "fit.csv"));
        Assert.Equal("quarter,quarter_start,scope,measure,observed,sd,simulated_mean,simulated_p05,simulated_p95,standardized_residual,source", table[0]);
        Assert.StartsWith("2016Q1,2016-04-01,", table[1]);
        // The baseline's calibration uses the observations up to its cutoff, 2016Q1, but the first quarter's, which the
        // start mix copies: the three national counts of April 2016.
        Assert.Equal(1 + 3, table.Length);
        Assert.True(File.Exists(Path.Combine(output, "fit-baseline.png")));
        // The point fit's values are the scenario's, not drawn from the baseline's posterior.
        var fitted = File.ReadAllText(Path.Combine(output, "fitted.yaml"));
        Assert.Contains("\nposterior: null\n", fitted);
        // It names the copies of its data files in the results, never a local path, so the folder can be moved.
        Assert.Contains("ccgs: data/ccgs_2015.csv", fitted);
        Assert.DoesNotContain(Cli.RepositoryRoot, fitted);
        Assert.True(File.Exists(Path.Combine(output, "data", "ccgs_2015.csv")));
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
    public void Sensitivity_varies_a_lever_with_the_coefficients_and_writes_its_table_and_report()
    {
        var output = Path.Combine(Cli.TempDirectory(), "sens");
        var result = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--samples", "16", "--repeats", "1", "--range", "policy.risk_sharing=0:0.5",
            "--range", "population.finance.sd=normal:0.6:0.1", "--out", output]);
        Assert.True(result.ExitCode == 0, result.Err);
        var rows = File.ReadAllLines(Path.Combine(output, "sensitivity.csv"));
        Assert.Equal("outcome,outcome_description,rank,parameter,s1,s1_conf,s1_low,s1_high,st,st_conf,st_low,st_high,no_effect", rows[0]);
        // Each outcome's key and name say by when: the share on 1 April 2017 (--by's default, two years in), the quarters from April 2015.
        Assert.Equal(9, rows.Count(r => r.StartsWith("share_delegated_2017q1,share of CCGs delegated on 1 April 2017,", StringComparison.Ordinal)));
        Assert.Equal(9, rows.Count(r => r.StartsWith("quarters_from_2015q1_to_90pct,quarters from 1 April 2015 to 90% of CCGs delegated,", StringComparison.Ordinal)));
        // Two outcomes x (6 uncertain coefficients the posterior does not give, the baseline's posterior as one input, 2 ranges).
        Assert.Equal(1 + 2 * 9, rows.Length);
        // Risk sharing is not in the model's decision: inert, and said so.
        Assert.All(rows.Where(r => r.Contains(",policy.risk_sharing,")), r => Assert.EndsWith(",true", r));
        Assert.Contains("NO EFFECT", result.Out);
        Assert.Contains(rows, r => r.Contains(",policy.risk_sharing,"));
        Assert.Contains(rows, r => r.Contains(",posterior draw of the calibrated coefficients,"));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "sensitivity.json")));
        var inputs = json.RootElement.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("distribution").GetString());
        Assert.Equal("normal(0.4, 0.1)", inputs["finance"]);
        Assert.Equal("uniform(0, 0.5)", inputs["policy.risk_sharing"]);
        Assert.Equal("normal(0.6, 0.1) truncated to 0 or more", inputs["population.finance.sd"]);
        Assert.Contains("<h1>UptakeSim sensitivity: baseline</h1>", File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.Contains("what drives the share of CCGs delegated on 1 April 2017", result.Out);

        var bad = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--range", "policy.approval=0.5:2", "--out", Path.Combine(Cli.TempDirectory(), "bad")]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--range: 'policy.approval=0.5:2': policy.approval takes values from 0 to 1", bad.Err);
        Assert.DoesNotContain("   at ", bad.Err);
    }

    [Fact]
    public void Sensitivity_with_nothing_uncertain_is_bad_input()
    {
        var result = Cli.Run(["sensitivity", Cli.Scenario("baseline.yaml"), "--set", "posterior=null", "--set", "behaviour.pressure=1", "--set", "behaviour.peer=1",
            "--set", "behaviour.finance=0.4", "--set", "behaviour.lmc=0.6", "--set", "behaviour.capacity=1.5", "--set", "behaviour.experience=0.2",
            "--set", "behaviour.conflict=-1", "--set", "behaviour.deprivation=0.2", "--set", "behaviour.collective=0", "--out", Path.Combine(Cli.TempDirectory(), "x")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no uncertain inputs to analyse", result.Err);
    }
}
