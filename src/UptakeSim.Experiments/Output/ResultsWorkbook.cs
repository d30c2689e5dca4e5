using System.Globalization;
using CsvHelper;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// results.xlsx: every CSV table of a results folder as a sheet of its own (numbers as numbers, text as text), after a
/// front sheet that says what each sheet holds, so an analyst opens one file in a spreadsheet program. Built from the
/// CSV files already written, which stay the single source of every figure.
/// </summary>
public static partial class ResultsWorkbook
{
    public const string FileName = "results.xlsx";

    /// <summary>What each table holds, in the order of the sheets.</summary>
    private static readonly (string File, string Sheet, string Holds)[] Tables =
    [
        ("trajectories.csv", "trajectories", "CCGs at each level (1 greater involvement, 2 joint, 3 delegated) in England each quarter: mean and percentiles across runs"),
        ("regions.csv", "regions", "the same per NHS England region"),
        ("patients.csv", "patients", "the share of registered patients whose CCG is delegated, each quarter"),
        ("comparison.csv", "comparison", "paired differences from the reference (scenario minus reference in the same runs), England and regions"),
        ("milestones.csv", "milestones", "the April by which 50% and 90% of the CCGs then existing are delegated"),
        ("rests_on.csv", "rests_on", "what each difference in delegated CCGs rests on: the effect's band from the parameters alone and each coefficient's share"),
        ("alternatives.csv", "alternatives", "each what-if's difference under each structural alternative, their weights and the average"),
        ("ccgs.csv", "ccgs", "each 2015 CCG's chance of being at each level (of its area's holder) each quarter"),
        ("ccg_differences.csv", "ccg_differences", "each CCG's chance of being delegated under each what-if and the reference, and the difference"),
        ("hindcast.csv", "hindcast", "each observation scored against the model's, the null model's and NHS England's forecasts"),
        ("sensitivity.csv", "sensitivity", "Sobol first-order and total indices of each uncertain input"),
        ("fit.csv", "fit", "each observation against the point fit's simulated mean and band"),
        ("posterior.csv", "posterior", "the posterior's particles: each coefficient's value, the particle's weight and distance"),
    ];

    /// <summary>The per-run tables of <c>--keep-runs</c>: named on the front sheet but never made sheets, as they grow
    /// with the runs to more than a sheet's 1,048,576 rows (a comparison of six scenarios at about 1,250 runs; 1,000
    /// runs already make 209,000 rows of 30 cells in ccg_runs.csv, slow to write and to open as a sheet).</summary>
    private static readonly (string File, string Holds)[] CsvOnly =
    [
        (RunsCsvWriter.FileName, "each replication's CCGs at each level each quarter (in a comparison, per scenario, England and each region); CSV only, too many rows for a sheet"),
        (CcgRunsCsvWriter.FileName, "each replication's level of the CCG holding each 2015 CCG's area, a column per quarter; CSV only, too many rows for a sheet"),
    ];

    /// <summary>Writes the workbook from the tables the folder holds (none is an empty front sheet).</summary>
    public static void Write(ResultsFolder folder)
    {
        var present = Tables.Where(t => File.Exists(folder.PathOf(t.File))).ToArray();
        var sheets = new Dictionary<string, object>
        {
            ["about"] = present.Select(t => new Dictionary<string, object> { ["sheet"] = t.Sheet, ["file"] = t.File, ["holds"] = t.Holds })
                .Concat(CsvOnly.Where(t => File.Exists(folder.PathOf(t.File))).Select(t => new Dictionary<string, object> { ["sheet"] = "", ["file"] = t.File, ["holds"] = t.Holds }))
                .Append(new Dictionary<string, object>
                {
                    ["sheet"] = "",
                    ["file"] = "README.md",
                    ["holds"] = "Quarters are NHS financial-year quarters (2016Q1 = April-June 2016); quarter_start is the date it starts. Every column is described in the README, section Outputs.",
                }).ToArray(),
        };
        foreach (var (file, sheet, _) in present) sheets[sheet] = Rows(folder.PathOf(file));
        var path = folder.PathOf(FileName);
        var written = path + ".stamped.xlsx";
        MiniExcelLibs.MiniExcel.SaveAs(written, sheets, overwriteFile: true);
        Deterministic(written, path);
        File.Delete(written);
    }

    /// <summary>The workbook made reproducible: the library stamps every zip entry with the clock and names the sheets'
    /// relationships by random GUIDs; here every entry gets one fixed time and the GUIDs become rId1, rId2, ... in order
    /// of first appearance, so the same results give a byte-identical file.</summary>
    private static void Deterministic(string source, string target)
    {
        var stamp = new DateTimeOffset(2015, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        using var input = System.IO.Compression.ZipFile.OpenRead(source);
        using var output = System.IO.Compression.ZipFile.Open(target, System.IO.Compression.ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            var copy = output.CreateEntry(entry.FullName, System.IO.Compression.CompressionLevel.Optimal);
            copy.LastWriteTime = stamp;
            using var from = entry.Open();
            using var to = copy.Open();
            if (entry.FullName.EndsWith(".rels", StringComparison.Ordinal) || entry.FullName == "xl/workbook.xml")
            {
                var text = new StreamReader(from).ReadToEnd();
                text = RelationshipId().Replace(text, m => ids.TryGetValue(m.Value, out var id) ? id : ids[m.Value] = $"rId{ids.Count + 1}");
                using var writer = new StreamWriter(to, new System.Text.UTF8Encoding(true));
                writer.Write(text);
            }
            else
            {
                from.CopyTo(to);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\bR[0-9a-f]{32}\\b")]
    private static partial System.Text.RegularExpressions.Regex RelationshipId();

    /// <summary>A CSV's rows, read lazily: each cell a number where it parses as one in the invariant culture, else its
    /// text (a quarter, a name, an empty cell).</summary>
    private static IEnumerable<IDictionary<string, object>> Rows(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        var header = csv.Headers.ToArray();
        while (csv.Read())
        {
            var row = new Dictionary<string, object>(header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                var text = csv.GetString(i);
                // A quarter (2016Q1) or an April date stays text; a figure becomes a number cell.
                row[header[i]] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text;
            }
            yield return row;
        }
    }
}
