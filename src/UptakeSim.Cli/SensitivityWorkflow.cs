using System.Globalization;
using System.Text;
using System.Text.Json;
using UptakeSim.Analysis;
using UptakeSim.Engine;
using UptakeSim.Model;
using UptakeSim.Reports;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

public sealed record SensitivityRequest(
    string Scenario, int Samples, int Repeats, string? By, IReadOnlyList<string> Ranges, ulong? Seed, string? Output,
    IReadOnlyList<string> Overrides, int? BatchSize, bool ReferenceEngine, bool Verbose, ClusterConnection? Cluster = null);

/// <summary>
/// Which uncertain assumptions drive the answer: Sobol first-order and total indices (Saltelli design, SALib's
/// estimators) of two outcomes, the share of CCGs delegated by a given quarter and the quarter in which 90% were
/// first delegated. Every design point is a row of behaviour coefficients that a group of replications uses instead
/// of drawing its own (each repeated with different shocks, then averaged), so the whole design runs as ordinary
/// batches on the engine.
/// </summary>
public sealed class SensitivityWorkflow(TextWriter output, TextWriter errors)
{
    public async Task<int> RunAsync(SensitivityRequest request)
    {
        LoadedScenario loaded;
        try
        {
            loaded = RunWorkflow.Loader().Load(request.Scenario, request.Seed is { } s ? [.. request.Overrides, $"seed={s}"] : request.Overrides);
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) errors.WriteLine(error);
            return ExitCodes.BadInput;
        }
        var scenario = loaded.Scenario;
        var problems = new List<string>();
        var parameters = Parameters(scenario.Behaviour, request.Ranges, problems);
        var by = request.By ?? scenario.Horizon.Start.Plus(Math.Min(8, scenario.Horizon.Quarters - 1)).ToString();
        var byIndex = Quarter.TryParse(by, out var q) ? scenario.Horizon.IndexOf(q) : -1;
        if (byIndex < 0) problems.Add($"--by: '{by}' is not a quarter of the horizon; expected a quarter from {scenario.Horizon.Start} to {scenario.Horizon.Last}");
        if (request.Samples < 2 || request.Repeats < 1) problems.Add($"--samples {request.Samples} / --repeats {request.Repeats}: expected at least 2 samples and 1 repeat");
        if (parameters.Count == 0 && problems.Count == 0) problems.Add($"{request.Scenario}: no uncertain behaviour coefficients to analyse; expected some coefficients given as distributions, or --range name=low:high (names: {string.Join(", ", BehaviourCoefficients.Names)})");
        if (problems.Count > 0)
        {
            foreach (var p in problems) errors.WriteLine(p);
            return ExitCodes.BadInput;
        }

