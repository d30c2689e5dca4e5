using System.Collections.Concurrent;
using UptakeSim.Analysis;
using Xunit.Abstractions;
using UptakeSim.Model;

namespace UptakeSim.Analysis.Tests;

public class AbcSmcTests(ITestOutputHelper output)
{
    // Binomial rate: k successes in n trials, prior Beta(2, 3); the exact posterior is Beta(2 + k, 3 + n - k).
    private const int Trials = 40;
    private const int Successes = 12;
    private static readonly UncertainParameter[] RatePrior = [new("rate", new BetaDistribution(2, 3))];

    private static AbcSimulator Binomial => (batch, _) => Task.FromResult(batch.Parameters.Select((theta, i) =>
    {
        var random = SplitMix64.Keyed(batch.NoiseKeys[i]);
        var count = 0;
        for (var t = 0; t < Trials; t++) if (random.NextDouble() < theta[0]) count++;
        return new double[] { count };
    }).ToArray());

    [Fact]
    public async Task A_binomial_rate_with_a_beta_prior_matches_the_exact_beta_posterior()
    {
        // At tolerance 0 the accepted counts equal the observed one exactly, so ABC targets the exact posterior;
        // what remains is Monte Carlo error, sd / sqrt(ESS) ≈ 0.068 / sqrt(600) ≈ 0.003 for the mean.
        var settings = new AbcSettings { PopulationSize = 1000, MinimumTolerance = 0, MaxGenerations = 20, BatchSize = 64, Seed = 11 };

        var result = await AbcSmc.RunAsync(RatePrior, s => Math.Abs(s[0] - Successes), Binomial, settings);

        var exact = new BetaDistribution(2 + Successes, 3 + Trials - Successes);
        var summary = PosteriorSummary.Of(RatePrior, result.Posterior.Particles);
        var rate = summary.Marginals[0];
        output.WriteLine($"ABC: mean {rate.Mean:F4}, 90% [{rate.Lower90:F4}, {rate.Upper90:F4}], sd {rate.Sd:F4}, ESS {result.Posterior.EffectiveSampleSize:F0}, {result.History.Count} generations, {result.Posterior.TotalSimulations} simulations");
        output.WriteLine($"exact: mean {exact.Mean:F4}, 90% [{exact.Quantile(0.05):F4}, {exact.Quantile(0.95):F4}], sd {exact.StandardDeviation:F4}");
        Assert.Equal(AbcStopReason.MinimumTolerance, result.StopReason);
        Assert.Equal(0, result.Posterior.Tolerance);
        Assert.InRange(result.Posterior.EffectiveSampleSize, 300, 1000);
        // Stated tolerances: mean within 0.01 (about 3 Monte Carlo standard errors), 90% interval ends within 0.015.
        Assert.Equal(exact.Mean, rate.Mean, 0.01);
        Assert.Equal(exact.Quantile(0.05), rate.Lower90, 0.015);
        Assert.Equal(exact.Quantile(0.95), rate.Upper90, 0.015);
        Assert.Equal(exact.StandardDeviation, rate.Sd, 0.01);
    }

    [Fact]
    public async Task With_observation_error_added_to_simulations_the_posterior_is_the_exact_normal_one()
    {
        // θ ~ N(0, 1); the model gives θ + N(0, 0.5²); the observation 1.2 has sd 0.5. Exact posterior: normal with
        // variance 1 x 0.5 / 1.5 = 1/3 and mean 1.2 / 1.5 = 0.8. Without the observation error it would be 0.2 and 0.96.
        UncertainParameter[] prior = [new("theta", new NormalDistribution(0, 1))];
        var distance = new NoiseAwareDistance([1.2], [0.5], [0.25]);
        AbcSimulator simulate = (batch, _) => Task.FromResult(batch.Parameters.Select((theta, i) =>
            distance.WithObservationError([theta[0] + 0.5 * SplitMix64.Keyed(batch.NoiseKeys[i]).NextNormal()], batch.NoiseKeys[i])).ToArray());

        var result = await AbcSmc.RunAsync(prior, distance.Measure, simulate, new AbcSettings { PopulationSize = 1000, MaxGenerations = 8, Seed = 4 });

        // Stated tolerances: mean within 0.04 and sd within 0.03 (the final tolerance adds a little spread).
        var theta = PosteriorSummary.Of(prior, result.Posterior.Particles).Marginals[0];
        output.WriteLine($"mean {theta.Mean:F4}, sd {theta.Sd:F4}, final tolerance {result.Posterior.Tolerance:F4}, ESS {result.Posterior.EffectiveSampleSize:F0}");
        Assert.Equal(0.8, theta.Mean, 0.04);
        Assert.Equal(Math.Sqrt(1.0 / 3), theta.Sd, 0.03);
    }

