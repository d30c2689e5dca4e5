using System.Globalization;
using System.Text;

namespace UptakeSim.Scenarios;

/// <summary>One problem in an input (a scenario, a base file, a CCG file, an observations file or a <c>--set</c>
/// override), located where the user can fix it: line and column are 1-based; line 0 means the file as a whole,
/// which is then named without a position.
/// The file name and message are made printable, whoever built them, so no input's bytes reach a terminal raw.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    private const int MaxMessageChars = 1000;

    public string File { get; init; } = InputText.Printable(File, int.MaxValue);

    public string Message { get; init; } = InputText.Printable(Message, MaxMessageChars);

    /// <summary><c>file:line:column: message</c>; a whole file, or the start of a one-line command-line value
    /// (<c>--set ...</c>, <c>--runs</c>), is named without a position, which would say nothing.</summary>
    public override string ToString() =>
        Line == 0 || (File.StartsWith("--", StringComparison.Ordinal) && Line == 1 && Column <= 1) ? $"{File}: {Message}"
        : Column == 0 ? $"{File}:{Line}: {Message}" : $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Every problem found while loading, thrown together so one edit can fix them all;
/// each file's problems in line order, files in the order their first problem was found.
/// At most <see cref="InputLimits.MaxErrors"/> are listed, then how many more there are.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : this(Capped(errors.GroupBy(e => e.File).SelectMany(file => file.OrderBy(e => e.Line).ThenBy(e => e.Column)).ToArray()))
    {
    }

    private ScenarioException(ScenarioError[] sorted)
        : base(string.Join('\n', sorted))
    {
        Errors = sorted;
    }

    public ScenarioException(ScenarioError error)
        : this([error])
    {
    }

    public IReadOnlyList<ScenarioError> Errors { get; }

    private static ScenarioError[] Capped(ScenarioError[] sorted)
    {
        if (sorted.Length <= InputLimits.MaxErrors) return sorted;
        var next = sorted[InputLimits.MaxErrors];
        return
        [
            .. sorted.Take(InputLimits.MaxErrors),
            next with { Message = $"{sorted.Length - InputLimits.MaxErrors} more problems not listed; expected at most {InputLimits.MaxErrors} (fix those above first)" },
        ];
    }
}

/// <summary>How input text is shown in error messages: printable, and short.</summary>
public static class InputText
{
    /// <summary>A piece of input in quotes, cut to <see cref="InputLimits.MaxQuotedChars"/> characters and made printable.</summary>
    public static string Quote(string text) => $"'{Printable(text, InputLimits.MaxQuotedChars)}'";

    /// <summary>The text with every character that could disturb a terminal or a line-based reader escaped (\n,
    /// \u001B: control, format, line and paragraph separator, unassigned and unpaired surrogate characters), cut to
    /// <paramref name="maxChars"/> characters with "...".</summary>
    public static string Printable(string text, int maxChars)
    {
        var cut = text.Length > maxChars;
        var visible = cut ? text[..maxChars] : text;
        if (!cut && Enumerable.Range(0, visible.Length).All(i => IsShown(visible, i))) return text;
        var builder = new StringBuilder(visible.Length + 8);
        for (var i = 0; i < visible.Length; i++)
        {
            var c = visible[i];
            if (IsShown(visible, i)) builder.Append(c);
            else if (c == '\n') builder.Append("\\n");
            else if (c == '\r') builder.Append("\\r");
            else if (c == '\t') builder.Append("\\t");
            else builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        if (cut) builder.Append("...");
        return builder.ToString();
    }

    /// <summary>True when <paramref name="text"/> is acceptable input text: no control characters (newline and tab
    /// allowed when <paramref name="allowLineBreaks"/>), line or paragraph separators or unpaired surrogates.
    /// Format characters (a soft hyphen, an emoji joiner) are fine in input; errors still escape them.</summary>
    public static bool IsClean(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var category = char.GetUnicodeCategory(text[i]);
            if (category is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned || IsShown(text, i)) continue;
            if (!(allowLineBreaks && text[i] is '\n' or '\t')) return false;
        }
        return true;
    }

    private static bool IsShown(string text, int i) => char.GetUnicodeCategory(text[i]) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.OtherNotAssigned => false,
        UnicodeCategory.Surrogate => char.IsHighSurrogate(text[i])
            ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
            : i > 0 && char.IsHighSurrogate(text[i - 1]),
        _ => true,
    };
}
