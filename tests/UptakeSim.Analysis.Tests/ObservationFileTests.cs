using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public sealed class ObservationFileTests : IDisposable
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
        Assert.Throws<ObservationException>(() => ObservationFile.Load(path)).Errors.Select(e => e.ToString()).ToArray();

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
        var path = Write(Header, "2017Q2,London,share_level3,0.5,,\"a, b\"", "2017Q2,London,level3,16,,");

        var observations = ObservationFile.Load(path);

        Assert.Equal(new Observation("2017Q2", "London", "share_level3", 0.5, ObservationFile.DefaultShareSd, "a, b", 2), observations[0]);
        Assert.Equal(new Observation("2017Q2", "London", "level3", 16, ObservationFile.DefaultCountSd, "", 3), observations[1]);
        Assert.Equal((0.01, 2.0), (ObservationFile.DefaultShareSd, ObservationFile.DefaultCountSd));
        Assert.True(observations[0].IsShare);
        Assert.Equal(new DateOnly(2017, 7, 1), observations[0].Period.Start);
    }

    [Fact]
    public void Each_kind_of_bad_row_is_reported_at_its_line_and_column()
    {
        var path = Write(
            Header,
            "2015Q5,England,level1,59,,",
            "2015Q1,England,level4,59,,",
            "2015Q1,England,share_level1,1.2,,",
            "2015Q1,England,level2,-1,,",
            "2015Q1,England,level3,many,,",
            "2015Q1,England,level3,63,0,",
            "2015Q1,,level3,63,,",
            "2016Q1,England,level3,115,,",
            "2016Q1,england,level3,114,,",
            "2016Q1,England,level2,68",
            "2016Q1,England,level1,26,,,extra");

        Assert.Equal(
        [
            $"{path}:2:1: '2015Q5' is not a valid quarter; expected a financial-year quarter like 2015Q1 (year, 'Q', 1-4; Q1 = April-June)",
            $"{path}:3:3: unknown measure 'level4'; expected one of level1, level2, level3, share_level1, share_level2, share_level3",
            $"{path}:4:4: share 1.2 is out of range; expected 0..1",
            $"{path}:5:4: count -1 is negative; expected a number of CCGs >= 0",
            $"{path}:6:4: 'many' is not a number; expected a count of CCGs or a share 0..1",
            $"{path}:7:5: '0' is not a valid sd; expected a number > 0, or empty for the default (2 for counts, 0.01 for shares)",
            $"{path}:8:2: empty scope; expected England or a region name",
            $"{path}:10:1: duplicate level3 for england in 2016Q1 (first on line 9); expected each quarter, scope and measure once",
            $"{path}:11:4: row has 4 fields; expected 6 as in the header",
            $"{path}:12:7: row has 7 fields; expected 6 as in the header",
        ], Errors(path));
    }

    [Fact]
    public void Malformed_quoting_is_reported_at_its_line()
    {
        var path = Write(Header, "2015Q1,England,level3,63,,\"unterminated", "2015Q1,England,level2,87,,");

        Assert.Equal([$"{path}:2:0: malformed CSV (UnterminatedQuote); expected RFC 4180 quoting"], Errors(path));
    }

    [Fact]
    public void Columns_are_found_by_name_and_sd_and_source_are_optional()
    {
        var path = Write("value,measure,scope,quarter", "63,level3,England,2015Q1");

        Assert.Equal(new Observation("2015Q1", "England", "level3", 63, 2.0, "", 2), Assert.Single(ObservationFile.Load(path)));
    }

    [Fact]
    public void Missing_and_unknown_columns_are_reported_on_the_header()
    {
        var path = Write("quarter,scope,count,sd", "2015Q1,England,63,");

        Assert.Equal(
        [
            $"{path}:1:1: missing column(s) measure, value; expected a header row with columns quarter,scope,measure,value,sd,source (sd and source optional)",
            $"{path}:1:3: unknown column 'count'; expected a header row with columns quarter,scope,measure,value,sd,source (sd and source optional)",
        ], Errors(path));
    }

    [Fact]
    public void A_missing_file_is_reported_for_the_whole_file()
    {
        var path = Path.Combine(_directory, "absent.csv");

        Assert.Equal([$"{path}:0:0: file not found; expected a CSV of observations"], Errors(path));
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
        Assert.True(FinancialQuarter.TryParse(text, out var quarter));
        Assert.Equal(new FinancialQuarter(year, number), quarter);
        Assert.Equal(new DateOnly(startYear, startMonth, 1), quarter.Start);
        Assert.Equal(text, quarter.ToString());
    }

    [Theory]
    [InlineData("2015Q0")]
    [InlineData("2015q1")]
    [InlineData("15Q1")]
    [InlineData("2015-Q1")]
    [InlineData("")]
    public void Malformed_quarters_are_rejected(string text) => Assert.False(FinancialQuarter.TryParse(text, out _));
}
