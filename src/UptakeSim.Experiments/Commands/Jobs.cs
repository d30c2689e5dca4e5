using UptakeSim.Analysis;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Output;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Commands;

/// <param name="At">The April the map, regional figures and headline are given at (--at: a year or a quarter).</param>
public sealed record RunArgs(string Scenario, int? Runs, ulong? Seed, IReadOnlyList<string> Set, int? BatchSize, bool KeepRuns, string? Checkpoint, bool Resume, string? At = null);

public sealed record CompareArgs(IReadOnlyList<string> Scenarios, string? Baseline, int? Runs, ulong? Seed, IReadOnlyList<string> Set, int? BatchSize, bool Alternatives = false, string? At = null,
    bool KeepRuns = false);

/// <param name="Invocation">How the user called the command, written at the head of calibrated.yaml and fitted.yaml.</param>
public sealed record CalibrateArgs(string Scenario, string Invocation, string? Observed, int? Runs, ulong? Seed, IReadOnlyList<string> Set, string? Checkpoint = null,
    bool Resume = false, string? Method = null, string? Cutoff = null);

public sealed record HindcastArgs(string Scenario, string? Observed, IReadOnlyList<string> Cutoffs, int? Runs, ulong? Seed, IReadOnlyList<string> Set);

public sealed record SensitivityArgs(string Scenario, int Samples, int Repeats, string? By, IReadOnlyList<string> Ranges, ulong? Seed, IReadOnlyList<string> Set, int? BatchSize, string? Posterior = null);

/// <summary>Each long-running command prepared for the <see cref="CommandSkeleton"/>: its inputs checked (bad input
/// thrown before any work), its experiment called, its outcome described. Everything else is the skeleton's.</summary>
public static class Jobs
{
    private static ScenarioInputs Inputs => new(ShippedData.Loader());

    private static BatchPlan Plan(int runs, int? batchSize) => BatchPlan.Auto(runs, Environment.ProcessorCount, batchSize);

    public static Job Run(RunArgs a)
    {
        var family = Inputs.LoadSet([a.Scenario], a.Set, a.Runs, a.Seed);
        if (family.Count > 1)
        {
            // A sweep runs as a comparison of its members, which honours every option but these.
            var refused = new[] { ("--checkpoint", a.Checkpoint is not null), ("--resume", a.Resume) }.Where(o => o.Item2).ToArray();
            if (refused.Length > 0)
                throw new InputException(refused.Select(o => $"{o.Item1}: {a.Scenario} declares a sweep of {family.Count} scenarios, which run as a comparison; expected no {o.Item1} with a sweep file (or one member, chosen with --set)").ToArray());
            return Compare(family, 0, a.BatchSize, AtOf(a.At, family[0].Scenario), a.KeepRuns);
        }
        var loaded = family[0];
        var at = AtOf(a.At, loaded.Scenario);
        var setup = a.KeepRuns ? CcgRunsCsvWriter.Keeping(loaded.Scenario) : new SimulationSetup(loaded.Scenario);
        var plan = Plan(loaded.Scenario.Runs, a.BatchSize);
        var accumulator = new TrajectoryAccumulator(setup);
        IExperimentObserver? following = null;
        var checkpoint = RunExperiment.OpenCheckpoint(a.Checkpoint, a.Resume, a.KeepRuns, loaded.ResolvedYaml, accumulator, plan, message => following?.Note(message));
        if (checkpoint is not null) plan = plan with { BatchSize = checkpoint.BatchSize };
        var s = loaded.Scenario;
        var description = $"UptakeSim: scenario '{s.Name}' ({loaded.SourcePath}), {s.Population.Count} CCGs, {s.Horizon.Quarters} quarters from {s.Horizon.Start}, {s.Runs} runs, seed {s.Seed}, batches of {plan.BatchSize}"
            + string.Concat(loaded.Notes.Select(n => $"\n  note: {n}"));
        return new Job(new JobStart("run", description, setup, plan.BatchSize), ResultsFolder.DefaultPath(null, s.Name), async (engine, observer, stop, folder) =>
        {
            following = observer;
            if (a.Resume) observer.Note($"resuming from {a.Checkpoint}: {checkpoint!.BatchesDone} batches ({accumulator.Runs} runs) already done");
            RunOutcome outcome;
            await using (var runs = a.KeepRuns ? new RunsCsvWriter(folder, s.Horizon) : null)
            await using (var ccgRuns = a.KeepRuns ? new CcgRunsCsvWriter(folder, setup) : null)
            {
                outcome = await RunExperiment.RunAsync(engine, setup, plan, observer, stop, accumulator, checkpoint, runs is null || ccgRuns is null ? null : async batch =>
                {
                    await runs.Add(batch);
                    await ccgRuns.Add(batch);
                });
            }
            var summary = outcome.Summary;
            var document = RunDocument.Of(summary, engine.Name);
            return new JobOutcome(outcome.Runs == 0, outcome.Partial, ExitCodes.Ok, document, view => view.Run(summary),
                folder => ResultsFiles.Run(folder, summary, document, loaded, at))
            { Checkpoint = a.Checkpoint, Committed = () => checkpoint?.Delete() };
        })
        { Inputs = InputsOf(family, a.Checkpoint) };
    }

