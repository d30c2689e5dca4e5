using System.Text;
using Xunit.Abstractions;

namespace UptakeSim.Scenarios.Tests;

/// <summary>Runs alone, so the allocation count it reads is its own.</summary>
[CollectionDefinition(nameof(FuzzTests), DisableParallelization = true)]
public sealed class FuzzCollection;

/// <summary>
/// Mutates the bundled scenarios (and now and then the base file, the CCG list and a <c>--set</c> value) thousands of
/// times from a fixed seed and loads every mutant through the loader as the CLI does. The contract: a mutant is
/// accepted, or refused with a <see cref="ScenarioException"/> whose every error has a location and says what was
/// expected in printable text; never another exception, never a hang, never unbounded memory.
/// </summary>
[Collection(nameof(FuzzTests))]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20150401;
    private const int Mutants = 3000;

    // Guards, not performance thresholds: a load that passes either has hung or is allocating without bound.
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(60);
    private const long MaxAllocatedBytes = 1L << 30;

    private static readonly string ScenarioFolder = Path.Combine(AppContext.BaseDirectory, "scenarios");
    private static readonly string[] Sources = [.. Directory.GetFiles(ScenarioFolder, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
    private static readonly string Baseline = File.ReadAllText(Path.Combine(ScenarioFolder, "baseline.yaml"));
    private static readonly string CcgList = File.ReadAllText(Fixture.BundledCsv);

    [Fact]
    public void Every_mutant_of_the_bundled_scenarios_is_accepted_or_refused_at_a_location()
    {
        Assert.NotEmpty(Sources);
        using var dir = new Fixture.TempDir();
        // The bundled layout: scenarios/ next to data/, so "base: baseline.yaml" and "../data/ccgs_2015.csv" resolve.
        Directory.CreateDirectory(Path.Combine(dir.Path, "scenarios"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "data"));
        var mutantPath = Path.Combine(dir.Path, "scenarios", "mutant.yaml");
        var basePath = Path.Combine(dir.Path, "scenarios", "baseline.yaml");
        var csvPath = Path.Combine(dir.Path, "data", "ccgs_2015.csv");
        // The other data files the scenarios name (mergers, CCG attributes) are copied as they are.
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Fixture.BundledCsv)!))
            File.Copy(file, Path.Combine(dir.Path, "data", Path.GetFileName(file)));
        var loader = new ScenarioLoader(csvPath);

        var random = new Random(Seed);
        var (accepted, refused) = (0, 0);
        var failures = new List<string>();
        for (var i = 0; i < Mutants; i++)
        {
            var (text, how) = Mutate(random, Sources[random.Next(Sources.Length)], random.Next(1, 4));
            File.WriteAllBytes(mutantPath, text);
            // One mutant in ten also breaks the base file, one in ten the CCG list, one in ten brings a --set.
            var (baseText, baseHow) = random.Next(10) == 0 ? Mutate(random, Baseline, 1) : (Encoding.UTF8.GetBytes(Baseline), "");
            var (csvText, csvHow) = random.Next(10) == 0 ? Mutate(random, CcgList, 1) : (Encoding.UTF8.GetBytes(CcgList), "");
            File.WriteAllBytes(basePath, baseText);
            File.WriteAllBytes(csvPath, csvText);
            string[] overrides = random.Next(10) == 0 ? [OverrideOf(random)] : [];
            var description = $"mutant {i}: {how}{(baseHow.Length > 0 ? $"; base {baseHow}" : "")}{(csvHow.Length > 0 ? $"; CCG list {csvHow}" : "")}{(overrides.Length > 0 ? $"; --set {overrides[0]}" : "")}";

            switch (Load(loader, mutantPath, overrides))
            {
                case Accepted:
                    accepted++;
                    break;
                case Refused(var errors) when errors.Select(Problem).FirstOrDefault(p => p is not null) is { } problem:
                    failures.Add($"{description}: {problem}");
                    break;
                case Refused:
                    refused++;
                    break;
                case Failed(var message):
                    failures.Add($"{description}: {message}");
                    break;
            }
        }

        output.WriteLine($"fuzz (seed {Seed}): {Mutants} mutants, {accepted} accepted, {refused} refused with located errors, {failures.Count} broke the contract; at most {_mostAllocated / 1_000_000} MB allocated by one mutant");
        foreach (var failure in failures.Take(20)) output.WriteLine(failure);
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        // The mutations must exercise both outcomes, or the test says little.
        Assert.InRange(accepted, Mutants / 20, Mutants - Mutants / 20);
    }

    private abstract record Outcome;

    private sealed record Accepted : Outcome;

    private sealed record Refused(IReadOnlyList<ScenarioError> Errors) : Outcome;

    private sealed record Failed(string Message) : Outcome;

    /// <summary>The most any one mutant allocated, reported with the counts.</summary>
    private long _mostAllocated;

    private Outcome Load(ScenarioLoader loader, string path, string[] overrides)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var load = Task.Run<Outcome>(() =>
        {
            try
            {
                var family = loader.LoadFamily(path, overrides);
                // Names become folder and file names and CSV cells.
                var badName = family.Select(f => f.Scenario.Name).FirstOrDefault(n => n.Length > InputLimits.MaxMemberNameLength || InputText.Printable(n, int.MaxValue) != n);
                return badName is null ? new Accepted() : new Failed($"accepted the name {InputText.Quote(badName)}");
            }
            catch (ScenarioException e)
            {
                return new Refused(e.Errors);
            }
            catch (Exception e)
            {
                return new Failed($"{e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        });
        if (!load.Wait(HangTimeout)) return new Failed($"no answer within {HangTimeout.TotalSeconds} s");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        _mostAllocated = Math.Max(_mostAllocated, allocated);
        return allocated > MaxAllocatedBytes ? new Failed($"allocated {allocated} bytes") : load.Result;
    }

    /// <summary>Why an error breaks the contract (file:line:column: what; expected ..., printable), or null.</summary>
    internal static string? Problem(ScenarioError error)
    {
        if (error.File.Length == 0) return $"no file in '{error}'";
        if (error.Line < 0 || error.Column < 0 || (error.Line == 0 && error.Column != 0)) return $"bad location in '{error}'";
        if (!error.Message.Contains("; expected ", StringComparison.Ordinal)) return $"no '; expected' in '{error}'";
        if (InputText.Printable(error.ToString(), int.MaxValue) != error.ToString()) return $"unprintable characters in '{InputText.Printable(error.ToString(), 300)}'";
        return null;
    }

    private static string OverrideOf(Random random)
    {
        string[] keys = ["policy.mandate", "behaviour.pressure", "runs", "population.synthetic", "sweep", "name", "policy.pressure.0.at", "calibration.free"];
        string[] values =
        [
            "2017Q1", "[1, 2", "{a: 1", "&a [*a]", "\"\\u0000\"", "1e300", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "{count: 2000000000, regions: 1, footprints: 1}", "{behaviour.pressure: {from: 1e-300, to: 1e300, step: 1e-300}}",
            "{? [a] : {min: 0, max: 1}}", "\"baseline\\n\"", new string('x', 300), "", "null", "- a\n- b", "'unclosed",
        ];
        return $"{keys[random.Next(keys.Length)]}={values[random.Next(values.Length)]}";
    }

    /// <summary><paramref name="count"/> random mutations of <paramref name="source"/>, as bytes, and what they were.</summary>
    private static (byte[] Bytes, string How) Mutate(Random random, string source, int count)
    {
        var lines = source.Split('\n').ToList();
        var hows = new List<string>();
        byte[]? bytes = null;
        for (var m = 0; m < count; m++)
        {
            var line = random.Next(lines.Count);
            var kind = random.Next(18);
            switch (kind)
            {
                case 0:
                    var text = string.Join('\n', lines);
                    var cut = random.Next(text.Length);
                    lines = text[..cut].Split('\n').ToList();
                    hows.Add($"truncated at {cut}");
                    break;
                case 1:
                    var opener = "{[}]\"'&*|>!%@`,:-?#"[random.Next(19)];
                    var at = random.Next(lines[line].Length + 1);
                    lines[line] = lines[line].Insert(at, opener.ToString());
                    hows.Add($"'{opener}' inserted at {line + 1}:{at + 1}");
                    break;
                case 2:
                    lines.RemoveAt(line);
                    if (lines.Count == 0) lines.Add("");
                    hows.Add($"line {line + 1} deleted");
                    break;
                case 3:
                    lines.Insert(line, lines[line]);
                    hows.Add($"line {line + 1} duplicated");
                    break;
                case 4:
                    var other = random.Next(lines.Count);
                    (lines[line], lines[other]) = (lines[other], lines[line]);
                    hows.Add($"lines {line + 1} and {other + 1} swapped");
                    break;
                case 5:
                    string[] wrong = ["[1, 2]", "{a: 1}", "\"text\"", "-1e308", ".nan", "null", "~", "99999999999999999999", "2015Q9", "2015q1", "true", "!!binary AAAA", "&x 1", "*x", "''", "0x10", "1_000"];
                    var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
                    var value = wrong[random.Next(wrong.Length)];
                    lines[line] = colon < 0 ? $"{lines[line]} {value}" : $"{lines[line][..(colon + 2)]}{value}";
                    hows.Add($"value on line {line + 1} set to {value}");
                    break;
                case 6:
                    var depth = new[] { 10, 33, 1000, 60_000 }[random.Next(4)];
                    var closed = random.Next(2) == 0;
                    var brackets = random.Next(2) == 0 ? string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + (closed ? new string('}', depth) : "") : new string('[', depth) + (closed ? new string(']', depth) : "");
                    lines.Insert(line, $"nested: {brackets}");
                    hows.Add($"{depth} nested {(closed ? "closed" : "unclosed")} brackets at line {line + 1}");
                    break;
                case 7:
                    var laughs = "lol: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Join('\n', Enumerable.Range(1, 8).Select(n => $"lol{n}: &{(char)('a' + n)} [{string.Join(", ", Enumerable.Repeat($"*{(char)('a' + n - 1)}", 10))}]"));
                    var inSweep = random.Next(2) == 0;
                    lines.Insert(line, inSweep ? "sweep:\n  behaviour.pressure: [" + laughs.Replace("\n", ", ").Replace("lol: ", "").Replace("lol", "l") + "]" : laughs);
                    hows.Add($"alias bomb {(inSweep ? "in a sweep " : "")}at line {line + 1}");
                    break;
                case 8:
                    var colonAt = lines[line].IndexOf(": ", StringComparison.Ordinal);
                    if (colonAt >= 0) lines[line] = lines[line].Insert(colonAt + 2, "&anchor ");
                    lines.Insert(random.Next(lines.Count + 1), random.Next(2) == 0 ? "alias: *anchor" : "self: &s [*s]");
                    hows.Add($"anchor on line {line + 1} and an alias");
                    break;
                case 9:
                    var control = "\0\u0001\u0007\b\u000B\f\r\u001B\u007F\u0085\u2028\uFEFF\u202E\uFFFE"[random.Next(14)];
                    var where = random.Next(lines[line].Length + 1);
                    lines[line] = lines[line].Insert(where, control.ToString());
                    hows.Add($"U+{(int)control:X4} inserted at {line + 1}:{where + 1}");
                    break;
                case 10:
                    lines[0] = "\uFEFF" + lines[0];
                    hows.Add("byte order mark");
                    break;
                case 11:
                    lines = lines.Select(l => l + "\r").ToList();
                    hows.Add("CRLF line ends");
                    break;
                case 12:
                    var indent = lines[line].Length - lines[line].TrimStart(' ').Length;
                    var spaces = Math.Max(0, indent + random.Next(-2, 3));
                    lines[line] = (random.Next(2) == 0 ? "\t" : new string(' ', spaces)) + lines[line].TrimStart(' ');
                    hows.Add($"indentation of line {line + 1} changed");
                    break;
                case 13:
                    var repeat = random.Next(2, 2000);
                    lines.InsertRange(line, Enumerable.Repeat(lines[line], repeat));
                    hows.Add($"line {line + 1} repeated {repeat} times");
                    break;
                case 14:
                    string[] sweeps =
                    [
                        "sweep:\n  behaviour.pressure: {from: 1e-300, to: 1e300, step: 1e-300}",
                        "sweep:\n  behaviour.pressure: [1, 2]\n  policy.mandate: {from: 2016Q1, to: 2018Q1, step: 4}",
                        "sweep:\n  ? [a, b]\n  : [1, 2]",
                        "sweep:\n  policy.support: {from: 0, to: 1, step: 0.0001}",
                        "sweep:\n  behaviour.peer: [[1], {a: b}, \"x y\", 1.5]",
                        "calibration:\n  free:\n    ? [a]\n    : {min: 0, max: 1}",
                        "population:\n  synthetic: {count: 2000000000, regions: 1, footprints: 1}",
                        "population:\n  ccgs: /dev/zero",
                        "base: /dev/zero",
                        "base: /etc/passwd",
                        "base: mutant.yaml",
                        "name: \"baseline\\n\"",
                        $"name: {new string('n', 300)}",
                    ];
                    var hostile = sweeps[random.Next(sweeps.Length)];
                    // Half at the end, where it is a top-level key, half anywhere.
                    if (random.Next(2) == 0) line = lines.Count;
                    lines.Insert(line, hostile);
                    hows.Add($"'{hostile.Replace("\n", "\\n")}' inserted at line {line + 1}");
                    break;
                case 15:
                    var key = lines[line].IndexOf(':');
                    if (key > 0) lines[line] = lines[line][..key] + new string('k', random.Next(1, 400)) + lines[line][key..];
                    hows.Add($"key on line {line + 1} lengthened");
                    break;
                default:
                    bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                    var flips = random.Next(1, 8);
                    for (var f = 0; f < flips && bytes.Length > 0; f++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    lines = [.. Encoding.UTF8.GetString(bytes).Split('\n')];
                    hows.Add($"{flips} random bytes");
                    break;
            }
        }
        // Random bytes are kept as bytes (invalid UTF-8 included) unless a later mutation rewrote the text.
        var result = bytes is not null && hows[^1].EndsWith("random bytes", StringComparison.Ordinal) ? bytes : Encoding.UTF8.GetBytes(string.Join('\n', lines));
        return (result, string.Join(", ", hows));
    }
}
