using System.Globalization;
using System.Text;
using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>A generation of ABC-SMC, as it completes.</summary>
public sealed record GenerationStep(string Stage, int Generation, double? Tolerance, double AcceptanceRate, double EffectiveSampleSize, long Simulations, long TotalSimulations) : ExperimentStep
{
    public override string Event => "generation";

    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Stage} generation {Generation}: tolerance {(Tolerance is { } t ? t.ToString("F3", CultureInfo.InvariantCulture) : "none (the prior)")}, accepted {AcceptanceRate * 100:F1}% of {Simulations:N0} simulations, ESS {EffectiveSampleSize:F0}, {TotalSimulations:N0} simulations in all");

    public override string Legend() => GenerationLegend;

    /// <summary>The terms of a generation's line, said once.</summary>
    public const string GenerationLegend =
        "each generation below: tolerance, the ABC distance threshold a simulation must come within to be accepted, "
        + "shrinking each generation (the prior's generation has none); the distance combines each observation's miss, "
        + "in units of its own sd and the model noise together; accepted, the acceptance rate: the share of the "
        + "generation's simulations accepted; ESS, the effective sample size of the weighted particles: how many "
        + "equally weighted particles they are worth";

    public static GenerationStep Of(string stage, AbcGeneration g) => new(stage, g.Index, double.IsFinite(g.Tolerance) ? g.Tolerance : null,
        Math.Round(g.AcceptanceRate, 6), Math.Round(g.EffectiveSampleSize, 3), g.Simulations, g.TotalSimulations);
}

/// <summary>
/// What a Bayesian calibration needs, checked before any work: the free coefficients with their priors, the
/// observations it may use (up to the cutoff, within the horizon), and the sampler's settings.
/// </summary>
public sealed record AbcPlan(Scenario Scenario, IReadOnlyList<FreeCoefficient> Free, IReadOnlyList<UncertainParameter> Priors, ModelFit Fit, AbcSettings Settings,
    int PilotPoints, int PilotRuns, int PredictiveRuns, Quarter? Cutoff)
{
    public int[] Coefficients => Free.Select(f => f.Index).ToArray();

    public IReadOnlyList<string> Names => Free.Select(f => f.Name).ToArray();

    /// <summary>
    /// The scenario as the sampler simulates it: its horizon cut after the last observation used, since later quarters
    /// cannot change earlier ones (every draw is keyed by its quarter) and a hindcast from 2016Q1 then costs 5 quarters
    /// a simulation, not 28.
    /// </summary>
    public Scenario Simulated => Scenario with
    {
        Horizon = Scenario.Horizon with { Quarters = Math.Max(2, Fit.Observations.Max(o => Scenario.Horizon.IndexOf(o.Period)) + 1) },
    };

    /// <summary>
    /// The plan of a scenario's calibration section. Observations after <paramref name="cutoff"/> are left out before
    /// anything else looks at them, so they cannot change the fit; so are those outside the horizon, which the model
    /// cannot simulate, and those of the first quarter, which the start mix copies (inputs, not evidence). The per-CCG
    /// record, when the scenario names one, adds how many recorded CCGs the model has at their level each April.
    /// </summary>
    public static AbcPlan Create(Scenario scenario, CalibrationSettings settings, IReadOnlyList<Observation> observations, string file, Quarter? cutoff, int? runs, int concurrency,
        CcgLevelRecord? record = null)
    {
        var used = ModelFit.WithinHorizon(scenario, cutoff is { } c ? observations.Where(o => o.Period.CompareTo(c) <= 0).ToArray() : observations)
            .Where(o => !ModelFit.IsInput(scenario, o))
            .Concat(record is null ? [] : ModelFit.RecordObservations(scenario, record, cutoff, "data/ccg_levels.csv")).ToArray();
        if (used.Length == 0)
            throw new InputException($"{file}: no observation within the scenario's horizon{(cutoff is null ? "" : $" up to {cutoff}")} after its first quarter (whose counts the start mix copies); expected at least one observation to calibrate on");
        var fit = ModelFit.For(scenario, used, file, record);
        var priors = settings.Free.Select(f => new UncertainParameter(f.Name, Prior(f.PriorOrRange))).ToArray();
        var abc = new AbcSettings
        {
            PopulationSize = settings.Population,
            MaxGenerations = settings.Generations,
            MaxSimulations = settings.MaxSimulations,
            MinimumAcceptanceRate = settings.MinAcceptance,
            // The work's shape, never the result: an engine call costs about as much as a few hundred 5-quarter
            // simulations (a grain per CCG activated, started and stepped), so calls carry a thousand; a run's larger
            // batches (BatchPlan.MaxAutoBatchSize) calibrated the baseline no faster and peaked 100 MB higher.
            BatchSize = 1000,
            ParallelBatches = Math.Max(1, concurrency),
            Seed = scenario.Seed,
        };
        return new AbcPlan(scenario, settings.Free, priors, fit, abc, settings.PilotPoints, settings.PilotRuns, runs ?? settings.Runs, cutoff);
    }

    public static Distribution Prior(UncertainValue value) =>
        value.Distribution ?? throw new ArgumentException($"a fixed value {value} is not a prior", nameof(value));
}

