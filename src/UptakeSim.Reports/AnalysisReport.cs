using System.Globalization;
using UptakeSim.Analysis;
using UptakeSim.Model;
using static UptakeSim.Reports.ReportPage;

namespace UptakeSim.Reports;

/// <summary>
/// What a calibration by ABC-SMC found, for its report. <paramref name="Priors"/> are the free parameters in the order
/// of each particle's values; <paramref name="PosteriorPredictive"/> is each observation against the runs simulated
/// from the posterior; <paramref name="ModelNoise"/> what the distance allowed for at each observation;
/// <paramref name="Observations"/> names the observations file as the user gave it (a relative path, never an
/// absolute local one).
/// </summary>
public sealed record CalibrationReport(
    string Scenario, string Description, string Observations, ulong Seed, IReadOnlyList<UncertainParameter> Priors, AbcResult Result,
    IReadOnlyList<FitPoint> PosteriorPredictive, IReadOnlyList<ObservationNoise> ModelNoise, string? FittedYaml = null);

/// <summary>An observation (<paramref name="Observation"/> labels it: quarter, scope, measure) with its own sd and the
/// model noise, the run-to-run sd of its simulated value at fixed coefficients.</summary>
public sealed record ObservationNoise(string Observation, double Observed, double Sd, double ModelNoiseSd);

/// <summary>
/// A hindcast's score on one held-out observation against a null model's (for instance "the share stays where it was
/// at the cutoff"): <paramref name="Observation"/> labels it (quarter, scope, measure).
/// </summary>
public sealed record HindcastScore(string Observation, ForecastScore Model, ForecastScore Null);

/// <summary>
/// What a hindcast found, for its report: the model fitted to the observations up to and including <paramref name="Cutoff"/>, run on,
/// and scored on the observations from the cutoff on against <paramref name="NullModel"/> (described in words).
/// </summary>
public sealed record HindcastReport(
    string Scenario, string Description, string Cutoff, long Runs, ulong Seed, string NullModel, IReadOnlyList<HindcastSeries> Series,
    IReadOnlyList<HindcastScore> Scores, string? Yaml = null);

/// <summary>The Sobol indices of one outcome, ranked as they are to be shown; <paramref name="Key"/> as in the CSV.</summary>
public sealed record SensitivityOutcome(string Key, string Description, IReadOnlyList<SobolIndex> Indices);

/// <summary>
/// What a sensitivity analysis found, for its report: the uncertain inputs, the design (samples, repeats per point), each
/// outcome's indices, and notes in plain words (for instance how many runs never reached a milestone).
/// </summary>
public sealed record SensitivityReport(
    string Scenario, string Description, ulong Seed, int Samples, int Repeats, IReadOnlyList<UncertainParameter> Parameters,
    IReadOnlyList<SensitivityOutcome> Outcomes, IReadOnlyList<string> Notes)
{
    /// <summary>What an input holds, in words, by its name, where its distribution says nothing (a posterior draw,
    /// sampled as a uniform place among the particles).</summary>
    public IReadOnlyDictionary<string, string> Holds { get; init; } = new Dictionary<string, string>();
}

/// <summary>A report page and the charts it embeds (written to the chart directory, as PNG and SVG).</summary>
public sealed record ReportFiles(string Html, IReadOnlyList<ChartFile> Charts);

