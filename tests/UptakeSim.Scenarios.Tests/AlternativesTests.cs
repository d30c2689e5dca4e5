namespace UptakeSim.Scenarios.Tests;

public class AlternativesTests
{
    private const string Scenario = "name: s\npopulation: { synthetic: { count: 10, regions: 2, footprints: 2 } }\n";

    [Fact]
    public void Alternatives_are_read_in_order_as_settings_with_where_they_were_declared()
    {
        var loaded = Fixture.LoadText(Scenario + "alternatives:\n  at-window: { behaviour.pressure_timing: at_window }\n  two: { behaviour.collective: 0.5, population.mergers.level: delegated }\n");

        Assert.Equal(["at-window", "two"], loaded.Alternatives.Select(a => a.Name));
        Assert.Equal(["behaviour.pressure_timing=at_window"], loaded.Alternatives[0].Settings);
        Assert.Equal(["behaviour.collective=0.5", "population.mergers.level=delegated"], loaded.Alternatives[1].Settings);
        Assert.Equal($"{Fixture.File}:4", loaded.Alternatives[0].Declared);
    }

    [Theory]
    [InlineData("alternatives: [a, b]\n", ":3:15: a sequence is not valid for 'alternatives'; expected a mapping of alternative names")]
    [InlineData("alternatives:\n  empty: {}\n", ":4:10: 'alternatives.empty' is empty; expected at least one scenario key")]
    [InlineData("alternatives:\n  sched: { policy.pressure: [{ at: 2016Q1, value: 0 }] }\n", ":4:29: the value of 'alternatives.sched.policy.pressure' is a sequence; expected a single value")]
    [InlineData("alternatives:\n  'bad name!': { behaviour.collective: 0 }\n", ":4:3: 'bad name!' is not valid for 'alternatives'; expected a name")]
    public void Malformed_alternatives_are_reported_where_they_are(string yaml, string expected)
    {
        var error = Assert.Single(Fixture.Errors(Scenario + yaml));
        Assert.StartsWith(Fixture.File + expected, error.ToString());
    }
}
