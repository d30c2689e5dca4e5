using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using FsCheck.Xunit;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

public class OutputTests
{
    [Property(Replay = "(20150401,20160401)")]
    public bool A_text_cell_reads_back_as_itself_and_never_starts_a_formula(string? text)
    {
        text ??= "";
        var path = Path.Combine(Inputs.TempDirectory(), "cell.csv");
        File.WriteAllText(path, $"header,end\n{ResultsCsv.Text(text)},end\n");
        using var reader = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        var cell = reader.Read() ? reader.GetString(0) : "";
        var formula = text.Length > 0 && "=+-@\t\r".Contains(text[0]);
        return cell == (formula ? "'" + text : text) && (cell.Length == 0 || !"=+-@".Contains(cell[0]));
    }

    [Fact]
    public async Task A_region_named_like_a_formula_is_escaped_and_negative_numbers_are_not()
    {
        var summary = (await RunExperiment.RunAsync(new ReferenceEngine(), Inputs.Setup(5), BatchPlan.Auto(5, 1))).Summary;
        var csv = ResultsCsv.ToText(csv => ResultsCsv.RegionTrajectories(csv, [summary with { Regions = [("=HYPERLINK(\"http://x\")", summary.England)] }]));
        Assert.StartsWith("scenario,region,quarter,quarter_start,level,level_name,ccgs_existing,mean,p05,p50,p95,share_mean\nbaseline,\"'=HYPERLINK(\"\"http://x\"\")\",2015Q1,2015-04-01,1,", csv);
        var comparison = new ComparisonSummary("r", 1, 1, false, [], [new ScenarioComparison("-s", "r", [new QuarterRow("2015Q1", new Band(-2, -3, -3, -2, -1, -1), default, default)], [])]);
        Assert.Contains("'-s,r,England,2015Q1,2015-04-01,1,greater involvement,-2.000,-3,-2,-1\n", ResultsCsv.ToText(csv => ResultsCsv.Comparison(csv, comparison)));
    }