/// <summary>The self-contained report.html of calibrate, hindcast and sensitivity, with their charts.</summary>
public static class AnalysisReport
{
    public static ReportFiles Calibration(CalibrationReport input, string chartDirectory)
    {
        var posterior = input.Result.Posterior;
        var summary = PosteriorSummary.Of(input.Priors, posterior.Particles);
        var charts = new List<ChartFile> { Charts.Marginals(chartDirectory, input.Scenario, input.Priors, posterior.Particles) };
        if (Charts.Pairs(chartDirectory, input.Scenario, input.Priors.Select(p => p.Name).ToArray(), posterior.Particles) is { } pairs) charts.Add(pairs);
        if (input.PosteriorPredictive.Count > 0) charts.Add(Charts.Fit(chartDirectory, input.Scenario, input.PosteriorPredictive, "Posterior predictive"));

        var page = new ReportPage($"UptakeSim calibration: {input.Scenario}", $"UptakeSim calibration: {input.Scenario}");
        page.Paragraph(input.Description, "description");
        page.Facts(
        [
            ("Observations", [input.Observations]),
            ("Method", ["ABC-SMC (population Monte Carlo, Beaumont et al. 2009) with an adaptive tolerance"]),
            ("Particles", [N(posterior.Particles.Count)]),
            ("Effective sample size", [$"{summary.EffectiveSampleSize.ToString("0", CultureInfo.InvariantCulture)} of {N(posterior.Particles.Count)} particles"]),
            ("Generations", [N(input.Result.History.Count)]),
            ("Simulations", [N(posterior.TotalSimulations)]),
            ("Stopped because", [input.Result.Message]),
            ("Seed", [input.Seed.ToString(CultureInfo.InvariantCulture)]),
        ]);
        page.Warnings("What the data cannot tell:", summary.Warnings.Select(Sentence));

        page.Heading("How to read this");
        page.Table("What each term of this report means", ["Term", "Meaning"], new (string Term, string Meaning)[]
        {
            ("Tolerance", "The ABC distance threshold a simulation must come within to be accepted; it shrinks each generation (to the weighted median of the last generation's distances), so each generation fits the observations better. The posterior's: " + (double.IsFinite(posterior.Tolerance) ? G(posterior.Tolerance) : "none (the prior)") + "."),
            ("Distance", "How far a simulation is from the observations: the square root of the sum, over the observations, of (simulated - observed)² / (observation sd² + model noise sd²)."),
            ("Model noise", "Per observation, the run-to-run sd of its simulated value at fixed coefficients, estimated from pilot runs at draws from the prior: the distance allows for it on top of the observation's own sd, so a correct model is not rejected for its own randomness (table below)."),
            ("Acceptance rate", "The share of a generation's simulations accepted; it falls as the tolerance shrinks."),
            ("Effective sample size (ESS)", "How many equally weighted particles the weighted particles are worth (1 / the sum of their squared weights): near the number of particles when the weights are even, far below it when a few particles carry most of the weight."),
            ("Sd / prior sd", "A parameter's posterior sd as a share of its prior sd: how much the data taught about it. Near 100%: little, its value comes mostly from the prior; the lower, the more the data narrowed it."),
        }.Select(t => (IReadOnlyList<string>)[E(t.Term), E(t.Meaning)]).ToArray(), textColumns: new HashSet<int> { 1 });

        page.Heading("Posterior");
        page.Table("Each parameter's posterior (weighted over the particles): mean, median, the central interval holding 90% of it, and sd / prior sd",
            ["Parameter", "Prior", "Mean", "Median", "90% interval", "Sd / prior sd"],
            summary.Marginals.Select((m, k) => (IReadOnlyList<string>)[E(m.Name), E(Describe(input.Priors[k].Distribution)), G(m.Mean), G(m.Median), $"{G(m.Lower90)} to {G(m.Upper90)}", Percent(m.SdRatio)]).ToArray(),
            textColumns: new HashSet<int> { 1 });
        foreach (var chart in charts.Where(c => c.Kind is "marginals" or "pairs"))
        {
            page.Figure(chart, chartDirectory, chart.Kind == "marginals"
                ? "Each parameter's posterior as a weighted histogram (a density), with its prior's density: where the bars are narrower than the line, the data said something about the parameter."
                : "Each pair of parameters across the posterior particles (darker: heavier weight). A long thin diagonal cloud means the data fix a combination of the two, not each one.");
        }
        page.Table("Generations, each accepting the simulations within its tolerance",
            ["Generation", "Tolerance", "Acceptance rate", "Simulations", "Effective sample size"],
            input.Result.History.Select(g => (IReadOnlyList<string>)[N(g.Index), G(g.Tolerance), Percent(g.AcceptanceRate), N(g.Simulations), g.EffectiveSampleSize.ToString("0", CultureInfo.InvariantCulture)]).ToArray());

        if (input.ModelNoise.Count > 0)
        {
            page.Heading("Model noise");
            page.Table("What the distance allows for at each observation: its own sd and the model noise sd",
                ["Observation", "Observed", "Observation sd", "Model noise sd"],
                input.ModelNoise.Select(n => (IReadOnlyList<string>)[E(n.Observation), G(n.Observed), G(n.Sd), G(n.ModelNoiseSd)]).ToArray());
        }

        if (input.PosteriorPredictive.Count > 0)
        {
            page.Heading("Observed against the posterior predictive");
            page.Figure(charts.Single(c => c.Kind == "fit"), chartDirectory, "Each observation against runs simulated from the posterior: the mean and the band holding 90% of them. An observation outside its band is one the fitted model does not reproduce.");
            page.Table("Each observation against the posterior predictive runs",
                ["Observation", "Observed", "Simulated mean", "90% of runs", "Inside"],
                input.PosteriorPredictive.Select(p => (IReadOnlyList<string>)[E(p.Label), G(p.Observed), G(p.Mean), $"{G(p.P05)} to {G(p.P95)}", p.P05 <= p.Observed && p.Observed <= p.P95 ? "yes" : "no"]).ToArray());
        }
        if (input.FittedYaml is { } yaml) page.Code("Fitted scenario (YAML)", yaml);
        return new ReportFiles(page.End(), charts);
    }

