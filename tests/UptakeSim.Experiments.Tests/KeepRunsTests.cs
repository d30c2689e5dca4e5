using System.Globalization;
using CsvHelper;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Output;
using UptakeSim.Views;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

/// <summary>--keep-runs: every replication of a comparison per scenario and region (runs.csv), and every replication's
/// level of every CCG's area in a run (ccg_runs.csv), checked against the aggregates the same command writes.</summary>
public class KeepRunsTests
{
    private sealed class Session(IReplicationEngine engine) : IEngineSession
    {
        public IReplicationEngine Engine => engine;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Runs a command's job as the tool does, on the reference kernel; returns its results folder.</summary>
    private static async Task<string> Run(Func<Job> prepare)
    {
        var folder = Path.Combine(Inputs.TempDirectory(), "out");
        var errors = new StringWriter();
        var exit = await CommandSkeleton.RunAsync(prepare, folder, overwrite: false, start => ProgressViews.Create(StreamFormat.Plain, start.Setup, new StringWriter(), errors),
            _ => Task.FromResult<IEngineSession>(new Session(new ReferenceEngine())), errors);
        Assert.True(exit == ExitCodes.Ok, errors.ToString());
        return folder;
    }

    /// <summary>A CSV's rows by column name (quoted cells unquoted).</summary>
    private static List<Dictionary<string, string>> Read(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        var header = csv.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, header.Length).ToDictionary(i => header[i], csv.GetString));
        return rows;
    }

    private static string Mandate()
    {
        var path = Path.Combine(Inputs.TempDirectory(), "mandate.yaml");
        File.WriteAllText(path, $"base: {Inputs.Baseline}\nname: mandate\npolicy:\n  mandate: 2017Q1\n");
        return path;
    }

    /// <summary>Nearest-rank percentile, as the tool computes its bands.</summary>
    private static int Percentile(IReadOnlyList<int> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Length - 1e-9)) - 1];
    }

    [Fact]
    public async Task Compare_keep_runs_holds_each_paired_run_whose_differences_give_comparison_csv_and_whose_regions_add_up_to_england()
    {
        const int runs = 12;
        var folder = await Run(() => Jobs.Compare(new CompareArgs([Inputs.Baseline, Mandate()], null, runs, null, [], 5, KeepRuns: true)));

        var lines = File.ReadAllLines(Path.Combine(folder, "runs.csv"));
        Assert.Equal("scenario,replication,scope,quarter,quarter_start,level1,level2,level3,ccgs_existing", lines[0]);
        // Per replication, each scenario, England and 4 regions, 28 quarters.
        Assert.Equal(1 + runs * 2 * 5 * 28, lines.Length);
        Assert.Equal("baseline,0,England,2015Q1,2015-04-01,59,87,63,209", lines[1]);
        Assert.Equal("mandate,0,England,2015Q1,2015-04-01,59,87,63,209", lines[1 + 5 * 28]);
        Assert.StartsWith("mandate,11,South of England,2021Q4,2022-01-01,", lines[^1]);
        var rows = Read(Path.Combine(folder, "runs.csv")).Select(r => (Scenario: r["scenario"], Replication: int.Parse(r["replication"], CultureInfo.InvariantCulture), Scope: r["scope"],
            Quarter: r["quarter"], Levels: new[] { r["level1"], r["level2"], r["level3"] }.Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
            Existing: int.Parse(r["ccgs_existing"], CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(Enumerable.Range(0, runs).SelectMany(r => Enumerable.Repeat(r, 2 * 5 * 28)), rows.Select(r => r.Replication));

        var cell = rows.ToDictionary(r => (r.Scenario, r.Replication, r.Scope, r.Quarter));
        var regions = rows.Select(r => r.Scope).Where(s => s != "England").Distinct().ToArray();
        Assert.Equal(["North of England", "Midlands and East of England", "London", "South of England"], regions);
        var existing = new Dictionary<string, int> { ["2015"] = 209, ["2016"] = 209, ["2017"] = 207, ["2018"] = 195, ["2019"] = 191, ["2020"] = 135, ["2021"] = 106 };
        foreach (var england in rows.Where(r => r.Scope == "England"))
        {
            Assert.Equal(existing[england.Quarter[..4]], england.Existing);
            var parts = regions.Select(region => cell[(england.Scenario, england.Replication, region, england.Quarter)]).ToArray();
            Assert.All(parts, p => Assert.Equal(p.Existing, p.Levels.Sum()));
            Assert.Equal(england.Existing, parts.Sum(p => p.Existing));
            for (var level = 0; level < 3; level++) Assert.Equal(england.Levels[level], parts.Sum(p => p.Levels[level]));
        }

        // Each paired difference of comparison.csv (mean and nearest-rank band) from the runs, row against row.
        var comparison = Read(Path.Combine(folder, "comparison.csv"));
        Assert.Equal(5 * 28 * 3, comparison.Count);
        foreach (var c in comparison)
        {
            var level = int.Parse(c["level"], CultureInfo.InvariantCulture);
            var differences = Enumerable.Range(0, runs)
                .Select(r => cell[("mandate", r, c["scope"], c["quarter"])].Levels[level - 1] - cell[("baseline", r, c["scope"], c["quarter"])].Levels[level - 1]).ToArray();
            Assert.Equal(c["mean_difference"], ResultsCsv.Number((double)differences.Sum() / runs));
            Assert.Equal((c["p05"], c["p50"], c["p95"]), (Format(Percentile(differences, 0.05)), Format(Percentile(differences, 0.5)), Format(Percentile(differences, 0.95))));
        }
        // The mandate delegates more CCGs in April 2017 in every run.
        Assert.All(Enumerable.Range(0, runs), r => Assert.True(cell[("mandate", r, "England", "2017Q1")].Levels[2] > cell[("baseline", r, "England", "2017Q1")].Levels[2]));

        var about = MiniExcelLibs.MiniExcel.Query(Path.Combine(folder, ResultsWorkbook.FileName), useHeaderRow: true, sheetName: "about").Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(about, r => (string)r["file"] == "runs.csv" && r["sheet"] is null && ((string)r["holds"]).Contains("CSV only", StringComparison.Ordinal));
        Assert.DoesNotContain("runs", MiniExcelLibs.MiniExcel.GetSheetNames(Path.Combine(folder, ResultsWorkbook.FileName)));
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_comparisons_runs_are_the_same_bytes_whatever_the_batches_and_threads_and_its_reference_is_the_run_of_the_same_seed()
    {
        var family = ScenarioInputs.UniqueNames([Inputs.Load(10), Inputs.Load(10, "name=mandate", "policy.mandate=2017Q1")]);
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        async Task<string> RunsCsv(IReplicationEngine engine, int batchSize)
        {
            using var folder = ResultsFolder.Reserve(Path.Combine(Inputs.TempDirectory(), "out"), overwrite: false);
            await using (var writer = new ComparisonRunsCsvWriter(folder, setups))
            {
                await CompareExperiment.RunAsync(engine, setups, 0, BatchPlan.Auto(10, 1, batchSize), perRun: writer.Add);
            }
            return File.ReadAllText(folder.PathOf("runs.csv"));
        }
        var one = await RunsCsv(new ReferenceEngine(), 10);
        Assert.Equal(one, await RunsCsv(new ReferenceEngine(3), 3));
        Assert.Equal(one, await RunsCsv(new ReferenceEngine(2), 1));

        // Replication r of the reference in a comparison is replication r of a run of it alone (common random numbers).
        using var run = ResultsFolder.Reserve(Path.Combine(Inputs.TempDirectory(), "run"), overwrite: false);
        await using (var writer = new RunsCsvWriter(run, setups[0].Scenario.Horizon))
        {
            await RunExperiment.RunAsync(new ReferenceEngine(), setups[0], BatchPlan.Auto(10, 1, 4), perRun: writer.Add);
        }
        var alone = File.ReadAllLines(run.PathOf("runs.csv")).Skip(1);
        var compared = one.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "baseline" && f[2] == "England")
            .Select(f => string.Join(',', f[1], f[3], f[4], f[5], f[6], f[7]));
        Assert.Equal(alone, compared);
    }

    [Fact]
    public async Task Run_keep_runs_gives_each_runs_level_of_every_ccgs_area_which_adds_up_to_runs_csv_and_averages_to_ccgs_csv()
    {
        const int runs = 12;
        var folder = await Run(() => Jobs.Run(new RunArgs(Inputs.Baseline, runs, null, [], 5, KeepRuns: true, Checkpoint: null, Resume: false)));

        var header = File.ReadLines(Path.Combine(folder, "ccg_runs.csv")).First();
        Assert.StartsWith("replication,ods_code,2015-04-01,2015-07-01,2015-10-01,2016-01-01,2016-04-01,", header);
        Assert.EndsWith(",2021-10-01,2022-01-01", header);
        var ccgRuns = Read(Path.Combine(folder, "ccg_runs.csv"));
        Assert.Equal(runs * 209, ccgRuns.Count);
        Assert.Equal(("0", "00C"), (ccgRuns[0]["replication"], ccgRuns[0]["ods_code"]));
        var dates = header.Split(',')[2..];
        Assert.Equal(28, dates.Length);
        var level = ccgRuns.ToDictionary(r => (int.Parse(r["replication"], CultureInfo.InvariantCulture), r["ods_code"]),
            r => dates.Select(d => int.Parse(r[d], CultureInfo.InvariantCulture)).ToArray());
        Assert.All(level.Values.SelectMany(l => l), l => Assert.InRange(l, 1, 3));

        var ccgs = Read(Path.Combine(folder, "ccgs.csv"));
        Assert.Equal(209 * 28, ccgs.Count);
        foreach (var row in ccgs)
        {
            var q = Array.IndexOf(dates, row["quarter_start"]);
            for (var l = 1; l <= 3; l++)
            {
                var count = Enumerable.Range(0, runs).Count(r => level[(r, row["ods_code"])][q] == l);
                Assert.Equal(row[$"p_level{l}"], ResultsCsv.Number((double)count / runs));
            }
            // A merged CCG's area is at its holder's level in every run.
            Assert.All(Enumerable.Range(0, runs), r => Assert.Equal(level[(r, row["area_held_by"])][q], level[(r, row["ods_code"])][q]));
        }
        // North Durham merged into Durham Dales' CCG in April 2020: its area has a level, it no longer exists.
        var northDurham = ccgs.Single(r => r["ods_code"] == "00J" && r["quarter"] == "2020Q1");
        Assert.Equal(("00D", "0.000", "1.000"), (northDurham["area_held_by"], northDurham["p_exists"],
            ResultsCsv.Number(Enumerable.Range(1, 3).Sum(l => double.Parse(northDurham[$"p_level{l}"], CultureInfo.InvariantCulture)))));

        // Each run's CCGs existing (those holding their own area) at each level are runs.csv's counts of that run.
        var holds = ccgs.Where(r => r["area_held_by"] == r["ods_code"]).GroupBy(r => r["quarter_start"]).ToDictionary(g => g.Key, g => g.Select(r => r["ods_code"]).ToArray());
        var national = Read(Path.Combine(folder, "runs.csv"));
        Assert.Equal(runs * 28, national.Count);
        foreach (var row in national)
        {
            var (r, q) = (int.Parse(row["replication"], CultureInfo.InvariantCulture), Array.IndexOf(dates, row["quarter_start"]));
            for (var l = 1; l <= 3; l++) Assert.Equal(row[$"level{l}"], Format(holds[row["quarter_start"]].Count(code => level[(r, code)][q] == l)));
        }

        var workbook = Path.Combine(folder, ResultsWorkbook.FileName);
        var about = MiniExcelLibs.MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "about").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["runs.csv", "ccg_runs.csv"], about.Where(r => ((string)r["holds"]).Contains("CSV only", StringComparison.Ordinal)).Select(r => (string)r["file"]));
        Assert.Equal(["about", "trajectories", "regions", "patients", "ccgs"], MiniExcelLibs.MiniExcel.GetSheetNames(workbook));
    }

    [Fact]
    public async Task Per_ccg_runs_are_the_same_bytes_whatever_the_batches_and_threads_and_only_kept_when_asked()
    {
        var scenario = Inputs.Load(9).Scenario;
        var setup = CcgRunsCsvWriter.Keeping(scenario);
        async Task<string> CcgRunsCsv(IReplicationEngine engine, int batchSize)
        {
            using var folder = ResultsFolder.Reserve(Path.Combine(Inputs.TempDirectory(), "out"), overwrite: false);
            await using (var writer = new CcgRunsCsvWriter(folder, setup))
            {
                await RunExperiment.RunAsync(engine, setup, BatchPlan.Auto(9, 1, batchSize), perRun: writer.Add);
            }
            return File.ReadAllText(folder.PathOf(CcgRunsCsvWriter.FileName));
        }
        var one = await CcgRunsCsv(new ReferenceEngine(), 9);
        Assert.Equal(one, await CcgRunsCsv(new ReferenceEngine(3), 2));
        Assert.Equal(1 + 9 * 209, one.Count(c => c == '\n'));

        // Keeping the levels changes no result, and the default run keeps none.
        var plain = new SimulationSetup(scenario);
        Assert.Empty(plain.KeptQuarters);
        Assert.Empty(BatchSimulation.Run(plain, 0, 3).KeptLevels);
        Assert.Equal(BatchSimulation.Run(plain, 0, 3).Counts, BatchSimulation.Run(setup, 0, 3).Counts);
        Assert.Empty(Jobs.Run(new RunArgs(Inputs.Baseline, 9, null, [], null, KeepRuns: false, Checkpoint: null, Resume: false)).Start.Setup.KeptQuarters);
        Assert.Equal(28, Jobs.Run(new RunArgs(Inputs.Baseline, 9, null, [], null, KeepRuns: true, Checkpoint: null, Resume: false)).Start.Setup.KeptQuarters.Length);
        Assert.Throws<ArgumentException>(() => new CcgRunsCsvWriter(null!, plain));
    }

    [Fact]
    public async Task A_sweep_run_with_keep_runs_keeps_every_members_runs_and_alternatives_refuse_it()
    {
        var dir = Inputs.TempDirectory();
        var sweep = Path.Combine(dir, "mandates.yaml");
        File.WriteAllText(sweep, $"base: {Inputs.Baseline}\nname: mandates\nsweep:\n  policy.mandate: {{ from: 2016Q1, to: 2018Q1, step: 4 }}\n");
        var folder = await Run(() => Jobs.Run(new RunArgs(sweep, 3, null, [], null, KeepRuns: true, Checkpoint: null, Resume: false)));
        var scenarios = File.ReadLines(Path.Combine(folder, "runs.csv")).Skip(1).Select(l => l[..l.IndexOf(',')]).Distinct();
        Assert.Equal(["mandates[policy.mandate=2016Q1]", "mandates[policy.mandate=2017Q1]", "mandates[policy.mandate=2018Q1]"], scenarios);
        Assert.False(File.Exists(Path.Combine(folder, CcgRunsCsvWriter.FileName)), "a comparison keeps no per-CCG runs");

        var refused = Assert.Throws<InputException>(() => Jobs.Compare(new CompareArgs([Inputs.Baseline, Mandate()], null, 3, null, [], null, Alternatives: true, KeepRuns: true)));
        Assert.StartsWith("--keep-runs: not written with --alternatives", Assert.Single(refused.Problems));
    }
}
