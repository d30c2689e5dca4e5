using System.Globalization;
using System.Text;
using UptakeSim.Analysis;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Reports;

namespace UptakeSim.Experiments.Output;

public sealed record GenerationDocument(int Generation, double? Tolerance, double AcceptanceRate, double EffectiveSampleSize, long Simulations, long TotalSimulations);

public sealed record MarginalDocument(string Name, string Prior, double Mean, double Median, double Sd, double Lower90, double Upper90, double PriorSd, double SdRatio);

public sealed record PredictedObservation(string Quarter, string Scope, string Measure, double Observed, double Sd, double ModelNoiseSd, double Mean, double P05, double P95, bool Inside90);

public sealed record AbcSettingsDocument(int Population, int MaxGenerations, long MaxSimulations, double MinAcceptanceRate, double Alpha, int PilotPoints, int PilotRuns, int PredictiveRuns);

/// <summary>summary.json of <c>calibrate</c> (ABC-SMC): the posterior in numbers and plain words.</summary>
public sealed record CalibrationDocument(
    string Scenario, string Observations, string? Cutoff, int ObservationsUsed, ulong Seed, bool Partial, string Method, string StopReason, string Message,
    AbcSettingsDocument Settings, IReadOnlyList<GenerationDocument> Generations, double EffectiveSampleSize, IReadOnlyList<MarginalDocument> Parameters,
    IReadOnlyList<string> CorrelationNames, double[][] Correlation, IReadOnlyList<string> Warnings, IReadOnlyList<PredictedObservation> PosteriorPredictive) : IResultDocument
{
    public static CalibrationDocument Of(AbcFit fit, string observations)
    {
        static double R(double x) => Math.Round(x, 6);
        var p = fit.Plan;
        var s = fit.Summary;
        var names = p.Names;
        return new CalibrationDocument(
            p.Scenario.Name, observations, p.Cutoff?.ToString(), p.Fit.Observations.Count, p.Scenario.Seed, fit.Partial,
            "ABC-SMC (population Monte Carlo, Beaumont et al. 2009; adaptive tolerance, the weighted median of the previous distances); distance: observation sd and the model's own noise (pilot runs)",
            fit.Result.StopReason.ToString(), fit.Result.Message,
            new AbcSettingsDocument(p.Settings.PopulationSize, p.Settings.MaxGenerations, p.Settings.MaxSimulations, p.Settings.MinimumAcceptanceRate, p.Settings.Alpha, p.PilotPoints, p.PilotRuns, p.PredictiveRuns),
            fit.Result.History.Select(g => new GenerationDocument(g.Index, double.IsFinite(g.Tolerance) ? R(g.Tolerance) : null, R(g.AcceptanceRate), R(g.EffectiveSampleSize), g.Simulations, g.TotalSimulations)).ToArray(),
            R(s.EffectiveSampleSize),
            s.Marginals.Select((m, k) => new MarginalDocument(m.Name, fit.Plan.Free[k].PriorOrRange.ToString(), R(m.Mean), R(m.Median), R(m.Sd), R(m.Lower90), R(m.Upper90), R(m.PriorSd), R(m.SdRatio))).ToArray(),
            names, Enumerable.Range(0, names.Count).Select(i => Enumerable.Range(0, names.Count).Select(j => R(s.Correlation[i, j])).ToArray()).ToArray(),
            s.Warnings,
            p.Fit.Observations.Select((o, i) =>
            {
                var v = fit.Simulated[i];
                return new PredictedObservation(o.Quarter, o.Scope, o.Measure, o.Value, o.Sd, R(Math.Sqrt(fit.Distance.ModelVariance[i])), R(v.Mean), R(v.P05), R(v.P95), v.P05 <= o.Value && o.Value <= v.P95);
            }).ToArray());
    }
}

public sealed record ScoreDocument(double Crps, bool Inside50, bool Inside90);

/// <param name="Nhse">NHS England's March 2016 forecast scored on it, where that forecast said something about it.</param>
/// <param name="KnownAtLastStructureChange">In view when the model's structure last changed: a held-out row that is not blind.</param>
public sealed record HindcastRow(string Quarter, string Scope, string Measure, double Observed, bool HeldOut, ScoreDocument Model, ScoreDocument NullModel,
    ScoreDocument? Nhse, bool KnownAtLastStructureChange);

public sealed record SkillDocument(int Observations, double Inside50, double Inside90, double MeanCrps);

public sealed record CutoffDocument(string Cutoff, int ObservationsFitted, SkillDocument Model, SkillDocument NullModel, SkillDocument InSampleModel,
    IReadOnlyList<MarginalDocument> Posterior, IReadOnlyList<MarginalDocument> NullPosterior, IReadOnlyList<string> Warnings, IReadOnlyList<HindcastRow> Observations)
{
    /// <summary>The first April after the cutoff forecast CCG by CCG (null where the per-CCG record allows none).</summary>
    public CcgForecastDocument? CcgScores { get; init; }
}

