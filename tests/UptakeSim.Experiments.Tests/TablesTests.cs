using UptakeSim.Experiments.Output;
using UptakeSim.Views;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class TablesTests
{
    /// <summary>The baseline, two what-ifs and an eight-member sweep, a few paired runs each, in process.</summary>
    private static async Task<(ComparisonSummary Summary, IReadOnlyDictionary<string, IReadOnlyList<ResolvedChange>> Changes)> Compared()
    {
        var sweep = Path.Combine(Inputs.TempDirectory(), "sweep.yaml");
        File.WriteAllText(sweep, $"base: {Inputs.Baseline}\nname: mandate-sweep\nsweep:\n  policy.mandate: {{from: 2016Q1, to: 2017Q4, step: 1}}\n");
        var family = Inputs.Scenarios.LoadSet([Inputs.Baseline, Inputs.Bundled("scenarios", "early-mandate.yaml"), Inputs.Bundled("scenarios", "nhse-support.yaml"), sweep], [], runs: 4);
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(4, 1, 4));
        return (summary, new PortableScenarios(family).Changes(family, 0));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public async Task An_eight_member_sweep_fits_the_width_with_every_name_in_full_once(int width)
    {
        var (summary, changes) = await Compared();
        Assert.Equal(11, summary.Scenarios.Count);
        var output = new StringWriter();
        Tables.Comparison(output, summary, TimeSpan.FromSeconds(1), width, changes);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        Assert.DoesNotContain("...", output.ToString());
        // Sweep members go by S4..S11 with a key giving each full name; the short names stay as they are.
        for (var i = 3; i < 11; i++) Assert.Contains($"  {"S" + (i + 1),-13}  {summary.Scenarios[i].Scenario}", lines);
        Assert.Contains("  early-mandate  policy.mandate: null -> 2017Q1", lines);
        Assert.Contains("  S4             policy.mandate: null -> 2016Q1", lines);
        // Every scenario has a row in each panel of the April table, and each milestone table row is labelled once.
        var panels = lines.Count(l => l.StartsWith("scenario  ", StringComparison.Ordinal) && l.Contains("April 20", StringComparison.Ordinal));
        Assert.True(panels >= 1);
        foreach (var label in new[] { "baseline", "early-mandate", "nhse-support" }.Concat(Enumerable.Range(4, 8).Select(i => $"S{i}")))
        {
            Assert.Equal(panels + 1, lines.Count(l => l.StartsWith(label + " ", StringComparison.Ordinal)));
        }
        Assert.Equal(panels * 10, lines.Count(l => l.StartsWith("  - reference ", StringComparison.Ordinal)));
        Assert.All(lines.Where(l => l.Contains(">=", StringComparison.Ordinal) && !l.Contains("milestones", StringComparison.Ordinal)),
            l => Assert.Matches(@"(\d{4}|not reached)\s+\d+%", l));
    }

    [Fact]
    public async Task At_eighty_columns_the_aprils_are_split_into_more_panels_than_at_120()
    {
        var (summary, changes) = await Compared();
        int Panels(int width)
        {
            var output = new StringWriter();
            Tables.Comparison(output, summary, TimeSpan.Zero, width, changes);
            return output.ToString().Split('\n').Count(l => l.StartsWith("scenario  ", StringComparison.Ordinal) && l.Contains("April 20", StringComparison.Ordinal));
        }
        Assert.Equal((2, 3), (Panels(120), Panels(80)));
    }

    [Fact]
    public async Task A_run_fits_eighty_columns_and_quotes_its_milestones_by_april()
    {
        var setup = Inputs.Setup(4);
        var summary = (await RunExperiment.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(4, 1, 4))).Summary;
        var output = new StringWriter();
        Tables.Run(output, summary, TimeSpan.Zero, 80);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} > 80: {l}"));
        Assert.Equal(2, lines.Count(l => l.StartsWith("the April by which >= ", StringComparison.Ordinal) && l.Contains(": median April 20", StringComparison.Ordinal)));
        Assert.DoesNotContain("never", output.ToString());
    }
}
