using System.Globalization;
using System.Text;
using UptakeSim.Analysis;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Reports;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Output;

/// <summary>What each experiment leaves in its results folder (see the README's Outputs).</summary>
public static class ResultsFiles
{
    /// <param name="at">The April of the map and headline (--at); else the one where the CCGs' chances are most uncertain.</param>
    /// <param name="document">summary.json, as streamed as the last line of --stream ndjson.</param>
    public static void Run(ResultsFolder folder, RunSummary summary, RunDocument document, LoadedScenario scenario, string? at = null)
    {
        var portable = DataFiles(folder, [scenario]);
        folder.Write("trajectories.csv", csv => ResultsCsv.Trajectories(csv, [summary]));
        folder.Write("regions.csv", csv => ResultsCsv.RegionTrajectories(csv, [summary]));
        folder.Write("patients.csv", csv => ResultsCsv.Patients(csv, [summary]));
        folder.Write("ccgs.csv", csv => ResultsCsv.Ccgs(csv, summary, new Model.SimulationSetup(scenario.Scenario)));
        folder.Write("scenario.yaml", portable.Yaml(scenario));
        folder.Write("summary.json", json => ResultsJson.Document(json, document));
        var single = new ComparisonSummary(summary.Scenario, summary.Runs, summary.Seed, summary.Partial, [summary], []);
        var april = at ?? MostUncertainApril(summary, new Model.SimulationSetup(scenario.Scenario));
        Report(folder, single, new Dictionary<string, string> { [summary.Scenario] = portable.Yaml(scenario) }, DescribesEngland(scenario.Scenario), maps: Maps(single, [scenario], april), at: april);
        ResultsWorkbook.Write(folder);
    }

    /// <summary>compare --alternatives: the comparison as written (every file of <see cref="Comparison"/>), each what-if's
    /// difference under each structure in alternatives.csv, and a report section.</summary>
    public static void Alternatives(ResultsFolder folder, AlternativesResult result, ComparisonDocument document, IReadOnlyList<LoadedScenario> family, int reference, string? at = null)
    {
        folder.Write("alternatives.csv", csv => ResultsCsv.Alternatives(csv, result));
        Comparison(folder, result.AsWritten, document, family, reference, StructureRows(result), at);
    }

    private static StructureDifference[] StructureRows(AlternativesResult result) =>
    [
        .. result.Structures.SelectMany(s => s.Summary.Comparisons.SelectMany(c => c.Differences.Where(d => d.Quarter.EndsWith("Q1", StringComparison.Ordinal))
            .Select(d => new StructureDifference(s.Name, string.Join(", ", s.Settings), s.Weight, c.Scenario, d.Quarter, d.Level3.Mean, d.Level3.P05, d.Level3.P95)))),
        .. result.Averaged.Select(a => new StructureDifference("averaged", "weighted by fit", null, a.Scenario, a.April, a.Mean, a.Low, a.High)),
    ];