    public static ReportFiles Hindcast(HindcastReport input, string chartDirectory)
    {
        var charts = input.Series.Select(s => Charts.Hindcast(chartDirectory, input.Scenario, input.Cutoff, s, new ChartProvenance(input.Scenario, input.Runs, input.Seed))).ToArray();
        var page = new ReportPage($"UptakeSim hindcast: {input.Scenario} from {input.Cutoff}", $"UptakeSim hindcast: {input.Scenario} from {input.Cutoff}");
        page.Paragraph(input.Description, "description");
        page.Facts(
        [
            ("Cutoff", [$"{input.Cutoff}: fitted to the observations up to and including it, forecast after it"]),
            ("Null model", [input.NullModel]),
            ("Monte Carlo runs", [N(input.Runs)]),
            ("Seed", [input.Seed.ToString(CultureInfo.InvariantCulture)]),
        ]);
        if (input.Scores.Count > 0)
        {
            page.Heading("How well it forecast");
            var model = ForecastSkill.Of(input.Scores.Select(s => s.Model).ToArray());
            var baseline = ForecastSkill.Of(input.Scores.Select(s => s.Null).ToArray());
            page.Paragraph(model.MeanCrps < baseline.MeanCrps
                ? $"The model forecast the {model.Observations} held-out observations better than the null model: mean CRPS {G(model.MeanCrps)} against {G(baseline.MeanCrps)} (lower is better)."
                : $"The model did not forecast the {model.Observations} held-out observations better than the null model: mean CRPS {G(model.MeanCrps)} against {G(baseline.MeanCrps)} (lower is better).");
            page.Table("Scores over the held-out observations: the share inside the central 50% and 90% of the forecast (a calibrated forecast has about 50% and 90%) and the mean CRPS (continuous ranked probability score, in the observations' units: lower is better)",
                ["Forecast", "Inside 50%", "Inside 90%", "Mean CRPS"],
                [
                    ["Model", Percent(model.Inside50), Percent(model.Inside90), G(model.MeanCrps)],
                    ["Null model", Percent(baseline.Inside50), Percent(baseline.Inside90), G(baseline.MeanCrps)],
                ],
                "skill");
            page.Table("Each held-out observation: the model's and the null model's CRPS, and whether it fell inside the model's central 50% and 90%",
                ["Observation", "Observed", "Model CRPS", "Null CRPS", "Inside 50%", "Inside 90%"],
                input.Scores.Select(s => (IReadOnlyList<string>)[E(s.Observation), G(s.Model.Observed), G(s.Model.Crps), G(s.Null.Crps), s.Model.Inside50 ? "yes" : "no", s.Model.Inside90 ? "yes" : "no"]).ToArray());
        }
        page.Heading("Forecast against what happened");
        foreach (var chart in charts)
        {
            page.Figure(chart, chartDirectory, $"Simulated bands (the middle 50% and 90% of runs) and median; observations before the cutoff ({input.Cutoff}), which the model was fitted to, filled; those from it on, which it forecast, open.");
        }
        if (input.Yaml is { } yaml) page.Code("Scenario as run (YAML)", yaml);
        return new ReportFiles(page.End(), charts);
    }

