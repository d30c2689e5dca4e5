using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace UptakeSim.Cli;

/// <summary>
/// Options that check their own values, and the one way argument errors are reported: <c>--option: what; expected
/// ...</c> with the closest option or command suggested, exit 2, no help dump and no stack trace.
/// </summary>
public static class Arguments
{
    /// <summary>Most replications per grain call (a sensitivity analysis may run 100,000,000 in all).</summary>
    public const int MaxBatchSize = 100_000_000;

    public static Option<int?> WholeNumber(string name, string description, int min, int max, params string[] aliases) =>
        new(name, aliases) { Description = description, CustomParser = r => ParseInteger(r, name, min, max) };

    public static Option<int> WholeNumber(string name, string description, int min, int max, int defaultValue) =>
        new(name) { Description = description, CustomParser = r => ParseInteger(r, name, min, max) ?? defaultValue, DefaultValueFactory = _ => defaultValue };

    private static int? ParseInteger(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name}: {Scenarios.InputText.Quote(text)} is not a whole number; expected an integer from {min:N0} to {max:N0}");
            return null;
        }
        if (value < min || value > max)
        {
            result.AddError($"{name}: {Scenarios.InputText.Printable(text, Scenarios.InputLimits.MaxQuotedChars)} is out of range; expected an integer from {min:N0} to {max:N0}");
            return null;
        }
        return (int)value;
    }

    public static Option<ulong?> Seed() => new("--seed", "-s")
    {
        Description = "Master seed; the same scenario, seed and runs give identical results",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return seed;
            result.AddError($"--seed: {Scenarios.InputText.Quote(text)} is not a seed; expected an integer from 0 to {ulong.MaxValue}");
            return null;
        },
    };

    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (choices.Contains(text)) return text;
            result.AddError($"{name}: {Scenarios.InputText.Quote(text)} is not a choice; expected one of: {string.Join(", ", choices)}{Suggest(text, choices)}");
            return defaultValue;
        },
    };

    /// <summary>
    /// What System.CommandLine accepts but the user cannot have meant: an option name taken as another option's value
    /// (<c>--out --overwrite</c> would write to a folder named --overwrite), and an option the command does not have
    /// taken as one of its files (<c>compare A B --bogus</c>).
    /// </summary>
    public static IReadOnlyList<string> Misread(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet();
        var problems = new List<string>();
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is OptionResult option)
            {
                var name = option.Option.Name;
                problems.AddRange(option.Tokens.Where(t => names.Contains(t.Value))
                    .Select(t => $"{name}: no value given ({t.Value} is an option); expected {name} {ValueOf(command, name)}"));
            }
            else if (child is ArgumentResult argument)
            {
                var options = argument.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-' && !double.TryParse(t.Value, CultureInfo.InvariantCulture, out _));
                problems.AddRange(options.Select(t => UnknownOption(t.Value, command)));
            }
        }
        return problems;
    }

    /// <summary>Prints every parse error (and what <see cref="Misread"/> found) the same way and returns the bad-input
    /// exit code.</summary>
    public static int Report(ParseResult parse, TextWriter errors, IReadOnlyList<string>? misread = null)
    {
        var command = parse.CommandResult.Command;
        var messages = parse.Errors.Select(e => e.Message).Distinct().ToList();
        // After an unknown word, the words that follow (its value, the rest of the line) would only repeat the error.
        var unknown = messages.FindIndex(m => m.StartsWith(Unrecognized, StringComparison.Ordinal));
        if (unknown >= 0) messages = [.. messages.Where(m => !m.StartsWith(Unrecognized, StringComparison.Ordinal) && !m.StartsWith("Required command", StringComparison.Ordinal)).Prepend(messages[unknown])];
        foreach (var message in (misread ?? []).Concat(messages.Select(m => Explain(m, command))).Distinct()) errors.WriteLine(message);
        errors.WriteLine($"see: ./run.sh {(command is RootCommand ? "" : command.Name + " ")}--help");
        return ExitCodes.BadInput;
    }

    private const string Unrecognized = "Unrecognized command or argument '";

    /// <summary>System.CommandLine's own messages in the tool's voice: <c>--option: what; expected ...</c>, blaming
    /// the option or word the user typed.</summary>
    private static string Explain(string message, Command command)
    {
        if (message.StartsWith(Unrecognized, StringComparison.Ordinal))
        {
            var token = message[Unrecognized.Length..message.LastIndexOf('\'')];
            if (token.StartsWith('-')) return UnknownOption(token, command);
            var commands = command.Subcommands.Select(c => c.Name).ToArray();
            return commands.Length > 0
                ? $"{Quote(token)}: unknown command; expected one of: {string.Join(", ", commands)}{Suggest(token, commands)}"
                : $"{Quote(token)}: unexpected argument to '{command.Name}'; expected {string.Join(" and ", command.Arguments.Select(a => a.Name))} only";
        }
        if (Match(message, "Required argument missing for option: '", "'.") is { } option)
            return $"{option}: no value given; expected {option} {ValueOf(command, option)}";
        if (Match(message, "Option '", "' is required.") is { } required)
            return $"{required}: missing; expected {required} {ValueOf(command, required)} (required by '{command.Name}')";
        if (message.StartsWith("Option '", StringComparison.Ordinal) && message.Contains("' expects a single argument but ", StringComparison.Ordinal))
        {
            var name = message["Option '".Length..message.IndexOf('\'', "Option '".Length)];
            return $"{name}: given more than once; expected {name} once";
        }
        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return $"uptakesim: no command; expected one of: {string.Join(", ", command.Subcommands.Select(c => c.Name))} (./run.sh alone runs scenarios/baseline.yaml)";
        if (message.StartsWith("Required argument", StringComparison.Ordinal))
        {
            return $"{command.Name}: missing {string.Join(" and ", command.Arguments.Select(a => a.Name))}; expected e.g. ./run.sh {command.Name} scenarios/baseline.yaml";
        }
        return message;
    }

    /// <summary>An option the command does not have, with the closest it has.</summary>
    public static string UnknownOption(string token, Command command)
    {
        var options = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToArray();
        return $"{Quote(token)}: unknown option of '{command.Name}'; expected one of: {string.Join(", ", options.Where(o => o != "--help"))}{Suggest(token, options)}";
    }

    /// <summary>The text between <paramref name="prefix"/> and <paramref name="suffix"/>, if the message is exactly that.</summary>
    private static string? Match(string message, string prefix, string suffix) =>
        message.StartsWith(prefix, StringComparison.Ordinal) && message.EndsWith(suffix, StringComparison.Ordinal) && message.Length > prefix.Length + suffix.Length
            ? message[prefix.Length..^suffix.Length] : null;

    /// <summary>What an option takes, as its help shows it (e.g. QUARTER), or VALUE.</summary>
    private static string ValueOf(Command command, string name) =>
        command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name)) is { HelpName: { Length: > 0 } help } ? help : "VALUE";

    /// <summary>A word the user typed, printable and at most 60 characters, as every quoted input.</summary>
    private static string Quote(string token) => token.Length <= 60 && token.All(c => !char.IsControl(c)) ? token : Scenarios.InputText.Quote(token);

    /// <summary>"; did you mean X?" for the candidate closest to what was typed, if it is close (Levenshtein distance).</summary>
    public static string Suggest(string typed, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (Name: c, Distance: Distance(typed, c))).OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, typed.Length / 3) ? $"; did you mean {best.Name}?" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