    [Fact]
    public async Task Summary_json_has_the_documented_fields_from_one_typed_record()
    {
        var summary = (await RunExperiment.RunAsync(new ReferenceEngine(), Inputs.Setup(6), BatchPlan.Auto(6, 1))).Summary;
        var json = JsonNode.Parse(ResultsJson.Document(RunDocument.Of(summary, "reference")))!.AsObject();
        Assert.Equal(["scenario", "description", "runs", "seed", "ccgs", "partial", "quarters", "share_of_patients_delegated", "milestones", "share_delegated_at_horizon", "regions", "engine"],
            json.Select(p => p.Key));
        Assert.Equal(["share_delegated", "runs_reaching", "share_of_runs_reaching", "p05_april", "p50_april", "p95_april"],
            json["milestones"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["quarter", "quarter_start", "ccgs", "level1", "level2", "level3"], json["quarters"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal("2015-04-01", json["quarters"]![0]!["quarter_start"]!.GetValue<string>());
        Assert.Equal(59, json["quarters"]![0]!["level1"]!["mean"]!.GetValue<double>());
        Assert.Equal(209, json["quarters"]![0]!["ccgs"]!.GetValue<double>());
        Assert.Equal(["quarter", "mean", "p05", "p50", "p95"], json["share_of_patients_delegated"]![0]!.AsObject().Select(p => p.Key));
        var line = JsonNode.Parse(ResultsJson.EventLine("retry", new RetryEvent("replications 0-9", 2, "silo died")))!.AsObject();
        Assert.Equal(["event", "batch", "attempt", "reason"], line.Select(p => p.Key));
        Assert.Null(JsonNode.Parse(ResultsJson.Document(RunDocument.Of(summary)))!["engine"]);
    }

    [Theory]
    [InlineData("2016Q1", "2016Q1,2016-04-01")]
    [InlineData("2016Q2", "2016Q2,2016-07-01")]
    [InlineData("2016Q3", "2016Q3,2016-10-01")]
    [InlineData("2016Q4", "2016Q4,2017-01-01")]
    public void A_quarter_carries_the_date_its_financial_quarter_starts_on(string quarter, string cells) =>
        Assert.Equal(cells, ResultsCsv.Quarter(quarter));

    [Fact]
    public void Milestones_csv_gives_the_april_reached_with_a_reached_flag_and_no_words_in_date_or_number_columns()
    {
        var quarters = Enumerable.Range(0, 28).Select(q => new QuarterRow(Horizon.Default.Label(q), default, default, default)).ToArray();
        RunSummary Run(string name, params Milestone[] milestones) => new(name, "", 10, 1, 209, false, quarters, [], milestones);
        var summary = new ComparisonSummary("base", 10, 1, false,
            [
                Run("base", new Milestone(0.5, 10, 1, new Quarter(2016, 1), new Quarter(2017, 1), new Quarter(2017, 1)), new Milestone(0.9, 1, 0.1, new Quarter(2021, 1), null, null)),
                Run("what-if", new Milestone(0.5, 10, 1, new Quarter(2016, 1), new Quarter(2016, 1), new Quarter(2016, 1)), new Milestone(0.9, 0, 0, null, null, null)),
            ],
            [new ScenarioComparison("what-if", "base", [], [new MilestoneComparison(0.5, 0.6, 0.4, 0, -2.4), new MilestoneComparison(0.9, 0, 0.9, 0.1, null)])]);
        Assert.Equal(
            "scenario,share_delegated,share_of_runs_reaching,p05_april,p05_reached,p50_april,p50_reached,p95_april,p95_reached,p_earlier_than_reference,p_same_as_reference,p_later_than_reference,mean_quarters_vs_reference\n" +
            "base,0.5,1.000,2016-04-01,true,2017-04-01,true,2017-04-01,true,,,,\n" +
            "base,0.9,0.100,2021-04-01,true,,false,,false,,,,\n" +
            "what-if,0.5,1.000,2016-04-01,true,2016-04-01,true,2016-04-01,true,0.600,0.400,0.000,-2.400\n" +
            "what-if,0.9,0.000,,false,,false,,false,0.000,0.900,0.100,\n",
            ResultsCsv.ToText(csv => ResultsCsv.Milestones(csv, summary)));
    }

    [Fact]
    public void A_milestone_is_the_april_on_or_after_the_quarter_reaching_it()
    {
        Assert.Equal(new Quarter(2017, 1), Milestone.AprilOf(new Quarter(2017, 1)));
        Assert.Equal(new Quarter(2018, 1), Milestone.AprilOf(new Quarter(2017, 3)));
        Assert.Equal("April 2017", Milestone.April(new Quarter(2017, 1)));
        Assert.Equal("not reached", Milestone.April(null));
    }

    [Fact]
    public void A_results_folder_appears_only_when_complete_and_never_replaces_results_unasked()
    {
        var parent = Inputs.TempDirectory();
        var target = Path.Combine(parent, "out");
        using (var failed = ResultsFolder.Reserve(target, overwrite: false))
        {
            failed.Write("summary.json", "{}");
            Assert.False(Directory.Exists(target));
        }
        Assert.Empty(Directory.GetFileSystemEntries(parent));

        using (var done = ResultsFolder.Reserve(target, overwrite: false))
        {
            done.Write(Path.Combine("charts", "a.svg"), "<svg/>");
            done.Write("summary.json", "{\"runs\": 1}");
            done.Commit();
            Assert.Equal(["charts/", "summary.json"], done.Entries());
        }
        Assert.Equal(["out"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));

        var refused = Assert.Throws<InputException>(() => ResultsFolder.Reserve(target, overwrite: false));
        Assert.Equal($"--out: {target} already exists and is not empty; expected a new directory, or --overwrite to replace results written by UptakeSim", refused.Message);
        using (var again = ResultsFolder.Reserve(target, overwrite: true))
        {
            again.Write("summary.json", "{\"runs\": 2}");
            Assert.Equal("{\"runs\": 1}", File.ReadAllText(Path.Combine(target, "summary.json")));
            again.Commit();
        }
        Assert.Equal("{\"runs\": 2}", File.ReadAllText(Path.Combine(target, "summary.json")));
        Assert.False(Directory.Exists(Path.Combine(target, "charts")));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));

        var file = Path.Combine(parent, "file.txt");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<InputException>(() => ResultsFolder.Reserve(file, overwrite: true)).Message);
        Assert.StartsWith("--out: cannot write in /proc", Assert.Throws<InputException>(() => ResultsFolder.Reserve("/proc/uptakesim", overwrite: false)).Message);
    }

    [Fact]
    public void A_checkpoint_at_or_inside_the_results_folder_is_refused_before_anything_is_made()
    {
        var parent = Inputs.TempDirectory();
        var results = Path.Combine(parent, "new");
        var same = Assert.Throws<InputException>(() => ResultsFolder.Check(results, overwrite: false, checkpoint: results));
        Assert.Equal($"--checkpoint: {results} is the results folder {results} (--out); expected a folder apart from the results, "
            + "which are written whole in the place of --out", same.Message);
        var inside = Assert.Throws<InputException>(() => ResultsFolder.Check(results, overwrite: true, checkpoint: Path.Combine(results, "ck")));
        Assert.StartsWith($"--checkpoint: {Path.Combine(results, "ck")} is inside the results folder {results} (--out)", inside.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent));

