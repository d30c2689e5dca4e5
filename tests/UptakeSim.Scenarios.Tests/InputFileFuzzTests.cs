using System.Text;
using Xunit.Abstractions;

namespace UptakeSim.Scenarios.Tests;

/// <summary>
/// Mutates every CSV the tool reads (the CCG list, the CCG attributes, the merger mapping, the per-CCG record and
/// covariates, the observations and a posterior) from a fixed seed and loads each mutant the way the tool does. The contract, the
/// same as for scenarios (<see cref="FuzzTests"/>): accepted, or refused with located errors that say what was
/// expected; never another exception and never a hang.
/// </summary>
public sealed class InputFileFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20150401;
    private const int MutantsPerKind = 400;
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(30);
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>A kind of file: its bundled text, and how the tool loads it from a folder holding every data file.</summary>
    private sealed record Kind(string Name, string File, Action<ScenarioLoader, string> Load);

    private const string Scenario = "name: fuzz\npopulation:\n  ccgs: ccgs_2015.csv\n  start: { level1: 59, level2: 87, level3: 63 }\n  attributes: ccg_attributes.csv\n  record: ccg_levels.csv\n  covariates: ccg_covariates.csv\n  mergers: { file: mergers.csv }\n";

    private static readonly Kind[] Kinds =
    [
        new("CCG list", "ccgs_2015.csv", (loader, dir) => loader.LoadFamily(Path.Combine(dir, "fuzz.yaml"))),
        new("CCG attributes", "ccg_attributes.csv", (loader, dir) => loader.LoadFamily(Path.Combine(dir, "fuzz.yaml"))),
        new("mergers", "mergers.csv", (loader, dir) => loader.LoadFamily(Path.Combine(dir, "fuzz.yaml"))),
        new("per-CCG record", "ccg_levels.csv", (loader, dir) => loader.LoadFamily(Path.Combine(dir, "fuzz.yaml"))),
        new("per-CCG covariates", "ccg_covariates.csv", (loader, dir) => loader.LoadFamily(Path.Combine(dir, "fuzz.yaml"))),
        new("observations", "observations.csv", (_, dir) => ObservationFile.Load(Path.Combine(dir, "observations.csv"))),
        new("posterior", "baseline-posterior.csv", (_, dir) => PosteriorCsv.Read(Path.Combine(dir, "baseline-posterior.csv"))),
    ];

    [Fact]
    public void Every_mutant_of_every_input_csv_is_accepted_or_refused_at_a_location()
    {
        using var dir = new Fixture.TempDir();
        foreach (var file in Directory.GetFiles(Data)) File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(dir.Path, "fuzz.yaml"), Scenario);
        var loader = new ScenarioLoader(Path.Combine(dir.Path, "ccgs_2015.csv"));
        var random = new Random(Seed);
        var failures = new List<string>();
        foreach (var kind in Kinds)
        {
            var path = Path.Combine(dir.Path, kind.File);
            var original = File.ReadAllText(path);
            var (accepted, refused) = (0, 0);
            for (var i = 0; i < MutantsPerKind; i++)
            {
                var (bytes, how) = Mutate(random, original);
                File.WriteAllBytes(path, bytes);
                var outcome = Load(() => kind.Load(loader, dir.Path));
                if (outcome is null) accepted++;
                else if (outcome.StartsWith("refused", StringComparison.Ordinal)) refused++;
                else failures.Add($"{kind.Name} mutant {i} ({how}): {outcome}");
            }
            File.WriteAllText(path, original);
            output.WriteLine($"{kind.Name}: {MutantsPerKind} mutants (seed {Seed}), {accepted} accepted, {refused} refused with located errors");
            Assert.True(refused > MutantsPerKind / 10, $"{kind.Name}: only {refused} mutants refused; the mutations say little");
        }
        foreach (var failure in failures.Take(20)) output.WriteLine(failure);
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    /// <summary>Null if accepted, "refused" if refused as the contract says, else what went wrong.</summary>
    private static string? Load(Action load)
    {
        var task = Task.Run(() =>
        {
            try
            {
                load();
                return null;
            }
            catch (ScenarioException e)
            {
                return e.Errors.Select(FuzzTests.Problem).FirstOrDefault(p => p is not null) ?? "refused";
            }
            catch (Exception e)
            {
                return $"{e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
            }
        });
        return task.Wait(HangTimeout) ? task.Result : $"no answer within {HangTimeout.TotalSeconds} s";
    }

    private static readonly string[] Junk =
    [
        "", "-1", "1e309", "NaN", "-0", "abc", "\"unterminated", "=HYPERLINK(\"x\")", "\u001b[31m", "\u202e", "2015Q9", "2015q1", "99999999999",
        new string('x', 5000), "1,2", "\"a\"\"b\"", " 3 ", "Infinity", "0x10", "3.", "unknown", "level3", "E38000001",
    ];

    /// <summary>One to three mutations of a CSV: fields, rows, columns, bytes.</summary>
    private static (byte[] Bytes, string How) Mutate(Random random, string source)
    {
        var lines = source.TrimEnd('\n').Split('\n').ToList();
        var hows = new List<string>();
        byte[]? bytes = null;
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            var line = random.Next(lines.Count);
            var fields = lines[line].Split(',');
            switch (random.Next(12))
            {
                case 0:
                    var field = random.Next(fields.Length);
                    var junk = Junk[random.Next(Junk.Length)];
                    fields[field] = junk.Contains(',') ? $"\"{junk}\"" : junk;
                    lines[line] = string.Join(',', fields);
                    hows.Add($"field {field + 1} of line {line + 1} set to {InputText.Quote(junk)}");
                    break;
                case 1:
                    lines.Insert(line, lines[line]);
                    hows.Add($"line {line + 1} repeated");
                    break;
                case 2:
                    lines.RemoveAt(line);
                    if (lines.Count == 0) lines.Add("");
                    hows.Add($"line {line + 1} deleted");
                    break;
                case 3:
                    var header = lines[0].Split(',');
                    var copied = header[random.Next(header.Length)];
                    lines[0] += "," + copied;
                    hows.Add($"header column {copied} repeated");
                    break;
                case 4:
                    lines[line] = random.Next(2) == 0 ? string.Join(',', fields.SkipLast(1)) : lines[line] + ",extra";
                    hows.Add($"a field removed from or added to line {line + 1}");
                    break;
                case 5:
                    var (a, b) = (random.Next(fields.Length), random.Next(fields.Length));
                    (fields[a], fields[b]) = (fields[b], fields[a]);
                    lines[line] = string.Join(',', fields);
                    hows.Add($"fields {a + 1} and {b + 1} of line {line + 1} swapped");
                    break;
                case 6:
                    var text = string.Join('\n', lines);
                    var cut = random.Next(text.Length);
                    lines = [.. text[..cut].Split('\n')];
                    hows.Add($"truncated at {cut}");
                    break;
                case 7:
                    lines.InsertRange(line, Enumerable.Repeat(lines[line], random.Next(2, 3000)));
                    hows.Add($"line {line + 1} repeated many times");
                    break;
                case 8:
                    lines = [.. lines.Select(l => l + "\r")];
                    hows.Add("CRLF");
                    break;
                case 9:
                    lines[0] = "\uFEFF" + lines[0];
                    hows.Add("byte order mark");
                    break;
                case 10:
                    lines[0] = string.Join(',', lines[0].Split(',').Select(h => random.Next(4) == 0 ? h.ToUpperInvariant() : h));
                    hows.Add("header names changed");
                    break;
                default:
                    bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
                    for (var f = random.Next(1, 6); f > 0 && bytes.Length > 0; f--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    lines = [.. Encoding.UTF8.GetString(bytes).TrimEnd('\n').Split('\n')];
                    hows.Add("random bytes");
                    break;
            }
        }
        var result = bytes is not null && hows[^1] == "random bytes" ? bytes : Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        return (result, string.Join(", ", hows));
    }
}
