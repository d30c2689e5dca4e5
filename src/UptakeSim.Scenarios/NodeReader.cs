using System.Globalization;
using System.Text.RegularExpressions;
using UptakeSim.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <summary>The accepted range of a number and how to say it in an error message.</summary>
internal sealed record Bounds(double Min, double Max, string Expected)
{
    public static readonly Bounds Any = new(double.MinValue, double.MaxValue, "a number");
    public static readonly Bounds NonNegative = new(0, double.MaxValue, "a number >= 0");
    // The smallest positive double as the minimum makes "> 0" an inclusive check.
    public static readonly Bounds Positive = new(double.Epsilon, double.MaxValue, "a number > 0");
    public static readonly Bounds Probability = new(0, 1, "a probability between 0 and 1");
    public static readonly Bounds Unit = new(0, 1, "a number between 0 and 1");

    public static Bounds Between(double min, double max) => new(min, max, $"a number between {min} and {max}");

    /// <summary>The bounds of a setting whose range is declared once (<see cref="SettingRange"/>).</summary>
    public static Bounds Of(string path) => SettingRange.Of(path) is var r ? new(r.Min, r.Max, r.Expected) : throw new InvalidOperationException();
}

/// <summary>
/// Reads typed values out of YAML nodes, recording an error at the node for anything that does not fit and
/// returning null, so the caller can carry on and report every problem in one pass.
/// </summary>
internal sealed partial class NodeReader(Origins origins)
{
    public List<ScenarioError> Errors { get; } = [];

    public Origins Origins => origins;

    /// <summary>Records an error at <paramref name="node"/>, in the file or override it came from.</summary>
    public void Error(YamlNode node, string message) =>
        Errors.Add(new ScenarioError(origins.Of(node).File, (int)node.Start.Line, (int)node.Start.Column, message));

    public YamlMappingNode? Mapping(YamlNode node, string path, string expected)
    {
        if (node is YamlMappingNode mapping) return mapping;
        WrongType(node, path, expected);
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string path, string expected)
    {
        if (node is YamlSequenceNode sequence) return sequence;
        WrongType(node, path, expected);
        return null;
    }

