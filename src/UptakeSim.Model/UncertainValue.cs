using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UptakeSim.Model;

/// <summary>
/// A behaviour coefficient: a number, or a <see cref="Model.Distribution"/> drawn once per replication. A scenario
/// writes one as a number or as <c>{dist: normal, mean, sd}</c>, <c>{dist: uniform, min, max}</c> or
/// <c>{dist: triangular, min, mode, max}</c> (<see cref="ToYaml"/>); results and messages show it in the
/// distribution's one text form (<see cref="ToString"/>).
/// </summary>
[JsonConverter(typeof(UncertainValueJson))]
public sealed record UncertainValue
{
    private readonly double _value;

    private UncertainValue(double value, Distribution? distribution) => (_value, Distribution) = (value, distribution);

    public static UncertainValue Fixed(double value) => new(value, null);

    public static UncertainValue Drawn(Distribution distribution) => new(distribution.Mean, distribution);

    public static UncertainValue Normal(double mean, double sd) => Drawn(new NormalDistribution(mean, sd));

    public static UncertainValue Uniform(double min, double max) => Drawn(new UniformDistribution(min, max));

    public static UncertainValue Triangular(double min, double mode, double max) => Drawn(new TriangularDistribution(min, mode, max));

    /// <summary>What the value is drawn from; null for a number.</summary>
    public Distribution? Distribution { get; }

    public bool IsUncertain => Distribution is not null;

    /// <summary>The value at cumulative probability <paramref name="u"/> (inverse CDF), so one keyed uniform gives one draw.</summary>
    public double Sample(double u) => Distribution?.Quantile(u) ?? _value;

    public double Mean => Distribution?.Mean ?? _value;

    /// <summary>The standard deviation (0 for a number).</summary>
    public double Sd => Distribution?.StandardDeviation ?? 0;

    /// <summary>The same distribution moved so that its mean is <paramref name="mean"/> (a number becomes that number).</summary>
    public UncertainValue ShiftedTo(double mean)
    {
        var shift = mean - Mean;
        return Distribution switch
        {
            null => Fixed(mean),
            NormalDistribution n => Normal(mean, n.Sigma),
            UniformDistribution u => Uniform(u.Min + shift, u.Max + shift),
            TriangularDistribution t => Triangular(t.Min + shift, t.Mode + shift, t.Max + shift),
            var other => throw new NotSupportedException($"{other} cannot be moved to a new mean"),
        };
    }

    /// <summary>The value as a scenario file writes it (flow YAML), e.g. <c>{dist: normal, mean: 1.5, sd: 0.25}</c>.</summary>
    public string ToYaml()
    {
        static string N(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        return Distribution switch
        {
            null => N(_value),
            NormalDistribution n => $"{{dist: normal, mean: {N(n.Mu)}, sd: {N(n.Sigma)}}}",
            UniformDistribution u => $"{{dist: uniform, min: {N(u.Min)}, max: {N(u.Max)}}}",
            TriangularDistribution t => $"{{dist: triangular, min: {N(t.Min)}, mode: {N(t.Mode)}, max: {N(t.Max)}}}",
            var other => throw new NotSupportedException($"{other} has no form in a scenario file"),
        };
    }

    /// <summary>Where the value plausibly lies (a normal's mean +/- 2 sd; a uniform's or triangular's support); null
    /// for a fixed value. A point fit bounds a coefficient given no range by it.</summary>
    public (double Lower, double Upper)? PlausibleRange => Distribution switch
    {
        null => null,
        NormalDistribution n => (n.Mu - 2 * n.Sigma, n.Mu + 2 * n.Sigma),
        var d => (d.Lower, d.Upper),
    };

    /// <summary>The number, or the distribution's one text form: <c>normal(mean, sd)</c>, <c>uniform(min, max)</c>,
    /// <c>triangular(min, mode, max)</c>.</summary>
    public override string ToString() => Distribution?.ToString() ?? _value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// An <see cref="UncertainValue"/> in JSON, as a scenario travels between silos: <c>{"fixed": 1.5}</c>,
/// <c>{"normal": [mean, sd]}</c>, <c>{"uniform": [min, max]}</c> or <c>{"triangular": [min, mode, max]}</c>, every
/// number exactly as it was (System.Text.Json writes the shortest form that reads back to the same double).
/// </summary>
public sealed class UncertainValueJson : JsonConverter<UncertainValue>
{
    public override UncertainValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, "an object");
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.PropertyName, "a kind");
        var kind = reader.GetString();
        reader.Read();
        var numbers = new List<double>();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) numbers.Add(reader.GetDouble());
        }
        else
        {
            numbers.Add(reader.GetDouble());
        }
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.EndObject, "one kind only");
        return (kind, numbers.Count) switch
        {
            ("fixed", 1) => UncertainValue.Fixed(numbers[0]),
            ("normal", 2) => UncertainValue.Normal(numbers[0], numbers[1]),
            ("uniform", 2) => UncertainValue.Uniform(numbers[0], numbers[1]),
            ("triangular", 3) => UncertainValue.Triangular(numbers[0], numbers[1], numbers[2]),
            _ => throw new JsonException(
                $"an uncertain value '{kind}' with {numbers.Count} numbers; expected fixed (1), normal (2), uniform (2) or triangular (3)"),
        };
    }

    public override void Write(Utf8JsonWriter writer, UncertainValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value.Distribution)
        {
            case null:
                writer.WriteNumber("fixed", value.Mean);
                break;
            case NormalDistribution n:
                Numbers(writer, "normal", n.Mu, n.Sigma);
                break;
            case UniformDistribution u:
                Numbers(writer, "uniform", u.Min, u.Max);
                break;
            case TriangularDistribution t:
                Numbers(writer, "triangular", t.Min, t.Mode, t.Max);
                break;
            default:
                throw new JsonException($"{value.Distribution} is not a coefficient's distribution");
        }
        writer.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter writer, string kind, params double[] numbers)
    {
        writer.WriteStartArray(kind);
        foreach (var x in numbers) writer.WriteNumberValue(x);
        writer.WriteEndArray();
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition) throw new JsonException($"an uncertain value: expected {what}");
    }
}
