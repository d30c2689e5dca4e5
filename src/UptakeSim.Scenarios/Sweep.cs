using System.Globalization;
using System.Text.RegularExpressions;
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
/// <c>baseline[behaviour.pressure=1.5;policy.mandate=2017Q1]</c> (a value that is not a short plain word is named by its
/// position, e.g. <c>#2</c>, since names become file names); the first member is the reference of a comparison.
/// </summary>
internal sealed partial class Sweep(Func<string, ScenarioError> errorAt)
{
    private readonly List<(string Key, string[] Segments, List<(string Label, YamlNode Value)> Values)> _axes = [];

    public int Members => _axes.Aggregate(1, (n, axis) => n * axis.Values.Count);

    /// <summary>A problem with the sweep as a whole, reported at its <c>sweep:</c> mapping.</summary>
    public ScenarioError ErrorAt(string message) => errorAt(message);

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
        var sweep = new Sweep(message => At(node, message));
        var before = errors.Count;
        long members = 1;
        foreach (var (axisKey, values) in axes.Children)
        {
            var path = axisKey is YamlScalarNode { Value: { } text } ? text : "";
            var segments = path.Split('.');
            if (!KeyPathPattern().IsMatch(path) || segments.Any(string.IsNullOrWhiteSpace) || segments[0] is "name" or "sweep" or "base")
            {
                errors.Add(At(axisKey, $"{InputText.Quote(path)} cannot be swept; expected a path to a scenario value such as behaviour.pressure"));
                continue;
            }
            var list = values switch
            {
                YamlSequenceNode { Children.Count: > 0 and <= InputLimits.MaxSweepMembers } sequence => sequence.Children.Select((v, i) => (Label(v, i), v)).ToList(),
                YamlSequenceNode { Children.Count: > 0 } sequence => TooMany(path, sequence.Children.Count, values),
                YamlMappingNode range => Range(path, range, origins, errors, At),
                _ => null,
            };
            if (list is null)
            {
                if (values is not YamlMappingNode) errors.Add(At(values, $"{NodeReader.Describe(values)} is not valid for sweep '{path}'; expected a non-empty list of values or {{from, to, step}}"));
                continue;
            }
            members = Math.Min(members * list.Count, InputLimits.MaxSweepMembers + 1L);
            sweep._axes.Add((path, segments, list));
        }
        if (errors.Count > before) return null;
        if (members > InputLimits.MaxSweepMembers)
        {
            errors.Add(At(node, $"the sweep expands to more than {InputLimits.MaxSweepMembers} scenarios ({string.Join(" x ", sweep._axes.Select(a => a.Values.Count))}); expected at most {InputLimits.MaxSweepMembers}"));
            return null;
        }
        return sweep;

        List<(string, YamlNode)>? TooMany(string path, int count, YamlNode values)
        {
            errors.Add(At(values, $"the list for sweep '{path}' has {count} values; expected at most {InputLimits.MaxSweepMembers}"));
            return null;
        }
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

    /// <summary>How a member's name shows a swept value: the value when it is a short plain word, else its position.</summary>
    private static string Label(YamlNode value, int index) =>
        value is YamlScalarNode { Value: { } text } && LabelPattern().IsMatch(text) ? text : $"#{index + 1}";

    [GeneratedRegex(@"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*\z")]
    private static partial Regex KeyPathPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.:+-]{1,24}\z")]
    private static partial Regex LabelPattern();

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
        var origin = new Origin($"sweep {path}", origins.Scenario.Directory, Origin.Overrides);
        YamlScalarNode Node(string text)
        {
            var node = (YamlScalarNode)Overrides.ParseValue(origin.File, text, [])!;
            origins.Mark(node, origin);
            return node;
        }
        var (fromText, toText, stepText) = (InputText.Printable(from, InputLimits.MaxQuotedChars), InputText.Printable(to, InputLimits.MaxQuotedChars), InputText.Printable(step, InputLimits.MaxQuotedChars));
        if (Quarter.TryParse(from, out var q0) && Quarter.TryParse(to, out var q1))
        {
            if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var quarters) || quarters < 1 || q1.Ordinal < q0.Ordinal)
            {
                errors.Add(at(range, $"the quarter range for sweep '{path}' is {fromText} to {toText} by {stepText}; expected from <= to and a step of at least 1 quarter"));
                return null;
            }
            var quarterCount = (q1.Ordinal - q0.Ordinal) / quarters + 1;
            if (quarterCount > InputLimits.MaxSweepMembers)
            {
                errors.Add(at(range, $"the range for sweep '{path}' has {quarterCount} values; expected at most {InputLimits.MaxSweepMembers}"));
                return null;
            }
            return Enumerable.Range(0, quarterCount).Select(i => q0.Plus(i * quarters).ToString()).Select(t => (t, (YamlNode)Node(t))).ToList();
        }
        if (!double.TryParse(from, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            || !double.TryParse(to, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            || !double.TryParse(step, NumberStyles.Float, CultureInfo.InvariantCulture, out var by) || by <= 0 || b < a || !double.IsFinite(a + b + by))
        {
            errors.Add(at(range, $"the range for sweep '{path}' is {fromText} to {toText} by {stepText}; expected numbers (or quarters) with from <= to and a positive step"));
            return null;
        }
        // Counted as a double before anything is built: 1e300 by 1e-300 is far beyond any integer.
        var values = Math.Floor((b - a) / by + 1e-9) + 1;
        if (!(values <= InputLimits.MaxSweepMembers))
        {
            errors.Add(at(range, $"the range for sweep '{path}' has {values:G3} values; expected at most {InputLimits.MaxSweepMembers}"));
            return null;
        }
        return Enumerable.Range(0, (int)values).Select(i => (a + i * by).ToString("G10", CultureInfo.InvariantCulture))
            .Select(t => (t, (YamlNode)Node(t))).ToList();
    }
}
