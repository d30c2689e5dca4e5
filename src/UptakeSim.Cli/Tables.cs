using System.Globalization;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>The results of each command as plain text tables for people.</summary>
public static class Tables
{
    public static string Partial(bool partial) => partial ? " (PARTIAL: interrupted)" : "";

    /// <summary>A command's result, in full.</summary>
    public static void Print(TextWriter output, object result, TimeSpan elapsed)
    {
        switch (result)
        {
            case RunSummary run: Run(output, run, elapsed); break;
            case ComparisonSummary comparison: Comparison(output, comparison, elapsed); break;
            case PointFit fit: Fit(output, fit); break;
            case AbcFit fit: Posterior(output, fit, elapsed); break;
            case HindcastResult hindcast: Hindcast(output, hindcast, elapsed); break;
            case SensitivityResult sensitivity: Sensitivity(output, sensitivity); break;
        }
        output.Flush();
    }

    /// <summary>A command's result in one line (for stderr when stdout is an NDJSON stream).</summary>
    public static string Headline(object result, TimeSpan elapsed) => result switch
    {
        RunSummary s => $"{s.Scenario}: {s.Runs} runs in {elapsed.TotalSeconds:F1} s{Partial(s.Partial)}",
        ComparisonSummary s => $"{s.Scenarios.Count} scenarios, {s.Runs} paired runs each, in {elapsed.TotalSeconds:F1} s{Partial(s.Partial)}",
        PointFit f => $"{f.Scenario.Name}: {f.Result.Evaluations} evaluations, distance {f.Result.Distance:F3}{Partial(f.Partial)}",
        SensitivityResult r => $"{r.Plan.Scenario.Name}: {r.Replications} replications in {elapsed.TotalSeconds:F1} s{Partial(r.Partial)}",
        AbcFit f => $"{f.Plan.Scenario.Name}: {f.Result.History.Count} generations, {f.Result.Posterior.TotalSimulations} simulations, ESS {f.Summary.EffectiveSampleSize:F0}, in {elapsed.TotalSeconds:F1} s{Partial(f.Partial)}",
        HindcastResult h => $"{h.Scenario.Name}: hindcast from {string.Join(", ", h.Cutoffs.Select(c => c.Cutoff))} in {elapsed.TotalSeconds:F1} s{Partial(h.Partial)}",
        _ => "",
    };

    public static void Run(TextWriter output, RunSummary summary, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine($"{summary.Scenario}: {summary.Runs} runs of {summary.Ccgs} CCGs in {elapsed.TotalSeconds:F1} s{Partial(summary.Partial)}");
        output.WriteLine(Header);
        foreach (var row in summary.England) output.WriteLine(Row(row));
        foreach (var m in summary.Milestones)
        {
            var reached = m.MeanQuarter is null
                ? "never within the horizon"
                : $"mean {m.MeanQuarter}, 90% of runs {m.P05 ?? "never"} to {m.P95 ?? "not within the horizon"}";
            output.WriteLine($"first quarter with >= {m.ShareDelegated * 100:F0}% delegated: {reached} ({m.ShareOfRunsReaching * 100:F0}% of runs reach it)");
        }
    }

    /// <summary>Each scenario's Level 3 count at each April (and its paired difference from the reference), then its milestones.</summary>
    public static void Comparison(TextWriter output, ComparisonSummary summary, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine($"{summary.Scenarios.Count} scenarios, {summary.Runs} paired runs each, in {elapsed.TotalSeconds:F1} s{Partial(summary.Partial)}; reference: {summary.Reference}");
        output.WriteLine("CCGs delegated (Level 3), mean [90% band]; for other scenarios, then the paired difference from the reference:");
        var reference = summary.Scenarios.Single(s => s.Scenario == summary.Reference);
        var aprils = reference.England.Select((row, q) => (row.Quarter, q)).Where(x => x.Quarter.EndsWith("Q1", StringComparison.Ordinal) || x.q == reference.England.Count - 1).ToArray();
        output.WriteLine($"{"scenario",-40} " + string.Join(" ", aprils.Select(a => $"{a.Quarter,-18}")));
        foreach (var s in summary.Scenarios)
        {
            output.WriteLine($"{Shorten(s.Scenario),-40} " + string.Join(" ", aprils.Select(a => $"{Cell(s.England[a.q].Level3),-18}")));
            if (summary.Comparisons.FirstOrDefault(c => c.Scenario == s.Scenario) is { } c)
            {
                output.WriteLine($"{"  minus " + Shorten(c.Reference, 32),-40} " + string.Join(" ", aprils.Select(a => $"{Difference(c.Differences[a.q].Level3),-18}")));
            }
        }
        output.WriteLine();
        output.WriteLine("first quarter with >= 50% / >= 90% of CCGs delegated: mean [90% of runs], and how often earlier than the reference in the same replication:");
        foreach (var s in summary.Scenarios)
        {
            var c = summary.Comparisons.FirstOrDefault(x => x.Scenario == s.Scenario);
            var parts = s.Milestones.Select((m, i) =>
                $"{m.ShareDelegated * 100:F0}%: {m.MeanQuarter ?? "never"} [{m.P05 ?? "never"}-{m.P95 ?? "never"}]" +
                (c is null ? "" : $", earlier {c.Milestones[i].ProbabilityEarlier * 100:F0}% / same {c.Milestones[i].ProbabilitySame * 100:F0}% / later {c.Milestones[i].ProbabilityLater * 100:F0}%"));
            output.WriteLine($"  {Shorten(s.Scenario, 38),-38} {string.Join("; ", parts)}");
        }
    }

