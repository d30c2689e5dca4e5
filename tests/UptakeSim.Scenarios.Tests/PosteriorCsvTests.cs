using UptakeSim.Analysis;

namespace UptakeSim.Scenarios.Tests;

public sealed class PosteriorCsvTests : IDisposable
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

        var read = PosteriorCsv.Read(path, ["b", "a"]).Generation;

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

        Assert.Equal(double.PositiveInfinity, PosteriorCsv.Read(Write("g0.csv", text.ToString()), ["x"]).Generation.Tolerance);
    }

    [Theory]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,0.5,0.1,x\n", ":2:7: 'x' in column a; expected a finite number")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,-1,0.1,3\n", ":2:5: '-1' in column weight; expected a weight >= 0")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,b\n0,1,2,2,1,0.1,3\n", ":1:1: no column for a; expected parameter columns a")]
    [InlineData("generation,tolerance,weight,distance,a\n", ":1:3: expected column 3 to be 'simulations'")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a,a\n0,1,2,2,1,0.1,3,4\n", ":1:8: column 'a' appears twice (first as column 7); expected each column once")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,0,0.1,3\n0,1,2,2,0,0.1,4\n", ":2:5: every weight is 0; expected some positive weight")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,1,0.1,3\n1,1,2,2,1,0.1,3\n", ":3:1: generation 1 (tolerance 1); expected every row to describe the generation of line 2")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,1,0.1\n", ":2:7: 6 fields; expected 7 as in the header")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n", ":2:1: no particles")]
    [InlineData("generation,tolerance,simulations,total_simulations,weight,distance,a\n0,1,2,2,1,0.1,3\n0,1,2,2,2,0.1,3\n",
        ":3:7: the particle of line 2 again (every parameter the same); expected each particle once, with its weight in one row")]
    public void Bad_files_are_reported_with_line_column_and_what_was_expected(string text, string expected)
    {
        var path = Write("bad.csv", text);

        var error = Assert.Throws<ScenarioException>(() => PosteriorCsv.Read(path, ["a"]));

        Assert.StartsWith(path + expected, error.Errors[0].ToString());
    }

    [Theory]
    [InlineData("none.csv", "file not found")]
    [InlineData("/dev/zero", "file is empty or not a regular file (a device or a pipe)")]
    public void A_missing_file_or_a_device_is_reported_without_reading_it(string name, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => PosteriorCsv.Read(Path.Combine(_directory, name), ["a"]));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Weights_whose_sum_overflows_draw_in_proportion_not_always_the_last_particle()
    {
        var path = Write("huge.csv", "generation,tolerance,simulations,total_simulations,weight,distance,pressure\n"
            + "0,1,2,2,1e308,0.1,1\n0,1,2,2,1e308,0.1,2\n0,1,2,2,1e308,0.1,3\n");
        var posterior = PosteriorCsv.Read(path).Generation;
        var particles = Model.CoefficientParticles.Posterior([0], [.. posterior.Particles.Select(p => p.Parameters)], [.. posterior.Particles.Select(p => p.Weight)]);

        var drawn = Enumerable.Range(0, 300).Select(r => particles.For(7, r)[0]).ToArray();

        Assert.All(new[] { 1.0, 2.0, 3.0 }, v => Assert.InRange(drawn.Count(d => d == v), 70, 130));
    }
}

public sealed class PosteriorPrecedenceTests
{
    private const string Posterior = "generation,tolerance,simulations,total_simulations,weight,distance,intercepts.join,pressure\n5,1,10,100,0.5,0.1,-2,0.4\n5,1,10,100,0.5,0.2,-1,2.6\n";

    private const string Base = "name: base\npopulation: { synthetic: { count: 10, regions: 2, footprints: 2 } }\nposterior: post.csv\nbehaviour: { pressure: 1 }\n";

    [Fact]
    public void The_posterior_gives_the_coefficients_of_the_file_naming_it()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("post.csv", Posterior);
        var loaded = Fixture.Loader.Load(dir.Write("base.yaml", Base));

        var particles = loaded.Scenario.Behaviour.Particles!;
        Assert.Equal([CoefficientTableIndex("intercepts.join"), CoefficientTableIndex("pressure")], particles.Coefficients);
        Assert.Empty(loaded.Notes);
    }

    [Fact]
    public void A_coefficient_a_what_if_or_an_override_sets_takes_its_value_not_the_posteriors()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("post.csv", Posterior);
        dir.Write("base.yaml", Base);
        var whatIf = Fixture.Loader.Load(dir.Write("what-if.yaml", "base: base.yaml\nname: no-pressure\nbehaviour: { pressure: 0 }\n"));
        var overridden = Fixture.Loader.Load(Path.Combine(dir.Path, "base.yaml"), ["behaviour.pressure=0"]);

        foreach (var loaded in new[] { whatIf, overridden })
        {
            // The posterior still gives the join intercept; pressure is the scenario's own 0 in every replication.
            Assert.Equal([CoefficientTableIndex("intercepts.join")], loaded.Scenario.Behaviour.Particles!.Coefficients);
            Assert.All(Enumerable.Range(0, 20), r => Assert.Equal(0.0, loaded.Scenario.Behaviour.Draw(1, r, 1)[CoefficientTableIndex("pressure")]));
            Assert.Contains("behaviour.pressure is set after the posterior is named", Assert.Single(loaded.Notes));
        }
        Assert.Contains("(what-if.yaml)", Assert.Single(whatIf.Notes).Replace(dir.Path + Path.DirectorySeparatorChar, ""));
    }

    private static int CoefficientTableIndex(string name) => Model.CoefficientTable.Model.IndexOf(name);
}
