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

public sealed record CalibrateRequest(string Scenario, string? Observed, int? Runs, ulong? Seed, string? Output, IReadOnlyList<string> Overrides, bool ReferenceEngine, bool Verbose, ClusterConnection? Cluster = null);

/// <summary>
/// Fits the behaviour coefficients a scenario marks as free (its <c>calibration</c> section) to observed uptake by
/// Nelder-Mead on the simulated distance sum(((simulated mean - observed) / sd)^2), every evaluation with the same
/// seed (common random numbers), so the distance is a smooth function of the coefficients. Writes the fitted
/// scenario, the fit table and the fitted values with standard errors. A fit that did not converge is flagged
/// everywhere and ends with exit code 3.
/// </summary>
public sealed class CalibrateWorkflow(TextWriter output, TextWriter errors)
{
    public const int NotConverged = 3;

    public async Task<int> RunAsync(CalibrateRequest request)
    {
        LoadedScenario loaded;
        ModelFit fit;
        var observed = request.Observed ?? Path.Combine(UptakeSimCommands.BundledDirectory, "data", "observations.csv");
        try
        {
            loaded = RunWorkflow.Loader().Load(request.Scenario, WithRunsAndSeed(request.Overrides, null, request.Seed));
            fit = ModelFit.For(loaded.Scenario, ObservationFile.Load(observed), observed);
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) errors.WriteLine(error);
            return ExitCodes.BadInput;
        }
        if (loaded.Calibration is not { Free.Count: > 0 } settings)
        {
            errors.WriteLine($"{request.Scenario}: no calibration section; expected calibration.free to list the behaviour coefficients to fit with their bounds, e.g.\n  calibration:\n    free:\n      intercepts.join: {{ min: -5, max: -1 }}");
            return ExitCodes.BadInput;
        }

