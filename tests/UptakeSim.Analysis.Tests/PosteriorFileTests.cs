using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public sealed class PosteriorFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posterior-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_generation_reads_back_exactly_with_columns_in_any_order()
    {
        var generation = new AbcGeneration(3, 0.1 + 0.2, [new([1.0 / 3, -2e-17], 0.7, 0.25, [9.0]), new([5.5, 1e300], 0.3, 0.125, [8.0])], 40, 900);
        var text = new StringWriter();
        PosteriorFile.Write(text, ["a", "b"], generation);
        var path = Write("posterior.csv", text.ToString());

        var read = PosteriorFile.Read(path, ["b", "a"]);

        Assert.StartsWith("generation,tolerance,simulations,total_simulations,weight,distance,a,b", text.ToString());
        Assert.Equal((3, 0.1 + 0.2, 40L, 900L), (read.Index, read.Tolerance, read.Simulations, read.TotalSimulations));
        Assert.Equal([[-2e-17, 1.0 / 3], [1e300, 5.5]], read.Particles.Select(p => p.Parameters));
        Assert.Equal([0.7, 0.3], read.Particles.Select(p => p.Weight));
        Assert.Equal([0.25, 0.125], read.Particles.Select(p => p.Distance));
    }

    [Fact]
    public void Generation_zero_with_an_infinite_tolerance_round_trips()
    {
        var text = new StringWriter();
        PosteriorFile.Write(text, ["x"], new AbcGeneration(0, double.PositiveInfinity, [new([1.0], 1, 3, [])], 1, 1));

        Assert.Equal(double.PositiveInfinity, PosteriorFile.Read(Write("g0.csv", text.ToString()), ["x"]).Tolerance);
    }

    [Theory]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,0.5,0.1,x\n", ":2:7: 'x' in column a; expected a finite number")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,-1,0.1,3\n", ":2:5: '-1' in column weight; expected a weight >= 0")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,b\n0,1,2,2,1,0.1,3\n", ":1:0: no column for a; the file has parameters b")]
    [InlineData("generation,tolerance,weight,distance,a\n", ":1:3: expected column 3 to be 'simulations'")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,1,0.1,3\n1,1,2,2,1,0.1,3\n", ":3:0: generation 1 (tolerance 1); expected every row to describe the generation of line 2")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,1,0.1\n", ":2:0: 6 fields; expected 7 as in the header")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n", ":2:0: no particles")]
    public void Bad_files_are_reported_with_line_column_and_what_was_expected(string text, string expected)
    {
        var path = Write("bad.csv", text);

        var error = Assert.Throws<PosteriorFileException>(() => PosteriorFile.Read(path, ["a"]));

        Assert.StartsWith(path + expected, error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var error = Assert.Throws<PosteriorFileException>(() => PosteriorFile.Read(Path.Combine(_directory, "none.csv"), ["a"]));

        Assert.Contains("file not found", error.Message);
    }
}
