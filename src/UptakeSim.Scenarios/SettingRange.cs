using System.Globalization;

namespace UptakeSim.Scenarios;

/// <summary>
/// The valid range of each numeric scenario setting that analyses vary (levers and population assumptions), declared
/// once: the binder refuses a value outside it, <c>sensitivity --range</c> refuses a distribution outside it and
/// truncates a normal to it. <see cref="Expected"/> is how errors describe it.
/// </summary>
public sealed record SettingRange(string Path, double Min, double Max, string? Described = null)
{
    public string Expected => Described
        ?? (Min == double.MinValue && Max == double.MaxValue ? "a number"
            : Max == double.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"a number >= {Min}")
            : string.Create(CultureInfo.InvariantCulture, $"a number between {Min} and {Max}"));

    /// <summary>The range as people read it: "from 0 to 1", "0 or more", "any number".</summary>
    public string Words => Min == double.MinValue && Max == double.MaxValue ? "any number"
        : Max == double.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"{Min} or more")
        : string.Create(CultureInfo.InvariantCulture, $"from {Min} to {Max}");

    private const double Any = double.MaxValue;

    public static IReadOnlyList<SettingRange> All { get; } =
    [
        new("policy.pressure", -10, 10),
        new("policy.approval", 0, 1, "a probability between 0 and 1"),
        new("policy.support", 0, 1),
        new("policy.running_cost_change", -1, 1),
        new("policy.risk_sharing", 0, 1),
        new("population.finance.mean", -Any, Any),
        new("population.finance.sd", 0, Any),
        new("population.finance.reversion", 0, 1),
        new("population.finance.shock_sd", 0, Any),
        new("population.capacity.mean", 0, 1),
        new("population.capacity.sd", 0, Any),
        new("population.capacity.recovery", 0, 1),
        new("population.conflict.mean", 0, 1),
        new("population.conflict.sd", 0, Any),
        new("population.lmc.soften_rate", 0, 1),
    ];

    public static SettingRange Of(string path) => All.FirstOrDefault(r => r.Path == path)
        ?? throw new ArgumentException($"no declared range for '{path}'", nameof(path));
}
