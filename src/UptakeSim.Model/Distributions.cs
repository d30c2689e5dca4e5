using System.Globalization;
using MathNet.Numerics.Integration;
using UptakeSim.Model.Kernel;
using Dist = MathNet.Numerics.Distributions;

namespace UptakeSim.Model;

/// <summary>
/// A one-dimensional probability distribution, the one type for all of them: a behaviour coefficient drawn once per
/// replication (<see cref="UncertainValue"/>), a prior in calibration and an input of a sensitivity analysis. Density,
/// cumulative distribution, inverse (quantile) and the support [Lower, Upper]; <see cref="object.ToString"/> is its
/// one text form in results and messages, e.g. <c>normal(1, 0.25)</c>.
/// </summary>
public abstract record Distribution
{
    public abstract double Lower { get; }

    public abstract double Upper { get; }

    public abstract double Density(double x);

    public abstract double Cdf(double x);

    /// <summary>The x with Cdf(x) = p, for p in [0, 1] (p = 0 or 1 gives an infinite bound of an unbounded support).</summary>
    public abstract double Quantile(double p);

    public virtual double Mean => Moment(x => x);

    public virtual double StandardDeviation
    {
        get
        {
            var mean = Mean;
            return Math.Sqrt(Moment(x => (x - mean) * (x - mean)));
        }
    }

    /// <summary>This distribution restricted to [lower, upper] and renormalised.</summary>
    public Distribution Truncated(double lower, double upper) => new TruncatedDistribution(this, lower, upper);

    /// <summary>
    /// E[f(X)] by Gauss-Legendre quadrature over the support, cut at the 1e-12 and 1 - 1e-12 quantiles where it is
    /// unbounded; closed forms override it where they exist.
    /// </summary>
    protected double Moment(Func<double, double> f)
    {
        var a = Math.Max(Lower, Quantile(1e-12));
        var b = Math.Min(Upper, Quantile(1 - 1e-12));
        return GaussLegendreRule.Integrate(x => f(x) * Density(x), a, b, 1024);
    }

    protected static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }

    protected static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Normal with mean <paramref name="Mu"/> and standard deviation <paramref name="Sigma"/> (&gt; 0).</summary>
public sealed record NormalDistribution : Distribution
{
    public NormalDistribution(double Mu, double Sigma)
    {
        Require(double.IsFinite(Mu) && double.IsFinite(Sigma) && Sigma > 0, $"normal({Mu}, {Sigma}): expected a finite mean and a standard deviation > 0");
        (this.Mu, this.Sigma) = (Mu, Sigma);
    }

    public double Mu { get; }

    public double Sigma { get; }

    public override double Lower => double.NegativeInfinity;

    public override double Upper => double.PositiveInfinity;

    public override double Density(double x) => Dist.Normal.PDF(Mu, Sigma, x);

    public override double Cdf(double x) => Dist.Normal.CDF(Mu, Sigma, x);

    /// <summary>The kernel's own normal quantile (<see cref="DeterministicMath.NormalQuantile(double)"/>): the same bits on
    /// every processor, so a coefficient, a prior and a sensitivity input are drawn alike everywhere.</summary>
    public override double Quantile(double p) =>
        p <= 0 ? double.NegativeInfinity : p >= 1 ? double.PositiveInfinity : Mu + Sigma * DeterministicMath.NormalQuantile(p);

    public override double Mean => Mu;

    public override double StandardDeviation => Sigma;

    public override string ToString() => Text($"normal({Mu}, {Sigma})");
}

/// <summary>Uniform on [<paramref name="Min"/>, <paramref name="Max"/>] (Min &lt; Max).</summary>
public sealed record UniformDistribution : Distribution
{
    public UniformDistribution(double Min, double Max)
    {
        Require(double.IsFinite(Min) && double.IsFinite(Max) && Min < Max, $"uniform({Min}, {Max}): expected finite bounds with lower < upper");
        (this.Min, this.Max) = (Min, Max);
    }

    public double Min { get; }

    public double Max { get; }

    public override double Lower => Min;

    public override double Upper => Max;

    public override double Density(double x) => x >= Min && x <= Max ? 1 / (Max - Min) : 0;

    public override double Cdf(double x) => Math.Clamp((x - Min) / (Max - Min), 0, 1);

    public override double Quantile(double p) => Dist.ContinuousUniform.InvCDF(Min, Max, p);

    public override double Mean => (Min + Max) / 2;

