using UptakeSim.Analysis;
using UptakeSim.Experiments.Commands;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class AlternativesTests
{
    [Fact]
    public void The_fit_of_a_structure_is_the_normal_predictive_log_density_of_the_observations()
    {
        // Observed 10 (sd 3); simulated mean 14 with a 90% band 6.58 either side (sd 4): variance 9 + 16 = 25.
        var observation = new Observation("2016Q1", "England", "level3", 10, 3, "test", 2);
        var density = StructuralAlternatives.LogDensity([observation], [new SimulatedValue(14, 14 - 6.58, 14 + 6.58)]);

        Assert.Equal(-0.5 * (16.0 / 25 + Math.Log(2 * Math.PI * 25)), density, 10);
    }

    [Fact]
    public async Task Structures_that_fit_alike_share_the_weight_and_one_that_fits_far_worse_gets_none()
    {
        IReadOnlyList<SimulationSetup> Family(params string[] settings) =>
            [Inputs.Setup(40, settings), Inputs.Setup(40, [.. settings, "name=no-push", "policy.pressure=[{at: 2015Q1, value: 0}, {at: 2015Q3, value: 1}, {at: 2015Q4, value: 0}]"])];
        var baseline = Inputs.Load(40);
        var observations = ObservationFile.Load(Inputs.Bundled("data", "observations.csv"));

        var result = await StructuralAlternatives.RunAsync(new ReferenceEngine(),
            [
                (StructuralAlternatives.AsWritten, [], Family()),
                ("same", ["behaviour.pressure_timing=accumulated"], Family("behaviour.pressure_timing=accumulated")),
                ("mandate-2016", ["policy.mandate=2016Q1"], Family("policy.mandate=2016Q1")),
            ],
            0, BatchPlan.Auto(40, 1, 20), observations, baseline.Record, new HashSet<string>());

        var weights = result.Structures.Select(s => s.Weight).ToArray();
        Assert.Equal(weights[0], weights[1], 12);
        Assert.True(weights[2] < 1e-6, $"a mandate from April 2016 fits the record with weight {weights[2]}");
        Assert.Equal(1.0, weights.Sum(), 12);
        // The average of two identical structures and one weightless one is the structure as written.
        var asWritten = result.AsWritten.Comparisons[0];
        var april2018 = result.Averaged.Single(a => a.April == "2018Q1");
        var written = asWritten.Differences.Single(d => d.Quarter == "2018Q1").Level3;
        Assert.Equal(written.Mean, april2018.Mean, 9);
        Assert.Equal((written.P05, written.P95), ((int)april2018.Low, (int)april2018.High));
    }

    [Fact]
    public void An_alternative_that_sets_an_unknown_key_is_reported_under_its_own_name()
    {
        var dir = Inputs.TempDirectory();
        var scenario = Path.Combine(dir, "s.yaml");
        File.WriteAllText(scenario, $"base: {Inputs.Baseline}\nname: s\nalternatives:\n  typo: {{ behaviour.presure_timing: at_window }}\n");

        var error = Assert.Throws<ScenarioException>(() => Jobs.Compare(new CompareArgs([scenario, Inputs.Bundled("scenarios", "no-push-after-2015.yaml")], null, 10, null, [], null, Alternatives: true)));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith($"alternatives.typo ({scenario}:4)", StringComparison.Ordinal) && e.Message.Contains("presure_timing", StringComparison.Ordinal));

        var none = Assert.Throws<InputException>(() => Jobs.Compare(new CompareArgs([Inputs.Bundled("scenarios", "early-mandate.yaml"), Inputs.Baseline], null, 10, null, ["alternatives=null"], null, Alternatives: true)));
        Assert.StartsWith("--alternatives: ", Assert.Single(none.Problems));
    }
}
