using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <summary>
/// Loads YAML text into a node tree within <see cref="InputLimits"/>. YamlDotNet's parser is iterative but its node
/// tree is built recursively and aliases are shared nodes that later walks expand, so the parser's event stream is
/// checked as the tree is built: nesting depth before each level is entered, the node and text count with every
/// alias expanded, aliases to a node that contains them, keys that are not plain scalars (the schema has no other
/// kind), tags and control characters in values. Every failure is a <see cref="ScenarioException"/> at its line and column.
/// </summary>
internal static class SafeYaml
{
    public static YamlStream Load(string text, string displayName)
    {
        var guard = new GuardedParser(new Parser(new StringReader(text)));
        var stream = new YamlStream();
        try
        {
            stream.Load(guard);
        }
        catch (Refusal r)
        {
            throw new ScenarioException(new ScenarioError(displayName, (int)r.At.Line, (int)r.At.Column, r.Message));
        }
        catch (YamlException e)
        {
            var (line, column, message) = Describe(e, text, guard);
            throw new ScenarioException(new ScenarioError(displayName, line, column, message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's own state errors on input it cannot parse: reported where parsing stopped.
            throw new ScenarioException(new ScenarioError(displayName, (int)guard.Last.Line, (int)guard.Last.Column,
                "invalid YAML the parser cannot follow from here; expected well-formed YAML"));
        }
        return stream;
    }

    private static (int Line, int Column, string Message) Describe(YamlException e, string text, GuardedParser guard)
    {
        var (line, column) = ((int)e.Start.Line, (int)e.Start.Column);
        if (e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            return (line, column, $"duplicate key {InputText.Quote(e.Message["Duplicate key ".Length..])}; expected each key once in a mapping");
        }
        if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabInIndentation(text, line) is { } tab)
        {
            // YamlDotNet reports some tab errors at the start of the enclosing mapping; the tab itself is what to fix.
            return (tab.Line, tab.Column, "a tab in the indentation; expected spaces (YAML does not allow tabs for indentation)");
        }
        if (guard.OpenFlow is { } open && e.Start.Index >= text.Length - 1)
        {
            // Reported where the unclosed bracket opens: the end of the file says nothing about which one it is.
            var (opening, closing) = open.IsMapping ? ('{', '}') : ('[', ']');
            return ((int)open.Start.Line, (int)open.Start.Column, $"this '{opening}' is not closed; expected a matching '{closing}' before the end of the file");
        }
        return (line, column, $"invalid YAML ({InputText.Printable(e.Message.TrimEnd('.'), 200)}); expected well-formed YAML");
    }

    /// <summary>The first tab in a line's leading whitespace, from line <paramref name="fromLine"/> on.</summary>
    private static (int Line, int Column)? TabInIndentation(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return null;
    }

    private sealed class Refusal(Mark at, string message) : Exception(message)
    {
        public Mark At { get; } = at;
    }

    /// <summary>An open mapping or sequence: its size so far, with aliases expanded.</summary>
    private sealed class Frame(bool isMapping, bool isFlow, AnchorName anchor, Mark start)
    {
        public bool IsMapping { get; } = isMapping;
        public bool IsFlow { get; } = isFlow;
        public AnchorName Anchor { get; } = anchor;
        public Mark Start { get; } = start;
        public bool ExpectKey { get; set; } = isMapping;
        public long Nodes { get; set; } = 1;
        public long Chars { get; set; }
    }

    private sealed class GuardedParser(IParser inner) : IParser
    {
        private readonly List<Frame> _open = [];
        private readonly Dictionary<string, (long Nodes, long Chars)> _anchors = [];
        private long _nodes;
        private long _chars;

        public ParsingEvent? Current => inner.Current;

        /// <summary>Where the last event ended.</summary>
        public Mark Last { get; private set; } = Mark.Empty;

        /// <summary>The innermost open flow collection ({ } or [ ]), if any.</summary>
        public Frame? OpenFlow => _open.LastOrDefault(f => f.IsFlow);

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            if (inner.Current is { } e)
            {
                Check(e);
                Last = e.End;
            }
            return true;
        }

        private void Check(ParsingEvent e)
        {
            // A tag (!!str, !!float, !custom) would change how a value is read, and the scenario schema types every key
            // itself: refused rather than silently ignored.
            if (e is NodeEvent { Tag.IsEmpty: false } tagged && !tagged.Tag.IsNonSpecific)
            {
                throw new Refusal(e.Start, $"a YAML tag {InputText.Quote(tagged.Tag.Value)}; expected a plain value without a tag (every key's type is set by the scenario format)");
            }
            switch (e)
            {
                case Scalar scalar:
                    Occurs(e);
                    if (!InputText.IsClean(scalar.Value, allowLineBreaks: true))
                    {
                        throw new Refusal(e.Start, $"a control character in {InputText.Quote(scalar.Value)}; expected printable text");
                    }
                    Add(e, 1, scalar.Value.Length);
                    if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = (1, scalar.Value.Length);
                    break;
                case AnchorAlias alias:
                    Occurs(e);
                    var name = alias.Value.Value;
                    if (_open.Any(f => !f.Anchor.IsEmpty && f.Anchor.Value == name))
                    {
                        throw new Refusal(e.Start, $"the alias *{InputText.Printable(name, InputLimits.MaxQuotedChars)} is inside the node it refers to; expected an alias to a complete node");
                    }
                    if (!_anchors.TryGetValue(name, out var size))
                    {
                        throw new Refusal(e.Start, $"the alias *{InputText.Printable(name, InputLimits.MaxQuotedChars)} has no anchor before it; expected &{InputText.Printable(name, InputLimits.MaxQuotedChars)} on an earlier node");
                    }
                    Add(e, size.Nodes, size.Chars);
                    break;
                case MappingStart or SequenceStart:
                    Occurs(e);
                    if (_open.Count >= InputLimits.MaxNestingDepth)
                    {
                        throw new Refusal(e.Start, $"nesting deeper than {InputLimits.MaxNestingDepth} levels; expected at most {InputLimits.MaxNestingDepth} nested mappings and sequences");
                    }
                    var node = (NodeEvent)e;
                    var flow = e is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                    _open.Add(new Frame(e is MappingStart, flow, node.Anchor, e.Start));
                    Count(e, 1, 0);
                    break;
                case MappingEnd or SequenceEnd when _open.Count > 0:
                    var closed = _open[^1];
                    _open.RemoveAt(_open.Count - 1);
                    if (!closed.Anchor.IsEmpty) _anchors[closed.Anchor.Value] = (closed.Nodes, closed.Chars);
                    if (_open.Count > 0)
                    {
                        _open[^1].Nodes += closed.Nodes;
                        _open[^1].Chars += closed.Chars;
                    }
                    break;
            }
        }

        /// <summary>A node at the current position: a mapping's keys must be plain scalars.</summary>
        private void Occurs(ParsingEvent e)
        {
            if (_open.Count == 0 || !_open[^1].IsMapping) return;
            var mapping = _open[^1];
            if (mapping.ExpectKey && e is not Scalar)
            {
                var kind = e switch { MappingStart => "a mapping", SequenceStart => "a sequence", _ => "an alias" };
                throw new Refusal(e.Start, $"{kind} used as a key; expected a name as each key of a mapping");
            }
            mapping.ExpectKey = !mapping.ExpectKey;
        }

        private void Add(ParsingEvent e, long nodes, long chars)
        {
            if (_open.Count > 0)
            {
                _open[^1].Nodes += nodes;
                _open[^1].Chars += chars;
            }
            Count(e, nodes, chars);
        }

        private void Count(ParsingEvent e, long nodes, long chars)
        {
            _nodes += nodes;
            _chars += chars;
            if (_nodes > InputLimits.MaxYamlNodes)
            {
                throw new Refusal(e.Start, $"the document grows past {InputLimits.MaxYamlNodes} nodes here (aliases expanded); expected at most {InputLimits.MaxYamlNodes}");
            }
            if (_chars > InputLimits.MaxYamlTextChars)
            {
                throw new Refusal(e.Start, $"the document grows past {InputLimits.MaxYamlTextChars} characters of text here (aliases expanded); expected at most {InputLimits.MaxYamlTextChars}");
            }
        }
    }
}
