using Microsoft.VisualBasic.FileIO;
using UptakeSim.Model;

namespace UptakeSim.Model.Tests;

/// <summary>The shipped record: every row of data/observations.csv and data/record.csv parses and names its source.</summary>
public class DataFileTests
{
    private static string DataFile(string name) => Path.Combine(TestSupport.TestFiles.RepositoryRoot, "data", name);

    private static List<string[]> Rows(string name)
    {
        using var parser = new TextFieldParser(DataFile(name)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }

    [Theory]
    [InlineData("observations.csv", true)]
    [InlineData("record.csv", false)]
    public void Every_row_has_a_quarter_a_value_an_uncertainty_and_a_source(string name, bool positiveSd)
    {
        var rows = Rows(name);
        Assert.Equal(["quarter", "scope", "measure", "value", "sd", "source"], rows[0]);
        Assert.True(rows.Count > 10);
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(6, row.Length);
            Assert.True(Quarter.TryParse(row[0], out _), row[0]);
            Assert.True(double.TryParse(row[3], System.Globalization.CultureInfo.InvariantCulture, out _), row[3]);
            var sd = double.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(positiveSd ? sd > 0 : sd >= 0, $"{row[0]} {row[2]}: sd {sd}");
            Assert.True(row[5].Length > 20, $"{row[0]} {row[1]} {row[2]} has no source");
        }
    }

    [Fact]
    public void The_observed_counts_of_each_april_add_up_to_the_ccgs_then_existing()
    {
        var counts = Rows("record.csv").Where(r => r[2] == "ccgs").ToDictionary(r => r[0], r => double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var april in Rows("observations.csv").Skip(1).Where(r => r[1] == "England").GroupBy(r => r[0]).Where(g => g.Count() == 3))
        {
            Assert.Equal(counts[april.Key], april.Sum(r => double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