    public static Job Compare(CompareArgs a)
    {
        var family = Inputs.LoadSet(a.Scenarios, a.Set, a.Runs, a.Seed);
        if (family.Count == 1)
            throw new InputException($"compare: one scenario given; expected two or more scenario files, or a sweep file, to compare (to run one scenario: ./run.sh run {a.Scenarios[0]})");
        var reference = ScenarioInputs.Reference(family, a.Baseline);
        var at = AtOf(a.At, family[reference].Scenario);
        if (a.Alternatives && a.KeepRuns)
            throw new InputException("--keep-runs: not written with --alternatives, which runs the comparison once per structure; expected one of --keep-runs and --alternatives (--keep-runs alone keeps the runs of the comparison as written)");
        return a.Alternatives ? CompareUnderAlternatives(a, family, reference, at) : Compare(family, reference, a.BatchSize, at, a.KeepRuns);
    }

    /// <summary>--at: a year (2017: its April) or a quarter, which must be an April within the horizon.</summary>
    public static string? AtOf(string? text, Scenario scenario)
    {
        if (text is null) return null;
        var trimmed = text.Trim();
        Quarter? april = int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2999
            ? new Quarter(year, 1)
            : Quarter.TryParse(trimmed, out var q) ? q : null;
        var horizon = scenario.Horizon;
        var aprils = Enumerable.Range(0, horizon.Quarters).Select(horizon.Label).Where(l => l.EndsWith("Q1", StringComparison.Ordinal)).ToArray();
        if (april is { Number: 1 } a && horizon.IndexOf(a) >= 0) return a.ToString();
        var shown = Scenarios.InputText.Quote(text);
        if (april is null && Quarter.TryParse(trimmed.ToUpperInvariant(), out var upper))
            throw new InputException($"--at: {shown} is not a quarter as written; expected the Q in upper case, as in {upper}");
        throw new InputException(april is { Number: not 1 } notApril
            ? $"--at: {shown} is {notApril}, not an April; expected an April such as {notApril.Year + (notApril.Number == 1 ? 0 : 1)} or {notApril.Year + (notApril.Number == 1 ? 0 : 1)}Q1 (moves take effect each April)"
            : $"--at: {shown} is not an April of the horizon; expected a year or quarter among {string.Join(", ", aprils.Select(l => l[..4]))} (e.g. --at {(aprils.ElementAtOrDefault(2) ?? aprils[0])[..4]})");
    }