    public static void Fit(TextWriter output, PointFit fit)
    {
        var r = fit.Result;
        output.WriteLine(fit.Partial ? $"PARTIAL: interrupted after {r.Evaluations} evaluations; the values below are the best found so far (distance {r.Distance:F3})"
            : r.Converged ? $"converged after {r.Evaluations} evaluations: distance {r.Distance:F3}"
            : $"WARNING: the fit did NOT converge ({r.Message}); the values below are the best found in {r.Evaluations} evaluations and must not be relied on");
        output.WriteLine();
        output.WriteLine($"{"coefficient",-34} {"start",8} {"fitted",8} {"std err",16}  bounds");
        for (var i = 0; i < fit.Free.Count; i++)
        {
            var f = fit.Free[i];
            // A NaN standard error comes from a singular or ill-conditioned curvature: a ridge of equally good fits.
            var se = !double.IsNaN(fit.StandardErrors[i]) ? fit.StandardErrors[i].ToString("F3", CultureInfo.InvariantCulture) : fit.Partial ? "n/a" : "not identifiable";
            output.WriteLine($"{f.Name,-34} {f.Start,8:F3} {r.Best[i],8:F3} {se,16}  [{f.Min}, {f.Max}]");
        }
        output.WriteLine();
        output.WriteLine($"{"quarter",-8} {"scope",-30} {"measure",-13} {"observed",9} {"simulated mean [90% band]",-28}");
        for (var i = 0; i < fit.Fit.Observations.Count; i++)
        {
            var (o, s) = (fit.Fit.Observations[i], fit.Simulated[i]);
            output.WriteLine($"{o.Quarter,-8} {o.Scope,-30} {o.Measure,-13} {o.Value,9:G4} {s.Mean,8:F2} [{s.P05:G4}-{s.P95:G4}]");
        }
    }

    public static void Posterior(TextWriter output, AbcFit fit, TimeSpan elapsed)
    {
        var r = fit.Result;
        output.WriteLine();
        output.WriteLine(fit.Partial
            ? $"PARTIAL: interrupted; the posterior below is generation {r.Posterior.Index}, the last complete one"
            : $"{fit.Plan.Scenario.Name}: {r.History.Count} generations, {r.Posterior.TotalSimulations:N0} simulations in {elapsed.TotalSeconds:F1} s; stopped: {r.Message}");
        output.WriteLine($"posterior: {r.Posterior.Particles.Count} particles, effective sample size {fit.Summary.EffectiveSampleSize:F0}, tolerance {r.Posterior.Tolerance:F3}; {fit.Plan.Fit.Observations.Count} observations"
            + (fit.Plan.Cutoff is { } c ? $" up to {c}" : ""));
        output.WriteLine();
        output.WriteLine($"{"coefficient",-34} {"mean",8} {"median",8} {"90% interval",-20} {"sd/prior",8}");
        foreach (var m in fit.Summary.Marginals)
        {
            output.WriteLine($"{m.Name,-34} {m.Mean,8:F3} {m.Median,8:F3} {$"{m.Lower90:F3} to {m.Upper90:F3}",-20} {m.SdRatio,8:P0}");
        }
        foreach (var warning in fit.Summary.Warnings) output.WriteLine($"WARNING: {warning}");
        if (fit.Predictive.Runs == 0) return;
        output.WriteLine();
        output.WriteLine($"{"quarter",-8} {"scope",-30} {"measure",-13} {"observed",9} {"posterior predictive mean [90% band]",-28}");
        for (var i = 0; i < fit.Plan.Fit.Observations.Count; i++)
        {
            var (o, s) = (fit.Plan.Fit.Observations[i], fit.Simulated[i]);
            output.WriteLine($"{o.Quarter,-8} {o.Scope,-30} {o.Measure,-13} {o.Value,9:G4} {s.Mean,8:F2} [{s.P05:G4}-{s.P95:G4}]");
        }
    }

