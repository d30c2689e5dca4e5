using System.Text.Json;
using System.Text.RegularExpressions;

namespace UptakeSim.Cli.Tests;

public class RunCommandTests
{
    [Fact]
    public void A_baseline_run_streams_progress_and_writes_the_result_files()
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "60", "--out", output, "--batch-size", "10"]);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.InRange(result.Out.IndexOf("runs 10/60", StringComparison.Ordinal), 0, result.Out.IndexOf("baseline: 60 runs", StringComparison.Ordinal));
        Assert.Contains("2016Q1", result.Out);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.Equal([".uptakesim-results", "ccgs.csv", "orleans.log", "patients.csv", "regions.csv", "report.html", "results.xlsx", "scenario.yaml", "summary.json", "trajectories.csv"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(8, Directory.GetFiles(Path.Combine(output, "charts")).Length);
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("baseline", report);
        // The map of England's CCGs, coloured by each area's chance of being delegated, with the licence's attribution.
        Assert.Contains("<figure class=\"map\">", report);
        Assert.Contains("Crown copyright and database right 2013 (Open Government Licence v3.0)", report);
        var ccgs = File.ReadAllLines(Path.Combine(output, "ccgs.csv"));
        Assert.Equal("scenario,ods_code,name,region,area_team,quarter,quarter_start,p_level1,p_level2,p_level3,p_exists,area_held_by", ccgs[0]);
        Assert.Equal(1 + 209 * 28, ccgs.Length);
        // Knowsley (01J), delegated from April 2015 in the per-CCG record, starts delegated in every run.
        Assert.Contains("baseline,01J,NHS Knowsley,North of England,Merseyside,2015Q1,2015-04-01,0.000,0.000,1.000,1.000,01J", ccgs);

        var csv = File.ReadAllLines(Path.Combine(output, "trajectories.csv"));
        Assert.Equal("scenario,quarter,quarter_start,level,level_name,ccgs_existing,mean,p05,p50,p95,share_mean", csv[0]);
        Assert.Equal(1 + 28 * 3, csv.Length);
        Assert.Equal(
            ["baseline,2015Q1,2015-04-01,1,greater involvement,209,59.000,59,59,59,0.2823", "baseline,2015Q1,2015-04-01,2,joint,209,87.000,87,87,87,0.4163",
             "baseline,2015Q1,2015-04-01,3,delegated,209,63.000,63,63,63,0.3014"], csv[1..4]);
        // After the mergers, shares are of the 106 CCGs existing then.
        Assert.Equal("baseline,2021Q4,2022-01-01,3,delegated,106", string.Join(',', csv[^1].Split(',')[..6]));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("baseline", root.GetProperty("scenario").GetString());
        Assert.Equal(60, root.GetProperty("runs").GetInt32());
        Assert.Equal(20150401UL, root.GetProperty("seed").GetUInt64());
        Assert.False(root.GetProperty("partial").GetBoolean());
        var quarters = root.GetProperty("quarters");
        Assert.Equal(28, quarters.GetArrayLength());
        Assert.Equal("2016Q1", quarters[4].GetProperty("quarter").GetString());
        foreach (var q in quarters.EnumerateArray())
        {
            var total = Enumerable.Range(1, 3).Sum(l => q.GetProperty($"level{l}").GetProperty("mean").GetDouble());
            Assert.Equal(q.GetProperty("ccgs").GetDouble(), total, 2);
        }
        // The CCGs that exist: 209 in April 2015, 106 after the April 2021 mergers.
        Assert.Equal((209, 106), (quarters[0].GetProperty("ccgs").GetInt32(), quarters[27].GetProperty("ccgs").GetInt32()));
        var milestones = root.GetProperty("milestones");
        Assert.Equal(0.5, milestones[0].GetProperty("share_delegated").GetDouble());
        Assert.Equal(0.9, milestones[1].GetProperty("share_delegated").GetDouble());
        Assert.Equal(4, root.GetProperty("regions").EnumerateObject().Count());
        var yaml = File.ReadAllText(Path.Combine(output, "scenario.yaml"));
        Assert.Contains("runs: 60", yaml);
        // The data files are copied next to scenario.yaml, which names them relative to itself: it runs again from there.
        Assert.Contains("file: data/mergers.csv", yaml);
        Assert.True(File.Exists(Path.Combine(output, "data", "mergers.csv")));
        Assert.Contains("the April by which >= 50% of existing CCGs are delegated: median April 2016", result.Out);
        var again = Cli.Run(["run", Path.Combine(output, "scenario.yaml"), "--runs", "60", "--out", Path.Combine(output, "again"), "--batch-size", "10"]);
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(output, "trajectories.csv")), File.ReadAllText(Path.Combine(output, "again", "trajectories.csv")));
    }

    [Fact]
    public void Orleans_logs_go_to_orleans_log_in_the_results_not_the_console_and_plain_lines_fit_the_columns_asked_for()
    {
        var output = Path.Combine(Cli.TempDirectory(), "out");
        var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "40", "--batch-size", "10", "-v", "--out", output], new Dictionary<string, string> { ["COLUMNS"] = "80" });

        Assert.True(result.ExitCode == 0, result.Err);
        var log = File.ReadAllText(Path.Combine(output, "orleans.log"));
        // -v: from Information up, and never on the screen.
        Assert.Matches(@"(?m)^\S+ info: Orleans\.Runtime\.Silo\[", log);
        var logLine = new Regex(@"(?m)^(\S+ )?(trce|dbug|info|warn|fail|crit): ");
        Assert.DoesNotMatch(logLine, result.Err);
        Assert.DoesNotMatch(logLine, result.Out);
        var warnings = Regex.Count(log, @"(?m)^\S+ (warn|fail|crit): ");
        if (warnings > 0) Assert.EndsWith($"Orleans logged {warnings} warning{(warnings == 1 ? "" : "s")}: see {Path.Combine(output, "orleans.log")}\n", result.Out);
        else Assert.DoesNotContain("Orleans logged", result.Out);
        // Before the silo starts (a second or more), the command says what it will do.
        Assert.StartsWith("UptakeSim: scenario 'baseline' (", result.Out);
        Assert.Contains("\nstarting the Orleans silo (in this process)...\nOrleans silo started in ", result.Out);
        // The test's folder is longer than most; a path is never cut.
        Assert.All(result.Out.TrimEnd('\n').Split('\n'), line => Assert.True(line.Length <= 80 || line.Contains(output, StringComparison.Ordinal), $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void The_same_scenario_and_seed_give_byte_identical_trajectories_whatever_the_cores_batches_and_engine()
    {
        var dir = Cli.TempDirectory();
        string Trajectories(string name, string cores, string batch, string engine = "orleans")
        {
            var output = Path.Combine(dir, name);
            var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "50", "--seed", "11", "--out", output, "--batch-size", batch, "--engine", engine],
                new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = cores });
            Assert.True(result.ExitCode == 0, result.Err);
            return File.ReadAllText(Path.Combine(output, "trajectories.csv"));
        }
        var first = Trajectories("a", "2", "7");
        Assert.Equal(first, Trajectories("c", "1", "50", "reference"));
        Assert.Equal(first, Trajectories("d", "4", "1"));
    }

    [Fact]
    public void Keep_runs_writes_every_replication_in_order()
    {
        var dir = Cli.TempDirectory();
        string RunsCsv(string name, string batch)
        {
            var result = Cli.Run(["run", Cli.Scenario("baseline.yaml"), "--runs", "25", "--keep-runs", "--batch-size", batch, "--out", Path.Combine(dir, name)]);
            Assert.True(result.ExitCode == 0, result.Err);
            return File.ReadAllText(Path.Combine(dir, name, "runs.csv"));
        }
        var small = RunsCsv("small", "3");
        var lines = small.TrimEnd('\n').Split('\n');
        Assert.Equal("replication,quarter,quarter_start,level1,level2,level3", lines[0]);
        Assert.Equal(1 + 25 * 28, lines.Length);
        Assert.Equal("0,2015Q1,2015-04-01,59,87,63", lines[1]);
        Assert.StartsWith("24,2021Q4,", lines[^1]);
        // Each April's CCGs as the mergers left them (data/mergers.csv).
        var ccgs = new Dictionary<string, int> { ["2015"] = 209, ["2016"] = 209, ["2017"] = 207, ["2018"] = 195, ["2019"] = 191, ["2020"] = 135, ["2021"] = 106 };
        Assert.All(lines.Skip(1), l => Assert.Equal(ccgs[l.Split(',')[1][..4]], l.Split(',').Skip(3).Sum(int.Parse)));
        Assert.Equal(["small"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }
}