    /// <summary>The comparison under the scenarios as written and under each structural alternative the reference declares.</summary>
    private static Job CompareUnderAlternatives(CompareArgs a, IReadOnlyList<LoadedScenario> family, int reference, string? at)
    {
        var declared = family[reference].Alternatives;
        if (declared.Count == 0)
            throw new InputException($"--alternatives: {family[reference].SourcePath} declares no structural alternatives; expected an alternatives: section in the reference scenario (README, \"Structural alternatives\")");
        var structures = new List<(string Name, IReadOnlyList<string> Settings, IReadOnlyList<LoadedScenario> Family)> { (StructuralAlternatives.AsWritten, [], family) };
        var errors = new List<ScenarioError>();
        foreach (var alternative in declared)
        {
            try
            {
                var laid = alternative.Settings.Select(text => new OptionOverride($"alternatives.{alternative.Name} ({alternative.Declared})", text)).ToArray();
                var loaded = Inputs.LoadSet(a.Scenarios, a.Set, a.Runs, a.Seed, laid);
                structures.Add((alternative.Name, alternative.Settings, loaded));
            }
            catch (ScenarioException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        var setups = structures.Select(s => (s.Name, s.Settings, Setups: (IReadOnlyList<SimulationSetup>)[.. s.Family.Select(f => new SimulationSetup(f.Scenario))])).ToArray();
        foreach (var s in setups) CompareExperiment.Check(s.Setups);
        var plan = Plan(setups[0].Setups[0].Scenario.Runs, a.BatchSize);
        var name = family[reference].Scenario.Name;
        var observed = ShippedData.Observations;
        var observations = ObservationFile.Load(observed);
        var description = $"UptakeSim compare --alternatives: {family.Count} scenarios against '{name}' under {setups.Length} structures, {plan.Runs} runs each, seed {family[0].Scenario.Seed} (common random numbers), batches of {plan.BatchSize}\n"
            + string.Join('\n', setups.Select(s => $"  {s.Name}{(s.Settings.Count == 0 ? "" : $": {string.Join(", ", s.Settings)}")}"));
        return new Job(new JobStart("compare", description, setups[0].Setups[reference], plan.BatchSize), ResultsFolder.DefaultPath("compare", name), async (engine, observer, stop, folder) =>
        {
            var result = await StructuralAlternatives.RunAsync(engine, [.. setups.Select(s => (s.Name, s.Settings, s.Setups))], reference, plan, observations, family[reference].Record,
                WhatItRestsOn.Unconstrained(family[reference]), observer, stop);
            var summary = result.AsWritten;
            var partial = result.Structures.Count < setups.Length || result.Structures.Any(s => s.Summary.Partial);
            var document = ComparisonDocument.Of(summary, engine.Name, new PortableScenarios(family).Changes(family, reference))
                with
            { Alternatives = AlternativesDocument.Of(result), At = summary.Runs == 0 ? null : at ?? ResultsFiles.WidestApril(summary) };
            return new JobOutcome(summary.Runs == 0, partial, ExitCodes.Ok, document, view => view.Alternatives(result, document),
                folder => ResultsFiles.Alternatives(folder, result, document, family, reference, at));
        })
        { Inputs = InputsOf(family) };
    }

    private static Job Compare(IReadOnlyList<LoadedScenario> family, int reference, int? batchSize, string? at, bool keepRuns)
    {
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        CompareExperiment.Check(setups);
        var plan = Plan(setups[0].Scenario.Runs, batchSize);
        var name = setups[reference].Scenario.Name;
        var description = $"UptakeSim compare: {setups.Length} scenarios against '{name}', {plan.Runs} runs each, seed {setups[0].Seed} (common random numbers), batches of {plan.BatchSize}\n"
            + string.Join('\n', family.Select(f => $"  {f.Scenario.Name}" + string.Concat(f.Notes.Select(n => $"\n    note: {n}"))));
        return new Job(new JobStart("compare", description, setups[reference], plan.BatchSize), ResultsFolder.DefaultPath("compare", name), async (engine, observer, stop, folder) =>
        {
            ComparisonSummary summary;
            await using (var runs = keepRuns ? new ComparisonRunsCsvWriter(folder, setups) : null)
            {
                summary = await CompareExperiment.RunAsync(engine, setups, reference, plan, observer, stop, WhatItRestsOn.Unconstrained(family[reference]), runs is null ? null : runs.Add);
            }
            var document = ComparisonDocument.Of(summary, engine.Name, new PortableScenarios(family).Changes(family, reference))
                with
            { At = summary.Runs == 0 ? null : at ?? ResultsFiles.WidestApril(summary) };
            return new JobOutcome(summary.Runs == 0, summary.Partial, ExitCodes.Ok, document, view => view.Comparison(summary, document),
                folder => ResultsFiles.Comparison(folder, summary, document, family, reference, at: at));
        })
        { Inputs = InputsOf(family) };
    }

    public static Job Calibrate(CalibrateArgs a)
    {
        var loaded = Inputs.Load(a.Scenario, a.Set, seed: a.Seed);
        var observed = a.Observed ?? ShippedData.Observations;
        var settings = CalibrationOf(loaded, a.Scenario);
        var method = a.Method ?? settings.Method;
        if (method == "point") return PointCalibrate(a, loaded, settings, observed);
        var observations = ObservationFile.Load(observed);
        var cutoff = a.Cutoff is null ? settings.Cutoff : CutoffOf(a.Cutoff, loaded.Scenario);
        var scenario = loaded.Scenario with { Behaviour = loaded.Scenario.Behaviour with { Particles = null } };
        var plan = AbcPlan.Create(scenario, settings, observations, observed, cutoff, a.Runs, Environment.ProcessorCount, loaded.Record);
        IExperimentObserver? following = null;
        var fingerprint = RunCheckpoint.Fingerprint($"{loaded.ResolvedYaml}\ncutoff: {cutoff}\n{File.ReadAllText(observed)}");
        var checkpoint = Checkpoints.Open(a.Checkpoint, a.Resume, () => AbcCheckpoint.Open(a.Checkpoint!, fingerprint, a.Resume, plan.Names, message => following?.Note(message)));
        var description = $"UptakeSim calibrate (ABC-SMC): {scenario.Name}, {plan.Free.Count} free coefficients ({string.Join(", ", plan.Names)}), {plan.Fit.Observations.Count} observations from {a.Observed ?? ShippedData.ObservationsName}"
            + (cutoff is { } c ? $" up to {c}" : "") + $", {plan.Settings.PopulationSize} particles, at most {plan.Settings.MaxGenerations} generations and {plan.Settings.MaxSimulations:N0} simulations, seed {scenario.Seed}";
        var setup = new SimulationSetup(scenario with { Runs = plan.PredictiveRuns });
        return new Job(new JobStart("calibrate", description, setup, Plan(plan.PredictiveRuns, null).BatchSize), ResultsFolder.DefaultPath("calibrate", scenario.Name), async (engine, observer, stop, folder) =>
        {
            following = observer;
            AbcFit fit;
            try
            {
                fit = await AbcCalibration.RunAsync(engine, plan with { Settings = plan.Settings with { ParallelBatches = Math.Max(1, engine.MaxConcurrentBatches) } }, observer, stop, checkpoint);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return new JobOutcome(true, true, ExitCodes.Interrupted, null, _ => { }, _ => { });
            }
            // posterior=null: the new posterior.csv replaces the scenario's, which is then not copied into the results.
            var calibrated = Inputs.Load(a.Scenario, [.. a.Set, $"name={scenario.Name}-calibrated", "posterior=null"], seed: a.Seed);
            return new JobOutcome(false, fit.Partial, ExitCodes.Ok, CalibrationDocument.Of(fit, a.Observed ?? ShippedData.ObservationsName), view => view.Posterior(fit),
                folder => CalibrationFiles.Calibration(folder, fit, PosteriorScenario.Naming(ResultsFiles.PortableYaml(folder, calibrated), "posterior.csv"),
                    a.Invocation, a.Observed ?? ShippedData.ObservationsName))
            { Checkpoint = a.Checkpoint, Committed = () => checkpoint?.Delete() };
        })
        { Inputs = InputsOf([loaded], a.Checkpoint, observed) };
    }

    public static Job Hindcast(HindcastArgs a)
    {
        var loaded = Inputs.Load(a.Scenario, a.Set, seed: a.Seed);
        var observed = a.Observed ?? ShippedData.Observations;
        var settings = CalibrationOf(loaded, a.Scenario);
        var observations = ObservationFile.Load(observed);
        if (a.Cutoffs.Count == 0) throw new InputException("--cutoff: missing; expected at least one quarter to forecast from, e.g. --cutoff 2016Q1");
        var cutoffs = a.Cutoffs.Select(c => CutoffOf(c, loaded.Scenario)).ToArray();
        if (cutoffs.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InputException($"--cutoff: {twice.Key} given {twice.Count()} times; expected each cutoff once");
        var scenario = loaded.Scenario with { Behaviour = loaded.Scenario.Behaviour with { Particles = null } };
        foreach (var cutoff in cutoffs) AbcPlan.Create(scenario, settings, observations, observed, cutoff, a.Runs, 1, loaded.Record);
        HindcastExperiment.NullModel(scenario, settings.Free);
        var runs = a.Runs ?? settings.Runs;
        var description = $"UptakeSim hindcast: {scenario.Name} from {string.Join(", ", cutoffs)}: calibrated on the observations up to each cutoff (the model, then a null model of constant hazards), "
            + $"{runs} posterior-predictive runs, every later observation of {a.Observed ?? ShippedData.ObservationsName} scored; {settings.Population} particles, at most {settings.Generations} generations and {settings.MaxSimulations:N0} simulations per calibration, seed {scenario.Seed}";
        var setup = new SimulationSetup(scenario with { Runs = runs });
        return new Job(new JobStart("hindcast", description, setup, Plan(runs, null).BatchSize), ResultsFolder.DefaultPath("hindcast", scenario.Name), async (engine, observer, stop, folder) =>
        {
            HindcastResult result;
            try
            {
                result = await HindcastExperiment.RunAsync(engine, scenario, settings, observations, observed, cutoffs, a.Runs, observer, stop, loaded.Record);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return new JobOutcome(true, true, ExitCodes.Interrupted, null, _ => { }, _ => { });
            }
            var name = a.Observed ?? ShippedData.ObservationsName;
            return new JobOutcome(false, result.Partial, ExitCodes.Ok, HindcastDocument.Of(result, name), view => view.Hindcast(result),
                folder => CalibrationFiles.Hindcast(folder, result, ResultsFiles.PortableYaml(folder, loaded), name));
        })
        { Inputs = InputsOf([loaded], observed) };
    }

    private static CalibrationSettings CalibrationOf(LoadedScenario loaded, string path) => loaded.Calibration is { Free.Count: > 0 } settings ? settings
        : throw new InputException($"{path}: no calibration section; expected calibration.free to list the behaviour coefficients to fit with their priors, e.g.\n  calibration:\n    free:\n      intercepts.join: {{ min: -5, max: -1 }}");

    private static Quarter CutoffOf(string text, Scenario scenario) =>
        Quarter.TryParse(text, out var q) && scenario.Horizon.IndexOf(q) >= 0 ? q
            : throw new InputException($"--cutoff: '{text}' is not a quarter of the scenario's horizon; expected a quarter like 2016Q1 from {scenario.Horizon.Start} to {scenario.Horizon.Last}");

    private static Job PointCalibrate(CalibrateArgs a, LoadedScenario loaded, CalibrationSettings settings, string observed)
    {
        var all = ObservationFile.Load(observed);
        var cutoff = a.Cutoff is null ? settings.Cutoff : CutoffOf(a.Cutoff, loaded.Scenario);
        // As in ABC: the first quarter's counts, which the start mix copies, are inputs and left out of the distance.
        var fit = ModelFit.For(loaded.Scenario, (cutoff is { } c ? all.Where(o => o.Period.CompareTo(c) <= 0) : all).Where(o => !ModelFit.IsInput(loaded.Scenario, o)).ToArray(), observed);
        // The fit moves the free coefficients itself: a posterior the scenario draws them from would override every point.
        var scenario = loaded.Scenario with { Runs = a.Runs ?? settings.Runs, Behaviour = loaded.Scenario.Behaviour with { Particles = null } };
        var setup = new SimulationSetup(scenario);
        IExperimentObserver? following = null;
        // The fit is tied to the scenario as resolved, the runs per evaluation and the observations.
        var fingerprint = RunCheckpoint.Fingerprint($"{loaded.ResolvedYaml}\nruns per evaluation: {scenario.Runs}\n{File.ReadAllText(observed)}");
        var checkpoint = Checkpoints.Open(a.Checkpoint, a.Resume,
            () => EvaluationCheckpoint.Open(a.Checkpoint!, fingerprint, a.Resume, settings.Free.Count, fit.Observations.Count, message => following?.Note(message)));
        var description = $"UptakeSim calibrate: {scenario.Name}, {settings.Free.Count} free coefficients ({string.Join(", ", settings.Free.Select(f => f.Name))}), {fit.Observations.Count} observations from {a.Observed ?? ShippedData.ObservationsName}, {scenario.Runs} runs per evaluation, seed {scenario.Seed}, at most {settings.MaxEvaluations} evaluations";
        return new Job(new JobStart("calibrate", description, setup, Plan(scenario.Runs, null).BatchSize), ResultsFolder.DefaultPath("calibrate", scenario.Name), async (engine, observer, stop, folder) =>
        {
            following = observer;
            var (result, calibration) = await PointCalibration.RunAsync(engine, scenario, settings, fit, observer, stop, checkpoint);
            var fitted = Inputs.Load(a.Scenario, [.. a.Set, $"name={scenario.Name}-fitted", "posterior=null", .. result.FittedOverrides(calibration)], loaded.Scenario.Runs, scenario.Seed);
            return new JobOutcome(result.Result.Evaluations == 0, result.Partial, result.Result.Converged ? ExitCodes.Ok : ExitCodes.NotConverged, FitDocument.Of(result, observed),
                view => view.Fit(result),
                folder => ResultsFiles.Fit(folder, result, ResultsFiles.PortableYaml(folder, fitted), a.Invocation, observed))
            { Checkpoint = a.Checkpoint, Committed = () => checkpoint?.Delete() };
        })
        { Inputs = InputsOf([loaded], a.Checkpoint, observed) };
    }

    public static Job Sensitivity(SensitivityArgs a)
    {
        var loaded = Inputs.Load(a.Scenario, a.Set, seed: a.Seed);
        // A scenario's own posterior is the posterior input unless --posterior names another.
        var posterior = a.Posterior ?? loaded.Posterior;
        var plan = SensitivityExperiment.Prepare(loaded.Scenario, a.Samples, a.Repeats, a.By, a.Ranges, a.Scenario, posterior is null ? null
            // A problem with a file --posterior named as a whole is blamed on the option, as the scenario's own is on its line.
            : PosteriorInput.Read(posterior, a.Posterior is null ? null : message => new ScenarioError("--posterior", 0, 0, $"{a.Posterior}: {message}")));
        var setup = new SimulationSetup(plan.Scenario with { Runs = (int)plan.Replications });
        var description = $"UptakeSim sensitivity: {plan.Scenario.Name}, {plan.Inputs.Count} inputs ({string.Join(", ", plan.Inputs.Select(p => p.Name))}), Saltelli design of {a.Samples} samples = {plan.Design.Evaluations} points x {a.Repeats} repeats = {plan.Replications} replications, common random numbers per design row";
        return new Job(new JobStart("sensitivity", description, setup, plan.ScenarioPerPoint ? a.Repeats : Plan(a.Samples * a.Repeats, a.BatchSize).BatchSize), ResultsFolder.DefaultPath("sensitivity", plan.Scenario.Name), async (engine, observer, stop, folder) =>
        {
            var result = await SensitivityExperiment.RunAsync(engine, plan, a.BatchSize, observer, stop);
            return new JobOutcome(result.SamplesAnalysed == 0, result.Partial, ExitCodes.Ok, SensitivityDocument.Of(result), view => view.Sensitivity(result),
                folder => ResultsFiles.Sensitivity(folder, result));
        })
        { Inputs = InputsOf([loaded], posterior) };
    }

    /// <summary>Every file and folder a command reads: its scenario files, the data files they name, and the others given.</summary>
    private static string[] InputsOf(IEnumerable<LoadedScenario> scenarios, params string?[] others) =>
        [.. scenarios.SelectMany(s => ScenarioLoader.DataFiles(s.ResolvedYaml).Prepend(s.SourcePath)), .. others.OfType<string>()];

    /// <summary>Checks what run and compare accept (sweep files included) without running anything.</summary>
    public static int Validate(IReadOnlyList<string> paths, IReadOnlyList<string> overrides, TextWriter output, TextWriter errors)
    {
        var problems = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                var family = ShippedData.Loader().LoadFamily(path, overrides);
                var s = family[0].Scenario;
                output.WriteLine($"{path}: ok ({(family.Count > 1 ? $"a sweep of {family.Count} scenarios, the first " : "")}{s.Name}: {s.Population.Count} CCGs, {s.Horizon.Quarters} quarters from {s.Horizon.Start}, {s.Runs} runs)");
                foreach (var warning in family[0].Warnings) output.WriteLine($"  warning: {warning}");
                foreach (var note in family[0].Notes) output.WriteLine($"  note: {note}");
                foreach (var round in LeverRounds.Describe(s)) output.WriteLine($"  {round}");
            }
            catch (ScenarioException e)
            {
                problems.AddRange(InputException.ProblemsOf(e)!);
            }
        }
        return problems.Count == 0 ? ExitCodes.Ok : CommandSkeleton.BadInput(errors, problems);
    }
}
