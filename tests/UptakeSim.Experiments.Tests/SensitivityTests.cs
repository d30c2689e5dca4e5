using UptakeSim.Analysis;
using UptakeSim.Experiments.Output;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Views;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

public class SensitivityTests
{
    private static int Index(string name) => Array.IndexOf(BehaviourCoefficients.Names, name);

    [Fact]
    public void Every_problem_with_the_arguments_is_reported_together()
    {
        var scenario = Inputs.Load(10).Scenario;
        var problem = Assert.Throws<InputException>(() => SensitivityExperiment.Prepare(scenario, 2_000_000, 100, "2031Q1",
            ["nope=1:2", "intercepts.join=3:1", "policy.approval=0.5:1.5", "finance=triangular:0:1", "population.finance.sd=normal:1:0", "lmc=1:2:3"], "s.yaml"));
        Assert.Equal(8, problem.Problems.Count);
        Assert.StartsWith("--range: 'nope=1:2' is not a range; expected NAME=LOW:HIGH (uniform)", problem.Problems[0]);
        Assert.Contains("policy.risk_sharing", problem.Problems[0]);
        Assert.StartsWith("--range: 'intercepts.join=3:1' is not a range", problem.Problems[1]);
        Assert.Equal("--range: 'policy.approval=0.5:1.5': policy.approval takes values from 0 to 1; expected a distribution within them (a normal is truncated to them only if its mean is inside)", problem.Problems[2]);
        Assert.StartsWith("--range: 'finance=triangular:0:1' is not a range", problem.Problems[3]);
        Assert.StartsWith("--range: 'population.finance.sd=normal:1:0' is not a range", problem.Problems[4]);
        Assert.StartsWith("--range: 'lmc=1:2:3' is not a range", problem.Problems[5]);
        Assert.StartsWith("--by: '2031Q1' is not a quarter of the horizon", problem.Problems[6]);
        Assert.EndsWith("expected at most 100,000,000", problem.Problems[7]);
    }

    [Fact]
    public void A_scenario_with_nothing_uncertain_names_the_file()
    {
        var fixedCoefficients = BehaviourCoefficients.Names.Select(n => $"behaviour.{n}=-2").ToArray();
        var scenario = Inputs.Load(10, fixedCoefficients).Scenario;
        var problem = Assert.Throws<InputException>(() => SensitivityExperiment.Prepare(scenario, 4, 1, null, [], "s.yaml"));
        Assert.StartsWith("s.yaml: no uncertain inputs to analyse", Assert.Single(problem.Problems));
    }

    [Fact]
    public void Each_input_is_sampled_through_its_own_distribution()
    {
        var scenario = Inputs.Load(10).Scenario;
        var plan = SensitivityExperiment.Prepare(scenario, 256, 1, null,
            ["population.finance.sd=triangular:0.2:0.6:1.4", "policy.risk_sharing=normal:0.2:0.2"], "s.yaml");
        // The baseline's coefficients as the scenario gives them: pressure ~ normal(1.0, 0.25), and so on.
        var pressure = plan.Inputs.Single(i => i.Name == "pressure");
        Assert.Equal(new NormalDistribution(1.0, 0.25), pressure.Parameter.Distribution);
        Assert.Equal(new TriangularDistribution(0.2, 0.6, 1.4), plan.Inputs.Single(i => i.Name == "population.finance.sd").Parameter.Distribution);
        Assert.Equal(new NormalDistribution(0.2, 0.2).Truncated(0, 1), plan.Inputs.Single(i => i.Name == "policy.risk_sharing").Parameter.Distribution);

        var column = plan.Inputs.ToList().IndexOf(pressure);
        var values = plan.Design.A.Select(row => row[column]).ToArray();
        Assert.Equal(1.0, values.Average(), 0.01);
        Assert.Equal(0.25, Math.Sqrt(values.Average(v => (v - 1.0) * (v - 1.0))), 0.01);
        // Uniforms over mean +/- 2 sd could not go beyond it; the normal does, about 4.6% of the time.
        Assert.InRange(values.Count(v => Math.Abs(v - 1.0) > 0.5), 5, 20);
        var riskSharing = plan.Design.A.Select(row => row[plan.Inputs.Count - 1]).ToArray();
        Assert.InRange(riskSharing.Min(), 0, 0.01);
        var finance = plan.Design.A.Select(row => row[plan.Inputs.Count - 2]).ToArray();
        Assert.Equal((0.2 + 0.6 + 1.4) / 3, finance.Average(), 0.01);
    }

