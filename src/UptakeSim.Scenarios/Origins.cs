using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <summary>A source of YAML nodes: the name errors give it, the folder its relative paths start from, and its layer:
/// 0 for the scenario file, -1 for its base, -2 for the base's base, ..., 1 for <c>--set</c> overrides and sweeps, so
/// that a later layer is told from an earlier one (a what-if's coefficient from the posterior its base names).</summary>
internal sealed record Origin(string File, string Directory, int Layer = 0)
{
    public const int Overrides = 1;
}

/// <summary>
/// Where each node of a scenario's tree came from: the scenario file (the default), a base file it extends, or a
/// <c>--set</c> override. Nodes are told apart by reference, since YAML scalars compare by value.
/// </summary>
internal sealed class Origins(Origin scenario)
{
    private readonly Dictionary<YamlNode, Origin> _byNode = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<YamlNode> _keyPathKeys = new(ReferenceEqualityComparer.Instance);

    public Origin Scenario => scenario;

    public Origin Of(YamlNode node) => _byNode.GetValueOrDefault(node, scenario);

    /// <summary>Records <paramref name="origin"/> for <paramref name="node"/> and everything under it.</summary>
    public void Mark(YamlNode node, Origin origin)
    {
        foreach (var n in node.AllNodes) _byNode[n] = origin;
    }

    /// <summary>Records a key that a key path added (<c>--set policy.mandate=...</c>, a sweep): the user typed it as
    /// a full path, so that is how a suggestion names it.</summary>
    public void MarkKeyPath(YamlNode key, Origin origin)
    {
        Mark(key, origin);
        _keyPathKeys.Add(key);
    }

    public bool IsFromKeyPath(YamlNode key) => _keyPathKeys.Contains(key);
}
