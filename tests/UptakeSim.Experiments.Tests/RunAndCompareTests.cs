using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class RunAndCompareTests
{
    [Fact]
    public async Task A_stopped_run_returns_the_completed_replications_flagged_partial()
    {
        var setup = Inputs.Setup(40);
        var observer = new Inputs.StopAfter(12);
        // The reference engine runs one batch at a time, so the stop lands exactly after the third batch of 4.
        var outcome = await RunExperiment.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(40, 1, 4), observer, observer.Token);
        Assert.True(outcome.Partial);
        Assert.Equal(12, outcome.Summary.Runs);

        var whole = await RunExperiment.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(40, 1, 4));
        Assert.False(whole.Partial);
        Assert.Equal(40, whole.Summary.Runs);
    }

    [Fact]
    public async Task A_stopped_run_with_a_checkpoint_resumes_to_the_uninterrupted_results()
    {
        var loaded = Inputs.Load(40);
        var setup = new SimulationSetup(loaded.Scenario);
        var plan = BatchPlan.Auto(40, 1, 4);
        var directory = Inputs.TempDirectory();
        var fingerprint = RunCheckpoint.Fingerprint(loaded.ResolvedYaml);
        var observer = new Inputs.StopAfter(12);
        var first = new TrajectoryAccumulator(setup);
        var stopped = await RunExperiment.RunAsync(new ReferenceEngine(), setup, plan, observer, observer.Token, first,
            RunCheckpoint.Open(directory, fingerprint, resume: false, first, plan));
        Assert.True(stopped.Partial);
        Assert.Contains(observer.Notes, n => n.Contains("--resume"));

        var resumed = new TrajectoryAccumulator(setup);
        var checkpoint = RunCheckpoint.Open(directory, fingerprint, resume: true, resumed, plan with { BatchSize = 999 });
        Assert.Equal(4, checkpoint.BatchSize);
        var finished = await RunExperiment.RunAsync(new ReferenceEngine(), setup, plan, null, default, resumed, checkpoint);
        var whole = await RunExperiment.RunAsync(new ReferenceEngine(), setup, plan);
        Assert.Equal(Output.ResultsCsv.ToText(csv => Output.ResultsCsv.Trajectories(csv, [whole.Summary])), Output.ResultsCsv.ToText(csv => Output.ResultsCsv.Trajectories(csv, [finished.Summary])));
        // Kept, with the final state, until the results are committed (the command then deletes it).
        Assert.True(RunCheckpoint.Exists(directory), "a completed run keeps its checkpoint until its results are committed");
        var complete = new TrajectoryAccumulator(setup);
        var final = RunCheckpoint.Open(directory, fingerprint, resume: true, complete, plan);
        Assert.Equal(Output.ResultsCsv.ToText(csv => Output.ResultsCsv.Trajectories(csv, [whole.Summary])), Output.ResultsCsv.ToText(csv => Output.ResultsCsv.Trajectories(csv, [RunSummary.From(setup, complete)])));
        final.Delete();
        Assert.False(RunCheckpoint.Exists(directory), "deleted once the results are committed");
    }

    [Fact]
    public async Task A_scenario_compared_with_itself_differs_by_exactly_zero_in_every_quarter()
    {
        var family = ScenarioInputs.UniqueNames([Inputs.Load(30), Inputs.Load(30)]);
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(30, 1, 7));
        Assert.Equal(["baseline", "baseline-2"], summary.Scenarios.Select(s => s.Scenario));
        var comparison = Assert.Single(summary.Comparisons);
        Assert.All(comparison.Differences, row => Assert.All(new[] { row.Level1, row.Level2, row.Level3 }, b => Assert.Equal((0.0, 0, 0), (b.Mean, b.P05, b.P95))));
        Assert.All(comparison.Milestones, m => Assert.Equal(1.0, m.ProbabilitySame));
    }

    [Fact]
    public async Task Strictly_more_pressure_never_means_fewer_delegated_ccgs_on_average()
    {
        var setups = new[] { Inputs.Load(100), Inputs.Load(100, "name=pushier", "behaviour.pressure={dist: normal, mean: 2.5, sd: 0.25}") }
            .Select(f => new SimulationSetup(f.Scenario)).ToArray();
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(100, 1, 25));
        var level3 = summary.Comparisons[0].Differences.Select(d => d.Level3.Mean).ToArray();
        Assert.All(level3, m => Assert.True(m >= 0, $"mean difference {m} < 0"));
        Assert.True(level3[4] > 10, $"April 2016 difference {level3[4]} is not clearly positive");
    }

    [Fact]
    public async Task A_what_if_whose_lever_does_not_move_the_model_is_flagged_as_having_no_effect()
    {
        // Risk sharing enters only the CCGs' finance, far from the threshold that matters; a mandate moves every CCG.
        var setups = new[] { Inputs.Setup(100), Inputs.Setup(100, "name=risk-shared", "policy.risk_sharing=1"), Inputs.Setup(100, "name=mandated", "policy.mandate=2017Q1") };
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(100, 1, 25));
        Assert.True(summary.Comparisons[0].NoEffect, $"largest mean difference {summary.Comparisons[0].Differences.Max(d => Math.Abs(d.Level3.Mean))}");
        Assert.False(summary.Comparisons[1].NoEffect);
        var text = new StringWriter();
        Views.Tables.Comparison(text, summary, TimeSpan.FromSeconds(1));
        Assert.Contains("NO EFFECT: risk-shared moves no level by half a CCG", text.ToString());
        Assert.DoesNotContain("NO EFFECT: mandated", text.ToString());
    }

    [Fact]
    public async Task A_stopped_comparison_is_partial_over_the_paired_replications()
    {
        var setups = new[] { Inputs.Setup(40), Inputs.Setup(40, "policy.mandate=2017Q1") };
        var observer = new Inputs.StopAfter(8);
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(40, 1, 4), observer, observer.Token);
        Assert.True(summary.Partial);
        Assert.Equal(8, summary.Runs);
        Assert.All(summary.Scenarios, s => Assert.True(s.Partial));
    }

    [Fact]
    public async Task Overrides_change_the_run_and_are_recorded_in_the_resolved_scenario()
    {
        var mandated = Inputs.Load(30, "policy.mandate=2016Q1", "name=mandated");
        Assert.Contains("mandate: 2016Q1", mandated.ResolvedYaml);
        Assert.Contains("runs: 30", mandated.ResolvedYaml);
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), [Inputs.Setup(30), new SimulationSetup(mandated.Scenario)], 0, BatchPlan.Auto(30, 1));
        Assert.True(summary.Comparisons[0].Differences[4].Level3.Mean > 50, "a mandate from April 2016 delegates far more CCGs in 2016Q1");
    }

    [Fact]
    public void Scenarios_of_different_shapes_cannot_be_compared()
    {
        var problem = Assert.Throws<InputException>(() => CompareExperiment.Check([Inputs.Setup(10), Inputs.Setup(10, "horizon.quarters=32")]));
        Assert.Contains("same number of CCGs over the same quarters", problem.Problems[0]);
    }

    [Fact]
    public void A_set_of_files_shares_the_first_runs_and_seed_and_an_unknown_baseline_lists_the_names()
    {
        var directory = Inputs.TempDirectory();
        var other = Path.Combine(directory, "other.yaml");
        File.WriteAllText(other, $"base: {Inputs.Baseline}\nname: other\nruns: 999\nseed: 5\n");
        var set = Inputs.Scenarios.LoadSet([Inputs.Baseline, other], [], runs: 17);
        Assert.All(set, s => Assert.Equal((17, 20150401UL), (s.Scenario.Runs, s.Scenario.Seed)));
        Assert.Equal(1, ScenarioInputs.Reference(set, "other"));
        Assert.Equal(1, ScenarioInputs.Reference(set, other));
        var problem = Assert.Throws<InputException>(() => ScenarioInputs.Reference(set, "nope"));
        Assert.Equal("--baseline: 'nope' is neither a scenario name nor a file being compared; expected one of: baseline, other", problem.Message);
        Assert.Equal([new OptionOverride("--runs", "runs=3"), new OptionOverride("--seed", "seed=9")], ScenarioInputs.RunsAndSeed(3, 9));
    }
}
