using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <summary>
/// <c>--set key.path=value</c>: replaces (or adds) one node of the scenario's YAML tree before it is validated, so an
/// override is checked exactly like the file. Every node an override brings in is marked as coming from it, so an
/// error in it points at the override rather than at the file.
/// </summary>
internal static class Overrides
{
    /// <param name="option">The command-line option the override stands for (<c>--runs</c>, <c>--seed</c>), blamed
    /// for its errors; null for <c>--set</c>.</param>
    public static void Apply(YamlNode root, string text, Origins origins, List<ScenarioError> errors, string? option = null)
    {
        ScenarioError Malformed(string message) => option is null
            ? new("--set", 0, 0, $"override {InputText.Quote(text)}: {message}")
            : new(option, 0, 0, message);
        if (text.Length > InputLimits.MaxOverrideChars)
        {
            errors.Add(Malformed($"{text.Length} characters long; expected at most {InputLimits.MaxOverrideChars}"));
            return;
        }
        var equals = text.IndexOf('=');
        var segments = equals < 0 ? [] : text[..equals].Trim().Split('.');
        if (segments.Length == 0 || segments.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(Malformed("expected key.path=value, e.g. policy.mandate=2017Q1"));
            return;
        }
        // Errors inside the value name the override as typed, cut short as every quoted input is.
        var source = option ?? $"--set {InputText.Printable(text, InputLimits.MaxQuotedChars)}";
        if (ParseValue(source, text[(equals + 1)..], errors) is not { } value) return;
        // Paths in an override are relative to the scenario's folder, like the scenario's own.
        var origin = new Origin(source, origins.Scenario.Directory, Origin.Overrides);
        origins.Mark(value, origin);
        Set(root, segments, value, origins, origin, message => errors.Add(Malformed(message)));
    }

    /// <summary>Puts <paramref name="value"/> at the path, creating missing mappings (marked as coming from
    /// <paramref name="origin"/>); <paramref name="fail"/> hears why the path cannot be followed.</summary>
    public static void Set(YamlNode root, string[] segments, YamlNode value, Origins origins, Origin origin, Action<string> fail)
    {
        var node = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            switch (node)
            {
                case YamlMappingNode mapping:
                    var key = mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var name } && name == segment);
                    if (key is null)
                    {
                        key = new YamlScalarNode(segment);
                        origins.MarkKeyPath(key, origin);
                    }
                    if (last)
                    {
                        mapping.Children[key] = value;
                    }
                    else if (!mapping.Children.TryGetValue(key, out var child) || NodeReader.IsNull(child))
                    {
                        // Missing (or empty) intermediate mappings are created, so --set can add a whole section.
                        child = new YamlMappingNode();
                        origins.Mark(child, origin);
                        mapping.Children[key] = child;
                        node = child;
                    }
                    else
                    {
                        node = child;
                    }
                    break;
                case YamlSequenceNode sequence:
                    if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= sequence.Children.Count)
                    {
                        fail($"{InputText.Quote(segment)} is not an index of '{PathTo(segments, i)}', which has {sequence.Children.Count} items; expected 0 to {sequence.Children.Count - 1}");
                        return;
                    }
                    if (last) sequence.Children[index] = value;
                    else node = sequence.Children[index];
                    break;
                default:
                    fail($"'{PathTo(segments, i)}' is {NodeReader.Describe(node)}, so it has no {InputText.Quote(segment)}; expected a path through mappings and sequences");
                    return;
            }
        }
    }

    /// <summary>The value as a YAML node (flow style: 2017Q1, 1.5, null, [..], { .. }); an empty value is null.</summary>
    public static YamlNode? ParseValue(string source, string value, List<ScenarioError> errors)
    {
        YamlStream stream;
        try
        {
            stream = SafeYaml.Load(value, source);
        }
        catch (ScenarioException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            errors.Add(new ScenarioError(source, (int)second.Line, (int)second.Column, "a second YAML document; expected one value"));
            return null;
        }
        return stream.Documents.Count == 0 ? new YamlScalarNode("null") : stream.Documents[0].RootNode;
    }

    private static string PathTo(string[] segments, int count) => count == 0 ? "the scenario" : string.Join('.', segments[..count]);
}

/// <summary>A command-line option that sets a scenario value (<c>--runs 5</c> is <c>runs=5</c>), blamed by name for
/// what is wrong with it.</summary>
public sealed record OptionOverride(string Option, string Text);
