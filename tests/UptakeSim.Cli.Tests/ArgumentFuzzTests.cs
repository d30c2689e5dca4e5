using Xunit.Abstractions;

namespace UptakeSim.Cli.Tests;

/// <summary>
/// Random command lines from a fixed seed, parsed in process as the tool parses them. The contract for every one
/// refused: each problem a line of the form <c>word: what; expected ...</c> (the option or word typed first), then the
/// pointer to --help; no input quoted beyond 60 characters, no control character, no help dump.
/// </summary>
public sealed class ArgumentFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20150401;
    private const int CommandLines = 3000;

    private static readonly string[] Commands = ["run", "compare", "calibrate", "hindcast", "sensitivity", "validate", "bench", "silo", "rn", "", "--help"];

    private static readonly string[] Options =
    [
        "--runs", "-n", "--seed", "-s", "--set", "--batch-size", "--keep-runs", "--checkpoint", "--resume", "--telemetry", "--telemetry-interval",
        "--out", "-o", "--overwrite", "--plain", "--stream", "--engine", "--cluster", "-v", "--baseline", "--observed", "--cutoff", "--method",
        "--samples", "--repeats", "--by", "--range", "--posterior", "--json", "--scenario", "--engine-only", "--port", "--gateway-port", "--address",
        "--rusn", "--", "-", "--runs=5", "--seed=-1",
    ];

    private static readonly string[] Values =
    [
        "5", "0", "-1", "abc", "1e9", "99999999999999999999", "2016Q1", "2016q1", "ndjson", "reference", "orleans", "abc", "point", "console",
        "", " ", "\u001b[2J", "\u202e", new string('x', 500), "redis://:pw@h", "results/x", "scenarios/baseline.yaml", "key=value", "=", "--",
    ];

    [Fact]
    public void Every_refused_command_line_is_reported_in_the_tools_voice()
    {
        var random = new Random(Seed);
        var (accepted, refused) = (0, 0);
        var failures = new List<string>();
        for (var i = 0; i < CommandLines; i++)
        {
            var args = new List<string>();
            var command = Commands[random.Next(Commands.Length)];
            if (command.Length > 0) args.Add(command);
            if (random.Next(3) > 0) args.Add("scenarios/baseline.yaml");
            for (var n = random.Next(0, 6); n > 0; n--)
            {
                args.Add(Options[random.Next(Options.Length)]);
                if (random.Next(4) > 0) args.Add(Values[random.Next(Values.Length)]);
            }
            var parse = UptakeSimCommands.Build().Parse(args);
            if (parse.Errors.Count == 0)
            {
                accepted++;
                continue;
            }
            refused++;
            var errors = new StringWriter();
            Assert.Equal(2, Arguments.Report(parse, errors));
            var lines = errors.ToString().TrimEnd('\n').Split('\n');
            var problems = lines[..^1];
            string? Wrong(string line) =>
                line.Length > 600 ? "a line of over 600 characters"
                : line.Any(char.IsControl) ? "a control character"
                : !line.Contains(": ", StringComparison.Ordinal) || !line.Contains("expected", StringComparison.Ordinal) ? "not 'word: what; expected ...'"
                : args.FirstOrDefault(a => a.Length > 60 && line.Contains(a, StringComparison.Ordinal)) is not null ? "an input quoted whole beyond 60 characters"
                : null;
            if (!lines[^1].StartsWith("see: ./run.sh ", StringComparison.Ordinal)) failures.Add($"{string.Join(' ', args)}: no pointer to --help");
            foreach (var line in problems)
            {
                if (Wrong(line) is { } why) failures.Add($"{string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "..." : a))}: {why}: {line[..Math.Min(line.Length, 200)]}");
            }
        }
        output.WriteLine($"arguments: {CommandLines} command lines (seed {Seed}), {accepted} accepted by the parser, {refused} refused in the tool's voice");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Distinct().Take(20)));
        Assert.InRange(refused, CommandLines / 4, CommandLines);
    }
}
