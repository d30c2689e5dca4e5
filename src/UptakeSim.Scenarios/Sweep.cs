using System.Globalization;
using UptakeSim.Model;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <summary>
/// <c>sweep:</c> expands one scenario into a family, one member per combination of the listed values:
/// <code>
/// sweep:
///   behaviour.pressure: [0.5, 1.0, 1.5]                    # a list of values (any YAML value)
///   policy.support: { from: 0.0, to: 0.06, step: 0.02 }     # numbers from..to by step
///   policy.mandate: { from: 2016Q1, to: 2018Q1, step: 4 }   # quarters from..to, step in quarters
/// </code>
/// Keys are paths as in <c>--set</c>. Members are named after the swept values, e.g.
/// <c>baseline[behaviour.pressure=1.5;policy.mandate=2017Q1]</c>; the first member is the reference of a comparison.
/// </summary>
internal sealed class Sweep
{
    public const int MaxMembers = 1000;

    private readonly List<(string Key, string[] Segments, List<(string Label, YamlNode Value)> Values)> _axes = [];

    public int Members => _axes.Aggregate(1, (n, axis) => n * axis.Values.Count);

    /// <summary>Takes <c>sweep</c> out of the tree; null when there is none or it is invalid (then <paramref name="errors"/> say why).</summary>
    public static Sweep? Extract(YamlNode root, Origins origins, List<ScenarioError> errors)
    {
        if (root is not YamlMappingNode mapping) return null;
        var (key, node) = mapping.Children.FirstOrDefault(entry => entry.Key is YamlScalarNode { Value: "sweep" });
        if (key is null) return null;
        mapping.Children.Remove(key);

        ScenarioError At(YamlNode n, string message) => new(origins.Of(n).File, (int)n.Start.Line, (int)n.Start.Column, message);
        if (node is not YamlMappingNode axes || axes.Children.Count == 0)
        {
            errors.Add(At(node, $"{NodeReader.Describe(node)} is not valid for 'sweep'; expected a mapping of key paths to lists of values or {{from, to, step}}"));
            return null;
        }
        var sweep = new Sweep();
        var before = errors.Count;
        foreach (var (axisKey, values) in axes.Children)
        {
            var path = ((YamlScalarNode)axisKey).Value ?? "";
            var segments = path.Split('.');
            if (segments.Any(string.IsNullOrWhiteSpace) || segments[0] is "name" or "sweep" or "base")
            {
                errors.Add(At(axisKey, $"'{path}' cannot be swept; expected a path to a scenario value such as behaviour.pressure"));
                continue;
            }
            var list = values switch
            {
                YamlSequenceNode { Children.Count: > 0 } sequence => sequence.Children.Select(v => (Label(v), v)).ToList(),
                YamlMappingNode range => Range(path, range, origins, errors, At),
                _ => null,
            };
            if (list is null)
            {
                if (values is not YamlMappingNode) errors.Add(At(values, $"{NodeReader.Describe(values)} is not valid for sweep '{path}'; expected a non-empty list of values or {{from, to, step}}"));
                continue;
            }
            sweep._axes.Add((path, segments, list));
        }
        if (errors.Count > before) return null;
        if (sweep.Members > MaxMembers)
        {
            errors.Add(At(node, $"the sweep expands to {sweep.Members} scenarios; expected at most {MaxMembers}"));
            return null;
        }
        return sweep;
    }

    /// <summary>Every combination, the first value of each axis first; each sets its values into <paramref name="root"/> in turn.</summary>
    public IEnumerable<string> Apply(YamlNode root, Origins origins, List<ScenarioError> errors)
    {
        for (var member = 0; member < Members; member++)
        {
            var labels = new List<string>();
            var rest = member;
            for (var a = _axes.Count - 1; a >= 0; a--)
            {
                var (key, segments, values) = _axes[a];
                var (label, value) = values[rest % values.Count];
                rest /= values.Count;
                labels.Insert(0, $"{key}={label}");
                Overrides.Set(root, segments, value, origins, origins.Of(value), message => errors.Add(new ScenarioError(origins.Of(value).File, (int)value.Start.Line, (int)value.Start.Column, $"sweep '{key}': {message}")));
            }
            yield return $"[{string.Join(';', labels)}]";
        }
    }

    private static string Label(YamlNode value) => value is YamlScalarNode scalar ? scalar.Value ?? "null" : value.ToString();

    private static List<(string, YamlNode)>? Range(string path, YamlMappingNode range, Origins origins, List<ScenarioError> errors, Func<YamlNode, string, ScenarioError> at)
    {
        string? Text(string name) => range.Children.TryGetValue(new YamlScalarNode(name), out var n) && n is YamlScalarNode s ? s.Value : null;
        var (from, to, step) = (Text("from"), Text("to"), Text("step"));
        var unknown = range.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value is not ("from" or "to" or "step"));
        if (from is null || to is null || step is null || unknown is not null || range.Children.Count != 3)
        {
            errors.Add(at(range, $"the range for sweep '{path}' is incomplete or has other keys; expected exactly from, to and step"));
            return null;
        }
        var origin = new Origin($"sweep {path}", origins.Scenario.Directory);
        YamlScalarNode Node(string text)
        {
            var node = (YamlScalarNode)Overrides.ParseValue(origin.File, text, [])!;
            origins.Mark(node, origin);
            return node;
        }
        if (Quarter.TryParse(from, out var q0) && Quarter.TryParse(to, out var q1))
        {
            if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var quarters) || quarters < 1 || q1.Ordinal < q0.Ordinal)
            {
                errors.Add(at(range, $"the quarter range for sweep '{path}' is {from} to {to} by {step}; expected from <= to and a step of at least 1 quarter"));
                return null;
            }
            return Enumerable.Range(0, (q1.Ordinal - q0.Ordinal) / quarters + 1)
                .Select(i => q0.Plus(i * quarters).ToString()).Select(t => (t, (YamlNode)Node(t))).ToList();
        }
        if (!double.TryParse(from, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            || !double.TryParse(to, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            || !double.TryParse(step, NumberStyles.Float, CultureInfo.InvariantCulture, out var by) || by <= 0 || b < a || !double.IsFinite(a + b + by))
        {
            errors.Add(at(range, $"the range for sweep '{path}' is {from} to {to} by {step}; expected numbers (or quarters) with from <= to and a positive step"));
            return null;
        }
        var count = (int)Math.Floor((b - a) / by + 1e-9) + 1;
        if (count > MaxMembers)
        {
            errors.Add(at(range, $"the range for sweep '{path}' has {count} values; expected at most {MaxMembers}"));
            return null;
        }
        return Enumerable.Range(0, count).Select(i => (a + i * by).ToString("G10", CultureInfo.InvariantCulture))
            .Select(t => (t, (YamlNode)Node(t))).ToList();
    }
}
