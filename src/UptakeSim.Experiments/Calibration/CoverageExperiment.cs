using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Calibration;

/// <summary>One synthetic world: its true pressure weight, the what-if's true effect (the mean paired difference in
/// delegated CCGs at the April scored, under the world's own parameters), and the 90% effect band the product gave
/// after calibrating on the world's record.</summary>
public sealed record CoverageWorld(int World, double Pressure, double TrueEffect, double BandLow, double BandHigh, double PosteriorPressureSd)
{
    public bool Covered => TrueEffect >= BandLow && TrueEffect <= BandHigh;

    public double Width => BandHigh - BandLow;
}

/// <summary>What the worlds found: how many bands covered the truth, and how wide they were.</summary>
public sealed record CoverageResult(string April, IReadOnlyList<CoverageWorld> Worlds)
{
    public int Covered => Worlds.Count(w => w.Covered);

    public double MeanWidth => Worlds.Average(w => w.Width);
}

/// <summary>
/// Simulation-based calibration of a what-if's effect band (docs/ODD.md, "Is the band honest?"): synthetic worlds
/// whose pressure weight spans 0 to 3, evenly (the stated plausible range, not only the prior's bulk), every other
/// free coefficient a particle of the baseline's posterior; each world's one history is observed on the dates and in
/// the form the real record has (the April 2016 counts and the per-CCG record's cells); the product calibrates on it
/// with its own settings; the what-if is compared with the posterior; and the band of its effect at
/// <paramref name="april"/> must cover the world's true effect in about 90% of worlds.
/// </summary>
public static class CoverageExperiment
{
    public static async Task<CoverageResult> RunAsync(IReplicationEngine engine, LoadedScenario baseline, Func<Scenario, Scenario> whatIf, Quarter april, int worlds,
        ulong seed, int runs = 400, int truthRuns = 1000, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= SilentObserver.Instance;
        var settings = baseline.Calibration ?? throw new InputException($"{baseline.SourcePath}: no calibration section; expected the baseline's calibration settings");
        var record = baseline.Record ?? throw new InputException($"{baseline.SourcePath}: no population.record; expected the per-CCG record the worlds are observed through");
        var horizon = baseline.Scenario.Horizon with { Quarters = baseline.Scenario.Horizon.IndexOf(april) + 1 };
        var posterior = baseline.Scenario.Behaviour.Particles ?? throw new InputException($"{baseline.SourcePath}: no posterior; expected one to draw the worlds' other coefficients from");
        var table = baseline.Scenario.Behaviour.Table;
        var pressure = table.IndexOf("pressure");
        var observedAt = settings.Cutoff ?? new Quarter(baseline.Scenario.Horizon.Start.Year + 1, 1);
        var results = new List<CoverageWorld>();
        for (var w = 0; w < worlds; w++)
        {
            // The world's truth: pressure on an even grid over [0, 3], the rest one particle of the posterior.
            var truePressure = 3.0 * (w + 0.5) / worlds;
            var worldSeed = KeyedRandom.Mix(seed + (ulong)w * 0x9E3779B97F4A7C15UL);
            var particle = posterior.For(worldSeed, 0);
            var truth = Enumerable.Range(0, table.Count).Select(k => Array.IndexOf(posterior.Coefficients, k) is var i and >= 0 ? particle[i] : baseline.Scenario.Behaviour[k].Mean).ToArray();
            truth[pressure] = truePressure;
            var world = baseline.Scenario with
            {
                Horizon = horizon,
                Seed = worldSeed,
                Behaviour = baseline.Scenario.Behaviour with { Particles = new CoefficientParticles([.. Enumerable.Range(0, table.Count)], [truth], [1.0]) },
            };

            // Its one history, observed as the real one is.
            var history = BatchSimulation.Run(new SimulationSetup(world) { KeptQuarters = [world.Horizon.IndexOf(observedAt)] }, 0, 1);
            var q = world.Horizon.IndexOf(observedAt);
            Observation Count(int level) => new(observedAt.ToString(), "England", $"level{level}", history.Count(0, q, 0, level), 2, "synthetic world", 0);
            var plan = new MergerPlan(world.Population, world.Horizon, world.Mergers);
            var worldRecord = record with
            {
                Known = [.. record.Known.Select(c => c.Year == observedAt.Year ? c with { Level = history.LevelsAt(0, 0, plan.Holder(q, c.Ccg)) } : c)],
            };
            var calibration = AbcPlan.Create(world with { Horizon = baseline.Scenario.Horizon, Behaviour = baseline.Scenario.Behaviour with { Particles = null } },
                settings, [Count(1), Count(2), Count(3)], "synthetic world", observedAt, runs, engine.MaxConcurrentBatches, worldRecord);
            var fit = await AbcCalibration.RunAsync(engine, calibration, observer, cancellationToken, stage: $"world {w + 1} of {worlds}", predict: false);

            // The truth: the world's expected effect, from many replications of it and its what-if.
            var trueEffect = await MeanDifference(engine, world with { Runs = truthRuns }, whatIf, april, cancellationToken);
            // The product's band: the what-if compared under the posterior.
            var estimated = world with { Runs = runs, Behaviour = baseline.Scenario.Behaviour with { Particles = fit.Posterior } };
            var band = await EffectBand(engine, estimated, whatIf, april, cancellationToken);
            var pressureColumn = Array.IndexOf(fit.Posterior.Coefficients, pressure);
            var pressureSd = pressureColumn < 0 ? double.NaN : fit.Summary.Marginals[pressureColumn].Sd;
            results.Add(new CoverageWorld(w + 1, truePressure, trueEffect, band.EffectP05, band.EffectP95, pressureSd));
            observer.Note($"world {w + 1} of {worlds}: pressure {truePressure:F2}, true effect {trueEffect:F1}, band [{band.EffectP05:F1}, {band.EffectP95:F1}] {(results[^1].Covered ? "covers it" : "MISSES it")}");
        }
        return new CoverageResult(april.ToString(), results);
    }

    private static async Task<ComparisonSummary> Compare(IReplicationEngine engine, Scenario scenario, Func<Scenario, Scenario> whatIf, CancellationToken cancellationToken)
    {
        var setups = new[] { new SimulationSetup(scenario), new SimulationSetup(whatIf(scenario) with { Name = $"{scenario.Name}-what-if" }) };
        return await CompareExperiment.RunAsync(engine, setups, 0, BatchPlan.Auto(scenario.Runs, Math.Max(1, engine.MaxConcurrentBatches)), null, cancellationToken,
            new HashSet<string>());
    }

    private static async Task<double> MeanDifference(IReplicationEngine engine, Scenario world, Func<Scenario, Scenario> whatIf, Quarter april, CancellationToken cancellationToken)
    {
        var summary = await Compare(engine, world, whatIf, cancellationToken);
        return summary.Comparisons[0].Differences[world.Horizon.IndexOf(april)].Level3.Mean;
    }

    private static async Task<EffectDecomposition> EffectBand(IReplicationEngine engine, Scenario estimated, Func<Scenario, Scenario> whatIf, Quarter april, CancellationToken cancellationToken)
    {
        var summary = await Compare(engine, estimated, whatIf, cancellationToken);
        return summary.Comparisons[0].RestsOn.Single(r => r.April == april.ToString()).Decomposition;
    }
}
