using System.Text;
using UptakeSim.Model;
using UptakeSim.Scenarios;
using Xunit.Abstractions;

namespace UptakeSim.Scenarios.Tests;

public sealed class ObservationFileTests(ITestOutputHelper output) : IDisposable
{
    private const string Header = "quarter,scope,measure,value,sd,source";
    private readonly string _directory = Directory.CreateTempSubdirectory("observations-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_directory, "observations.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string[] Errors(string path) =>
        Assert.Throws<ScenarioException>(() => ObservationFile.Load(path)).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void The_shipped_observations_load()
    {
        var observations = ObservationFile.Load(Path.Combine(AppContext.BaseDirectory, "data", "observations.csv"));

        Assert.Equal(14, observations.Count);
        var joint2015 = Assert.Single(observations, o => o is { Quarter: "2015Q1", Scope: "England", Measure: "level2" });
        Assert.Equal((87, 1.5, 3), (joint2015.Value, joint2015.Sd, joint2015.Line));
        var delegated2016 = Assert.Single(observations, o => o is { Quarter: "2016Q1", Scope: "England", Measure: "level3" });
        Assert.Equal(115, delegated2016.Value);
        Assert.Contains("NHS England counts 114 delegated", delegated2016.Source);
        var london = Assert.Single(observations, o => o.Scope == "London");
        Assert.Equal((6, 1.0, 3, false), (london.Value, london.Sd, london.Level, london.IsShare));
        Assert.Equal(64, observations.Where(o => o.Scope != "England").Sum(o => o.Value));
        Assert.Equal(209, observations.Where(o => o is { Quarter: "2016Q1", Scope: "England" }).Sum(o => o.Value));
    }

    [Fact]
    public void Empty_sd_takes_the_default_and_quoted_sources_keep_their_commas()
    {
        var path = Write(Header, "2017Q2,London,share_level3,0.5,,\"a, b\"", "2017Q2,London,level3,16,,c");

        var observations = ObservationFile.Load(path);

        Assert.Equal(new Observation("2017Q2", "London", "share_level3", 0.5, ObservationFile.DefaultShareSd, "a, b", 2), observations[0]);
        Assert.Equal(new Observation("2017Q2", "London", "level3", 16, ObservationFile.DefaultCountSd, "c", 3), observations[1]);
        Assert.Equal((0.01, 2.0), (ObservationFile.DefaultShareSd, ObservationFile.DefaultCountSd));
        Assert.True(observations[0].IsShare);
        Assert.Equal(new DateOnly(2017, 7, 1), observations[0].Period.Start);
    }

    [Fact]
    public void Each_kind_of_bad_row_is_reported_at_its_line_and_column()
    {
        var path = Write(
            Header,
            "2015Q5,England,level1,59,,s",
            "2015Q1,England,level4,59,,s",
            "2015Q1,England,share_level1,1.2,,s",
            "2015Q1,England,level2,-1,,s",
            "2015Q1,England,level3,many,,s",
            "2015Q1,England,level3,63,0,s",
            "2015Q1,,level3,63,,s",
            "2016Q1,England,level3,115,,s",
            "2016Q1,england,level3,114,,s",
            "2016Q1,England,level2,68",
            "2016Q1,England,level1,26,,s,extra",
            "2016Q1,England,level1,26,,",
            "2015q1,England,level1,26,,s");

        Assert.Equal(
        [
            $"{path}:2:1: '2015Q5' is not a valid quarter; expected a financial-year quarter like 2015Q1 (year, 'Q', 1-4; Q1 = April-June)",
            $"{path}:3:3: unknown measure 'level4'; expected one of level1, level2, level3, share_level1, share_level2, share_level3",
            $"{path}:4:4: share 1.2 is out of range; expected 0..1",
            $"{path}:5:4: count -1 is negative; expected a number of CCGs >= 0",
            $"{path}:6:4: 'many' is not a number; expected a count of CCGs or a share 0..1",
            $"{path}:7:5: '0' is not a valid sd; expected a number > 0, or empty for the default (2 for counts, 0.01 for shares)",
            $"{path}:8:2: empty scope; expected England or a region name",
            $"{path}:10:1: duplicate level3 for 'england' in 2016Q1 (first on line 9); expected each quarter, scope and measure once",
            $"{path}:11:4: row has 4 fields; expected 6 as in the header",
            $"{path}:12:7: row has 7 fields; expected 6 as in the header",
            $"{path}:13:6: empty source; expected where the figure comes from (a publication, a dataset)",
            $"{path}:14:1: '2015q1' is not a valid quarter; expected a financial-year quarter like 2015Q1 (year, 'Q', 1-4; Q1 = April-June)",
        ], Errors(path));
    }

    [Fact]
    public void Malformed_quoting_is_reported_at_its_line()
    {
        var path = Write(Header, "2015Q1,England,level3,63,,\"unterminated", "2015Q1,England,level2,87,,s");

        Assert.Equal([$"{path}:2: malformed CSV (UnterminatedQuote); expected RFC 4180 quoting"], Errors(path));
    }

    [Fact]
    public void Columns_are_found_by_name_and_sd_is_optional()
    {
        var path = Write("source,value,measure,scope,quarter", "NHS England,63,level3,England,2015Q1");

        Assert.Equal(new Observation("2015Q1", "England", "level3", 63, 2.0, "NHS England", 2), Assert.Single(ObservationFile.Load(path)));
    }

    [Fact]
    public void Missing_and_unknown_columns_are_reported_on_the_header()
    {
        var path = Write("quarter,scope,count,sd", "2015Q1,England,63,");

        Assert.Equal(
        [
            $"{path}:1:1: missing column(s) measure, value, source; expected a header row with columns quarter,scope,measure,value,sd,source (sd optional)",
            $"{path}:1:3: unknown column 'count'; expected a header row with columns quarter,scope,measure,value,sd,source (sd optional)",
        ], Errors(path));
    }

    [Fact]
    public void A_missing_file_is_reported_for_the_whole_file()
    {
        var path = Path.Combine(_directory, "absent.csv");

        Assert.Equal([$"{path}: file not found (looked for {path}); expected a CSV of observations"], Errors(path));
    }

    [Fact]
    public void A_header_without_rows_is_an_error()
    {
        var path = Write(Header);

        Assert.Equal([$"{path}:1:1: no observations after the header; expected one row per observation"], Errors(path));
    }

    [Theory]
    [InlineData("2015Q1", 2015, 1, 2015, 4)]
    [InlineData("2015Q3", 2015, 3, 2015, 10)]
    [InlineData("2015Q4", 2015, 4, 2016, 1)]
    public void Quarters_are_NHS_financial_year_quarters(string text, int year, int number, int startYear, int startMonth)
    {
        Assert.True(Quarter.TryParse(text, out var quarter));
        Assert.Equal(new Quarter(year, number), quarter);
        Assert.Equal(new DateOnly(startYear, startMonth, 1), quarter.Start);
        Assert.Equal(text, quarter.ToString());
    }

    [Theory]
    [InlineData("2015Q0")]
    [InlineData("2015q1")]
    [InlineData("15Q1")]
    [InlineData("2015-Q1")]
    [InlineData("0000Q1")]
    [InlineData("+015Q1")]
    [InlineData("")]
    public void Malformed_quarters_are_rejected(string text) => Assert.False(Quarter.TryParse(text, out _));

    [Fact]
    public void Every_mutant_of_the_shipped_observations_is_accepted_or_refused_at_a_location()
    {
        const int seed = 20160401, mutants = 1000;
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "observations.csv"));
        var random = new Random(seed);
        var path = Path.Combine(_directory, "mutant.csv");
        var (accepted, refused) = (0, 0);
        for (var i = 0; i < mutants; i++)
        {
            File.WriteAllBytes(path, Mutate(random, source));
            try
            {
                ObservationFile.Load(path);
                accepted++;
            }
            catch (ScenarioException e)
            {
                Assert.All(e.Errors, error =>
                {
                    Assert.True(error.Line > 0 || error.Column == 0, $"mutant {i}: {error}");
                    Assert.Contains("; expected ", error.Message);
                    Assert.True(InputText.Printable(error.ToString(), int.MaxValue) == error.ToString(), $"mutant {i}: {error}");
                });
                refused++;
            }
        }

