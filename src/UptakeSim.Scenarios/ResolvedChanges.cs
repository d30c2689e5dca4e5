using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <summary>One resolved value that differs between two scenarios; <see cref="ResolvedChanges.NotSet"/> where one has no such key.</summary>
public sealed record ResolvedChange(string Path, string Reference, string Value);

/// <summary>
/// What differs between two resolved scenarios, key by key in their YAML trees (not their text): paths of mappings like
/// <c>policy.mandate</c>, in the order the reference declares them, then keys only the scenario has. A list (a schedule)
/// is one value, written in YAML's flow style, as a scenario replaces it whole. The name and description are labels, not
/// values, and are left out.
/// </summary>
public static class ResolvedChanges
{
    public const string NotSet = "(not set)";

    private static readonly HashSet<string> Labels = ["name", "description"];

    public static IReadOnlyList<ResolvedChange> Between(string referenceYaml, string scenarioYaml)
    {
        var reference = Flatten(referenceYaml);
        var scenario = Flatten(scenarioYaml);
        return reference.Keys.Concat(scenario.Keys.Where(k => !reference.ContainsKey(k)))
            .Select(path => new ResolvedChange(path, reference.GetValueOrDefault(path, NotSet), scenario.GetValueOrDefault(path, NotSet)))
            .Where(c => c.Reference != c.Value && !Labels.Contains(c.Path))
            .ToArray();
    }

    private static Dictionary<string, string> Flatten(string yaml)
    {
        var stream = SafeYaml.Load(yaml, "resolved scenario");
        var values = new Dictionary<string, string>();
        if (stream.Documents.Count > 0) Add(values, "", stream.Documents[0].RootNode);
        return values;
    }

    private static void Add(Dictionary<string, string> values, string path, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode { Children.Count: > 0 } mapping:
                foreach (var (key, child) in mapping.Children) Add(values, path.Length == 0 ? ((YamlScalarNode)key).Value! : $"{path}.{((YamlScalarNode)key).Value}", child);
                break;
            default:
                values[path] = Flow(node);
                break;
        }
    }

    /// <summary>A value on one line: <c>[{at: 2015Q3, value: 0.04}, {at: 2018Q1, value: 0}]</c>.</summary>
    private static string Flow(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlSequenceNode sequence => $"[{string.Join(", ", sequence.Children.Select(Flow))}]",
        YamlMappingNode mapping => $"{{{string.Join(", ", mapping.Children.Select(e => $"{Flow(e.Key)}: {Flow(e.Value)}"))}}}",
        _ => "",
    };
}