    [Fact]
    public void A_slope_that_moves_keeps_the_calibrated_rate_at_the_drivers_reference_level()
    {
        var scenario = Inputs.Load(10).Scenario;
        var plan = SensitivityExperiment.Prepare(scenario, 64, 1, null, ["intercepts.join=-2:-1"], "s.yaml");
        var table = CoefficientTable.Model;
        var means = Enumerable.Range(0, table.Count).Select(k => scenario.Behaviour[k].Mean).ToArray();
        var join = plan.Inputs.ToList().FindIndex(i => i.Name == "intercepts.join");
        foreach (var point in plan.Design.AllPoints())
        {
            var row = plan.Coefficients(point);
            var calibrated = (double[])means.Clone();
            calibrated[Index("intercepts.join")] = point[join];
            for (var move = 0; move < table.Terms.Length; move++)
            {
                Assert.Equal(Predictor(table.Terms[move], calibrated, plan.Reference), Predictor(table.Terms[move], row, plan.Reference), 10);
            }
        }
        // Finance one above its mean moves every upward intercept down by the reference finance (the population mean, 1% surplus).
        var values = plan.Inputs.Select(i => i.Parameter.Distribution.Mean).ToArray();
        values[plan.Inputs.ToList().FindIndex(i => i.Name == "finance")] += 1;
        var shifted = plan.Coefficients(values);
        Assert.Equal(1.0, plan.Reference[(int)Driver.Finance]);
        Assert.Equal(means[Index("intercepts.delegate_from_level2")] - 1.0, shifted[Index("intercepts.delegate_from_level2")], 12);
        Assert.Equal(means[Index("intercepts.hand_back")], shifted[Index("intercepts.hand_back")]);
    }