        var scenario = loaded.Scenario with { Runs = request.Runs ?? settings.Runs };
        var directory = request.Output ?? Path.Combine("results", $"calibrate-{scenario.Name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        output.WriteLine($"UptakeSim calibrate: {scenario.Name}, {settings.Free.Count} free coefficients ({string.Join(", ", settings.Free.Select(f => f.Name))}), {fit.Observations.Count} observations from {observed}, {scenario.Runs} runs per evaluation, seed {scenario.Seed}, at most {settings.MaxEvaluations} evaluations");
        await using var session = await EngineSession.StartAsync(request.ReferenceEngine, request.Verbose, output, request.Cluster);

        var calibration = new ScenarioCalibration(scenario, settings.Free, fit, session.Engine);
        var result = await Task.Run(() => calibration.Fit(settings.MaxEvaluations, settings.Tolerance, step =>
        {
            output.WriteLine($"evaluation {step.Evaluation,4}: distance {step.Distance,10:F3}  best {step.BestDistance,10:F3} at {Describe(settings.Free, step.BestPoint)}");
        }));
        output.WriteLine(result.Converged
            ? $"converged after {result.Evaluations} evaluations: distance {result.Distance:F3}"
            : $"WARNING: the fit did NOT converge ({result.Message}); the values below are the best found in {result.Evaluations} evaluations and must not be relied on");
        var standardErrors = await Task.Run(() => calibration.StandardErrors(result.Best));
        var best = calibration.Simulate(result.Best);
        var simulated = fit.Simulated(best);

        var fitted = RunWorkflow.Loader().Load(request.Scenario, WithRunsAndSeed(
            [.. request.Overrides, $"name={scenario.Name}-fitted",
             .. settings.Free.Select((f, i) => $"behaviour.{f.Name}={calibration.At(result.Best).Behaviour[f.Index].ToYaml()}")],
            loaded.Scenario.Runs, scenario.Seed));
        Report(settings.Free, result, standardErrors, fit, simulated);
        Directory.CreateDirectory(directory);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "fitted.yaml"), $"# Fitted by ./run.sh calibrate {request.Scenario}: {(result.Converged ? "converged" : "DID NOT CONVERGE")}, distance {result.Distance:F3}\n" + fitted.ResolvedYaml);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "fit.csv"), FitTable(fit, simulated));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "fit.json"), FitJson(scenario, settings, result, standardErrors, observed));
        var chart = Charts.Fit(directory, scenario.Name, fit.Observations.Select((o, i) =>
        {
            var scale = o.IsShare ? 100 : 1;
            return new FitPoint($"{o.Quarter} {o.Scope.Split(' ')[0]} {o.Measure}", o.Value * scale, simulated[i].Mean * scale, simulated[i].P05 * scale, simulated[i].P95 * scale);
        }).ToArray());
        output.WriteLine($"results: {directory}{Path.DirectorySeparatorChar} (fitted.yaml, fit.csv, fit.json, {chart.Png}, {chart.Svg})");
        return result.Converged ? ExitCodes.Ok : NotConverged;
    }

    private static IReadOnlyList<string> WithRunsAndSeed(IReadOnlyList<string> overrides, int? runs, ulong? seed) =>
        [.. overrides, .. runs is { } r ? new[] { $"runs={r}" } : [], .. seed is { } s ? new[] { $"seed={s}" } : []];

    private static string Describe(IReadOnlyList<FreeCoefficient> free, double[] point) =>
        string.Join(", ", free.Select((f, i) => $"{f.Name}={point[i].ToString("F3", CultureInfo.InvariantCulture)}"));

    private void Report(IReadOnlyList<FreeCoefficient> free, CalibrationResult result, double[] standardErrors, ModelFit fit, IReadOnlyList<SimulatedValue> simulated)
    {
        output.WriteLine();
        output.WriteLine($"{"coefficient",-34} {"start",8} {"fitted",8} {"std err",8}  bounds");
        for (var i = 0; i < free.Count; i++)
        {
            output.WriteLine($"{free[i].Name,-34} {free[i].Start,8:F3} {result.Best[i],8:F3} {(double.IsNaN(standardErrors[i]) ? "n/a" : standardErrors[i].ToString("F3", CultureInfo.InvariantCulture)),8}  [{free[i].Min}, {free[i].Max}]");
        }
        output.WriteLine();
        output.WriteLine($"{"quarter",-8} {"scope",-30} {"measure",-13} {"observed",9} {"simulated mean [90% band]",-28}");
        for (var i = 0; i < fit.Observations.Count; i++)
        {
            var o = fit.Observations[i];
            var s = simulated[i];
            output.WriteLine($"{o.Quarter,-8} {o.Scope,-30} {o.Measure,-13} {o.Value,9:G4} {s.Mean,8:F2} [{s.P05:G4}-{s.P95:G4}]");
        }
        output.Flush();
    }

    private static string FitTable(ModelFit fit, IReadOnlyList<SimulatedValue> simulated)
    {
        var csv = new StringBuilder("quarter,scope,measure,observed,sd,simulated_mean,simulated_p05,simulated_p95,standardized_residual,source\n");
        for (var i = 0; i < fit.Observations.Count; i++)
        {
            var o = fit.Observations[i];
            var s = simulated[i];
            csv.Append(CultureInfo.InvariantCulture,
                $"{o.Quarter},{ResultsWriter.Quote(o.Scope)},{o.Measure},{o.Value},{o.Sd},{ResultsWriter.Number(s.Mean)},{ResultsWriter.Number(s.P05)},{ResultsWriter.Number(s.P95)},{ResultsWriter.Number((s.Mean - o.Value) / o.Sd)},{ResultsWriter.Quote(o.Source)}\n");
        }
        return csv.ToString();
    }

    private static string FitJson(Scenario scenario, CalibrationSettings settings, CalibrationResult result, double[] standardErrors, string observed)
    {
        var json = new
        {
            scenario = scenario.Name,
            observations = observed,
            runs_per_evaluation = scenario.Runs,
            seed = scenario.Seed,
            converged = result.Converged,
            message = result.Message,
            distance = Math.Round(result.Distance, 6),
            evaluations = result.Evaluations,
            parameters = settings.Free.Select((f, i) => new
            {
                name = f.Name,
                start = f.Start,
                fitted = Math.Round(result.Best[i], 6),
                standard_error = double.IsNaN(standardErrors[i]) ? (double?)null : Math.Round(standardErrors[i], 6),
                min = f.Min,
                max = f.Max,
            }),
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