/// <summary>A per-CCG forecast's scores: Brier, log score and AUC (null with one class) of the model and the logistic benchmark.</summary>
public sealed record CcgForecastDocument(int April, int CcgsScored, int Delegated, int LogisticFittedTo, BinaryDocument Model, BinaryDocument Logistic);

public sealed record BinaryDocument(double Brier, double LogScore, double? Auc)
{
    public static BinaryDocument Of(Analysis.BinaryScores s) => new(Math.Round(s.Brier, 6), Math.Round(s.LogScore, 6), s.Auc is { } a ? Math.Round(a, 6) : null);
}

/// <summary>summary.json of <c>hindcast</c>.</summary>
public sealed record HindcastDocument(string Scenario, string Observations, ulong Seed, bool Partial, string? StoppedDuring, string NullModel, IReadOnlyList<CutoffDocument> Cutoffs) : IResultDocument
{
    public static HindcastDocument Of(HindcastResult r, string observations) => new(r.Scenario.Name, observations, r.Scenario.Seed, r.Partial, r.StoppedDuring, HindcastExperiment.NullModelDescription,
        r.Cutoffs.Select(c => new CutoffDocument(c.Cutoff.ToString(), c.Model.Plan.Fit.Observations.Count,
            Skill(c.Held.Select(s => s.Model)), Skill(c.Held.Select(s => s.Null)), Skill(c.Scores.Where(s => !s.Held).Select(s => s.Model)),
            Marginals(c.Model), Marginals(c.Null), c.Model.Summary.Warnings,
            c.Scores.Select(s => new HindcastRow(s.Observation.Quarter, s.Observation.Scope, s.Observation.Measure, s.Observation.Value, s.Held, Score(s.Model), Score(s.Null),
                s.Nhse is { } n ? Score(n) : null, s.KnownAtLastChange)).ToArray())
        {
            CcgScores = c.Ccgs is { } f ? new CcgForecastDocument(f.Year, f.Model.Count, f.Model.Positives, f.Training, BinaryDocument.Of(f.Model), BinaryDocument.Of(f.Logistic)) : null,
        }).ToArray());

    private static ScoreDocument Score(ForecastScore s) => new(Math.Round(s.Crps, 6), s.Inside50, s.Inside90);

    public static SkillDocument Skill(IEnumerable<ForecastScore> scores)
    {
        var list = scores.ToArray();
        if (list.Length == 0) return new SkillDocument(0, double.NaN, double.NaN, double.NaN);
        var skill = ForecastSkill.Of(list);
        return new SkillDocument(skill.Observations, Math.Round(skill.Inside50, 6), Math.Round(skill.Inside90, 6), Math.Round(skill.MeanCrps, 6));
    }

    private static IReadOnlyList<MarginalDocument> Marginals(AbcFit fit) => fit.Summary.Marginals.Select((m, k) =>
        new MarginalDocument(m.Name, fit.Plan.Free[k].PriorOrRange.ToString(), Math.Round(m.Mean, 6), Math.Round(m.Median, 6), Math.Round(m.Sd, 6),
            Math.Round(m.Lower90, 6), Math.Round(m.Upper90, 6), Math.Round(m.PriorSd, 6), Math.Round(m.SdRatio, 6))).ToArray();
}

