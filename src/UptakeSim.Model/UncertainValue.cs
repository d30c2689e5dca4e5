using MathNet.Numerics.Distributions;

namespace UptakeSim.Model;

public enum Distribution
{
    Fixed,
    Normal,
    Uniform,
    Triangular,
}

/// <summary>
/// A behaviour coefficient: a number, or a distribution drawn once per replication.
/// Parameters: Fixed (value), Normal (mean, sd), Uniform (min, max), Triangular (min, mode, max).
/// </summary>
public sealed record UncertainValue(Distribution Kind, double A, double B = 0, double C = 0)
{
    public static UncertainValue Fixed(double value) => new(Distribution.Fixed, value);

    public bool IsUncertain => Kind != Distribution.Fixed;

    /// <summary>The value at cumulative probability <paramref name="u"/> (inverse CDF), so one keyed uniform gives one draw.</summary>
    public double Sample(double u) => Kind switch
    {
        Distribution.Fixed => A,
        Distribution.Normal => A + B * Kernel.DeterministicMath.NormalQuantile(u),
        Distribution.Uniform => ContinuousUniform.InvCDF(A, B, u),
        Distribution.Triangular => Triangular.InvCDF(A, C, B, u),
        _ => throw new InvalidOperationException($"unknown distribution {Kind}"),
    };

    public double Mean => Kind switch
    {
        Distribution.Fixed => A,
        Distribution.Normal => A,
        Distribution.Uniform => (A + B) / 2,
        Distribution.Triangular => (A + B + C) / 3,
        _ => throw new InvalidOperationException($"unknown distribution {Kind}"),
    };

    /// <summary>The standard deviation (0 for a number).</summary>
    public double Sd => Kind switch
    {
        Distribution.Fixed => 0,
        Distribution.Normal => B,
        Distribution.Uniform => (B - A) / Math.Sqrt(12),
        Distribution.Triangular => Math.Sqrt((A * A + B * B + C * C - A * B - A * C - B * C) / 18),
        _ => throw new InvalidOperationException($"unknown distribution {Kind}"),
    };

    /// <summary>The same distribution moved so that its mean is <paramref name="mean"/> (a number becomes that number).</summary>
    public UncertainValue ShiftedTo(double mean)
    {
        var shift = mean - Mean;
        return Kind switch
        {
            Distribution.Fixed => Fixed(mean),
            Distribution.Normal => this with { A = mean },
            Distribution.Uniform => this with { A = A + shift, B = B + shift },
            _ => this with { A = A + shift, B = B + shift, C = C + shift },
        };
    }

    /// <summary>The value as a scenario file writes it (flow YAML), e.g. <c>{dist: normal, mean: 1.5, sd: 0.25}</c>.</summary>
    public string ToYaml()
    {
        static string N(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return Kind switch
        {
            Distribution.Fixed => N(A),
            Distribution.Normal => $"{{dist: normal, mean: {N(A)}, sd: {N(B)}}}",
            Distribution.Uniform => $"{{dist: uniform, min: {N(A)}, max: {N(B)}}}",
            _ => $"{{dist: triangular, min: {N(A)}, mode: {N(B)}, max: {N(C)}}}",
        };
    }

    /// <summary>Where the value plausibly lies (a normal's mean +/- 2 sd; a uniform's or triangular's support); null
    /// for a fixed value. A point fit bounds a coefficient given no range by it.</summary>
    public (double Lower, double Upper)? PlausibleRange => Kind switch
    {
        Distribution.Normal => (A - 2 * B, A + 2 * B),
        Distribution.Uniform => (A, B),
        Distribution.Triangular => (A, C),
        _ => null,
    };

    /// <summary>The one text form of a distribution in results and messages: <c>normal(mean, sd)</c>,
    /// <c>uniform(min, max)</c>, <c>triangular(min, mode, max)</c>, or the number.</summary>
    public override string ToString()
    {
        static string N(double x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Kind switch
        {
            Distribution.Fixed => A.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            Distribution.Normal => $"normal({N(A)}, {N(B)})",
            Distribution.Uniform => $"uniform({N(A)}, {N(B)})",
            _ => $"triangular({N(A)}, {N(B)}, {N(C)})",
        };
    }
}