        output.WriteLine($"observations fuzz (seed {seed}): {mutants} mutants, {accepted} accepted, {refused} refused with located errors");
        Assert.InRange(accepted, mutants / 20, mutants - mutants / 20);
    }

    /// <summary>One to three mutations: truncation, a deleted, duplicated or swapped line, an inserted character, a field
    /// replaced by a wrong value, or random bytes.</summary>
    private static byte[] Mutate(Random random, string source)
    {
        var lines = source.Split('\n').ToList();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            var line = random.Next(lines.Count);
            switch (random.Next(7))
            {
                case 0:
                    var text = string.Join('\n', lines);
                    lines = [.. text[..random.Next(text.Length)].Split('\n')];
                    break;
                case 1:
                    if (lines.Count > 1) lines.RemoveAt(line);
                    break;
                case 2:
                    lines.Insert(line, lines[line]);
                    break;
                case 3:
                    var other = random.Next(lines.Count);
                    (lines[line], lines[other]) = (lines[other], lines[line]);
                    break;
                case 4:
                    var c = ",\"\r\0\u001B\uFEFF;Q-"[random.Next(9)];
                    lines[line] = lines[line].Insert(random.Next(lines[line].Length + 1), c.ToString());
                    break;
                case 5:
                    var fields = lines[line].Split(',');
                    string[] wrong = ["", "2015q1", "1e400", "NaN", "-0", "share_level9", "\"", "9999Q4", "England\u0007", new string('x', 500)];
                    fields[random.Next(fields.Length)] = wrong[random.Next(wrong.Length)];
                    lines[line] = string.Join(',', fields);
                    break;
                default:
                    var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    return bytes;
            }
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    [Fact]
    public void Devices_binary_files_and_oversized_files_are_refused_at_a_location_without_echoing_them()
    {
        Assert.Equal(["/dev/zero: file is empty or not a regular file (a device or a pipe); expected a CSV of observations"], Errors("/dev/zero"));

        var binary = Path.Combine(_directory, "binary.csv");
        File.WriteAllBytes(binary, [.. "quarter,scope,measure,value,sd,source\n2015Q1,Engl"u8, 0xFF, 0x00, .. "and,level1,1,,s\n"u8]);
        Assert.Equal([$"{binary}:2:12: byte 0xFF is not UTF-8 text (a binary file?); expected a CSV of observations as UTF-8 text"], Errors(binary));

        var large = Path.Combine(_directory, "large.csv");
        using (var stream = File.Create(large)) stream.SetLength(InputLimits.MaxCsvFileBytes + 1L);
        Assert.Equal([$"{large}: file has {InputLimits.MaxCsvFileBytes + 1L} bytes; expected a CSV of observations of at most {InputLimits.MaxCsvFileBytes} bytes"], Errors(large));
    }

    [Fact]
    public void Control_characters_in_a_scope_are_refused_and_shown_escaped()
    {
        var path = Write(Header, "2015Q1,\"Lon\u001b[31mdon\",level3,6,,s");

        Assert.Equal([$"{path}:2:2: a control character or line break in scope 'Lon\\u001B[31mdon'; expected England or a region name"], Errors(path));
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused_at_the_first_row_past_it()
    {
        var rows = Enumerable.Range(0, InputLimits.MaxObservations + 1).Select(i => $"2015Q1,R{i},level3,1,,s");
        var path = Write([Header, .. rows]);

        var errors = Errors(path);

        Assert.Equal($"{path}:{InputLimits.MaxObservations + 2}:1: more than {InputLimits.MaxObservations} observations; expected at most {InputLimits.MaxObservations}", Assert.Single(errors));
    }
}