/// <summary>What <c>calibrate</c> (ABC-SMC) and <c>hindcast</c> leave in their results folders (see the README's Calibration).</summary>
public static class CalibrationFiles
{
    /// <summary>The posterior's particles with weights, in the format <c>posterior:</c> reads.</summary>
    public static string Posterior(AbcFit fit)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        PosteriorFile.Write(writer, fit.Plan.Names, fit.Result.Posterior);
        return writer.ToString();
    }

    public static void Calibration(ResultsFolder folder, AbcFit fit, string calibratedYaml, string command, string observations)
    {
        folder.Write("posterior.csv", Posterior(fit));
        var status = fit.Partial ? "INTERRUPTED (PARTIAL): the last complete generation" : fit.Result.Message;
        folder.Write("calibrated.yaml", $"# Calibrated by {command}: {status}\n# Each replication draws its {string.Join(", ", fit.Plan.Names)} from posterior.csv (particles by weight).\n{calibratedYaml}");
        var document = CalibrationDocument.Of(fit, observations);
        folder.Write("summary.json", ResultsJson.Document(document));
        var points = document.PosteriorPredictive.Select(p => new FitPoint($"{p.Quarter} {p.Scope.Split(' ')[0]} {p.Measure}", p.Observed, p.Mean, p.P05, p.P95))
            .Where(p => double.IsFinite(p.Mean)).ToArray();
        var charts = folder.PathOf("charts");
        Directory.CreateDirectory(charts);
        var noise = document.PosteriorPredictive.Select(p => new ObservationNoise($"{p.Quarter} {p.Scope} {p.Measure}", p.Observed, p.Sd, p.ModelNoiseSd)).ToArray();
        var report = AnalysisReport.Calibration(new CalibrationReport(fit.Plan.Scenario.Name, Describe(fit), observations, fit.Plan.Scenario.Seed, fit.Plan.Priors, fit.Result, points, noise, calibratedYaml), charts);
        folder.Write("report.html", report.Html);
        ResultsWorkbook.Write(folder);
    }

    private static string Describe(AbcFit fit) =>
        $"{fit.Plan.Scenario.Name}: {fit.Plan.Names.Count} free coefficients ({string.Join(", ", fit.Plan.Names)}) given {fit.Plan.Fit.Observations.Count} observations"
        + (fit.Plan.Cutoff is { } c ? $" up to {c}" : "") + (fit.Partial ? ". INTERRUPTED: the last complete generation, flagged partial." : ".");

    public static void Hindcast(ResultsFolder folder, HindcastResult result, string resolvedYaml, string observations)
    {
        var csv = new StringBuilder($"cutoff,{ResultsCsv.QuarterColumns},scope,measure,observed,held_out,model_crps,model_inside50,model_inside90,null_crps,null_inside50,null_inside90,nhse_crps,known_at_last_structure_change\n");
        foreach (var c in result.Cutoffs)
        {
            foreach (var s in c.Scores)
            {
                csv.Append(CultureInfo.InvariantCulture,
                    $"{c.Cutoff},{ResultsCsv.Quarter(s.Observation.Quarter)},{ResultsCsv.Text(s.Observation.Scope)},{s.Observation.Measure},{s.Observation.Value},{(s.Held ? "true" : "false")},{ResultsCsv.Number(s.Model.Crps)},{B(s.Model.Inside50)},{B(s.Model.Inside90)},{ResultsCsv.Number(s.Null.Crps)},{B(s.Null.Inside50)},{B(s.Null.Inside90)},{(s.Nhse is { } n ? ResultsCsv.Number(n.Crps) : "")},{B(s.KnownAtLastChange)}\n");
            }
        }
        folder.Write("hindcast.csv", csv.ToString());
        folder.Write("trajectories.csv", csv => ResultsCsv.Trajectories(csv, result.Cutoffs.Select(c => c.Trajectories)));
        folder.Write("summary.json", ResultsJson.Document(HindcastDocument.Of(result, observations)));
        for (var i = 0; i < result.Cutoffs.Count; i++)
        {
            var c = result.Cutoffs[i];
            folder.Write(Path.Combine(c.Cutoff.ToString(), "posterior.csv"), Posterior(c.Model));
            folder.Write(Path.Combine(c.Cutoff.ToString(), "null-posterior.csv"), Posterior(c.Null));
            var charts = folder.PathOf(Path.Combine("charts", c.Cutoff.ToString()));
            Directory.CreateDirectory(charts);
            var report = AnalysisReport.Hindcast(new HindcastReport(result.Scenario.Name,
                $"{result.Scenario.Name}: calibrated on the {c.Model.Plan.Fit.Observations.Count} observations up to and including {c.Cutoff}, then run over the horizon drawing each replication's coefficients from that posterior; every later observation scored.",
                c.Cutoff.ToString(), c.Trajectories.Runs, result.Scenario.Seed, HindcastExperiment.NullModelDescription, Series(c),
                c.Held.Select(s => new HindcastScore($"{s.Observation.Quarter} {s.Observation.Scope} {s.Observation.Measure}", s.Model, s.Null)).ToArray(), resolvedYaml), charts);
            folder.Write(i == 0 ? "report.html" : $"report-{c.Cutoff}.html", report.Html);
        }
        ResultsWorkbook.Write(folder);
    }

    private static string B(bool value) => value ? "true" : "false";

    /// <summary>England's CCGs at each level: the forecast's bands per quarter and the observed counts.</summary>
    private static IReadOnlyList<HindcastSeries> Series(HindcastCutoff c) => Enumerable.Range(1, 3).Select(level =>
    {
        var observed = c.Scores.Select(s => s.Observation).Where(o => o.Scope == "England" && o.Measure == $"level{level}")
            .Select(o => new HindcastObservation(o.Quarter, o.Value)).ToArray();
        return new HindcastSeries($"CCGs at level {level}, England", "CCGs",
            c.Trajectories.England.Select(r => new HindcastBand(r.Quarter, r[level].P05, r[level].P25, r[level].P50, r[level].P75, r[level].P95)).ToArray(), observed);
    }).Where(s => s.Observed.Count > 0).ToArray();
}