    [Fact]
    public async Task With_common_random_numbers_an_input_the_outcome_does_not_depend_on_has_a_total_index_of_zero()
    {
        // hand_back is off in the baseline, so its intercept is never used; the footprints' collective weight is fixed
        // at 0 so that the intercept varied here is what moves the outcome most.
        var plan = SensitivityExperiment.Prepare(Inputs.Load(10, "behaviour.collective=0").Scenario, 64, 1, "2017Q1",
            ["intercepts.hand_back=normal:-6:1", "intercepts.join=-2.5:0"], "s.yaml");
        var result = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan, 5);
        Assert.False(result.Partial);
        var share = result.Outcomes.Single(o => o.Key == "share_delegated_2017q1").Indices;
        var unused = share.Single(i => i.Parameter == "intercepts.hand_back");
        Assert.Equal((0.0, 0.0, 0.0), (unused.Total, unused.TotalConfidence, unused.First));
        Assert.Equal("intercepts.join", share[0].Parameter);
        Assert.True(share[0].TotalLower > 0.05, $"intercepts.join: ST {share[0].Total} +/- {share[0].TotalConfidence}");
    }

    [Fact]
    public async Task A_policy_lever_varies_per_design_point_and_keeps_common_random_numbers()
    {
        var scenario = Inputs.Load(10).Scenario;
        var plan = SensitivityExperiment.Prepare(scenario, 64, 1, "2017Q1",
            ["policy.approval=0.1:1", "intercepts.hand_back=normal:-6:1", "population.conflict.sd=0.1:0.2"], "s.yaml");
        Assert.True(plan.ScenarioPerPoint);
        var point = plan.Design.A[3];
        var approval = plan.Inputs.ToList().FindIndex(i => i.Name == "policy.approval");
        var at = plan.ScenarioAt(point);
        Assert.All(at.Policy.Compile(at.Horizon).Approval, a => Assert.Equal(point[approval], a));
        Assert.Equal(point[^1], at.Assumptions.Conflict.Sd);
        Assert.Equal(scenario.Assumptions.Finance, at.Assumptions.Finance);

        var result = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan);
        var share = result.Outcomes.Single(o => o.Key == "share_delegated_2017q1").Indices;
        Assert.Equal("policy.approval", share[0].Parameter);
        Assert.True(share[0].TotalLower > 0.1, $"policy.approval: ST {share[0].Total} +/- {share[0].TotalConfidence}");
        Assert.Equal(0.0, share.Single(i => i.Parameter == "intercepts.hand_back").Total);
    }

    [Fact]
    public async Task A_posterior_is_one_input_whose_value_picks_a_particle_by_weight()
    {
        var path = Path.Combine(Inputs.TempDirectory(), "posterior.csv");
        var generation = new AbcGeneration(3, 0.5, [new Particle([-3.0, 1.2], 0.25, 0.1, []), new Particle([0.0, 0.8], 0.75, 0.2, [])], 100, 400);
        using (var writer = new StreamWriter(path)) PosteriorFile.Write(writer, ["intercepts.join", "pressure"], generation);
        var posterior = PosteriorInput.Read(path);
        var plan = SensitivityExperiment.Prepare(Inputs.Load(10).Scenario, 64, 1, "2016Q1", [], "s.yaml", posterior);
        Assert.DoesNotContain(plan.Inputs, i => i.Name == "pressure");
        var column = plan.Inputs.ToList().IndexOf(posterior);
        var values = plan.Inputs.Select(i => i.Parameter.Distribution.Mean).ToArray();
        values[column] = 0.2;
        Assert.Equal((-3.0, 1.2), (plan.Coefficients(values)[Index("intercepts.join")], plan.Coefficients(values)[Index("pressure")]));
        values[column] = 0.3;
        Assert.Equal((0.0, 0.8), (plan.Coefficients(values)[Index("intercepts.join")], plan.Coefficients(values)[Index("pressure")]));

        var result = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan, 8);
        var share = result.Outcomes.Single(o => o.Key == "share_delegated_2016q1").Indices;
        Assert.Equal("posterior draw of the calibrated coefficients", share[0].Parameter);
        Assert.True(share[0].TotalLower > 0.1, $"posterior: ST {share[0].Total} +/- {share[0].TotalConfidence}");

        // Named after what it holds wherever it is shown: the console at 80 columns (its name wrapped in its column),
        // sensitivity.csv, sensitivity.json and the report.
        var console = new StringWriter();
        Tables.Sensitivity(console, result, 80);
        var lines = console.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} > 80: {l}"));
        Assert.Contains("posterior draw of the calibrated coefficients: one particle of the posterior,", lines);
        Assert.Contains("  drawn by weight, setting intercepts.join, pressure together (with their", lines);
        Assert.Contains(lines, l => l.StartsWith("     1  posterior draw of the ", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^     \d  posterior draw of the +\d")));
        Assert.Equal(2, lines.Count(l => l == "        calibrated coefficients"));
        var target = Path.Combine(Inputs.TempDirectory(), "sensitivity");
        using (var folder = ResultsFolder.Reserve(target, overwrite: false))
        {
            ResultsFiles.Sensitivity(folder, result);
            folder.Commit();
        }
        var csv = File.ReadAllLines(Path.Combine(target, "sensitivity.csv"));
        Assert.StartsWith("share_delegated_2016q1,share of CCGs delegated on 1 April 2016,1,posterior draw of the calibrated coefficients,", csv[1]);
        var json = File.ReadAllText(Path.Combine(target, "sensitivity.json"));
        Assert.Contains("\"distribution\": \"one particle of the posterior, drawn by weight, setting intercepts.join, pressure together (with their posterior correlations)\"", json);
        var report = File.ReadAllText(Path.Combine(target, "report.html"));
        Assert.Contains("<h2>What drives the share of CCGs delegated on 1 April 2016</h2>", report);
        Assert.Contains("<tr><th scope=\"row\">posterior draw of the calibrated coefficients</th><td class=\"text\">one particle of the posterior, drawn by weight, setting intercepts.join, pressure together (with their posterior correlations)</td></tr>", report);

        var wrong = Path.Combine(Inputs.TempDirectory(), "posterior.csv");
        using (var writer = new StreamWriter(wrong)) PosteriorFile.Write(writer, ["policy.approval"], generation with { Particles = [new Particle([0.5], 1, 0, [])] });
        Assert.StartsWith("--posterior: " + wrong + ":1: policy.approval not behaviour coefficients", Assert.Single(Assert.Throws<InputException>(() => PosteriorInput.Read(wrong)).Problems));
    }

    [Fact]
    public void Each_outcome_says_by_when_in_its_key_and_its_name()
    {
        var plan = SensitivityExperiment.Prepare(Inputs.Load(10).Scenario, 8, 1, "2017Q3", [], "s.yaml");
        // Counts are the state at a quarter's start: 2017Q3 starts on 1 October 2017. The milestone counts quarters
        // from the horizon's first, 2015Q1, and a run that never gets there by its last, 2021Q4, counts as 28.
        Assert.Equal(("share_delegated_2017q3", "share of CCGs delegated on 1 October 2017"), plan.ShareOutcome);
        Assert.Equal(("quarters_from_2015q1_to_90pct", "quarters from 1 April 2015 to 90% of CCGs delegated"), plan.MilestoneOutcome);
        Assert.Equal("3 of 100 replications never reached 90% delegated by 1 January 2022 (the horizon's last quarter) and count as 28 quarters",
            plan.CensoredNote(3, 100));
        // By default two years in: April 2017.
        Assert.Equal("share_delegated_2017q1", SensitivityExperiment.Prepare(Inputs.Load(10).Scenario, 8, 1, null, [], "s.yaml").ShareOutcome.Key);
    }

    [Fact]
    public async Task Indices_do_not_depend_on_the_batch_size()
    {
        var plan = SensitivityExperiment.Prepare(Inputs.Load(10).Scenario, 8, 2, null, [], "s.yaml");
        var one = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan, 1);
        var seven = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan, 7);
        Assert.Equal(one.Outcomes.SelectMany(o => o.Indices), seven.Outcomes.SelectMany(o => o.Indices));
    }

    [Fact]
    public async Task A_stopped_analysis_keeps_the_leading_samples_whose_every_point_completed()
    {
        var plan = SensitivityExperiment.Prepare(Inputs.Load(10).Scenario, 8, 1, null, [], "s.yaml");
        var perSample = plan.PointsPerRow;
        var observer = new Inputs.StopAfter(3 * perSample + 1);
        var result = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan, 1, observer, observer.Token);
        Assert.True(result.Partial);
        Assert.Equal(3, result.SamplesAnalysed);
        Assert.Equal(3 * perSample, result.Replications);
        Assert.Equal(2, result.Outcomes.Count);
        Assert.All(result.Outcomes, o => Assert.Equal(plan.Inputs.Count, o.Indices.Count));
    }

    /// <summary>A move's linear predictor: its coefficients times their drivers.</summary>
    private static double Predictor(Term[] terms, IReadOnlyList<double> coefficients, IReadOnlyList<double> drivers) =>
        terms.Sum(t => coefficients[t.Coefficient] * drivers[(int)t.Driver]);
}
