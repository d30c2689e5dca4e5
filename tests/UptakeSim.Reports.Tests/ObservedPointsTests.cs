using System.Xml.Linq;
using UptakeSim.Runner;

namespace UptakeSim.Reports.Tests;

/// <summary>The fan chart shows the observed counts beside the bands, and the share of patients when the run has it.</summary>
public sealed class ObservedPointsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "uptakesim-observed-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Observed_points_in_the_horizon_are_drawn_with_their_bars_and_named_in_the_legend()
    {
        var single = SampleSummaries.Single();
        var run = single.Scenarios[0];
        var withPatients = single with { Scenarios = [run with { PatientsDelegated = [.. run.England.Select(_ => new Band(500, 400, 450, 500, 550, 600))] }] };
        ObservedPoint[] observed = [new("2015Q2", 1, 0.5, "test"), new("2016Q1", 5, 1, "test"), new("2030Q1", 9, 1, "outside the horizon")];

        var fan = Charts.Write(withPatients, _directory, observed).Single(c => c.Kind == "fan");

        // 90% band, 50% band, mean, patients, observed.
        Assert.Equal(5, fan.Series);
        var svg = File.ReadAllText(Path.Combine(_directory, fan.Svg));
        Assert.Contains("Observed (+/- 2 sd)", svg);
        Assert.Contains("Patients covered by a delegated CCG (mean)", svg);
        Assert.NotNull(XDocument.Parse(svg).Root);
    }

    [Fact]
    public void Without_observations_the_fan_has_only_the_simulated_series()
    {
        var fan = Charts.Write(SampleSummaries.Single(), _directory).Single(c => c.Kind == "fan");

        Assert.Equal(3, fan.Series);
        Assert.DoesNotContain("Observed", File.ReadAllText(Path.Combine(_directory, fan.Svg)));
    }
}
