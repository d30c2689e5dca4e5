using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

public class SensitivityTests
{
    [Fact]
    public void Every_problem_with_the_arguments_is_reported_together()
    {
        var scenario = Inputs.Load(10).Scenario;
        var problem = Assert.Throws<InputException>(() => SensitivityExperiment.Prepare(scenario, 2_000_000, 100, "2031Q1", ["nope=1:2", "intercepts.join=3:1"], "s.yaml"));
        Assert.Equal(4, problem.Problems.Count);
        Assert.StartsWith("--range: 'nope=1:2' is not a range", problem.Problems[0]);
        Assert.StartsWith("--range: 'intercepts.join=3:1'", problem.Problems[1]);
        Assert.StartsWith("--by: '2031Q1' is not a quarter of the horizon", problem.Problems[2]);
        Assert.EndsWith("expected at most 100,000,000", problem.Problems[3]);
    }

    [Fact]
    public void A_scenario_with_nothing_uncertain_names_the_file()
    {
        var fixedCoefficients = BehaviourCoefficients.Names.Select(n => $"behaviour.{n}=-2").ToArray();
        var scenario = Inputs.Load(10, fixedCoefficients).Scenario;
        var problem = Assert.Throws<InputException>(() => SensitivityExperiment.Prepare(scenario, 4, 1, null, [], "s.yaml"));
        Assert.StartsWith("s.yaml: no uncertain behaviour coefficients to analyse", Assert.Single(problem.Problems));
    }

    [Fact]
    public void Each_design_point_fixes_the_analysed_coefficients_and_leaves_the_rest_at_their_means()
    {
        var scenario = Inputs.Load(10).Scenario;
        var plan = SensitivityExperiment.Prepare(scenario, 4, 3, "2016Q1", ["intercepts.join=-4:-2"], "s.yaml");
        var design = plan.Analysed.Behaviour.Design!;
        Assert.Equal(plan.Design.Evaluations * 3, plan.Analysed.Runs);
        Assert.Equal(plan.Design.Evaluations, design.Rows.Count);
        var join = Array.IndexOf(BehaviourCoefficients.Names, "intercepts.join");
        var first = plan.Design.AllPoints().First();
        var analysed = plan.Parameters.Select((p, i) => (p.Index, Value: first[i])).ToDictionary();
        for (var k = 0; k < BehaviourCoefficients.Count; k++)
        {
            Assert.Equal(analysed.TryGetValue(k, out var v) ? v : scenario.Behaviour[k].Mean, design.Rows[0][k]);
        }
        Assert.InRange(design.Rows[0][join], -4, -2);
        Assert.Equal(4, plan.ByIndex);
    }

    [Fact]
    public async Task A_stopped_analysis_keeps_the_leading_samples_whose_every_point_completed()
    {
        var plan = SensitivityExperiment.Prepare(Inputs.Load(10).Scenario, 8, 1, null, [], "s.yaml");
        var perSample = plan.Parameters.Count + 2;
        var observer = new Inputs.StopAfter(3 * perSample + 1);
        var result = await SensitivityExperiment.RunAsync(new ReferenceEngine(), plan, 1, observer, observer.Token);
        Assert.True(result.Partial);
        Assert.Equal(3, result.SamplesAnalysed);
        Assert.Equal(3 * perSample, result.Replications);
        Assert.Equal(2, result.Outcomes.Count);
        Assert.All(result.Outcomes, o => Assert.Equal(plan.Parameters.Count, o.Indices.Count));
    }
}