        var design = SaltelliDesign.Create(parameters.Select(p => p.Range).ToArray(), request.Samples);
        var rows = design.AllPoints().Select(point => Row(scenario.Behaviour, parameters, point)).ToArray();
        var coefficients = new CoefficientDesign(rows, request.Repeats);
        var analysed = scenario with { Behaviour = scenario.Behaviour with { Design = coefficients }, Runs = coefficients.Replications };
        var setup = new SimulationSetup(analysed);
        var plan = BatchPlan.Auto(analysed.Runs, Environment.ProcessorCount, request.BatchSize);
        var directory = request.Output ?? Path.Combine("results", $"sensitivity-{scenario.Name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        output.WriteLine($"UptakeSim sensitivity: {scenario.Name}, {parameters.Count} parameters ({string.Join(", ", parameters.Select(p => p.Range.Name))}), Saltelli design of {request.Samples} samples = {rows.Length} points x {request.Repeats} repeats = {analysed.Runs} replications");

        var shareBy = new double[analysed.Runs];
        var quarter90 = new double[analysed.Runs];
        await using var session = await EngineSession.StartAsync(request.ReferenceEngine, request.Verbose, output, request.Cluster);
        var report = new ConsoleReport(output, setup, TimeSpan.FromSeconds(2), table: false);
        await MonteCarloRun.RunAsync(session.Engine, setup, plan, report.Progress, batch =>
        {
            for (var r = 0; r < batch.Replications; r++)
            {
                shareBy[batch.FirstReplication + r] = (double)batch.Count(r, byIndex, 0, Levels.Delegated) / batch.Existing(r, byIndex);
                quarter90[batch.FirstReplication + r] = TrajectoryAccumulator.FirstQuarterReaching(batch, r, 0.9);
            }
            return ValueTask.CompletedTask;
        }, retrying: EngineSession.ReportRetries(errors));

        var outcomes = new[]
        {
            (Name: $"share delegated in {by}", Key: "share_delegated_by", Values: shareBy),
            (Name: "quarters to 90% delegated", Key: "quarters_to_90pct", Values: quarter90),
        };
        var results = outcomes.Select(o => (o.Name, o.Key, Indices: SobolAnalysis.RankByTotal(SobolAnalysis.Analyze(design, Average(o.Values, request.Repeats))))).ToArray();
        var censored = quarter90.Count(v => v >= setup.Quarters);
        foreach (var (name, _, indices) in results) Print(name, indices);
        if (censored > 0) output.WriteLine($"note: {censored} of {analysed.Runs} replications never reached 90% within the horizon and count as {setup.Quarters} quarters");

        Directory.CreateDirectory(directory);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "sensitivity.csv"), Table(results.Select(r => (r.Key, r.Indices))));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "sensitivity.json"), Json(scenario, request, by, parameters, results.Select(r => (r.Name, r.Key, r.Indices)), censored));
        var drawing = Path.Combine(directory, $"charts.{Environment.ProcessId}.tmp");
        foreach (var (name, _, indices) in results)
        {
            Charts.Sensitivity(drawing, name, indices.Select(i => new SensitivityBar(i.Parameter, i.First, i.FirstConfidence, i.Total, i.TotalConfidence)).ToArray());
        }
        var charts = Path.Combine(directory, "charts");
        if (Directory.Exists(charts)) Directory.Delete(charts, recursive: true);
        Directory.Move(drawing, charts);
        output.WriteLine($"results: {directory}{Path.DirectorySeparatorChar} (sensitivity.csv, sensitivity.json, charts/)");
        return ExitCodes.Ok;
    }

    private sealed record Parameter(int Index, ParameterRange Range);

    /// <summary>The scenario's uncertain coefficients over their plausible ranges, then --range name=low:high (adds or replaces).</summary>
    private static List<Parameter> Parameters(BehaviourCoefficients behaviour, IReadOnlyList<string> ranges, List<string> problems)
    {
        var parameters = new List<Parameter>();
        for (var k = 0; k < BehaviourCoefficients.Count; k++)
        {
            if (behaviour[k].PlausibleRange is { } r) parameters.Add(new Parameter(k, new ParameterRange(BehaviourCoefficients.Names[k], r.Lower, r.Upper)));
        }
        foreach (var text in ranges)
        {
            var parts = text.Split('=', 2);
            var bounds = parts.Length == 2 ? parts[1].Split(':') : [];
            var index = Array.IndexOf(BehaviourCoefficients.Names, parts[0]);
            if (index < 0 || bounds.Length != 2
                || !double.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
                || !double.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high) || !(low < high))
            {
                problems.Add($"--range '{text}': expected name=low:high with low < high and a name from: {string.Join(", ", BehaviourCoefficients.Names)}");
                continue;
            }
            parameters.RemoveAll(p => p.Index == index);
            parameters.Add(new Parameter(index, new ParameterRange(parts[0], low, high)));
        }
        return parameters;
    }

    /// <summary>A full coefficient row: the analysed parameters from the design point, the rest at their means.</summary>
    private static double[] Row(BehaviourCoefficients behaviour, IReadOnlyList<Parameter> parameters, double[] point)
    {
        var row = Enumerable.Range(0, BehaviourCoefficients.Count).Select(k => behaviour[k].Mean).ToArray();
        for (var i = 0; i < parameters.Count; i++) row[parameters[i].Index] = point[i];
        return row;
    }

    private static double[] Average(double[] perReplication, int repeats) =>
        Enumerable.Range(0, perReplication.Length / repeats).Select(p => perReplication.AsSpan(p * repeats, repeats).ToArray().Average()).ToArray();

    private void Print(string outcome, IReadOnlyList<SobolIndex> indices)
    {
        output.WriteLine();
        output.WriteLine($"what drives {outcome} (ranked by total index; +/- is the 95% bootstrap half-width):");
        output.WriteLine($"  {"rank",4} {"parameter",-34} {"first-order S1",18} {"total ST",18}");
        for (var i = 0; i < indices.Count; i++)
        {
            var x = indices[i];
            output.WriteLine($"  {i + 1,4} {x.Parameter,-34} {x.First,8:F3} +/- {x.FirstConfidence,5:F3} {x.Total,8:F3} +/- {x.TotalConfidence,5:F3}");
        }
    }

    private static string Table(IEnumerable<(string Key, IReadOnlyList<SobolIndex> Indices)> results)
    {
        var csv = new StringBuilder("outcome,rank,parameter,s1,s1_conf,st,st_conf\n");
        foreach (var (key, indices) in results)
        {
            for (var i = 0; i < indices.Count; i++)
            {
                var x = indices[i];
                csv.Append(CultureInfo.InvariantCulture, $"{key},{i + 1},{x.Parameter},{x.First:F4},{x.FirstConfidence:F4},{x.Total:F4},{x.TotalConfidence:F4}\n");
            }
        }
        return csv.ToString();
    }

    private static string Json(Scenario scenario, SensitivityRequest request, string by, IReadOnlyList<Parameter> parameters, IEnumerable<(string Name, string Key, IReadOnlyList<SobolIndex> Indices)> results, int censored) =>
        JsonSerializer.Serialize(new
        {
            scenario = scenario.Name,
            seed = scenario.Seed,
            samples = request.Samples,
            repeats = request.Repeats,
            by,
            method = "Saltelli design on a Sobol sequence; first-order: Saltelli et al. 2010; total: Jansen 1999; 95% bootstrap intervals (as SALib)",
            parameters = parameters.Select(p => new { name = p.Range.Name, low = p.Range.Lower, high = p.Range.Upper }),
            replications_never_reaching_90pct = censored,
            outcomes = results.Select(r => new
            {
                outcome = r.Key,
                description = r.Name,
                indices = r.Indices.Select((x, i) => new { rank = i + 1, parameter = x.Parameter, s1 = x.First, s1_conf = x.FirstConfidence, st = x.Total, st_conf = x.TotalConfidence }),
            }),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
