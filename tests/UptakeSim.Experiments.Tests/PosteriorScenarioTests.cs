using UptakeSim.Experiments.Calibration;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class PosteriorScenarioTests
{
    private const string Header = "generation,tolerance,simulations,total_simulations,weight,distance,intercepts.join,intercepts.delegate_from_level2\n";

    /// <summary>A scenario file extending the baseline with <c>posterior: post.csv</c>, next to that posterior.</summary>
    private static string ScenarioWith(string posterior)
    {
        var dir = Inputs.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "post.csv"), posterior);
        var path = Path.Combine(dir, "posterior.yaml");
        File.WriteAllText(path, $"base: {Inputs.Baseline}\nname: from-posterior\nposterior: post.csv\n");
        return path;
    }

    [Fact]
    public void A_posterior_file_gives_each_replication_a_particle_and_the_run_is_byte_identical_whatever_the_batch_size()
    {
        var path = ScenarioWith(Header + "3,1.5,100,400,0.75,1.2,-1.5,-2\n3,1.5,100,400,0.25,1.3,-3,-4\n");
        var loaded = Inputs.Scenarios.Load(path, [], runs: 30);
        var particles = loaded.Scenario.Behaviour.Particles!;
        Assert.Equal([0.75, 0.25], particles.Weights!);
        Assert.Equal([-3.0, -4.0], particles.Values[1]);
        // The resolved scenario names the posterior in full, so it loads from any folder.
        Assert.Contains($"posterior: {Path.Combine(Path.GetDirectoryName(path)!, "post.csv")}", loaded.ResolvedYaml);

        var setup = new Model.SimulationSetup(loaded.Scenario);
        string Run(int batchSize) => Output.ResultsCsv.ToText(csv => Output.ResultsCsv.Trajectories(csv, [RunSummary.From(setup, MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(30, 1, batchSize)).GetAwaiter().GetResult())]));
        var whole = Run(30);
        Assert.Equal(whole, Run(1));
        Assert.Equal(whole, Run(7));
    }

    [Theory]
    [InlineData("3,1.5,100,400,0.75,1.2,-1.5,-2\n3,1.5,100,400,0.25,1.3,-3,oops\n", 3, 8, "'oops' in column intercepts.delegate_from_level2")]
    [InlineData("3,1.5,100,400,0.75,1.2,-1.5\n", 2, 8, "7 fields; expected 8")]
    public void A_bad_posterior_file_is_refused_naming_its_line_and_column(string rows, int line, int column, string message)
    {
        var path = ScenarioWith(Header + rows);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Inputs.Scenarios.Load(path, [], runs: 10)).Errors);
        Assert.Equal((Path.Combine(Path.GetDirectoryName(path)!, "post.csv"), line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_posterior_column_that_is_not_a_coefficient_and_a_missing_file_are_refused_where_they_are()
    {
        var path = ScenarioWith("generation,tolerance,simulations,total_simulations,weight,distance,intercepts.jion\n0,1,1,1,1,1,-2\n");
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Inputs.Scenarios.Load(path, [], runs: 10)).Errors);
        Assert.Equal((1, 7), (error.Line, error.Column));
        Assert.Contains("'intercepts.jion' is not a behaviour coefficient", error.Message);

        File.Delete(Path.Combine(Path.GetDirectoryName(path)!, "post.csv"));
        var missing = Assert.Single(Assert.Throws<ScenarioException>(() => Inputs.Scenarios.Load(path, [], runs: 10)).Errors);
        Assert.Equal((path, 3, 12), (missing.File, missing.Line, missing.Column));
        Assert.Contains("posterior file 'post.csv' not found", missing.Message);
    }

    [Fact]
    public void A_calibrated_scenario_names_its_posterior_next_to_it()
    {
        var yaml = PosteriorScenario.Naming(Inputs.Load(10).ResolvedYaml, "posterior.csv");
        Assert.Contains("\nposterior: posterior.csv\n", yaml);
    }
}