    /// <param name="at">The April of the regional figures, maps and headline (--at); else where the scenarios differ most.</param>
    /// <param name="document">summary.json, as streamed as the last line of --stream ndjson.</param>
    public static void Comparison(ResultsFolder folder, ComparisonSummary summary, ComparisonDocument document, IReadOnlyList<LoadedScenario> family, int reference,
        IReadOnlyList<StructureDifference>? structures = null, string? at = null)
    {
        var portable = DataFiles(folder, family);
        var changes = portable.Changes(family, reference);
        foreach (var f in family) folder.Write(Path.Combine("scenarios", $"{ResultsFolder.FileName(f.Scenario.Name)}.yaml"), portable.Yaml(f, depth: 1));
        folder.Write("trajectories.csv", csv => ResultsCsv.Trajectories(csv, summary.Scenarios));
        folder.Write("regions.csv", csv => ResultsCsv.RegionTrajectories(csv, summary.Scenarios));
        folder.Write("patients.csv", csv => ResultsCsv.Patients(csv, summary.Scenarios));
        folder.Write("comparison.csv", csv => ResultsCsv.Comparison(csv, summary));
        folder.Write("milestones.csv", csv => ResultsCsv.Milestones(csv, summary));
        folder.Write("rests_on.csv", csv => ResultsCsv.RestsOn(csv, summary));
        var setups = family.ToDictionary(f => f.Scenario.Name, f => new Model.SimulationSetup(f.Scenario), StringComparer.Ordinal);
        folder.Write("ccg_differences.csv", csv => ResultsCsv.CcgDifferences(csv, summary, setups));
        folder.Write("summary.json", json => ResultsJson.Document(json, document));
        var quarter = at ?? WidestApril(summary);
        var regional = summary.Comparisons.SelectMany(c => c.Regions.SelectMany(r => r.Quarters.Where(q => q.Quarter == quarter)
            .Select(q => new RegionalDifference(c.Scenario, r.Region, q.Quarter, q.Level3)))).ToArray();
        var details = new ComparisonDetails(
            summary.Comparisons.Select(c => new ScenarioChanges(c.Scenario, changes[c.Scenario].Select(v => new ChangedValue(v.Path, v.Reference, v.Value)).ToArray())).ToArray(),
            regional)
        { Structures = structures ?? [] };
        // The chart names scenarios as the report's tables do (S1, S2, ... when any name is long), so its labels fit.
        var coded = summary.Scenarios.Any(s => s.Scenario.Length > HtmlReport.LongName);
        var label = summary.Scenarios.Select((s, i) => (s.Scenario, Label: coded ? $"S{i + 1}" : s.Scenario)).ToDictionary(x => x.Scenario, x => x.Label, StringComparer.Ordinal);
        Report(folder, summary, family.ToDictionary(f => f.Scenario.Name, f => portable.Yaml(f)), DescribesEngland(family[reference].Scenario), details, Maps(summary, family, quarter), quarter,
            regional.Length == 0 ? [] : [Charts.RegionalDifferences(folder.PathOf("charts"), summary.Reference.Length > HtmlReport.LongName ? label[summary.Reference] : summary.Reference, quarter, regional.Select(d => d with { Scenario = label[d.Scenario] }).ToArray(),
                RegionCcgs(summary, quarter), new ChartProvenance([summary.Reference, .. summary.Comparisons.Select(c => c.Scenario)], summary.Runs, summary.Seed))]);
        ResultsWorkbook.Write(folder);
    }

    /// <summary>Each region's CCGs existing in <paramref name="quarter"/> under the reference scenario.</summary>
    private static IReadOnlyDictionary<string, double> RegionCcgs(ComparisonSummary summary, string quarter) =>
        summary.Scenarios.First(s => s.Scenario == summary.Reference).Regions
            .Select(r => (r.Region, Row: r.Quarters.FirstOrDefault(x => x.Quarter == quarter)))
            .Where(r => r.Row is not null).ToDictionary(r => r.Region, r => r.Row!.Ccgs, StringComparer.Ordinal);

    /// <summary>The April in which the scenarios differ most from the reference nationally (mean CCGs delegated; the
    /// first such), where regional differences say most; at the end of the horizon they have often converged.</summary>
    public static string WidestApril(ComparisonSummary summary)
    {
        var quarters = summary.Scenarios[0].England.Select(r => r.Quarter).ToArray();
        var aprils = quarters.Where(q => q.EndsWith("Q1", StringComparison.Ordinal)).DefaultIfEmpty(quarters[^1]).ToArray();
        return aprils.MaxBy(a => summary.Comparisons.Sum(c => Math.Abs(c.Differences.First(d => d.Quarter == a).Level3.Mean)))!;
    }

    /// <summary>Copies the data files the scenarios name into the results, for the YAML kept with them.</summary>
    /// <summary>The resolved YAML of a scenario written at the top of the results folder, its data files copied into the
    /// folder's <c>data/</c> and named relative to it, so it names no local path.</summary>
    public static string PortableYaml(ResultsFolder folder, LoadedScenario scenario) => DataFiles(folder, [scenario]).Yaml(scenario);