        // Beside the results, or a folder that merely shares the name's beginning, is fine.
        Assert.Equal(results, ResultsFolder.Check(results, overwrite: false, checkpoint: Path.Combine(parent, "ck")));
        Assert.Equal(results, ResultsFolder.Check(results, overwrite: false, checkpoint: results + "-ck"));
    }

    [Fact]
    public void Overwrite_replaces_only_a_results_folder_the_tool_wrote_and_never_the_working_directory_or_an_input()
    {
        var parent = Inputs.TempDirectory();
        var mine = Path.Combine(parent, "my-project");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "my own work");
        var refused = Assert.Throws<InputException>(() => ResultsFolder.Reserve(mine, overwrite: true));
        Assert.Equal($"--out: {mine} is not an UptakeSim results folder (it has no .uptakesim-results file); --overwrite replaces only results folders the tool wrote, so expected one of those or a new directory", refused.Message);
        Assert.Equal("my own work", File.ReadAllText(Path.Combine(mine, "notes.txt")));

        var results = Path.Combine(parent, "results");
        using (var first = ResultsFolder.Reserve(results, overwrite: false))
        {
            first.Write(Path.Combine("data", "scenario.yaml"), "name: x\n");
            first.Commit();
        }
        Assert.True(ResultsFolder.IsResults(results));
        var input = Path.Combine(results, "data", "scenario.yaml");
        Assert.EndsWith($"holds an input of this command ({input}); --overwrite would delete it, so expected another directory for the results",
            Assert.Throws<InputException>(() => ResultsFolder.Reserve(results, overwrite: true, [input])).Message);
        Assert.EndsWith("is the working directory; --overwrite would delete it, so expected another directory for the results",
            Assert.Throws<InputException>(() => ResultsFolder.Reserve(".", overwrite: true, workingDirectory: results)).Message);
        Assert.EndsWith("holds the working directory; --overwrite would delete it, so expected another directory for the results",
            Assert.Throws<InputException>(() => ResultsFolder.Reserve(results, overwrite: true, workingDirectory: Path.Combine(results, "data"))).Message);
        Assert.True(File.Exists(input));
    }

    [Fact]
    public void Two_runs_committing_to_one_new_name_never_replace_each_other()
    {
        var parent = Inputs.TempDirectory();
        var target = Path.Combine(parent, "out");
        using var first = ResultsFolder.Reserve(target, overwrite: false);
        using var second = ResultsFolder.Reserve(target, overwrite: false);
        first.Write("summary.json", "first");
        second.Write("summary.json", "second");
        first.Commit();

        var collision = Assert.Throws<CommitException>(second.Commit);

        Assert.Equal("first", File.ReadAllText(Path.Combine(target, "summary.json")));
        Assert.Equal("second", File.ReadAllText(Path.Combine(second.Target, "summary.json")));
        Assert.Equal($"{target} appeared while this command ran (another run?) and was left as it is; these results are in {second.Target}", collision.Message);
        Assert.StartsWith($"{target}.{Environment.ProcessId}-", second.Target);
    }

    [Fact]
    public void Staging_folders_of_dead_processes_are_removed_and_a_live_one_is_left_alone()
    {
        var parent = Inputs.TempDirectory();
        var dead = Path.Combine(parent, ".out.999999999-1.tmp");
        var notOurs = Path.Combine(parent, ".out.999999998-1.tmp");
        var alive = Path.Combine(parent, $".out.{Environment.ProcessId}-999.tmp");
        foreach (var folder in new[] { dead, notOurs, alive }) Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(dead, ResultsFolder.MarkerName), "");
        File.WriteAllText(Path.Combine(alive, ResultsFolder.MarkerName), "");

        using (ResultsFolder.Reserve(Path.Combine(parent, "out"), overwrite: false))
        {
        }

        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(notOurs), "a folder without the marker is not the tool's to remove");
        Assert.True(Directory.Exists(alive));
    }

    [Fact]
    public void An_abandoned_folder_refuses_further_writes_so_nothing_brings_it_back()
    {
        var target = Path.Combine(Inputs.TempDirectory(), "out");
        var folder = ResultsFolder.Reserve(target, overwrite: false);
        folder.Dispose();

        Assert.Throws<OperationCanceledException>(() => folder.Write("summary.json", "{}"));
        Assert.False(Directory.Exists(folder.Staging));
    }

    [Fact]
    public async Task Runs_csv_is_in_replication_order_whatever_order_the_batches_complete_in()
    {
        var setup = Inputs.Setup(9);
        var batches = new[] { (6, 3), (0, 3), (3, 3) }.Select(b => Model.BatchSimulation.Run(setup, b.Item1, b.Item2)).ToArray();
        using var folder = ResultsFolder.Reserve(Path.Combine(Inputs.TempDirectory(), "out"), overwrite: false);
        await using (var writer = new RunsCsvWriter(folder, setup.Scenario.Horizon))
        {
            foreach (var b in batches) await writer.Add(b);
        }
        var lines = File.ReadAllLines(folder.PathOf("runs.csv"));
        Assert.Equal(1 + 9 * 28, lines.Length);
        Assert.Equal(Enumerable.Range(0, 9).SelectMany(r => Enumerable.Repeat(r.ToString(CultureInfo.InvariantCulture), 28)), lines.Skip(1).Select(l => l.Split(',')[0]));
    }
}
