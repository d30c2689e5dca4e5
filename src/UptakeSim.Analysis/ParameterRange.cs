namespace UptakeSim.Analysis;

/// <summary>A model parameter sampled uniformly between <paramref name="Lower"/> and <paramref name="Upper"/> (Lower &lt; Upper).</summary>
public sealed record ParameterRange(string Name, double Lower, double Upper)
{
    /// <summary>The point <paramref name="unit"/> of the way from Lower to Upper (unit in [0, 1)).</summary>
    public double Scale(double unit) => Lower + (Upper - Lower) * unit;

    internal static void Validate(IReadOnlyList<ParameterRange> ranges)
    {
        if (ranges.Count == 0) throw new ArgumentException("expected at least one parameter", nameof(ranges));
        foreach (var range in ranges)
        {
            if (!(double.IsFinite(range.Lower) && double.IsFinite(range.Upper) && range.Lower < range.Upper))
            {
                throw new ArgumentException($"parameter '{range.Name}' has range [{range.Lower}, {range.Upper}]; expected finite Lower < Upper", nameof(ranges));
            }
        }
    }
}