/// <summary>
/// A Bayesian calibration's result: every generation (the last is the posterior; partial when stopped through the
/// token, then the last complete generation), the distance used, the summary of the posterior, and its posterior
/// predictive (the scenario run with each replication drawing a particle).
/// </summary>
public sealed record AbcFit(AbcPlan Plan, AbcResult Result, NoiseAwareDistance Distance, PosteriorSummary Summary, bool Partial,
    CoefficientParticles Posterior, TrajectoryAccumulator Predictive, IReadOnlyList<SimulatedValue> Simulated, IReadOnlyList<double[]> Ensemble)
{
    /// <summary>The scenario with its free coefficients drawn from the posterior.</summary>
    public Scenario PosteriorScenario => Plan.Scenario with { Behaviour = Plan.Scenario.Behaviour with { Particles = Posterior } };
}

/// <summary>
/// ABC-SMC (<see cref="AbcSmc"/>) with the engine as the simulator: each proposal is one replication, its free
/// coefficients set by <see cref="CoefficientParticles"/>, its noise keyed by (seed, generation, simulation): the
/// replication number is the simulation number (proposals inside the prior's support, counted in order), under a seed
/// derived from the scenario's seed and the generation, so no replication is run for a proposal the prior rejects. So a
/// proposal's summary does not depend on the batch it runs in, the cores or the silos, and the posterior is
/// byte-identical whatever runs it. The distance is <see cref="NoiseAwareDistance"/>, its model variance from pilot
/// runs at prior draws (a Latin hypercube); each simulation carries each observation's error (Wilkinson 2013).
/// </summary>
public static class AbcCalibration
{
    private const int PilotGeneration = -1;

    /// <summary>The seed of generation <paramref name="generation"/>'s replications (-1: the pilot), apart from the scenario's own.</summary>
    public static ulong GenerationSeed(ulong seed, int generation) =>
        KeyedRandom.Mix(KeyedRandom.Mix(seed ^ 0xABC5_3C00_0000_0000UL) + (ulong)(generation + 2) * 0x9E3779B97F4A7C15UL);

