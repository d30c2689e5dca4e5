using UptakeSim.Experiments.Calibration;
using UptakeSim.Model;
using UptakeSim.Runner;
using Xunit.Abstractions;

namespace UptakeSim.Experiments.Tests;

/// <summary>
/// Simulation-based calibration of the headline answer (issue: counterfactuals that say what they rest on): on K = 12
/// synthetic worlds whose pressure weight spans 0 to 3, each observed as the real record is and calibrated with the
/// baseline's own settings, the 90% band of "no push after 2015"'s effect on CCGs delegated in April 2018 must cover
/// the world's true effect in a share of worlds consistent with 90%: at least 9 of 12 (P(X &lt;= 8) = 2.6% for a
/// binomial(12, 0.9), so a correct band fails this test about once in forty).
/// </summary>
public sealed class CoverageTests(ITestOutputHelper output)
{
    /// <summary>"No push after 2015": pressure as the baseline to the autumn 2015 round, zero from 2015Q4.</summary>
    public static Scenario NoPushAfter2015(Scenario s) => s with
    {
        Name = "no-push-after-2015",
        Policy = s.Policy with { Pressure = new Schedule([new(Quarter.Parse("2015Q1"), 0), new(Quarter.Parse("2015Q3"), 1), new(Quarter.Parse("2015Q4"), 0)]) },
    };

    [Fact]
    public async Task The_90_percent_effect_band_covers_the_true_effect_in_about_90_percent_of_synthetic_worlds()
    {
        var baseline = Inputs.Load(400);

        var result = await CoverageExperiment.RunAsync(new ReferenceEngine(Environment.ProcessorCount), baseline, NoPushAfter2015, Quarter.Parse("2018Q1"), worlds: 12, seed: 20150401);

        foreach (var w in result.Worlds) output.WriteLine($"world {w.World}: pressure {w.Pressure:F2}, true effect {w.TrueEffect:F2}, band [{w.BandLow:F2}, {w.BandHigh:F2}], posterior sd of pressure {w.PosteriorPressureSd:F2}");
        output.WriteLine($"covered {result.Covered} of {result.Worlds.Count}, mean width {result.MeanWidth:F1} CCGs");
        Assert.InRange(result.Covered, 9, 12);
        // Honest but not vacuous: the bands are narrower than the whole range of true effects across the worlds.
        Assert.True(result.MeanWidth < result.Worlds.Max(w => w.TrueEffect) - result.Worlds.Min(w => w.TrueEffect) + 20, $"mean width {result.MeanWidth}");
    }
}