    public static ReportFiles Sensitivity(SensitivityReport input, string chartDirectory)
    {
        var charts = input.Outcomes.Select(o => Charts.Sensitivity(chartDirectory, o.Description,
            o.Indices.Select(i => new SensitivityBar(i.Parameter, i.First, i.FirstConfidence, i.Total, i.TotalConfidence)).ToArray(),
            new ChartProvenance(input.Scenario, (long)input.Samples * (input.Parameters.Count + 2) * input.Repeats, input.Seed))).ToArray();
        var page = new ReportPage($"UptakeSim sensitivity: {input.Scenario}", $"UptakeSim sensitivity: {input.Scenario}");
        page.Paragraph(input.Description, "description");
        page.Facts(
        [
            ("Method", ["Sobol indices from a Saltelli design; first order S1 (Saltelli et al. 2010), total ST (Jansen 1999); 95% bootstrap intervals"]),
            ("Design", [$"{N(input.Samples)} samples x {N(input.Parameters.Count + 2)} points, each run {N(input.Repeats)} times and averaged"]),
            ("Seed", [input.Seed.ToString(CultureInfo.InvariantCulture)]),
        ]);
        page.Warnings("Notes:", input.Notes.Select(Sentence));
        page.Table("Uncertain inputs and their distributions", ["Parameter", "Distribution"],
            input.Parameters.Select(p => (IReadOnlyList<string>)[E(p.Name), E(input.Holds.GetValueOrDefault(p.Name) ?? Describe(p.Distribution))]).ToArray(), textColumns: new HashSet<int> { 1 });
        page.Paragraph("S1 is the share of the outcome's variance due to the parameter alone; ST adds its interactions with the others. Estimates are shown as estimated: a first-order index whose true value is near 0 can come out below 0, and its interval says how far from 0 that is.");
        for (var i = 0; i < input.Outcomes.Count; i++)
        {
            var outcome = input.Outcomes[i];
            page.Heading($"What drives the {outcome.Description}");
            page.Table($"Sobol indices of the {outcome.Description} ({outcome.Key} in sensitivity.csv), in the order shown (95% intervals below each estimate)",
                ["Rank", "Parameter", "First order S1", "Total ST"],
                outcome.Indices.Select((x, rank) => (IReadOnlyList<string>)
                [
                    N(rank + 1), E(x.Parameter) + (x.NoEffect ? "<br><span class=\"interval\">no detectable effect</span>" : ""),
                    TwoLines(G(x.First) + (x.First < 0 ? " (below 0: read as about 0)" : ""), $"[{G(x.FirstLower)} to {G(x.FirstUpper)}]"),
                    TwoLines(G(x.Total), $"[{G(x.TotalLower)} to {G(x.TotalUpper)}]"),
                ]).ToArray());
            page.Figure(charts[i], chartDirectory, "First-order (light) and total (dark) index of each parameter with its 95% interval.");
        }
        return new ReportFiles(page.End(), charts);
    }

    /// <summary>A distribution in its one text form, and the central interval holding 90% of it.</summary>
    private static string Describe(Distribution distribution) =>
        $"{distribution}, 90% in {G(distribution.Quantile(0.05))} to {G(distribution.Quantile(0.95))}";

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");
}