    public static async Task<AbcFit> RunAsync(IReplicationEngine engine, AbcPlan plan, IExperimentObserver? observer = null, CancellationToken cancellationToken = default,
        AbcCheckpoint? checkpoint = null, string stage = "calibrate", bool predict = true)
    {
        observer ??= SilentObserver.Instance;
        var runner = new ParticleRunner(engine, plan, observer.Retry);
        var observed = plan.Fit.Observations.Select(o => o.Value).ToArray();
        var sd = plan.Fit.Observations.Select(o => o.Sd).ToArray();

        // Pilot point k runs as replications k x PilotRuns onwards: all points at once, in one engine call per core.
        var pilotPoints = LatinHypercube.Sample(plan.PilotPoints, plan.Priors, GenerationSeed(plan.Settings.Seed, PilotGeneration));
        var pilotRows = pilotPoints.SelectMany(point => Enumerable.Repeat(point, plan.PilotRuns)).ToArray();
        var calls = Math.Min(plan.Settings.ParallelBatches, pilotRows.Length);
        var chunks = Enumerable.Range(0, calls).Select(c => (First: pilotRows.Length * c / calls, End: pilotRows.Length * (c + 1) / calls)).ToArray();
        var pilotValues = (await Task.WhenAll(chunks.Select(chunk =>
            runner.RunAsync(GenerationSeed(plan.Settings.Seed, PilotGeneration), chunk.First, pilotRows[chunk.First..chunk.End], cancellationToken)))).SelectMany(v => v).ToArray();
        var pilot = pilotValues.Chunk(plan.PilotRuns).Select(runs => (IReadOnlyList<double[]>)runs).ToArray();
        var distance = NoiseAwareDistance.FromPilot(observed, sd, pilot);
        observer.Note(ModelNoise(stage, plan, distance));

        var history = new List<AbcGeneration>(checkpoint?.Saved ?? []);
        var resumed = history.LastOrDefault();
        if (resumed is not null) observer.Note($"resuming from generation {resumed.Index} ({resumed.TotalSimulations:N0} simulations)");
        async Task<double[][]> Simulate(SimulationBatch batch, CancellationToken ct)
        {
            var values = await runner.RunAsync(GenerationSeed(plan.Settings.Seed, batch.Generation), checked((int)batch.FirstSimulation), batch.Parameters, ct);
            return values.Select((v, i) => distance.WithObservationError(v, batch.NoiseKeys[i])).ToArray();
        }
        ValueTask OnGeneration(AbcGeneration generation, CancellationToken ct)
        {
            history.Add(generation);
            observer.Step(GenerationStep.Of(stage, generation));
            checkpoint?.Save(generation);
            return ValueTask.CompletedTask;
        }
        AbcResult? result = null;
        var partial = await Interrupted.Catch(async () =>
            result = await AbcSmc.RunAsync(plan.Priors, distance.Measure, Simulate, plan.Settings, OnGeneration, resumed, cancellationToken), cancellationToken);
        if (result is null)
        {
            var last = history.LastOrDefault()
                ?? throw new OperationCanceledException("interrupted before the first generation completed", cancellationToken);
            result = new AbcResult(history, AbcStopReason.MaxGenerations, $"interrupted after generation {last.Index}");
            if (checkpoint is not null) observer.Note("checkpoint saved: run the same command with --resume to continue from the last complete generation");
        }
        else if (checkpoint?.Saved is { Count: > 1 } saved)
        {
            // The sampler's history starts at the generation it resumed from: the ones before it complete the record.
            result = result with { History = [.. saved.Take(saved.Count - 1), .. result.History] };
        }

        var posterior = result.Posterior;
        var particles = CoefficientParticles.Posterior(plan.Coefficients, posterior.Particles.Select(p => p.Parameters).ToArray(), posterior.Particles.Select(p => p.Weight).ToArray());
        var summary = PosteriorSummary.Of(plan.Priors, posterior.Particles);
        var (predictive, ensemble) = partial || !predict
            ? (new TrajectoryAccumulator(new SimulationSetup(plan.Scenario)), plan.Fit.Observations.Select(_ => Array.Empty<double>()).ToArray())
            : await Predict(engine, plan.Scenario with { Behaviour = plan.Scenario.Behaviour with { Particles = particles }, Runs = plan.PredictiveRuns }, plan.Fit, observer, cancellationToken);
        partial |= cancellationToken.IsCancellationRequested;
        var simulated = predictive.Runs > 0 ? ensemble.Select(Summarise).ToArray() : plan.Fit.Observations.Select(_ => new SimulatedValue(double.NaN, double.NaN, double.NaN)).ToArray();
        return new AbcFit(plan, result, distance, summary, partial, particles, predictive, simulated, ensemble);
    }

