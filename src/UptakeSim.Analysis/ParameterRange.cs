using UptakeSim.Model;

namespace UptakeSim.Analysis;

/// <summary>A model parameter uniform between <paramref name="Lower"/> and <paramref name="Upper"/> (Lower &lt; Upper).</summary>
public sealed record ParameterRange(string Name, double Lower, double Upper) : UncertainParameter(Name, Uniform(Name, Lower, Upper))
{
    private static UniformDistribution Uniform(string name, double lower, double upper) =>
        double.IsFinite(lower) && double.IsFinite(upper) && lower < upper
            ? new UniformDistribution(lower, upper)
            : throw new ArgumentException($"parameter '{name}' has range [{lower}, {upper}]; expected finite Lower < Upper");
}