    public string? Text(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node)) return value;
        WrongType(node, path, expected);
        return null;
    }

    public double? Number(YamlNode node, string path, Bounds bounds)
    {
        if (Plain(node) is not { } text
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            WrongType(node, path, bounds.Expected);
            return null;
        }
        if (value < bounds.Min || value > bounds.Max)
        {
            OutOfRange(node, text, path, bounds.Expected);
            return null;
        }
        return value;
    }

    public int? Integer(YamlNode node, string path, int min, int max)
    {
        var expected = WholeNumber(min, max);
        if (Plain(node) is not { } text
            || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            WrongType(node, path, expected);
            return null;
        }
        if (value < min || value > max)
        {
            OutOfRange(node, text, path, expected);
            return null;
        }
        return (int)value;
    }

    public static string WholeNumber(int min, int max) =>
        max == int.MaxValue ? $"a whole number >= {min}" : $"a whole number from {min} to {max}";

    public ulong? Seed(YamlNode node, string path)
    {
        if (Plain(node) is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        WrongType(node, path, "a whole number from 0 to 18446744073709551615");
        return null;
    }

    public bool? Bool(YamlNode node, string path)
    {
        // YAML 1.2 core schema spellings only: 'yes'/'on' are strings there.
        switch (Plain(node))
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                WrongType(node, path, "true or false");
                return null;
        }
    }

    /// <summary>A quarter like 2015Q1; with <paramref name="within"/>, it must also fall inside that horizon.</summary>
    public Quarter? Quarter(YamlNode node, string path, Horizon? within)
    {
        if (node is not YamlScalarNode { Value: { } text } || !Model.Quarter.TryParse(text, out var quarter))
        {
            WrongType(node, path, $"a quarter like 2015Q1{QuarterHint(node)}");
            return null;
        }
        if (within is not null && within.IndexOf(quarter) < 0)
        {
            OutOfRange(node, text, path, $"a quarter from {within.Start} to {within.Last}");
            return null;
        }
        return quarter;
    }

    /// <summary>What a quarter written another way was meant to be: with a lower-case q, or a date (2016-04-01,
    /// 2016-04), which stands for the NHS financial-year quarter holding it; "" for anything else.</summary>
    private static string QuarterHint(YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } text }) return "";
        if (text.Length == 6 && text[4] == 'q' && Model.Quarter.TryParse($"{text[..4]}Q{text[5]}", out var upper))
            return $", with an upper-case Q; did you mean {upper}?";
        if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return "";
        // The financial year starts in April: April-June is Q1, and January-March is Q4 of the year before.
        var quarter = date.Month >= 4 ? new Model.Quarter(date.Year, (date.Month - 1) / 3) : new Model.Quarter(date.Year - 1, 4);
        if (quarter.Year is < Model.Quarter.MinYear or > Model.Quarter.MaxYear) return "";
        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"; did you mean {quarter}, the NHS financial-year quarter from {Day(quarter.Start)} to {Day(quarter.Plus(1).Start.AddDays(-1))}?";
    }

    /// <summary>One of a fixed set of words, e.g. a distribution name.</summary>
    public string? Choice(YamlNode node, string path, IReadOnlyList<string> options)
    {
        var expected = $"one of: {string.Join(", ", options)}";
        if (Text(node, path, expected) is not { } text) return null;
        if (options.Contains(text)) return text;
        Error(node, $"unknown value {InputText.Quote(text)} for '{path}'; expected {expected}");
        return null;
    }

    /// <summary>A scenario name: it becomes folder and file names and CSV cells, so its length and characters are limited.</summary>
    public string? Name(YamlNode node, string path)
    {
        var expected = $"a name of 1 to {InputLimits.MaxNameLength} letters, digits, '-' and '_' (a sweep member adds [key=value;...])";
        if (Text(node, path, expected) is not { } text) return null;
        var match = NamePattern().Match(text);
        // A sweep member's suffix names the keys it sweeps, each a path of the scenario (policy.mandate=2017Q1).
        var sweptKeys = match.Groups["swept"].Success
            ? match.Groups["swept"].Value.Split(';').Select(pair => pair.Split('=')[0].Split('.')[0]).ToArray() : [];
        if (match.Success && match.Groups["name"].Length <= InputLimits.MaxNameLength && text.Length <= InputLimits.MaxMemberNameLength
            && sweptKeys.All(key => SweptSections.Contains(key))) return text;
        Error(node, $"{InputText.Quote(text)} is not valid for '{path}'; expected {expected}");
        return null;
    }

    /// <summary>YAML's null: an empty plain scalar, ~ or null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a sequence",
        _ when IsNull(node) => "null",
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar => InputText.Quote(scalar.Value ?? ""),
        YamlScalarNode scalar => $"the quoted string {InputText.Quote(scalar.Value ?? "")}",
        _ => "an alias",
    };

    /// <summary>What a node is without quoting it, for files that may not be scenarios at all (a base path that names
    /// another kind of file): their content is not repeated.</summary>
    public static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a sequence",
        _ when IsNull(node) => "null",
        _ => "a single text value",
    };

    public void WrongType(YamlNode node, string path, string expected) =>
        Error(node, $"{Describe(node)} is not valid for '{path}'; expected {expected}");

    private void OutOfRange(YamlNode node, string text, string path, string expected) =>
        Error(node, $"{InputText.Printable(text, InputLimits.MaxQuotedChars)} is out of range for '{path}'; expected {expected}");

    // Quoted scalars are strings in YAML, so "1.5" is not a number.
    private static string? Plain(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text } ? text : null;

    // \z, not $: $ would accept a name ending in a newline. '#' names a swept value by position (see Sweep).
    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_-]+)(\[(?<swept>[A-Za-z0-9_.:+#-]+=[A-Za-z0-9_.:+#-]+(;[A-Za-z0-9_.:+#-]+=[A-Za-z0-9_.:+#-]+)*)\])?\z")]
    private static partial Regex NamePattern();

    /// <summary>The top-level keys a sweep may vary, the first part of each key in a member's name.</summary>
    private static readonly string[] SweptSections = ["runs", "seed", "horizon", "population", "policy", "behaviour", "calibration"];
}

/// <summary>
/// A mapping of the schema: its keys are checked against the allowed ones when it is opened, and each value is read
/// on demand, falling back to the default when the key is absent or its value is wrong (the error is recorded).
/// An absent or mistyped section reads as empty, so every field takes its default.
/// </summary>
internal sealed class Section
{
    private readonly NodeReader _reader;
    private readonly ScenarioSchema _schema;
    private readonly Dictionary<string, YamlNode> _values = [];

    /// <param name="anchor">Where to report problems of the section as a whole when <paramref name="node"/> is absent.</param>
    /// <param name="schema">The keys of the sections under this one, and where an unknown key is looked for elsewhere.</param>
    public Section(NodeReader reader, YamlNode? node, string path, YamlNode anchor, IReadOnlyList<string> keys, ScenarioSchema schema)
    {
        _reader = reader;
        _schema = schema;
        Path = path;
        Anchor = node ?? anchor;
        if (node is null) return;
        Mapping = reader.Mapping(node, path.Length == 0 ? "the scenario" : path, $"a mapping with keys {string.Join(", ", keys)}");
        if (Mapping is null) return;
        foreach (var (key, value) in Mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && keys.Contains(name))
            {
                _values[name] = value;
                continue;
            }
            var suggestion = key is YamlScalarNode { Value: { } typed } ? schema.Suggest(typed, path, keys, reader.Origins.IsFromKeyPath(key)) : "";
            reader.Error(key, $"unknown key {KeyText(key)} {Where}; expected one of: {string.Join(", ", keys)}{suggestion}");
        }
    }

    /// <summary>The mapping, when present and a mapping.</summary>
    public YamlMappingNode? Mapping { get; }

    /// <summary>Where problems of the section as a whole are reported: the mapping, or its parent when absent.</summary>
    public YamlNode Anchor { get; }

    public string Path { get; }

    private string Where => Path.Length == 0 ? "at the top level" : $"in '{Path}'";

    private static string KeyText(YamlNode key) => key is YamlScalarNode { Value: { } name } ? InputText.Quote(name) : NodeReader.Describe(key);

    public YamlNode? this[string key] => _values.GetValueOrDefault(key);

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Where to report a problem involving <paramref name="key"/>: its value, or the section when absent.</summary>
    public YamlNode At(string key) => this[key] ?? Anchor;

    /// <summary>The section under <paramref name="key"/>, with the keys the schema gives it.</summary>
    public Section Sub(string key) => new(_reader, this[key], PathOf(key), Anchor, _schema.KeysOf(PathOf(key)), _schema);

    /// <summary>A mapping with keys of its own (an item of a list, a distribution) at <paramref name="path"/>.</summary>
    public Section Open(YamlNode node, string path, params string[] keys) => new(_reader, node, path, node, keys, _schema);

    /// <summary>The value of a key that must be present; records "missing key" otherwise.</summary>
    public YamlNode? Require(string key, string expected)
    {
        // A section that is not a mapping has had its error already; its keys are not missing on top of that.
        var node = this[key];
        if (node is null && Mapping is not null) _reader.Error(Anchor, $"missing key '{key}' {Where}; expected {expected}");
        return node;
    }

    public double Number(string key, double fallback, Bounds bounds) =>
        this[key] is { } node ? _reader.Number(node, PathOf(key), bounds) ?? fallback : fallback;

    public double? RequiredNumber(string key, Bounds bounds) =>
        Require(key, bounds.Expected) is { } node ? _reader.Number(node, PathOf(key), bounds) : null;

    public int Integer(string key, int fallback, int min, int max = int.MaxValue) =>
        this[key] is { } node ? _reader.Integer(node, PathOf(key), min, max) ?? fallback : fallback;

    public int? RequiredInteger(string key, int min, int max = int.MaxValue) =>
        Require(key, NodeReader.WholeNumber(min, max)) is { } node
            ? _reader.Integer(node, PathOf(key), min, max)
            : null;

    public bool Bool(string key, bool fallback) =>
        this[key] is { } node ? _reader.Bool(node, PathOf(key)) ?? fallback : fallback;

    public Quarter? RequiredQuarter(string key, Horizon? within) =>
        Require(key, "a quarter like 2015Q1") is { } node ? _reader.Quarter(node, PathOf(key), within) : null;
}