    /// <summary>The model noise the distance allows for, in plain words, a row per observation labelled with it.</summary>
    private static string ModelNoise(string stage, AbcPlan plan, NoiseAwareDistance distance)
    {
        var labels = plan.Fit.Observations.Select(o => $"{o.Quarter} {o.Scope} {o.Measure}").ToArray();
        var width = labels.Append("observation").Max(l => l.Length);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"{stage}: model noise, per observation: the run-to-run sd of its simulated value at fixed coefficients (from {plan.PilotPoints} prior draws x {plan.PilotRuns} replications each), which the distance allows for on top of the observation's own sd:"));
        text.Append(CultureInfo.InvariantCulture, $"\n  {"observation".PadRight(width)}  model noise sd  observation sd");
        for (var i = 0; i < labels.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {labels[i].PadRight(width)}  {Math.Sqrt(distance.ModelVariance[i]),14:G3}  {distance.ObservationSd[i],14:G3}");
        }
        return text.ToString();
    }

    /// <summary>An observation's posterior predictive from its ensemble: the mean and the nearest-rank 5th and 95th
    /// percentiles, as every band of the tool is computed (and, for the per-CCG measures, with the replications'
    /// collective choices, which no per-CCG share can give).</summary>
    public static SimulatedValue Summarise(double[] values)
    {
        var sorted = values.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new SimulatedValue(sorted.Average(), Rank(0.05), Rank(0.95));
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> (its replications drawing from a posterior, or not) and keeps, besides the
    /// bands, every replication's value of each observation in replication order (the ensemble a forecast is scored on).
    /// </summary>
    public static async Task<(TrajectoryAccumulator Accumulator, double[][] Ensemble)> Predict(IReplicationEngine engine, Scenario scenario, ModelFit fit, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        var setup = fit.SetupFor(scenario);
        var byReplication = new double[scenario.Runs][];
        var accumulator = await MonteCarloRun.RunAsync(engine, setup, BatchPlan.Auto(scenario.Runs, Environment.ProcessorCount), observer.Progress, batch =>
        {
            for (var r = 0; r < batch.Replications; r++) byReplication[batch.FirstReplication + r] = fit.Values(batch, r);
            return ValueTask.CompletedTask;
        }, retrying: observer.Retry, cancellationToken: cancellationToken);
        var done = byReplication.Where(v => v is not null).ToArray();
        return (accumulator, fit.Observations.Select((_, i) => done.Select(v => v[i]).ToArray()).ToArray());
    }

    /// <summary>Runs parameter vectors on the engine, one replication each, as consecutive replications of a derived seed.</summary>
    private sealed class ParticleRunner(IReplicationEngine engine, AbcPlan plan, Action<BatchRetry> retrying)
    {
        private readonly int[] _coefficients = plan.Coefficients;
        private readonly Scenario _simulated = plan.Simulated;

        public async Task<double[][]> RunAsync(ulong seed, int first, IReadOnlyList<double[]> parameters, CancellationToken cancellationToken)
        {
            var scenario = _simulated with
            {
                Seed = seed,
                Runs = parameters.Count,
                Behaviour = _simulated.Behaviour with { Particles = new CoefficientParticles(_coefficients, [.. parameters], null, first) },
            };
            var setup = plan.Fit.SetupFor(scenario);
            BatchTrajectories? result = null;
            await BatchScheduler.RunAsync([new Batch(first, parameters.Count)], 1, (batch, ct) => engine.RunBatchAsync(setup, batch, ct), (_, trajectories) =>
            {
                result = trajectories;
                return ValueTask.CompletedTask;
            }, retrying, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return Enumerable.Range(0, parameters.Count).Select(slot => plan.Fit.Values(result!, slot)).ToArray();
        }
    }
}

/// <summary>
/// A calibration's progress on disk (<c>--checkpoint DIR</c>): the last complete generation as posterior CSV, sealed
/// like every checkpoint and tied to the command that wrote it. ABC-SMC resumed from it gives what the uninterrupted
/// sampler gives.
/// </summary>
public sealed class AbcCheckpoint
{
    private readonly string _path;
    private readonly string _fingerprint;
    private readonly IReadOnlyList<string> _names;
    private readonly Action<string>? _warning;
    private bool _warned;

    private AbcCheckpoint(string directory, string fingerprint, IReadOnlyList<string> names, Action<string>? warning)
    {
        _path = RunCheckpoint.PathIn(directory);
        _fingerprint = fingerprint;
        _names = names;
        _warning = warning;
    }

    /// <summary>The generations completed before the interruption, oldest first (empty for a new calibration).</summary>
    public IReadOnlyList<AbcGeneration> Saved { get; private set; } = [];

    private readonly List<AbcGeneration> _generations = [];

    /// <summary>Largest checkpoint read back: every generation's particles (a few hundred rows) many times over.</summary>
    private const long MaxBytes = 256L * 1024 * 1024;

    public static AbcCheckpoint Open(string directory, string fingerprint, bool resume, IReadOnlyList<string> names, Action<string>? warning = null)
    {
        Directory.CreateDirectory(directory);
        var checkpoint = new AbcCheckpoint(directory, fingerprint, names, warning);
        if (!resume) return checkpoint;
        var text = Encoding.UTF8.GetString(RunCheckpoint.ReadSealed(checkpoint._path, MaxBytes));
        var newline = text.IndexOf('\n');
        if (newline < 0 || text[..newline] != fingerprint)
            throw new InvalidDataException($"{checkpoint._path}: belongs to another command (a different scenario, observations, cutoff or settings); expected the same command as the interrupted calibration");
        try
        {
            // One posterior CSV per generation, separated by an empty line.
            var generations = text[(newline + 1)..].Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(block => PosteriorCsv.Parse(block, checkpoint._path, names).Generation).ToArray();
            if (generations.Length == 0 || generations.Select((g, i) => g.Index != generations[0].Index + i).Any(wrong => wrong))
                throw new InvalidDataException($"{checkpoint._path}: inconsistent (generations missing or out of order); expected a checkpoint written by calibrate");
            checkpoint.Saved = generations;
            checkpoint._generations.AddRange(generations);
        }
        catch (ScenarioException e)
        {
            throw new InvalidDataException($"{checkpoint._path}: inconsistent ({e.Errors[0].Message}); expected a checkpoint written by calibrate");
        }
        return checkpoint;
    }

    /// <summary>Saves a complete generation with those before it; a disk that refuses it is a warning (once), not the
    /// end of the calibration.</summary>
    public void Save(AbcGeneration generation)
    {
        _generations.Add(generation);
        try
        {
            var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            writer.Write(_fingerprint + "\n");
            foreach (var g in _generations)
            {
                PosteriorFile.Write(writer, _names, g);
                writer.Write("\n");
            }
            RunCheckpoint.WriteSealed(_path, Encoding.UTF8.GetBytes(writer.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_warned) _warning?.Invoke($"warning: the checkpoint could not be saved in {Path.GetDirectoryName(_path)} ({e.Message}); the calibration goes on without it");
            _warned = true;
        }
    }

    public void Delete() => RunCheckpoint.DeleteSealed(_path);
}