    private static PortableScenarios DataFiles(ResultsFolder folder, IReadOnlyList<LoadedScenario> family)
    {
        var portable = new PortableScenarios(family);
        foreach (var (file, name) in portable.DataFiles)
        {
            var copy = folder.PathOf(Path.Combine(PortableScenarios.DataFolder, name));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
        return portable;
    }

    /// <param name="observed">Draw the observed counts on the fan charts: only for England's CCGs (<see cref="DescribesEngland"/>).</param>
    private static void Report(ResultsFolder folder, ComparisonSummary summary, IReadOnlyDictionary<string, string> yaml, bool observed, ComparisonDetails? details = null, CcgMaps? maps = null,
        string? at = null, IReadOnlyList<ChartFile>? extraCharts = null)
    {
        var charts = folder.PathOf("charts");
        folder.Write("report.html", HtmlReport.Render(summary, [.. Charts.Write(summary, charts, observed ? ObservedDelegation() : []), .. extraCharts ?? []], charts, yaml, details, maps, at));
    }

    /// <summary>Whether a scenario simulates England's 209 CCGs of 2015 (the bundled list, whatever file names it): the
    /// observed counts describe them, not a synthetic or custom population.</summary>
    private static bool DescribesEngland(Model.Scenario scenario)
    {
        var path = ShippedData.CcgList;
        if (!File.Exists(path)) return false;
        using var csv = CsvHelper.CsvReader.FromFile(path, CsvHelper.CsvReaderOptions.Default with { Separator = ',' });
        var column = csv.Headers.ToList().IndexOf("ods_code");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (column >= 0 && csv.Read()) codes.Add(csv.GetString(column));
        return codes.SetEquals(scenario.Population.Ccgs.Select(c => c.Code));
    }

    /// <summary>The report's maps at <paramref name="april"/>: for each scenario kept per CCG, each 2015 CCG's chance that
    /// the CCG holding its area (under that scenario's mergers) is delegated. None for a population the shipped
    /// boundaries do not cover (a synthetic one).</summary>
    private static CcgMaps? Maps(ComparisonSummary summary, IReadOnlyList<LoadedScenario> family, string april)
    {
        CcgBoundaries? boundaries;
        try
        {
            boundaries = CcgBoundaries.Read(ShippedData.Boundaries);
        }
        catch (InvalidDataException e)
        {
            throw new IOException(e.Message, e);
        }
        if (boundaries is null) return null;
        var delegated = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var run in summary.Scenarios.Where(s => s.CcgShares is not null))
        {
            var setup = new Model.SimulationSetup(family.First(f => f.Scenario.Name == run.Scenario).Scenario);
            var ccgs = setup.Scenario.Population.Ccgs;
            if (!ccgs.Any(c => boundaries.Ccgs.ContainsKey(c.Code))) return null;
            var q = setup.Scenario.Horizon.IndexOf(Model.Quarter.Parse(april));
            delegated[run.Scenario] = Enumerable.Range(0, ccgs.Count).ToDictionary(c => ccgs[c].Code, c => run.CcgShare(setup.Mergers.Holder(q, c), q, Model.Levels.Delegated), StringComparer.Ordinal);
        }
        return new CcgMaps(boundaries, april, delegated);
    }

    /// <summary>A run's map shows the April in which its CCGs' chances are most uncertain (the largest sum of p(1 - p)
    /// over the 2015 CCGs' areas): where the map says most about which CCGs.</summary>
    private static string MostUncertainApril(RunSummary run, Model.SimulationSetup setup)
    {
        var aprils = run.England.Select((r, q) => (Label: r.Quarter, Index: q)).Where(x => x.Label.EndsWith("Q1", StringComparison.Ordinal))
            .DefaultIfEmpty((Label: run.England[^1].Quarter, Index: run.England.Count - 1)).ToArray();
        return aprils.MaxBy(a => Enumerable.Range(0, setup.Ccgs).Sum(c => run.CcgShare(setup.Mergers.Holder(a.Index, c), a.Index, Model.Levels.Delegated) is var p ? p * (1 - p) : 0)).Label;
    }

    /// <summary>The observed counts of delegated CCGs in England (bundled data/observations.csv), drawn on the fan charts.</summary>
    private static IReadOnlyList<ObservedPoint> ObservedDelegation()
    {
        var path = ShippedData.Observations;
        return File.Exists(path)
            ? [.. ObservationFile.Load(path).Where(o => o is { Scope: "England", Measure: "level3" }).Select(o => new ObservedPoint(o.Quarter, o.Value, o.Sd, o.Source))]
            : [];
    }

