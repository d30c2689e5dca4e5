using System.Globalization;
using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Sensitivity;

/// <summary>A coefficient analysed, by its index in <see cref="BehaviourCoefficients.Names"/>, over a range.</summary>
public sealed record SensitivityParameter(int Index, ParameterRange Range);

/// <summary>The Saltelli design of a sensitivity analysis, ready to run as ordinary batches.</summary>
public sealed record SensitivityPlan(Scenario Scenario, IReadOnlyList<SensitivityParameter> Parameters, SaltelliDesign Design, int Repeats, string By, int ByIndex)
{
    /// <summary>The scenario whose replications take their coefficients from the design instead of drawing them.</summary>
    public Scenario Analysed => Scenario with
    {
        Behaviour = Scenario.Behaviour with { Design = new CoefficientDesign(Design.AllPoints().Select(Row).ToArray(), Repeats) },
        Runs = Design.Evaluations * Repeats,
    };

    /// <summary>A full coefficient row: the analysed parameters from the design point, the rest at their means.</summary>
    private double[] Row(double[] point)
    {
        var row = Enumerable.Range(0, BehaviourCoefficients.Count).Select(k => Scenario.Behaviour[k].Mean).ToArray();
        for (var i = 0; i < Parameters.Count; i++) row[Parameters[i].Index] = point[i];
        return row;
    }
}

/// <summary>Sobol indices of one outcome, ranked by total index.</summary>
public sealed record SensitivityOutcome(string Key, string Description, IReadOnlyList<SobolIndex> Indices);

/// <summary>What a sensitivity analysis found; partial when stopped, over the design samples that completed.</summary>
public sealed record SensitivityResult(SensitivityPlan Plan, int SamplesAnalysed, long Replications, int Censored, IReadOnlyList<SensitivityOutcome> Outcomes, bool Partial);

/// <summary>
/// Which uncertain assumptions drive the answer: Sobol first-order and total indices (Saltelli design, SALib's
/// estimators) of two outcomes, the share of CCGs delegated by a given quarter and the quarter in which 90% were
/// first delegated. Every design point is a row of behaviour coefficients that a group of replications uses (each
/// repeated with different shocks, then averaged), so the whole design runs as ordinary batches on the engine.
/// </summary>
public static class SensitivityExperiment
{
    /// <summary>At most this many replications in one analysis (a 32-bit replication index, with room to spare).</summary>
    public const long MaxReplications = 100_000_000;

    /// <summary>The scenario's uncertain coefficients over their plausible ranges, then <paramref name="ranges"/>
    /// (name=low:high, adding or replacing); every problem with the arguments reported together.</summary>
    public static SensitivityPlan Prepare(Scenario scenario, int samples, int repeats, string? by, IReadOnlyList<string> ranges, string source)
    {
        var problems = new List<string>();
        var parameters = new List<SensitivityParameter>();
        for (var k = 0; k < BehaviourCoefficients.Count; k++)
        {
            if (scenario.Behaviour[k].PlausibleRange is { } r) parameters.Add(new SensitivityParameter(k, new ParameterRange(BehaviourCoefficients.Names[k], r.Lower, r.Upper)));
        }
        foreach (var text in ranges)
        {
            var parts = text.Split('=', 2);
            var bounds = parts.Length == 2 ? parts[1].Split(':') : [];
            var index = Array.IndexOf(BehaviourCoefficients.Names, parts[0]);
            if (index < 0 || bounds.Length != 2
                || !double.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
                || !double.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high) || !(low < high) || !double.IsFinite(high - low))
            {
                problems.Add($"--range: '{text}' is not a range; expected name=low:high with finite low < high and a name from: {string.Join(", ", BehaviourCoefficients.Names)}");
                continue;
            }
            parameters.RemoveAll(p => p.Index == index);
            parameters.Add(new SensitivityParameter(index, new ParameterRange(parts[0], low, high)));
        }
        var horizon = scenario.Horizon;
        by ??= horizon.Start.Plus(Math.Min(8, horizon.Quarters - 1)).ToString();
        var byIndex = Quarter.TryParse(by, out var q) ? horizon.IndexOf(q) : -1;
        if (byIndex < 0) problems.Add($"--by: '{by}' is not a quarter of the horizon; expected a quarter from {horizon.Start} to {horizon.Last}");
        var replications = (long)samples * (parameters.Count + 2) * repeats;
        if (replications > MaxReplications)
            problems.Add($"--samples {samples} x {parameters.Count + 2} points x --repeats {repeats}: {replications:N0} replications; expected at most {MaxReplications:N0}");
        if (parameters.Count == 0 && problems.Count == 0)
            problems.Add($"{source}: no uncertain behaviour coefficients to analyse; expected some coefficients given as distributions, or --range name=low:high (names: {string.Join(", ", BehaviourCoefficients.Names)})");
        if (problems.Count > 0) throw new InputException(problems);
        var design = SaltelliDesign.Create(parameters.Select(p => p.Range).ToArray(), samples);
        return new SensitivityPlan(scenario, parameters, design, repeats, by, byIndex);
    }

    public static async Task<SensitivityResult> RunAsync(
        IReplicationEngine engine, SensitivityPlan plan, int? batchSize = null, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var analysed = plan.Analysed;
        var setup = new SimulationSetup(analysed);
        var shareBy = new double[analysed.Runs];
        var quarter90 = new double[analysed.Runs];
        var done = new bool[analysed.Runs];
        var run = await RunExperiment.RunAsync(engine, setup, BatchPlan.Auto(analysed.Runs, Environment.ProcessorCount, batchSize), observer, cancellationToken, perRun: batch =>
        {
            for (var r = 0; r < batch.Replications; r++)
            {
                var replication = batch.FirstReplication + r;
                shareBy[replication] = (double)batch.Count(r, plan.ByIndex, 0, Levels.Delegated) / batch.Existing(r, plan.ByIndex);
                quarter90[replication] = TrajectoryAccumulator.FirstQuarterReaching(batch, r, 0.9);
                done[replication] = true;
            }
            return ValueTask.CompletedTask;
        });

        // Batches complete in any order: a stopped analysis keeps the leading design samples whose every point is done.
        var perSample = (plan.Parameters.Count + 2) * plan.Repeats;
        var samples = run.Partial ? Array.IndexOf(done, false) is var first and >= 0 ? first / perSample : plan.Design.Samples : plan.Design.Samples;
        if (samples < 2) return new SensitivityResult(plan, 0, 0, 0, [], run.Partial);
        var design = plan.Design with { A = plan.Design.A[..samples], B = plan.Design.B[..samples], AB = plan.Design.AB.Select(m => m[..samples]).ToArray() };
        var replications = samples * perSample;
        SensitivityOutcome Outcome(string key, string description, double[] values) =>
            new(key, description, SobolAnalysis.RankByTotal(SobolAnalysis.Analyze(design, Average(values.AsSpan(0, replications), plan.Repeats))));
        return new SensitivityResult(plan, samples, replications, quarter90.AsSpan(0, replications).ToArray().Count(v => v >= setup.Quarters),
        [
            Outcome("share_delegated_by", $"share delegated in {plan.By}", shareBy),
            Outcome("quarters_to_90pct", "quarters to 90% delegated", quarter90),
        ], run.Partial);
    }

    private static double[] Average(ReadOnlySpan<double> perReplication, int repeats)
    {
        var means = new double[perReplication.Length / repeats];
        for (var p = 0; p < means.Length; p++)
        {
            var sum = 0.0;
            foreach (var v in perReplication.Slice(p * repeats, repeats)) sum += v;
            means[p] = sum / repeats;
        }
        return means;
    }
}