    // Toy model: y_j = a + b x_j + N(0, 0.5²) at x = -1, -0.5, 0, 0.5, 1; summaries the mean of y and the least-squares
    // slope, which are sufficient for (a, b).
    private static readonly double[] Xs = [-1, -0.5, 0, 0.5, 1];
    private const double NoiseSd = 0.5;
    private static readonly UncertainParameter[] LinePriors = [new("a", new NormalDistribution(0, 1)), new("b", new TriangularDistribution(-2, 0, 2))];

    private static double[] Line(double[] theta, ulong noiseKey)
    {
        var random = SplitMix64.Keyed(noiseKey);
        var ys = Xs.Select(x => theta[0] + theta[1] * x + NoiseSd * random.NextNormal()).ToArray();
        return [ys.Average(), Xs.Zip(ys, (x, y) => x * y).Sum() / Xs.Sum(x => x * x)];
    }

    private static AbcSimulator LineSimulator(bool parallel) => async (batch, _) =>
    {
        if (parallel) await Task.Yield();
        return batch.Parameters.Select((theta, i) => Line(theta, batch.NoiseKeys[i])).ToArray();
    };

    private static NoiseAwareDistance LineDistance(double[] observed)
    {
        // Pilot: 5 prior-like parameter vectors x 20 replications; the observations are exact model output (sd 0).
        var pilot = Enumerable.Range(0, 5).Select(k => (IReadOnlyList<double[]>)Enumerable.Range(0, 20)
            .Select(r => Line([k * 0.3, 1 - k * 0.4], SplitMix64.Key(99, k, r))).ToArray()).ToArray();
        return NoiseAwareDistance.FromPilot(observed, [0, 0], pilot);
    }

    private static AbcSettings LineSettings(ulong seed) => new()
    {
        PopulationSize = 400,
        MaxGenerations = 8,
        MinimumAcceptanceRate = 0.03,
        BatchSize = 50,
        Seed = seed,
    };