    public static void Hindcast(TextWriter output, HindcastResult result, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine($"{result.Scenario.Name}: hindcast in {elapsed.TotalSeconds:F1} s{Partial(result.Partial)}; scores over the observations after each cutoff (CRPS: lower is better)");
        if (result.StoppedDuring is { } stage) output.WriteLine($"PARTIAL: stopped during {stage}; only the cutoffs below completed");
        output.WriteLine($"{"cutoff",-8} {"forecast",-10} {"held out",8} {"in 50%",7} {"in 90%",7} {"mean CRPS",10}");
        foreach (var c in result.Cutoffs)
        {
            foreach (var (label, scores) in new[] { ("model", c.Held.Select(s => s.Model).ToArray()), ("null", c.Held.Select(s => s.Null).ToArray()) })
            {
                if (scores.Length == 0) continue;
                var skill = Analysis.ForecastSkill.Of(scores);
                output.WriteLine($"{c.Cutoff,-8} {label,-10} {skill.Observations,8} {skill.Inside50,7:P0} {skill.Inside90,7:P0} {skill.MeanCrps,10:F2}");
            }
        }
        foreach (var c in result.Cutoffs)
        {
            output.WriteLine();
            output.WriteLine($"from {c.Cutoff}: {"quarter",-8} {"scope",-30} {"measure",-8} {"observed",9} {"model CRPS",10} {"null CRPS",10} {"in 90%",6}");
            foreach (var s in c.Held)
                output.WriteLine($"             {s.Observation.Quarter,-8} {s.Observation.Scope,-30} {s.Observation.Measure,-8} {s.Observation.Value,9:G4} {s.Model.Crps,10:F2} {s.Null.Crps,10:F2} {(s.Model.Inside90 ? "yes" : "no"),6}");
        }
    }

    public static void Sensitivity(TextWriter output, SensitivityResult result)
    {
        foreach (var outcome in result.Outcomes)
        {
            output.WriteLine();
            output.WriteLine($"what drives {outcome.Description} (ranked by total index; +/- is the 95% bootstrap half-width):");
            output.WriteLine($"  {"rank",4} {"parameter",-34} {"first-order S1",18} {"total ST",18}");
            for (var i = 0; i < outcome.Indices.Count; i++)
            {
                var x = outcome.Indices[i];
                output.WriteLine($"  {i + 1,4} {x.Parameter,-34} {x.First,8:F3} +/- {x.FirstConfidence,5:F3} {x.Total,8:F3} +/- {x.TotalConfidence,5:F3}");
            }
        }
        if (result.Partial) output.WriteLine($"PARTIAL: interrupted; indices from the first {result.SamplesAnalysed} of {result.Plan.Design.Samples} design samples");
        if (result.Censored > 0) output.WriteLine($"note: {result.Censored} of {result.Replications} replications never reached 90% within the horizon and count as all quarters of the horizon");
    }

    private static string Shorten(string name, int width = 40) => name.Length <= width ? name : name[..(width - 3)] + "...";

    private static string Difference(Band b) => $"{b.Mean,6:+0.0;-0.0;0.0} [{b.P05:+0;-0;0},{b.P95:+0;-0;0}]";

    private const string Header = "quarter    L1 greater involvement    L2 joint                  L3 delegated";

    public static string Row(string quarter, int q, TrajectoryAccumulator a) =>
        Row(new QuarterRow(quarter, a.Stats(q, 0, 1), a.Stats(q, 0, 2), a.Stats(q, 0, 3)));

    private static string Row(QuarterRow row) =>
        $"{row.Quarter,-10} {Cell(row.Level1),-25} {Cell(row.Level2),-25} {Cell(row.Level3)}";

    public static string Cell(Band b) => $"{b.Mean,6:F1} [{b.P05}-{b.P95}]";
}
