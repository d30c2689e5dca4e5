namespace UptakeSim.Scenarios.Tests;

public class SettingRangeTests
{
    public static TheoryData<string> Bounded() => [.. SettingRange.All.Where(r => r.Max < double.MaxValue || r.Min > double.MinValue).Select(r => r.Path)];

    /// <summary>The binder enforces each declared range: just inside is accepted, just outside refused with the
    /// range's own words (the same range <c>sensitivity --range</c> samples within).</summary>
    [Theory]
    [MemberData(nameof(Bounded))]
    public void The_binder_enforces_each_declared_range(string path)
    {
        var range = SettingRange.Of(path);
        var inside = range.Max < double.MaxValue ? range.Max : range.Min;
        var outside = range.Max < double.MaxValue ? range.Max + 0.5 : range.Min - 0.5;
        string Value(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Fixture.Load("name: m", $"{path}={Value(inside)}");
        var error = Fixture.SingleError("name: m", $"{path}={Value(outside)}");

        Assert.Contains($"'{path}'; expected {range.Expected}", error.Message);
    }
}
