using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// One observed figure to calibrate against, as read from a line of an observations file: in <see cref="Quarter"/>
/// (like 2015Q1), for <see cref="Scope"/> (England or a region), <see cref="Measure"/> is the count (level1, level2,
/// level3) or share (share_level1, ...) of CCGs at a co-commissioning level, known to within <see cref="Sd"/>,
/// according to <see cref="Source"/>.
/// </summary>
public sealed record Observation(string Quarter, string Scope, string Measure, double Value, double Sd, string Source, int Line)
{
    public Quarter Period => Model.Quarter.Parse(Quarter);

    /// <summary>The co-commissioning level, 1 (greater involvement), 2 (joint) or 3 (delegated).</summary>
    public int Level => Measure[^1] - '0';

    /// <summary>True for a share of the scope's CCGs (0..1), false for a count.</summary>
    public bool IsShare => Measure.StartsWith("share_", StringComparison.Ordinal);
}