    public override double StandardDeviation => (Max - Min) / Math.Sqrt(12);

    public override string ToString() => Text($"uniform({Min}, {Max})");
}

/// <summary>Triangular on [<paramref name="Min"/>, <paramref name="Max"/>] with its peak at <paramref name="Mode"/>.</summary>
public sealed record TriangularDistribution : Distribution
{
    public TriangularDistribution(double Min, double Mode, double Max)
    {
        Require(double.IsFinite(Min) && double.IsFinite(Max) && Min < Max && Min <= Mode && Mode <= Max,
            $"triangular({Min}, {Mode}, {Max}): expected finite lower <= mode <= upper with lower < upper");
        (this.Min, this.Mode, this.Max) = (Min, Mode, Max);
    }

    public double Min { get; }

    public double Mode { get; }

    public double Max { get; }

    public override double Lower => Min;

    public override double Upper => Max;

    public override double Density(double x) => x < Min || x > Max ? 0 : Dist.Triangular.PDF(Min, Max, Mode, x);

    public override double Cdf(double x) => x <= Min ? 0 : x >= Max ? 1 : Dist.Triangular.CDF(Min, Max, Mode, x);

    public override double Quantile(double p) => Dist.Triangular.InvCDF(Min, Max, Mode, p);

    public override double Mean => (Min + Mode + Max) / 3;

    public override double StandardDeviation =>
        Math.Sqrt((Min * Min + Mode * Mode + Max * Max - Min * Mode - Min * Max - Mode * Max) / 18);

    public override string ToString() => Text($"triangular({Min}, {Mode}, {Max})");
}

/// <summary>Beta(<paramref name="Alpha"/>, <paramref name="Beta"/>) on [0, 1], the conjugate prior of a binomial rate.</summary>
public sealed record BetaDistribution : Distribution
{
    public BetaDistribution(double Alpha, double Beta)
    {
        Require(double.IsFinite(Alpha) && double.IsFinite(Beta) && Alpha > 0 && Beta > 0, $"beta({Alpha}, {Beta}): expected both shapes > 0");
        (this.Alpha, this.Beta) = (Alpha, Beta);
    }

    public double Alpha { get; }

    public double Beta { get; }

    public override double Lower => 0;

    public override double Upper => 1;

    public override double Density(double x) => x < 0 || x > 1 ? 0 : Dist.Beta.PDF(Alpha, Beta, x);

    public override double Cdf(double x) => Math.Clamp(Dist.Beta.CDF(Alpha, Beta, Math.Clamp(x, 0, 1)), 0, 1);

    public override double Quantile(double p) => Dist.Beta.InvCDF(Alpha, Beta, p);

    public override double Mean => Alpha / (Alpha + Beta);

    public override double StandardDeviation =>
        Math.Sqrt(Alpha * Beta / ((Alpha + Beta) * (Alpha + Beta) * (Alpha + Beta + 1)));

    public override string ToString() => Text($"beta({Alpha}, {Beta})");
}

/// <summary><paramref name="Inner"/> restricted to [<paramref name="Min"/>, <paramref name="Max"/>] and renormalised.</summary>
public sealed record TruncatedDistribution : Distribution
{
    private readonly double _below;
    private readonly double _mass;

    public TruncatedDistribution(Distribution Inner, double Min, double Max)
    {
        Require(Min < Max, $"truncation to [{Min}, {Max}]: expected lower < upper");
        (this.Inner, this.Min, this.Max) = (Inner, Math.Max(Min, Inner.Lower), Math.Min(Max, Inner.Upper));
        _below = Inner.Cdf(this.Min);
        _mass = Inner.Cdf(this.Max) - _below;
        Require(_mass > 0, $"truncation of {Inner} to [{Min}, {Max}]: the interval has no probability");
    }

    public Distribution Inner { get; }

    public double Min { get; }

    public double Max { get; }

    public override double Lower => Min;

    public override double Upper => Max;

    public override double Density(double x) => x < Min || x > Max ? 0 : Inner.Density(x) / _mass;

    public override double Cdf(double x) => Math.Clamp((Inner.Cdf(x) - _below) / _mass, 0, 1);

    public override double Quantile(double p) => Math.Clamp(Inner.Quantile(_below + p * _mass), Min, Max);

    public override string ToString() => Max >= double.MaxValue ? Text($"{Inner} truncated to {Min} or more") : Text($"{Inner} truncated to [{Min}, {Max}]");
}
