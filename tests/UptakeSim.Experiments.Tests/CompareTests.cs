using System.Text.Json.Nodes;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

public class CompareTests
{
    [Fact]
    public async Task Regional_paired_differences_add_up_to_the_national_one_and_are_zero_against_itself()
    {
        var family = ScenarioInputs.UniqueNames([Inputs.Load(20), Inputs.Load(20, "name=mandate", "policy.mandate=2017Q1"), Inputs.Load(20)]);
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(20, 1, 5));
        var mandate = summary.Comparisons[0];
        Assert.Equal(["North of England", "Midlands and East of England", "London", "South of England"], mandate.Regions.Select(r => r.Region));
        for (var q = 0; q < mandate.Differences.Count; q++)
        {
            for (var level = 1; level <= 3; level++)
            {
                // The regions partition the CCGs existing in each quarter, in the same paired runs.
                Assert.Equal(mandate.Differences[q][level].Mean, mandate.Regions.Sum(r => r.Quarters[q][level].Mean), 9);
            }
        }
        Assert.True(mandate.Regions.All(r => r.Quarters[8].Level3.Mean > 0), "a mandate from April 2017 delegates more CCGs in every region that April");
        // The report's regional table and chart show the April where the scenarios differ most: the mandate's first.
        Assert.Equal("2017Q1", ResultsFiles.WidestApril(summary));
        var itself = summary.Comparisons[1];
        Assert.All(itself.Regions.SelectMany(r => r.Quarters), row => Assert.Equal((0.0, 0, 0), (row.Level3.Mean, row.Level3.P05, row.Level3.P95)));
    }

    [Fact]
    public void What_changed_lists_the_resolved_values_that_differ_from_the_reference()
    {
        var family = ScenarioInputs.UniqueNames([Inputs.Load(5), Inputs.Load(5, "name=mandate", "policy.mandate=2017Q1", "behaviour.pressure={dist: normal, mean: 2.5, sd: 0.25}"), Inputs.Load(5)]);
        var changes = new PortableScenarios(family).Changes(family, 0);
        Assert.Equal(["mandate", "baseline-2"], changes.Keys);
        Assert.Empty(changes["baseline-2"]);
        var mandate = changes["mandate"];
        Assert.Contains(new Scenarios.ResolvedChange("policy.mandate", "null", "2017Q1"), mandate);
        var pressure = Assert.Single(mandate, c => c.Path.StartsWith("behaviour.pressure", StringComparison.Ordinal) && c.Path.EndsWith("mean", StringComparison.Ordinal));
        Assert.Equal("2.5", pressure.Value);
        Assert.DoesNotContain(mandate, c => c.Path == "name");
    }

    [Fact]
    public async Task Each_ccgs_difference_is_that_of_the_ccg_holding_its_area_under_each_scenarios_own_mergers()
    {
        var family = ScenarioInputs.UniqueNames([Inputs.Load(6), Inputs.Scenarios.Load(Inputs.Bundled("scenarios", "no-mergers.yaml"), [], 6)]);
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(6, 1, 3));
        var byName = family.ToDictionary(f => f.Scenario.Name, f => new SimulationSetup(f.Scenario));
        var rows = ResultsCsv.ToText(csv => ResultsCsv.CcgDifferences(csv, summary, byName))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(l => l.Contains(",2021Q1,2021-04-01,", StringComparison.Ordinal))
            .Select(l => l.Split(',')[^3..]).ToArray();
        Assert.Equal(209, rows.Length);

        // In the baseline the 209 areas are held by 106 CCGs in April 2021: the CCGs sharing a holder share its chance, and
        // none of the CCGs merged away reads 0. Without mergers every CCG holds its own area.
        var holders = setups[0].Mergers;
        var q = setups[0].Scenario.Horizon.IndexOf(Quarter.Parse("2021Q1"));
        var byHolder = rows.Select((r, c) => (Holder: holders.Holder(q, c), Reference: r[1])).GroupBy(x => x.Holder).ToArray();
        Assert.Equal(106, byHolder.Length);
        Assert.All(byHolder, g => Assert.Single(g.Select(x => x.Reference).Distinct()));
        // Summed over the areas' holders (one chance each, printed to 3 decimals), the chances give the CCGs delegated.
        static double P(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Math.Abs(summary.Scenarios[0].England[q].Level3.Mean - byHolder.Sum(g => P(g.First().Reference))), 0, 106 * 0.0005);
        Assert.InRange(Math.Abs(summary.Scenarios[1].England[q].Level3.Mean - rows.Sum(r => P(r[0]))), 0, 209 * 0.0005);
    }

    [Fact]
    public async Task A_comparison_folder_runs_again_as_it_is_and_names_no_local_path()
    {
        var family = ScenarioInputs.UniqueNames([Inputs.Load(4), Inputs.Load(4, "name=mandate", "policy.mandate=2017Q1")]);
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        var summary = await CompareExperiment.RunAsync(new ReferenceEngine(), setups, 0, BatchPlan.Auto(4, 1, 2));
        var target = Path.Combine(Inputs.TempDirectory(), "results", "cmp");
        using (var folder = ResultsFolder.Reserve(target, overwrite: false))
        {
            ResultsFiles.Comparison(folder, summary, ComparisonDocument.Of(summary, "reference", new PortableScenarios(family).Changes(family, 0)), family, 0);
            folder.Commit();
        }

        var yamlPath = Path.Combine(target, "scenarios", "mandate.yaml");
        var yaml = File.ReadAllText(yamlPath);
        Assert.Contains("ccgs: ../data/ccgs_2015.csv", yaml);
        Assert.Contains("file: ../data/mergers.csv", yaml);
        Assert.Contains("posterior: ../data/baseline-posterior.csv", yaml);
        Assert.Equal(File.ReadAllBytes(Inputs.Bundled("data", "mergers.csv")), File.ReadAllBytes(Path.Combine(target, "data", "mergers.csv")));
        // Moved elsewhere, the folder's scenario loads as the scenario that was run.
        var moved = Path.Combine(Inputs.TempDirectory(), "moved");
        Directory.Move(target, moved);
        var again = Inputs.Loader.Load(Path.Combine(moved, "scenarios", "mandate.yaml"));
        Assert.Equal(new PortableScenarios([family[1]]).Yaml(family[1]), new PortableScenarios([again]).Yaml(again));
        var rerun = await CompareExperiment.RunAsync(new ReferenceEngine(), [setups[0], new SimulationSetup(again.Scenario)], 0, BatchPlan.Auto(4, 1, 2));
        Assert.Equal(ResultsCsv.ToText(csv => ResultsCsv.Comparison(csv, summary)), ResultsCsv.ToText(csv => ResultsCsv.Comparison(csv, rerun)));

        foreach (var file in Directory.EnumerateFiles(moved, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains(Path.GetTempPath(), StringComparison.Ordinal) || text.Contains(AppContext.BaseDirectory, StringComparison.Ordinal),
                $"{Path.GetRelativePath(moved, file)} names a local path");
        }

        var csv = File.ReadAllLines(Path.Combine(moved, "comparison.csv"));
        Assert.Equal("scenario,reference,scope,quarter,quarter_start,level,level_name,mean_difference,p05,p50,p95", csv[0]);
        Assert.Equal(["England", "London", "Midlands and East of England", "North of England", "South of England"], csv.Skip(1).Select(l => l.Split(',')[2]).Distinct().Order());
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(moved, "summary.json")))!;
        var entry = json["comparisons"]![0]!;
        Assert.Equal("policy.mandate", entry["changes"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(4, entry["regions"]!.AsObject().Count);
        var report = File.ReadAllText(Path.Combine(moved, "report.html"));
        Assert.Contains("policy.mandate", report);
        Assert.Contains("London", report);
        Assert.Contains("What each difference in delegated CCGs rests on", report);
        // A difference map per what-if (and a map per scenario) and the CCGs that differ most.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(report, "<figure class=\"map\">"));
        Assert.Contains("CCGs (of 2015) whose chance of being delegated on 1 April", report);

        // What each April's difference rests on: one row per coefficient the replications drew differently, the same
        // figures as summary.json.
        var restsOn = File.ReadAllLines(Path.Combine(moved, "rests_on.csv"));
        Assert.Equal("scenario,reference,april,april_start,mean_difference,effect_p05,effect_p95,explained,unconstrained_share,no_effect,coefficient,coefficient_share,coefficient_unconstrained,warning", restsOn[0]);
        var first = entry["rests_on"]![0]!;
        var rows = restsOn.Skip(1).Where(r => r.StartsWith($"mandate,baseline,{first["april"]!.GetValue<string>()},", StringComparison.Ordinal)).ToArray();
        Assert.Equal(first["parameters"]!.AsArray().Count, rows.Length);
        Assert.All(rows, r => Assert.Equal(first["mean_difference"]!.GetValue<double>(), double.Parse(r.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture), 3));
        Assert.Contains(rows, r => r.Split(',')[10] == "pressure");

        // results.xlsx, read back with the library: a front sheet, then each CSV table as a sheet, figures as numbers.
        var workbook = Path.Combine(moved, "results.xlsx");
        Assert.Equal(["about", "trajectories", "regions", "patients", "comparison", "milestones", "rests_on", "ccg_differences"], MiniExcelLibs.MiniExcel.GetSheetNames(workbook));
        var sheet = MiniExcelLibs.MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "comparison").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(csv.Length - 1, sheet.Count);
        var firstRow = csv[1].Split(',');
        Assert.Equal((firstRow[0], firstRow[3]), ((string)sheet[0]["scenario"], (string)sheet[0]["quarter"]));
        Assert.Equal(double.Parse(firstRow[7], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDouble(sheet[0]["mean_difference"], System.Globalization.CultureInfo.InvariantCulture));
        var about = MiniExcelLibs.MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "about").Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(about, r => (string)r["sheet"] == "rests_on" && ((string)r["holds"]).Contains("rests on", StringComparison.Ordinal));
    }

    [Fact]
    public void Milestones_are_percentiles_of_the_april_reached_with_the_runs_that_never_did_as_not_reached()
    {
        var setup = Inputs.Setup(10);
        // Runs 0-5 reach half of the 209 CCGs in 2016Q1, runs 6-8 in 2017Q1, run 9 never; only run 0 reaches 90%, in 2021Q1.
        var batch = new BatchTrajectories(0, 10, setup.Quarters, setup.Regions, setup.Ccgs);
        for (var r = 0; r < 10; r++)
        {
            var half = r <= 5 ? 4 : r <= 8 ? 8 : int.MaxValue;
            for (var q = 0; q < setup.Quarters; q++)
            {
                var delegated = r == 0 && q >= 24 ? 189 : q >= half ? 105 : 104;
                batch.Counts[batch.Index(r, q, 0, 1)] = 209 - delegated;
                batch.Counts[batch.Index(r, q, 0, 3)] = delegated;
            }
        }
        var accumulator = new TrajectoryAccumulator(setup);
        accumulator.Add(batch);
        var milestones = RunSummary.From(setup, accumulator).Milestones;
        Assert.Equal(new Milestone(0.5, 9, 0.9, new Quarter(2016, 1), new Quarter(2016, 1), null), milestones[0]);
        Assert.Equal(new Milestone(0.9, 1, 0.1, new Quarter(2021, 1), null, null), milestones[1]);
    }
}