    public static void Fit(ResultsFolder folder, PointFit fit, string fittedYaml, string command, string observations)
    {
        var status = fit.Partial ? "INTERRUPTED (PARTIAL)" : fit.Result.Converged ? "converged" : "DID NOT CONVERGE";
        folder.Write("fitted.yaml", $"# Fitted by {command}: {status}, distance {fit.Result.Distance.ToString("F3", CultureInfo.InvariantCulture)}\n{fittedYaml}");
        var csv = new StringBuilder($"{ResultsCsv.QuarterColumns},scope,measure,observed,sd,simulated_mean,simulated_p05,simulated_p95,standardized_residual,source\n");
        for (var i = 0; i < fit.Fit.Observations.Count; i++)
        {
            var (o, s) = (fit.Fit.Observations[i], fit.Simulated[i]);
            csv.Append(CultureInfo.InvariantCulture,
                $"{ResultsCsv.Quarter(o.Quarter)},{ResultsCsv.Text(o.Scope)},{o.Measure},{o.Value},{o.Sd},{ResultsCsv.Number(s.Mean)},{ResultsCsv.Number(s.P05)},{ResultsCsv.Number(s.P95)},{ResultsCsv.Number((s.Mean - o.Value) / o.Sd)},{ResultsCsv.Text(o.Source)}\n");
        }
        folder.Write("fit.csv", csv.ToString());
        folder.Write("fit.json", ResultsJson.Document(FitDocument.Of(fit, observations)));
        Charts.Fit(folder.Staging, fit.Scenario.Name, fit.Fit.Observations.Select((o, i) =>
        {
            var scale = o.IsShare ? 100 : 1;
            var s = fit.Simulated[i];
            return new FitPoint($"{o.Quarter} {o.Scope.Split(' ')[0]} {o.Measure}", o.Value * scale, s.Mean * scale, s.P05 * scale, s.P95 * scale);
        }).ToArray());
        ResultsWorkbook.Write(folder);
    }

    public static void Sensitivity(ResultsFolder folder, SensitivityResult result)
    {
        var csv = new StringBuilder("outcome,outcome_description,rank,parameter,s1,s1_conf,s1_low,s1_high,st,st_conf,st_low,st_high,no_effect\n");
        foreach (var outcome in result.Outcomes)
        {
            for (var i = 0; i < outcome.Indices.Count; i++)
            {
                var x = outcome.Indices[i];
                csv.Append(CultureInfo.InvariantCulture,
                    $"{outcome.Key},{ResultsCsv.Text(outcome.Description)},{i + 1},{ResultsCsv.Text(x.Parameter)},{x.First:F4},{x.FirstConfidence:F4},{x.FirstLower:F4},{x.FirstUpper:F4},{x.Total:F4},{x.TotalConfidence:F4},{x.TotalLower:F4},{x.TotalUpper:F4},{(x.NoEffect ? "true" : "false")}\n");
            }
        }
        folder.Write("sensitivity.csv", csv.ToString());
        folder.Write("sensitivity.json", ResultsJson.Document(SensitivityDocument.Of(result)));
        var plan = result.Plan;
        var report = AnalysisReport.Sensitivity(new SensitivityReport(plan.Scenario.Name, plan.Scenario.Description, plan.Scenario.Seed, result.SamplesAnalysed, plan.Repeats,
            plan.Inputs.Select(i => i.Parameter).ToArray(), result.Outcomes, SensitivityNotes(result))
        {
            Holds = plan.Inputs.OfType<PosteriorInput>().ToDictionary(p => p.Name, p => p.Holds),
        }, folder.PathOf("charts"));
        folder.Write("report.html", report.Html);
        ResultsWorkbook.Write(folder);
    }

    /// <summary>What a reader of the sensitivity report needs to know to read the indices right.</summary>
    private static IReadOnlyList<string> SensitivityNotes(SensitivityResult result)
    {
        var reference = result.Plan.Reference;
        var notes = new List<string>
        {
            "every point of a design row uses the same random numbers (common random numbers), so an input the outcome does not depend on has a total index of 0",
            $"the indices are shares of the variance of the mean of {result.Plan.Repeats} replications per design point; the share no input explains is run-to-run noise",
            "a slope that moves shifts the intercepts of its moves so that a CCG at the driver's reference level keeps the calibrated rate: "
            + string.Join(", ", Enum.GetValues<Model.Driver>().Where(d => d != Model.Driver.One).Select(d => $"{d} {reference[(int)d].ToString("G3", CultureInfo.InvariantCulture)}")),
        };
        if (result.Partial) notes.Add($"interrupted: indices from the first {result.SamplesAnalysed} of {result.Plan.Design.Samples} design samples");
        if (result.Censored > 0) notes.Add(result.Plan.CensoredNote(result.Censored, result.Replications));
        return notes;
    }
}
