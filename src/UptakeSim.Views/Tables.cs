using System.Globalization;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Output;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Views;

/// <summary>The results of each command as plain text tables for people.</summary>
public static class Tables
{
    public static string Partial(bool partial) => partial ? " (PARTIAL: interrupted)" : "";

    /// <summary>The width tables are laid out for: the terminal's, or 120 characters in a pipe or where it is unknown.</summary>
    public static int Width()
    {
        if (Console.IsOutputRedirected) return 120;
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    /// <summary>A command's result, in full, from its outcome.</summary>
    public static void Print(TextWriter output, JobOutcome outcome, TimeSpan elapsed, int width)
    {
        outcome.Show(new InFull(output, elapsed, width));
        output.Flush();
    }

    private sealed class InFull(TextWriter output, TimeSpan elapsed, int width) : IResultView
    {
        public void Run(RunSummary summary) => Tables.Run(output, summary, elapsed, width);

        public void Comparison(ComparisonSummary summary, ComparisonDocument document) =>
            Tables.Comparison(output, summary, elapsed, width, document.Comparisons.ToDictionary(c => c.Scenario, c => c.Changes), document.At);

        public void Alternatives(AlternativesResult result, ComparisonDocument document)
        {
            Comparison(result.AsWritten, document);
            Tables.Alternatives(output, result, width);
        }

        public void Fit(PointFit fit) => Tables.Fit(output, fit, width);

        public void Posterior(AbcFit fit) => Tables.Posterior(output, fit, elapsed, width);

        public void Hindcast(HindcastResult result) => Tables.Hindcast(output, result, elapsed);

        public void Sensitivity(SensitivityResult result) => Tables.Sensitivity(output, result, width);
    }

    /// <summary>A command's result in one line (for stderr when stdout is an NDJSON stream).</summary>
    public static string Headline(JobOutcome outcome, TimeSpan elapsed)
    {
        var line = new InOneLine(elapsed);
        outcome.Show(line);
        return line.Text;
    }

    private sealed class InOneLine(TimeSpan elapsed) : IResultView
    {
        public string Text { get; private set; } = "";

        private string In => $"in {elapsed.TotalSeconds:F1} s";

        public void Run(RunSummary s) => Text = $"{s.Scenario}: {s.Runs} runs {In}{Partial(s.Partial)}";

        public void Comparison(ComparisonSummary s, ComparisonDocument document) =>
            Text = $"{s.Scenarios.Count} scenarios, {s.Runs} paired runs each, {In}{Partial(s.Partial)}";

        public void Alternatives(AlternativesResult a, ComparisonDocument document) =>
            Text = $"{a.AsWritten.Scenarios.Count} scenarios under {a.Structures.Count} structures, {a.AsWritten.Runs} paired runs each, {In}";

        public void Fit(PointFit f) => Text = $"{f.Scenario.Name}: {f.Result.Evaluations} evaluations, distance {f.Result.Distance:F3}{Partial(f.Partial)}";

        public void Posterior(AbcFit f) =>
            Text = $"{f.Plan.Scenario.Name}: {f.Result.History.Count} generations, {f.Result.Posterior.TotalSimulations} simulations, " +
                   $"effective sample size {f.Summary.EffectiveSampleSize:F0}, {In}{Partial(f.Partial)}";

        public void Hindcast(HindcastResult h) => Text = $"{h.Scenario.Name}: hindcast from {string.Join(", ", h.Cutoffs.Select(c => c.Cutoff))} {In}{Partial(h.Partial)}";

        public void Sensitivity(SensitivityResult r) => Text = $"{r.Plan.Scenario.Name}: {r.Replications} replications {In}{Partial(r.Partial)}";
    }

    public static void Run(TextWriter output, RunSummary summary, TimeSpan elapsed, int width = 120)
    {
        output.WriteLine();
        output.WriteLine($"{summary.Scenario}: {summary.Runs} runs of {summary.Ccgs} CCGs in {elapsed.TotalSeconds:F1} s{Partial(summary.Partial)}");
        Wrap(output, "CCGs at each level on 1 April, mean [90% of runs], of the CCGs then existing (fewer after mergers; every quarter is in trajectories.csv):", width);
        output.WriteLine($"{"April",-10} {"CCGs",5}  {"L1 greater involvement",-22}  {"L2 joint",-17}  L3 delegated");
        foreach (var row in Aprils(summary.England))
            output.WriteLine($"{AprilLabel(row.Quarter),-10} {row.Ccgs,5:F0}  {Cell(row.Level1),-22}  {Cell(row.Level2),-17}  {Cell(row.Level3)}");
        foreach (var m in summary.Milestones)
        {
            Wrap(output, $"the April by which >= {m.ShareDelegated * 100:F0}% of existing CCGs are delegated: median {Milestone.April(m.P50)}, 90% of runs {Interval(m)}; reached within the horizon in {m.ShareOfRunsReaching * 100:F0}% of runs", width);
        }
    }

    /// <summary>The rows of the Aprils (each financial year's first quarter), where moves take effect.</summary>
    private static IEnumerable<QuarterRow> Aprils(IEnumerable<QuarterRow> rows) => rows.Where(r => r.Quarter.EndsWith("Q1", StringComparison.Ordinal));

    /// <summary>"April 2017" for 2017Q1: how people name the date.</summary>
    public static string AprilLabel(string quarter) => $"April {quarter[..4]}";

    private static string Year(Model.Quarter? april) => april is { } a ? a.Year.ToString(CultureInfo.InvariantCulture) : Milestone.NotReached;

    private static string Interval(Milestone m) => m.P05 == m.P95 ? Milestone.April(m.P05) : $"{Milestone.April(m.P05)} to {Milestone.April(m.P95)}";

    private static string YearInterval(Milestone m) => m.P05 == m.P95 ? Year(m.P05) : $"{Year(m.P05)} to {Year(m.P95)}";

    /// <summary>
    /// A comparison laid out for <paramref name="width"/> columns: scenarios by name, or by S1, S2, ... (their order)
    /// where a name is too long for a table, with the key of full names first; what differs from the reference; each
    /// scenario's Level 3 count at each April with its paired difference below, the Aprils split over as many panels as
    /// the width needs; then the milestones.
    /// </summary>
    /// <param name="at">The April of the regional differences (--at, else where the scenarios differ most nationally).</param>
    public static void Comparison(TextWriter output, ComparisonSummary summary, TimeSpan elapsed, int width = 120,
        IReadOnlyDictionary<string, IReadOnlyList<ResolvedChange>>? changes = null, string? at = null)
    {
        var longest = Math.Clamp(width / 5, 8, 24);
        var labels = summary.Scenarios.Select((s, i) => s.Scenario.Length <= longest ? s.Scenario : $"S{i + 1}").ToArray();
        var label = summary.Scenarios.Select((s, i) => (s.Scenario, labels[i])).ToDictionary(x => x.Scenario, x => x.Item2, StringComparer.Ordinal);
        var labelWidth = Math.Max(labels.Max(l => l.Length), "  - reference".Length);
        output.WriteLine();
        void Prose(string text, int hang = 2) => Wrap(output, text, width, hang);
        Prose($"{summary.Scenarios.Count} scenarios, {summary.Runs} paired runs each, in {elapsed.TotalSeconds:F1} s{Partial(summary.Partial)}; reference: {summary.Reference}");
        if (labels.Where((l, i) => l != summary.Scenarios[i].Scenario).Any())
        {
            Prose($"scenarios named by a label below (names longer than {longest} characters):");
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] != summary.Scenarios[i].Scenario) output.WriteLine($"  {labels[i].PadRight(labelWidth)}  {summary.Scenarios[i].Scenario}");
            }
        }
        if (changes is not null)
        {
            Prose($"what differs from {label[summary.Reference]} (resolved values: reference -> scenario):");
            foreach (var c in summary.Comparisons)
            {
                var list = changes.GetValueOrDefault(c.Scenario, []);
                if (list.Count == 0) output.WriteLine($"  {label[c.Scenario].PadRight(labelWidth)}  nothing: the same resolved scenario");
                foreach (var v in list) Prose($"  {label[c.Scenario].PadRight(labelWidth)}  {v.Path}: {v.Reference} -> {v.Value}", labelWidth + 4);
            }
        }

        output.WriteLine();
        Prose($"CCGs delegated (Level 3) each April, mean [90% of runs]; below each scenario, minus {label[summary.Reference]} in the same runs:");
        var reference = summary.Scenarios.Single(s => s.Scenario == summary.Reference);
        var aprils = reference.England.Select((row, q) => (Quarter: AprilLabel(row.Quarter), q)).Where(x => reference.England[x.q].Quarter.EndsWith("Q1", StringComparison.Ordinal)).ToArray();
        var rows = new List<(string Label, string[] Cells)>();
        foreach (var s in summary.Scenarios)
        {
            rows.Add((label[s.Scenario], aprils.Select(a => Cell(s.England[a.q].Level3)).ToArray()));
            if (summary.Comparisons.FirstOrDefault(c => c.Scenario == s.Scenario) is { } c)
                rows.Add(("  - reference", aprils.Select(a => Difference(c.Differences[a.q].Level3)).ToArray()));
        }
        var cellWidth = rows.SelectMany(r => r.Cells).Append("April 2015").Max(c => c.Length);
        var perPanel = Math.Max(1, (width - labelWidth) / (cellWidth + 2));
        for (var first = 0; first < aprils.Length; first += perPanel)
        {
            var panel = Enumerable.Range(first, Math.Min(perPanel, aprils.Length - first)).ToArray();
            output.WriteLine($"{"scenario".PadRight(labelWidth)}{string.Concat(panel.Select(i => "  " + aprils[i].Quarter.PadLeft(cellWidth)))}");
            foreach (var (name, cells) in rows) output.WriteLine($"{name.PadRight(labelWidth)}{string.Concat(panel.Select(i => "  " + cells[i].PadLeft(cellWidth)))}");
        }

        foreach (var c in summary.Comparisons.Where(c => c.NoEffect))
            Prose($"NO EFFECT: {label[c.Scenario]} moves no level by half a CCG on average in any quarter: what it changes does not move this model (within noise)", labelWidth + 4);

        var restsOn = summary.Comparisons.Where(c => c.RestsOn.Count > 0 && !c.NoEffect).ToArray();
        if (restsOn.Length > 0)
        {
            output.WriteLine();
            Prose("what each difference rests on, at the April it is largest: the 90% band of the difference the parameters' uncertainty alone gives (the effect itself, without run-to-run noise), the share of the difference's spread the parameters explain, and the coefficients that explain most (* the data leave it unconstrained):");
            foreach (var c in restsOn)
            {
                var (april, d) = c.RestsOn.MaxBy(r => Math.Abs(r.Decomposition.Mean));
                var top = string.Join(", ", d.Parameters.Where(p => p.Share >= 0.02).Take(4).Select(p => $"{p.Name}{(p.Unconstrained ? "*" : "")} {p.Share * 100:F0}%"));
                Prose($"  {label[c.Scenario]}, April {april[..4]}: {d.Mean:+0.0;-0.0;0.0} CCGs, effect [{d.EffectP05:+0.0;-0.0;0.0}, {d.EffectP95:+0.0;-0.0;0.0}]; parameters explain {d.Explained * 100:F0}%" + (top.Length > 0 ? $": {top}" : ""), labelWidth + 4);
                if (RestsOnWarning.Of(d) is { } warning) Prose($"  WARNING: {label[c.Scenario]}: {warning}", labelWidth + 4);
            }
        }

        var regionalApril = at ?? (summary.Runs > 0 ? ResultsFiles.WidestApril(summary) : null);
        var q = regionalApril is null ? -1 : reference.England.ToList().FindIndex(r => r.Quarter == regionalApril);
        if (q >= 0 && reference.Regions.Count > 0 && summary.Comparisons.Count > 0)
        {
            output.WriteLine();
            Prose($"by region on 1 {AprilLabel(regionalApril!)}: CCGs delegated in {label[summary.Reference]} (of the region's CCGs then), and each scenario minus {label[summary.Reference]} in the same runs, mean [90% of paired runs] and as a share of the region's CCGs:");
            var regionWidth = Math.Max(8, reference.Regions.Max(r => r.Region.Length));
            foreach (var (region, regionRows) in reference.Regions)
            {
                var r = regionRows[q];
                output.WriteLine($"  {region.PadRight(regionWidth)}  {label[summary.Reference]}: {r.Level3.Mean:F1} of {r.Ccgs:F0}");
                foreach (var c in summary.Comparisons)
                {
                    var d = c.Regions.First(x => x.Region == region).Quarters[q].Level3;
                    output.WriteLine($"  {"".PadRight(regionWidth)}    {label[c.Scenario]}: {Difference(d)}, {(r.Ccgs > 0 ? d.Mean / r.Ccgs : 0):+0.0%;-0.0%;0.0%}");
                }
            }
        }

        output.WriteLine();
        Prose("milestones: the April by which a share of the CCGs then existing is delegated (median and 90% of runs), the runs reaching it within the " +
              $"horizon, and how often earlier / in the same April / later (e/s/l) than {label[summary.Reference]} in the same run (%):");
        string[] header = ["scenario", "share", "median April", "90% of runs", "reached", "e/s/l"];
        var table = new List<string[]> { header };
        foreach (var s in summary.Scenarios)
        {
            var c = summary.Comparisons.FirstOrDefault(x => x.Scenario == s.Scenario);
            table.AddRange(s.Milestones.Select((m, i) => new[]
            {
                i == 0 ? label[s.Scenario] : "", $">={m.ShareDelegated * 100:F0}%", Year(m.P50), YearInterval(m), $"{m.ShareOfRunsReaching * 100:F0}%",
                c is null ? "" : $"{c.Milestones[i].ProbabilityEarlier * 100:F0}/{c.Milestones[i].ProbabilitySame * 100:F0}/{c.Milestones[i].ProbabilityLater * 100:F0}",
            }));
        }
        var widths = Enumerable.Range(0, header.Length).Select(k => table.Max(r => r[k].Length)).ToArray();
        widths[0] = Math.Max(widths[0], labelWidth);
        foreach (var r in table) output.WriteLine(string.Join("  ", r.Select((cell, k) => k == 0 || k == header.Length - 1 ? cell.PadRight(widths[k]) : cell.PadLeft(widths[k]))).TrimEnd());
    }

    /// <summary>Text wrapped at spaces to <paramref name="width"/> columns, keeping its indentation; continued lines are
    /// indented <paramref name="hang"/> more.</summary>
    private static void Wrap(TextWriter output, string text, int width, int hang = 2)
    {
        var indent = text.Length - text.TrimStart(' ').Length;
        var line = new System.Text.StringBuilder(text[..indent]);
        var start = indent;
        foreach (var word in text[indent..].Split(' '))
        {
            if (line.Length > start && line.Length + 1 + word.Length > width)
            {
                output.WriteLine(line.ToString());
                line.Clear().Append(' ', indent + hang);
                start = line.Length;
            }
            else if (line.Length > start) line.Append(' ');
            line.Append(word);
        }
        output.WriteLine(line.ToString());
    }

    public static void Fit(TextWriter output, PointFit fit, int width = 120)
    {
        var r = fit.Result;
        void Prose(string text, int hang = 2) => Wrap(output, text, width, hang);
        Prose(fit.Partial ? $"PARTIAL: interrupted after {r.Evaluations} evaluations; the values below are the best found so far (distance {r.Distance:F3})"
            : r.Converged ? $"converged after {r.Evaluations} evaluations: distance {r.Distance:F3}"
            : $"WARNING: the fit did NOT converge ({r.Message}); the values below are the best found in {r.Evaluations} evaluations and must not be relied on");
        Prose("distance: the sum over the observations of ((simulated mean - observed) / the observation's sd)^2, lower is better; std err: each fitted value's standard error from the distance's curvature at the best point (not identifiable: a ridge of equally good fits, so the data cannot fix the value)");
        output.WriteLine();
        var names = fit.Free.Select(f => f.Name).Append("coefficient").Max(n => n.Length);
        output.WriteLine($"{"coefficient".PadRight(names)}  {"start",7}  {"fitted",7}  {"std err",16}  bounds");
        for (var i = 0; i < fit.Free.Count; i++)
        {
            var f = fit.Free[i];
            // A NaN standard error comes from a singular or ill-conditioned curvature: a ridge of equally good fits.
            var se = !double.IsNaN(fit.StandardErrors[i]) ? fit.StandardErrors[i].ToString("F3", CultureInfo.InvariantCulture) : fit.Partial ? "n/a" : "not identifiable";
            output.WriteLine($"{f.Name.PadRight(names)}  {f.Start,7:F3}  {r.Best[i],7:F3}  {se,16}  [{f.Min}, {f.Max}]");
        }
        output.WriteLine();
        Prose($"each observation against the simulated mean at the fitted values ({fit.Scenario.Runs} runs): mean [90% of runs]");
        Observed(output, fit.Fit.Observations, fit.Simulated);
    }

    /// <summary>Each observation, labelled by quarter, scope and measure, against its simulated mean [90% of runs].</summary>
    private static void Observed(TextWriter output, IReadOnlyList<Observation> observations, IReadOnlyList<Analysis.SimulatedValue> simulated)
    {
        var labels = observations.Select(o => $"{o.Quarter} {o.Scope} {o.Measure}").ToArray();
        var width = labels.Append("observation").Max(l => l.Length);
        output.WriteLine($"{"observation".PadRight(width)}  {"observed",8}  simulated");
        for (var i = 0; i < observations.Count; i++)
        {
            var s = simulated[i];
            output.WriteLine($"{labels[i].PadRight(width)}  {observations[i].Value,8:G4}  {s.Mean:G4} [{s.P05:G4}-{s.P95:G4}]");
        }
    }

    public static void Posterior(TextWriter output, AbcFit fit, TimeSpan elapsed, int width = 120)
    {
        var r = fit.Result;
        void Prose(string text, int hang = 2) => Wrap(output, text, width, hang);
        output.WriteLine();
        Prose(fit.Partial
            ? $"PARTIAL: interrupted; the posterior below is generation {r.Posterior.Index}, the last complete one"
            : $"{fit.Plan.Scenario.Name}: {r.History.Count} generations, {r.Posterior.TotalSimulations:N0} simulations in {elapsed.TotalSeconds:F1} s; stopped: {r.Message}");
        var within = double.IsFinite(r.Posterior.Tolerance) ? $"within tolerance {r.Posterior.Tolerance:F3}" : "from the prior, with no tolerance";
        Prose($"posterior: the {r.Posterior.Particles.Count} particles of generation {r.Posterior.Index}, accepted {within} "
            + $"(acceptance rate {r.Posterior.AcceptanceRate * 100:F1}%), effective sample size {fit.Summary.EffectiveSampleSize:F0}; fitted to {fit.Plan.Fit.Observations.Count} observations"
            + (fit.Plan.Cutoff is { } c ? $" up to {c}" : ""));
        output.WriteLine();
        Prose("each coefficient's posterior, weighted over the particles: mean, median, 90% credible interval, and sd/prior, its posterior sd as a share of its prior sd: how much the data taught (near 100%: nothing, the prior speaks; the lower, the more the data narrowed it)");
        var names = fit.Summary.Marginals.Select(m => m.Name).Append("coefficient").Max(n => n.Length);
        var intervals = fit.Summary.Marginals.Select(m => $"{m.Lower90:F3} to {m.Upper90:F3}").ToArray();
        var intervalWidth = intervals.Append("90% interval").Max(i => i.Length);
        output.WriteLine($"{"coefficient".PadRight(names)}  {"mean",7}  {"median",7}  {"90% interval".PadRight(intervalWidth)}  sd/prior");
        for (var k = 0; k < fit.Summary.Marginals.Count; k++)
        {
            var m = fit.Summary.Marginals[k];
            output.WriteLine($"{m.Name.PadRight(names)}  {m.Mean,7:F3}  {m.Median,7:F3}  {intervals[k].PadRight(intervalWidth)}  {m.SdRatio * 100,7:F0}%");
        }
        foreach (var warning in fit.Summary.Warnings) Prose($"WARNING: {warning}", 4);
        if (fit.Predictive.Runs == 0) return;
        output.WriteLine();
        Prose($"each observation against the posterior predictive ({fit.Predictive.Runs} runs, each drawing its coefficients from the posterior): mean [90% of runs]");
        Observed(output, fit.Plan.Fit.Observations, fit.Simulated);
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
                var (inside50, inside90) = ($"{skill.Inside50 * 100:F0}%", $"{skill.Inside90 * 100:F0}%");
                output.WriteLine($"{c.Cutoff,-8} {label,-10} {skill.Observations,8} {inside50,7} {inside90,7} {skill.MeanCrps,10:F2}");
            }
        }
        foreach (var c in result.Cutoffs)
        {
            output.WriteLine();
            output.WriteLine($"from {c.Cutoff}: {"quarter",-8} {"scope",-30} {"measure",-16} {"observed",9} {"model CRPS",10} {"null CRPS",10} {"NHSE CRPS",10} {"in 90%",6}  blind");
            foreach (var s in c.Held)
                output.WriteLine($"             {s.Observation.Quarter,-8} {s.Observation.Scope,-30} {s.Observation.Measure,-16} {s.Observation.Value,9:G4} {s.Model.Crps,10:F2} {s.Null.Crps,10:F2} {(s.Nhse is { } n ? n.Crps.ToString("F2", CultureInfo.InvariantCulture) : "-"),10} {(s.Model.Inside90 ? "yes" : "no"),6}  {(s.KnownAtLastChange ? "no" : "yes")}");
            var nhse = c.Held.Where(s => s.Nhse is not null).ToArray();
            if (nhse.Length > 0)
            {
                var (model, ours) = (nhse.Average(s => s.Model.Crps), nhse.Average(s => s.Nhse!.Crps));
                output.WriteLine($"  against NHS England's March 2016 forecast (\"nearly all\" delegated from April 2017: 90-100% of the CCGs then), on the {nhse.Length} national delegated count(s) it covers: model CRPS {model:F2}, NHS England {ours:F2}: the model {(model < ours ? "beats" : "does not beat")} it");
            }
            var known = c.Held.Count(s => s.KnownAtLastChange);
            if (known > 0 && result.LastStructureChange is { } change)
                output.WriteLine($"  not blind: {known} of the {c.Held.Count} held-out observations were in view when the structure last changed ({change.On}; docs/ODD.md's log)");
            if (c.Ccgs is { } f)
            {
                string Auc(Analysis.BinaryScores s) => s.Auc is { } a ? $"{a:F2}" : "n/a (one class)";
                output.WriteLine($"per CCG, delegated on 1 April {f.Year}: the {f.Model.Count} CCGs the record places then ({f.Model.Positives} delegated); lower Brier and log score are better");
                output.WriteLine($"  model:    Brier {f.Model.Brier:F3}, log score {f.Model.LogScore:F3}, AUC {Auc(f.Model)}");
                output.WriteLine($"  logistic: Brier {f.Logistic.Brier:F3}, log score {f.Logistic.LogScore:F3}, AUC {Auc(f.Logistic)} (fitted to the {f.Training} CCGs the record places at the cutoff)");
            }
        }
    }

    /// <summary>Each what-if's difference in delegated CCGs at each April under each structure, its weight, and the
    /// average; the Aprils split over panels as the width needs.</summary>
    public static void Alternatives(TextWriter output, AlternativesResult result, int width = 120)
    {
        output.WriteLine();
        Wrap(output, $"under each structural alternative (the same runs and seed; weight: how well its reference fits the {result.ObservationCount} observations in view and the per-CCG record, at the posterior fitted as written): CCGs delegated, scenario minus reference, mean [90% of runs]", width);
        foreach (var s in result.Structures.Skip(1))
            Wrap(output, $"  {s.Name}: {string.Join(", ", s.Settings)}", width, 4);
        var aprils = result.AsWritten.Comparisons[0].Differences.Select(d => d.Quarter).Where(q => q.EndsWith("Q1", StringComparison.Ordinal)).ToArray();
        foreach (var comparison in result.AsWritten.Comparisons)
        {
            var rows = result.Structures.Select(s => (Label: $"{s.Name} {s.Weight * 100:F0}%",
                Cells: aprils.Select(april => s.Summary.Comparisons.Single(c => c.Scenario == comparison.Scenario).Differences.Single(d => d.Quarter == april).Level3).Select(Difference).ToArray())).ToList();
            rows.Add(("averaged", aprils.Select(april => result.Averaged.Single(a => a.Scenario == comparison.Scenario && a.April == april))
                .Select(a => $"{a.Mean:+0.0;-0.0;0.0} [{a.Low:+0;-0;0},{a.High:+0;-0;0}]").ToArray()));
            var labelWidth = Math.Max(12, rows.Max(r => r.Label.Length));
            var cellWidth = rows.SelectMany(r => r.Cells).Append("2015Q1").Max(c => c.Length);
            var perPanel = Math.Max(1, (width - labelWidth) / (cellWidth + 2));
            output.WriteLine($"{comparison.Scenario} minus {comparison.Reference}:");
            for (var first = 0; first < aprils.Length; first += perPanel)
            {
                var panel = Enumerable.Range(first, Math.Min(perPanel, aprils.Length - first)).ToArray();
                output.WriteLine($"{"structure".PadRight(labelWidth)}{string.Concat(panel.Select(i => "  " + aprils[i].PadLeft(cellWidth)))}");
                foreach (var (label, cells) in rows) output.WriteLine($"{label.PadRight(labelWidth)}{string.Concat(panel.Select(i => "  " + cells[i].PadLeft(cellWidth)))}");
            }
        }
    }

    public static void Sensitivity(TextWriter output, SensitivityResult result, int width = 120)
    {
        void Prose(string text, int hang = 2) => Wrap(output, text, width, hang);
        if (result.Outcomes.Count > 0)
        {
            output.WriteLine();
            Prose("S1, the first-order index: the share of the outcome's variance due to the input alone; ST, the total index: with its interactions with the others; each with its 95% bootstrap interval, a first-order estimate below 0 as estimated (read it as about 0)");
            foreach (var posterior in result.Plan.Inputs.OfType<PosteriorInput>()) Prose($"{posterior.Name}: {posterior.Holds}");
        }
        foreach (var outcome in result.Outcomes)
        {
            output.WriteLine();
            Prose($"what drives the {outcome.Description} ({outcome.Key} in sensitivity.csv), ranked by total index:");
            var rows = outcome.Indices.Select(x => (x.Parameter, First: Interval(x.First, x.FirstLower, x.FirstUpper), Total: Interval(x.Total, x.TotalLower, x.TotalUpper))).ToArray();
            var firstWidth = rows.Select(x => x.First).Append("first-order S1 [95%]").Max(c => c.Length);
            var totalWidth = rows.Select(x => x.Total).Append("total ST [95%]").Max(c => c.Length);
            // The input's name takes what the numbers leave, wrapped onto more lines when it is longer.
            var nameWidth = Math.Max("input".Length, Math.Min(rows.Max(x => x.Parameter.Length), width - (2 + 4 + 2 + 2 + firstWidth + 2 + totalWidth)));
            string Row(string rank, string name, string first, string total) =>
                $"  {rank,4}  {name.PadRight(nameWidth)}  {first.PadRight(firstWidth)}  {total}".TrimEnd();
            output.WriteLine(Row("rank", "input", "first-order S1 [95%]", "total ST [95%]"));
            for (var i = 0; i < rows.Length; i++)
            {
                var name = NameLines(rows[i].Parameter, nameWidth);
                output.WriteLine(Row($"{i + 1}", name[0], rows[i].First, rows[i].Total));
                foreach (var more in name.Skip(1)) output.WriteLine(Row("", more, "", ""));
            }
            var inert = outcome.Indices.Where(x => x.NoEffect).Select(x => x.Parameter).ToArray();
            if (inert.Length > 0)
                Prose($"  NO EFFECT (total index under {Analysis.SobolIndex.NoEffectBelow:0.00} across its 95% interval): {string.Join(", ", inert)}", 4);
        }
        if (result.Partial) Prose($"PARTIAL: interrupted; indices from the first {result.SamplesAnalysed} of {result.Plan.Design.Samples} design samples");
        if (result.Censored > 0) Prose($"note: {result.Plan.CensoredNote(result.Censored, result.Replications)}");
    }

    private static string Interval(double estimate, double lower, double upper) =>
        string.Create(CultureInfo.InvariantCulture, $"{estimate:F3} [{lower:F3}, {upper:F3}]");

    /// <summary>A name in lines of at most <paramref name="width"/> columns, each broken after the last space, dot or
    /// underscore that fits (at the width when none does).</summary>
    private static List<string> NameLines(string name, int width)
    {
        var lines = new List<string>();
        var rest = name;
        while (rest.Length > width)
        {
            var at = rest.LastIndexOfAny([' ', '.', '_'], width);
            var cut = at > 0 ? at + 1 : width;
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..];
        }
        lines.Add(rest);
        return lines;
    }

    private static string Difference(Band b) => $"{b.Mean:+0.0;-0.0;0.0} [{b.P05:+0;-0;0},{b.P95:+0;-0;0}]";

    public static string Row(string quarter, int q, TrajectoryAccumulator a) =>
        Row(new QuarterRow(quarter, a.Stats(q, 0, 1), a.Stats(q, 0, 2), a.Stats(q, 0, 3)));

    private static string Row(QuarterRow row) =>
        $"{row.Quarter,-10} {Cell(row.Level1),-25} {Cell(row.Level2),-25} {Cell(row.Level3)}";

    public static string Cell(Band b) => $"{b.Mean,6:F1} [{b.P05}-{b.P95}]";
}