    [Fact]
    public async Task Credible_intervals_cover_the_truth_as_often_as_they_say()
    {
        // K = 40 data sets, each simulated from a truth drawn from the prior. For exact 90% intervals the number
        // covering the truth is Binomial(40, 0.9): P(X < 32) = 1.6%, P(X = 40) = 1.5%; we accept 32..39 per parameter.
        const int k = 40;
        var covered = new int[2];
        for (var repetition = 0; repetition < k; repetition++)
        {
            var random = SplitMix64.Keyed(2024, repetition);
            var truth = LinePriors.Select(p => p.Distribution.Quantile(random.NextOpenDouble())).ToArray();
            var observed = Line(truth, SplitMix64.Key(2024, repetition, 1));
            var distance = LineDistance(observed);

            var result = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(parallel: false), LineSettings((ulong)repetition));

            var summary = PosteriorSummary.Of(LinePriors, result.Posterior.Particles);
            for (var p = 0; p < 2; p++)
            {
                if (summary.Marginals[p].Lower90 <= truth[p] && truth[p] <= summary.Marginals[p].Upper90) covered[p]++;
            }
        }
        output.WriteLine($"90% intervals covering the truth in {k} data sets: a {covered[0]}, b {covered[1]}");
        Assert.All(covered, count => Assert.InRange(count, 32, 39));
    }

    [Fact]
    public async Task The_result_does_not_depend_on_batch_size_or_parallelism()
    {
        var distance = LineDistance(Line([0.4, -0.7], 5));

        var serial = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(parallel: false), LineSettings(3) with { BatchSize = 1, MaxGenerations = 4 });
        var parallel = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(parallel: true), LineSettings(3) with { BatchSize = 37, ParallelBatches = 3, MaxGenerations = 4 });

        Assert.Equal(4, serial.History.Count);
        Assert.Equal(Fingerprint(serial), Fingerprint(parallel));
    }

    [Fact]
    public async Task Simulation_numbers_are_the_proposals_inside_the_prior_counted_in_order_whatever_the_batches()
    {
        // A simulator keying its noise by simulation number, as the engine does (replication = simulation), gives the
        // same result whatever the batch shape; the numbers count only proposals the prior's support keeps, so a
        // bounded prior (b is triangular on [-2, 2]) leaves no gaps.
        var distance = LineDistance(Line([0.4, 1.6], 12));
        AbcSimulator ByNumber(ConcurrentDictionary<(int, long), long> numbers) => async (batch, _) =>
        {
            await Task.Yield();
            for (var i = 0; i < batch.Count; i++) numbers[(batch.Generation, batch.Proposals[i])] = batch.FirstSimulation + i;
            return batch.Parameters.Select((theta, i) => Line(theta, SplitMix64.Key(77, batch.Generation, batch.FirstSimulation + i))).ToArray();
        };
        var serialNumbers = new ConcurrentDictionary<(int, long), long>();
        var parallelNumbers = new ConcurrentDictionary<(int, long), long>();

        var serial = await AbcSmc.RunAsync(LinePriors, distance.Measure, ByNumber(serialNumbers), LineSettings(5) with { BatchSize = 1, MaxGenerations = 4 });
        var parallel = await AbcSmc.RunAsync(LinePriors, distance.Measure, ByNumber(parallelNumbers), LineSettings(5) with { BatchSize = 37, ParallelBatches = 3, MaxGenerations = 4 });

        Assert.Equal(Fingerprint(serial), Fingerprint(parallel));
        for (var g = 0; g < 4; g++)
        {
            var numbers = serialNumbers.Where(n => n.Key.Item1 == g).OrderBy(n => n.Key.Item2).Select(n => n.Value).ToArray();
            Assert.Equal(Enumerable.Range(0, numbers.Length).Select(n => (long)n), numbers);
            Assert.All(parallelNumbers.Where(n => n.Key.Item1 == g && serialNumbers.ContainsKey(n.Key)), n => Assert.Equal(serialNumbers[n.Key], n.Value));
        }
        // Some proposals fell outside the support: their numbers were not used.
        Assert.Contains(serialNumbers.Keys, k => k.Item1 > 0 && k.Item2 >= serialNumbers.Count(n => n.Key.Item1 == k.Item1));
    }

    [Fact]
    public async Task Resuming_from_a_saved_generation_gives_the_uninterrupted_result()
    {
        var distance = LineDistance(Line([-0.2, 1.1], 6));
        var saved = new List<AbcGeneration>();

        var whole = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(4) with { MaxGenerations = 5 });
        await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(4) with { MaxGenerations = 3 },
            onGeneration: (g, _) => { saved.Add(g); return ValueTask.CompletedTask; });
        var resumed = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(4) with { MaxGenerations = 5 }, resumeFrom: saved[^1]);

        Assert.Equal([0, 1, 2], saved.Select(g => g.Index));
        Assert.Equal([2, 3, 4], resumed.History.Select(g => g.Index));
        Assert.Equal(Fingerprint(whole)[2..], Fingerprint(resumed));
    }

    [Fact]
    public async Task A_generation_checkpointed_to_a_file_resumes_the_uninterrupted_run()
    {
        var distance = LineDistance(Line([0.7, 0.2], 9));
        var path = Path.Combine(Path.GetTempPath(), $"abc-checkpoint-{Guid.NewGuid():N}.csv");
        try
        {
            var whole = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(8) with { MaxGenerations = 4 });
            await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(8) with { MaxGenerations = 2 }, onGeneration: (g, _) =>
            {
                using var writer = new StreamWriter(path);
                PosteriorFile.Write(writer, ["a", "b"], g);
                return ValueTask.CompletedTask;
            });
            var resumed = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(8) with { MaxGenerations = 4 }, resumeFrom: Scenarios.PosteriorCsv.Read(path, ["a", "b"]).Generation);

            Assert.Equal(Fingerprint(whole)[1..], Fingerprint(resumed)[0..]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Tolerances_fall_and_each_generation_reports_its_statistics()
    {
        var distance = LineDistance(Line([0.1, 0.3], 7));
        var reported = new List<AbcGeneration>();

        var result = await AbcSmc.RunAsync(LinePriors, distance.Measure, LineSimulator(false), LineSettings(5) with { MaxGenerations = 5 },
            onGeneration: (g, _) => { reported.Add(g); return ValueTask.CompletedTask; });

        Assert.Equal(AbcStopReason.MaxGenerations, result.StopReason);
        Assert.Equal(result.History, reported);
        Assert.Equal(double.PositiveInfinity, result.History[0].Tolerance);
        Assert.Equal(1, result.History[0].AcceptanceRate);
        for (var g = 1; g < result.History.Count; g++)
        {
            var generation = result.History[g];
            Assert.True(generation.Tolerance < result.History[g - 1].Tolerance);
            Assert.All(generation.Particles, p => Assert.True(p.Distance <= generation.Tolerance));
            Assert.Equal(1, generation.Particles.Sum(p => p.Weight), 1e-9);
            Assert.InRange(generation.EffectiveSampleSize, 50, 400);
            Assert.Equal(result.History[g - 1].TotalSimulations + generation.Simulations, generation.TotalSimulations);
            Assert.InRange(generation.AcceptanceRate, 0.03, 1);
        }
    }

    [Fact]
    public async Task The_simulation_budget_stops_the_run_and_bounds_the_simulations_run()
    {
        var distance = LineDistance(Line([0.1, 0.3], 8));
        long simulated = 0;
        AbcSimulator counting = (batch, ct) => { Interlocked.Add(ref simulated, batch.Count); return LineSimulator(false)(batch, ct); };

        var result = await AbcSmc.RunAsync(LinePriors, distance.Measure, counting, LineSettings(6) with { MaxSimulations = 3000, BatchSize = 64, ParallelBatches = 2 });

        // Counted as generations need them: at most the budget. Run: at most 127 more per completed generation,
        // discarded because they ran beside a generation's last acceptance.
        Assert.Equal(AbcStopReason.MaxSimulations, result.StopReason);
        Assert.True(result.Posterior.TotalSimulations <= 3000);
        Assert.InRange(simulated, 3000, 3000 + result.History.Count * 127);
    }

    [Fact]
    public async Task A_simulator_returning_the_wrong_number_of_summaries_is_reported()
    {
        AbcSimulator broken = (batch, _) => Task.FromResult(new double[batch.Count - 1][]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AbcSmc.RunAsync(RatePrior, s => s[0], broken, new AbcSettings { BatchSize = 10 }));

        Assert.Contains("returned 9 summaries for a batch of 10", error.Message);
    }

    [Fact]
    public void A_particle_is_picked_in_proportion_to_its_weight()
    {
        var generation = new AbcGeneration(0, 1, [new([1.0], 0.25, 0, []), new([2.0], 0.5, 0, []), new([3.0], 0.25, 0, [])], 3, 3);

        Assert.Equal([1.0, 1.0, 2.0, 2.0, 3.0], new[] { 0.0, 0.249, 0.25, 0.74, 0.99 }.Select(u => generation.ParticleAt(u).Parameters[0]));
    }

    private static string[] Fingerprint(AbcResult result) => result.History.Select(g =>
        $"{g.Index} {g.Tolerance:R} {g.Simulations} {g.TotalSimulations} " +
        string.Join(';', g.Particles.Select(p => $"{string.Join(',', p.Parameters.Select(x => x.ToString("R")))}/{p.Weight:R}/{p.Distance:R}"))).ToArray();
}
