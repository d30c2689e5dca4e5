namespace UptakeSim.Scenarios.Tests;

public class CcgCsvTests
{
    internal const string Header = "ods_code,name,area_team,region,registered_patients_2015q1\n";

    [Fact]
    public void Bundled_list_has_the_209_CCGs_of_2015_in_4_regions_and_25_footprints()
    {
        var population = CcgCsv.Load(Fixture.BundledCsv);

        Assert.Equal(209, population.Count);
        Assert.Equal(25, population.Footprints.Count);
        var sizes = population.RegionSizes();
        Assert.Equal(
            new Dictionary<string, int> { ["North of England"] = 66, ["Midlands and East of England"] = 61, ["South of England"] = 50, ["London"] = 32 },
            population.Regions.Select((name, i) => (name, sizes[i])).ToDictionary());
        var darlington = population.Ccgs[0];
        Assert.Equal(("00C", "NHS Darlington", 106799), (darlington.Code, darlington.Name, darlington.RegisteredPatients));
        Assert.Equal("Durham, Darlington and Tees", population.Footprints[darlington.Footprint]);
        Assert.Equal("North of England", population.Regions[darlington.Region]);
        Assert.Equal("NHS Durham Dales, Easington and Sedgefield", population.Ccgs[1].Name);
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_quotes_follow_RFC_4180()
    {
        using var dir = new Fixture.TempDir();
        var path = dir.Write("ccgs.csv",
            "registered_patients_2015q1,region,extra,name,area_team,ods_code\n" +
            "1000,R1,x,\"NHS \"\"Quoted\"\", with comma\",F1,A01\n" +
            "2000,R2,y,NHS Plain,F2,A02\n");

        var population = CcgCsv.Load(path);

        Assert.Equal(2, population.Count);
        Assert.Equal("NHS \"Quoted\", with comma", population.Ccgs[0].Name);
        Assert.Equal(("A02", 2000), (population.Ccgs[1].Code, population.Ccgs[1].RegisteredPatients));
        Assert.Equal(["R1", "R2"], population.Regions);
        Assert.Equal(["F1", "F2"], population.Footprints);
    }

    [Fact]
    public void Missing_file_is_reported_without_a_position()
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => CcgCsv.Load("no/such/ccgs.csv")).Errors);

        Assert.Equal(new ScenarioError("no/such/ccgs.csv", 0, 0, $"file not found (looked for {Path.GetFullPath("no/such/ccgs.csv")}); expected a CSV of CCGs"), error);
    }

    [Theory]
    [InlineData("", 0, 0, "file is empty or not a regular file (a device or a pipe); expected a CSV of CCGs")]
    [InlineData(Header, 1, 1, "no CCG rows after the header")]
    [InlineData("ods_code,name,area_team,registered_patients_2015q1\nA01,N,F,5\n", 1, 1, "missing column(s) region; expected a header row with columns ods_code, name, area_team, region, registered_patients_2015q1")]
    [InlineData(Header + "A01,N,F,R,100\nA02,N,F,R,12x\n", 3, 5, "'12x' is not a valid registered_patients_2015q1; expected a non-negative whole number")]
    [InlineData(Header + "A01,N,F,R,-5\n", 2, 5, "'-5' is not a valid registered_patients_2015q1")]
    [InlineData(Header + "A01,N,F,R,100\nA01,M,F,R,200\n", 3, 1, "duplicate ods_code 'A01' (first on line 2)")]
    [InlineData(Header + "A01,,F,R,100\n", 2, 2, "empty name")]
    [InlineData(Header + "A01,N,F\n", 2, 3, "row has 3 fields; expected 5")]
    public void Bad_files_are_reported_at_line_and_field(string csv, int line, int column, string message)
    {
        using var dir = new Fixture.TempDir();
        var path = dir.Write("ccgs.csv", csv);

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => CcgCsv.Load(path)).Errors);

        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_bad_row_is_reported()
    {
        using var dir = new Fixture.TempDir();
        var path = dir.Write("ccgs.csv", Header + "A01,N,F,R,x\nA02,N,F,R,100\nA03,N,F,R,y\n");

        var errors = Assert.Throws<ScenarioException>(() => CcgCsv.Load(path)).Errors;

        Assert.Equal([2, 4], errors.Select(e => e.Line));
    }
}
