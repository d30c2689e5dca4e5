using MathNet.Numerics.LinearAlgebra;
using UptakeSim.Model;

namespace UptakeSim.Analysis;

/// <summary>Settings of <see cref="AbcSmc.RunAsync"/>; the defaults are pyABC's where it has one.</summary>
public sealed record AbcSettings
{
    /// <summary>Accepted particles per generation.</summary>
    public int PopulationSize { get; init; } = 500;

    /// <summary>Each generation's tolerance is this weighted quantile of the previous generation's distances (pyABC's QuantileEpsilon, alpha 0.5).</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Tolerance of generation 0, sampled from the prior; infinite accepts the first PopulationSize prior draws.</summary>
    public double InitialTolerance { get; init; } = double.PositiveInfinity;

    /// <summary>Stop after the generation whose tolerance is at or below this; tolerances never go below it.</summary>
    public double MinimumTolerance { get; init; }

    /// <summary>Stop after a generation that accepted fewer than this share of its simulations, or abandon one that cannot reach it.</summary>
    public double MinimumAcceptanceRate { get; init; } = 0.01;

    /// <summary>Generations in all, generation 0 included.</summary>
    public int MaxGenerations { get; init; } = 10;

    /// <summary>
    /// Simulations in all, counted as each generation needs them (up to its last acceptance), so the result does not
    /// depend on the batch size; a generation that would need more is abandoned and the previous one is the result.
    /// Simulations run beside a generation's last acceptance are discarded, so the simulator may be called for up to
    /// BatchSize x ParallelBatches - 1 more per completed generation (in practice about a tenth of the generation's own).
    /// </summary>
    public long MaxSimulations { get; init; } = long.MaxValue;

    /// <summary>
    /// The most parameter vectors per call of the simulator. Each round of calls is sized to what the generation still
    /// needs at its expected acceptance rate, so a generation usually takes one round. Changes the work's shape, never
    /// the result.
    /// </summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Simulator calls in flight at once. Changes the work's shape, never the result.</summary>
    public int ParallelBatches { get; init; } = 1;

    public ulong Seed { get; init; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PopulationSize, 2, nameof(PopulationSize));
        if (!(Alpha > 0 && Alpha < 1)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "expected 0 < alpha < 1");
        if (!(MinimumAcceptanceRate >= 0 && MinimumAcceptanceRate < 1)) throw new ArgumentOutOfRangeException(nameof(MinimumAcceptanceRate), MinimumAcceptanceRate, "expected 0 <= rate < 1");
        if (double.IsNaN(InitialTolerance) || double.IsNaN(MinimumTolerance)) throw new ArgumentException("tolerances must be numbers");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGenerations, 1, nameof(MaxGenerations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSimulations, PopulationSize, nameof(MaxSimulations));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ParallelBatches, 1, nameof(ParallelBatches));
    }
}

/// <summary>
/// Parameter vectors for the simulator to run, in generation <see cref="Generation"/>: <see cref="Parameters"/>[i] is
/// proposal <see cref="Proposals"/>[i] of that generation and its simulation number <see cref="FirstSimulation"/> + i
/// (the proposals inside the prior's support, counted in order from 0 in each generation, so a batch's simulations
/// are a contiguous range). The simulator must draw the model's noise for Parameters[i] from its simulation number
/// (for example as the replication number under a seed of the generation) or from <see cref="NoiseKeys"/>[i] only,
/// so a summary depends on the proposal, never on the batch it came in or on what ran beside it.
/// </summary>
public sealed record SimulationBatch(int Generation, IReadOnlyList<double[]> Parameters, IReadOnlyList<long> Proposals, IReadOnlyList<ulong> NoiseKeys, long FirstSimulation)
{
    public int Count => Parameters.Count;
}

/// <summary>Runs a batch; returns one summary vector per parameter vector, in order. May be called concurrently.</summary>
public delegate Task<double[][]> AbcSimulator(SimulationBatch batch, CancellationToken cancellationToken);

/// <summary>An accepted parameter vector, its normalised importance weight, and the summary and distance it was accepted with.</summary>
public sealed record Particle(double[] Parameters, double Weight, double Distance, double[] Summary);

/// <summary>
/// One generation: the particles accepted at <see cref="Tolerance"/> (weights summing to 1), the simulations it took
/// (up to its last accepted proposal, so the count does not depend on batch size or parallelism) and all simulations
/// so far. Save it to resume from it with <see cref="AbcSmc.RunAsync"/>.
/// </summary>
public sealed record AbcGeneration(int Index, double Tolerance, IReadOnlyList<Particle> Particles, long Simulations, long TotalSimulations)
{
    public double AcceptanceRate => (double)Particles.Count / Simulations;

    public double EffectiveSampleSize => WeightedStatistics.EffectiveSampleSize(Particles.Select(p => p.Weight).ToArray());

    /// <summary>
    /// The particle a uniform draw <paramref name="u"/> in [0, 1) picks with probability equal to its weight: the
    /// caller keys u like any other draw (per replication), so posterior-predictive runs stay reproducible.
    /// </summary>
    public Particle ParticleAt(double u)
    {
        var target = u * Particles.Sum(p => p.Weight);
        var cumulative = 0.0;
        foreach (var particle in Particles)
        {
            cumulative += particle.Weight;
            if (target < cumulative) return particle;
        }
        return Particles[^1];
    }
}

public enum AbcStopReason
{
    MinimumTolerance,
    MinimumAcceptanceRate,
    MaxGenerations,
    MaxSimulations,
}

/// <summary>Every generation run (the one resumed from first, if any); the last is the posterior.</summary>
public sealed record AbcResult(IReadOnlyList<AbcGeneration> History, AbcStopReason StopReason, string Message)
{
    public AbcGeneration Posterior => History[^1];
}

/// <summary>
/// Approximate Bayesian computation by sequential Monte Carlo: the population Monte Carlo sampler of Beaumont et al.
/// (2009) with pyABC's adaptive tolerance. Generation 0 samples the prior (independent per parameter); generation t
/// picks an ancestor from generation t - 1 by weight, perturbs it with a multivariate normal of twice the population's
/// weighted covariance, simulates, and accepts when the distance is at most the tolerance, the
/// <see cref="AbcSettings.Alpha"/> weighted quantile of generation t - 1's distances. Weights are prior / proposal
/// density, w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j). A perturbation outside the prior's support is rejected without a
/// simulation (not redrawn), so the proposal density of an accepted point is exactly that mixture.
/// Every random choice of proposal p in generation t comes from a stream keyed by (seed, t, p); the generation keeps
/// the first PopulationSize accepted proposals in proposal order; so the result is the same whatever the batch size,
/// the parallelism or the engine's scheduling.
/// </summary>
public static class AbcSmc
{
    // Proposal p of generation t draws from Key(seed, t, p); its noise key is Key(seed, t, p, NoiseStream).
    private const long NoiseStream = 1;

    /// <summary>
    /// Runs generations until a stopping rule holds. <paramref name="distance"/> maps a summary to its distance from
    /// the observed data (called on one thread at a time; NaN counts as a rejection). <paramref name="onGeneration"/> hears of each new generation (to report or checkpoint it);
    /// <paramref name="resumeFrom"/> continues from a saved generation with the same settings, giving what the
    /// uninterrupted run would have given.
    /// </summary>
    public static async Task<AbcResult> RunAsync(
        IReadOnlyList<UncertainParameter> priors,
        Func<double[], double> distance,
        AbcSimulator simulate,
        AbcSettings settings,
        Func<AbcGeneration, CancellationToken, ValueTask>? onGeneration = null,
        AbcGeneration? resumeFrom = null,
        CancellationToken cancellationToken = default)
    {
        UncertainParameter.Validate(priors);
        settings.Validate();
        if (resumeFrom is not null && (resumeFrom.Particles.Count == 0 || resumeFrom.Particles.Any(p => p.Parameters.Length != priors.Count)))
        {
            throw new ArgumentException($"the generation to resume from must hold particles of {priors.Count} parameters", nameof(resumeFrom));
        }

        var sampler = new Sampler(priors, distance, simulate, settings);
        var history = new List<AbcGeneration>();
        var current = resumeFrom;
        if (current is null)
        {
            current = await sampler.Generation(null, settings.InitialTolerance, cancellationToken)
                ?? throw new InvalidOperationException($"generation 0 could not accept {settings.PopulationSize} particles within the simulation budget ({settings.MaxSimulations}) and the minimum acceptance rate ({settings.MinimumAcceptanceRate}); raise the budget, lower the rate or raise the initial tolerance");
            if (onGeneration is not null) await onGeneration(current, cancellationToken);
        }
        history.Add(current);

        while (true)
        {
            if (current.Tolerance <= settings.MinimumTolerance)
            {
                return new AbcResult(history, AbcStopReason.MinimumTolerance, $"reached the minimum tolerance {settings.MinimumTolerance:G4}");
            }
            if (current.AcceptanceRate < settings.MinimumAcceptanceRate)
            {
                return new AbcResult(history, AbcStopReason.MinimumAcceptanceRate, $"generation {current.Index} accepted {current.AcceptanceRate:P2} of its simulations, below the minimum {settings.MinimumAcceptanceRate:P2}");
            }
            if (current.Index + 1 >= settings.MaxGenerations)
            {
                return new AbcResult(history, AbcStopReason.MaxGenerations, $"ran the maximum of {settings.MaxGenerations} generations");
            }
            if (current.TotalSimulations >= settings.MaxSimulations)
            {
                return new AbcResult(history, AbcStopReason.MaxSimulations, $"used the budget of {settings.MaxSimulations} simulations");
            }

            var distances = current.Particles.Select(p => p.Distance).ToArray();
            var weights = current.Particles.Select(p => p.Weight).ToArray();
            var tolerance = Math.Max(settings.MinimumTolerance, WeightedStatistics.Quantile(distances, weights, settings.Alpha));
            var next = await sampler.Generation(current, tolerance, cancellationToken);
            if (next is null)
            {
                return current.TotalSimulations + sampler.LastAbandonedSimulations >= settings.MaxSimulations
                    ? new AbcResult(history, AbcStopReason.MaxSimulations, $"generation {current.Index + 1} (tolerance {tolerance:G4}) did not fill its population within the budget of {settings.MaxSimulations} simulations; the result is generation {current.Index}")
                    : new AbcResult(history, AbcStopReason.MinimumAcceptanceRate, $"generation {current.Index + 1} (tolerance {tolerance:G4}) could not reach the minimum acceptance rate {settings.MinimumAcceptanceRate:P2}; the result is generation {current.Index}");
            }
            current = next;
            history.Add(current);
            if (onGeneration is not null) await onGeneration(current, cancellationToken);
        }
    }

    private sealed class Sampler(IReadOnlyList<UncertainParameter> priors, Func<double[], double> distance, AbcSimulator simulate, AbcSettings settings)
    {
        private readonly int _d = priors.Count;

        public long LastAbandonedSimulations { get; private set; }

        /// <summary>The generation after <paramref name="previous"/> (generation 0 for null), or null when a limit stopped it.</summary>
        public async Task<AbcGeneration?> Generation(AbcGeneration? previous, double tolerance, CancellationToken cancellationToken)
        {
            var index = previous is null ? 0 : previous.Index + 1;
            var kernel = previous is null ? null : new Kernel(previous);
            var spent = previous?.TotalSimulations ?? 0;
            var limit = settings.MaxSimulations - spent;
            if (settings.MinimumAcceptanceRate > 0) limit = Math.Min(limit, (long)Math.Ceiling(settings.PopulationSize / settings.MinimumAcceptanceRate));

            var accepted = new List<(double[] Theta, double Distance, double[] Summary)>();
            long simulated = 0, nextProposal = 0;
            while (accepted.Count < settings.PopulationSize)
            {
                if (simulated >= limit)
                {
                    LastAbandonedSimulations = simulated;
                    return null;
                }
                // A round that does not complete the generation is counted whole, so the next starts at simulation `simulated`.
                var size = RoundSize(previous, accepted.Count, simulated, limit);
                var calls = (int)Math.Min(settings.ParallelBatches, size);
                var round = new List<SimulationBatch>(calls);
                for (var c = 0; c < calls; c++)
                {
                    var (batch, after) = NextBatch(index, kernel, nextProposal, simulated + round.Sum(r => r.Count), (int)(size / calls + (c < size % calls ? 1 : 0)));
                    nextProposal = after;
                    round.Add(batch);
                }

                var summaries = await Task.WhenAll(round.Select(batch => simulate(batch, cancellationToken)));
                for (var b = 0; b < round.Count && accepted.Count < settings.PopulationSize; b++)
                {
                    if (summaries[b] is null || summaries[b].Length != round[b].Count)
                    {
                        throw new InvalidOperationException($"the simulator returned {summaries[b]?.Length ?? 0} summaries for a batch of {round[b].Count} parameter vectors; expected one per vector");
                    }
                    // Proposals are taken in order and the generation ends at its last acceptance, whatever ran after it.
                    for (var i = 0; i < round[b].Count && accepted.Count < settings.PopulationSize; i++)
                    {
                        simulated++;
                        var value = distance(summaries[b][i]);
                        if (value <= tolerance) accepted.Add((round[b].Parameters[i], value, summaries[b][i]));
                    }
                }
            }

            return Complete(index, tolerance, kernel, accepted, simulated, spent);
        }

        /// <summary>
        /// The simulations the next round of calls runs: what the generation still needs at its expected acceptance rate,
        /// with a tenth more so that one round usually completes it, within the budget and the calls' size. The rate is
        /// the generation's own so far, or before its first round about Alpha times the previous generation's, since
        /// the tolerance is the Alpha quantile of the previous generation's distances.
        /// </summary>
        private long RoundSize(AbcGeneration? previous, int accepted, long simulated, long limit)
        {
            var rate = simulated > 0 ? Math.Max(accepted, 1) / (double)simulated
                : previous is null ? 1 : Math.Max(previous.AcceptanceRate * settings.Alpha, settings.MinimumAcceptanceRate);
            var expected = Math.Ceiling((settings.PopulationSize - accepted) / Math.Max(rate, 1e-6) * 1.1);
            return (long)Math.Min(Math.Min(expected, (double)settings.BatchSize * settings.ParallelBatches), limit - simulated);
        }

        private AbcGeneration Complete(int index, double tolerance, Kernel? kernel, List<(double[] Theta, double Distance, double[] Summary)> accepted, long simulated, long spent)
        {
            var weights = kernel is null
                ? accepted.Select(_ => 1.0).ToArray()
                : FromLogs(accepted.Select(a => kernel.LogWeight(a.Theta, LogPrior(a.Theta))).ToArray());
            var total = weights.Sum();
            var particles = accepted.Select((a, i) => new Particle(a.Theta, weights[i] / total, a.Distance, a.Summary)).ToArray();
            return new AbcGeneration(index, tolerance, particles, simulated, spent + simulated);
        }

        /// <summary>
        /// The next <paramref name="size"/> proposals inside the prior's support, from proposal number <paramref name="first"/>
        /// on, as simulations <paramref name="firstSimulation"/> on.
        /// </summary>
        private (SimulationBatch Batch, long Next) NextBatch(int generation, Kernel? kernel, long first, long firstSimulation, int size)
        {
            var parameters = new List<double[]>(size);
            var proposals = new List<long>(size);
            var keys = new List<ulong>(size);
            var proposal = first;
            while (parameters.Count < size)
            {
                var random = SplitMix64.Keyed(settings.Seed, generation, proposal);
                var theta = kernel is null
                    ? priors.Select(p => p.Distribution.Quantile(random.NextOpenDouble())).ToArray()
                    : kernel.Perturb(random);
                if (double.IsFinite(LogPrior(theta)))
                {
                    parameters.Add(theta);
                    proposals.Add(proposal);
                    keys.Add(SplitMix64.Key(settings.Seed, generation, proposal, NoiseStream));
                }
                proposal++;
            }
            return (new SimulationBatch(generation, parameters, proposals, keys, firstSimulation), proposal);
        }

        private double LogPrior(double[] theta)
        {
            var log = 0.0;
            for (var k = 0; k < _d; k++) log += Math.Log(priors[k].Distribution.Density(theta[k]));
            return log;
        }

        /// <summary>Weights from log-weights, scaled so the largest is 1 (they are normalised afterwards).</summary>
        private static double[] FromLogs(double[] logWeights)
        {
            var max = logWeights.Max();
            return logWeights.Select(l => Math.Exp(l - max)).ToArray();
        }
    }

    /// <summary>The perturbation kernel around a population: N(θ_j, 2 Σ_w), Σ_w the population's weighted covariance (Beaumont et al. 2009).</summary>
    private sealed class Kernel
    {
        private readonly double[][] _centres;
        private readonly double[] _logWeights;
        private readonly double[] _cumulative;
        private readonly Matrix<double> _lower;
        private readonly Matrix<double> _lowerInverse;

        public Kernel(AbcGeneration population)
        {
            _centres = population.Particles.Select(p => p.Parameters).ToArray();
            var weights = population.Particles.Select(p => p.Weight).ToArray();
            _logWeights = weights.Select(w => Math.Log(w)).ToArray();
            _cumulative = new double[weights.Length];
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++) _cumulative[i] = sum += weights[i];

            var covariance = Matrix<double>.Build.DenseOfArray(WeightedStatistics.Covariance(_centres, weights)) * 2;
            // A tiny ridge keeps the kernel proper when the population lies on a line (perfectly correlated parameters).
            var ridge = 1e-12 * Math.Max(covariance.Diagonal().Average(), double.Epsilon);
            covariance += Matrix<double>.Build.DenseIdentity(covariance.RowCount) * ridge;
            _lower = covariance.Cholesky().Factor;
            _lowerInverse = _lower.Inverse();
        }

        public double[] Perturb(SplitMix64 random)
        {
            var u = random.NextDouble() * _cumulative[^1];
            var ancestor = Array.BinarySearch(_cumulative, u);
            ancestor = ancestor < 0 ? Math.Min(~ancestor, _centres.Length - 1) : Math.Min(ancestor + 1, _centres.Length - 1);
            var z = Vector<double>.Build.Dense(_centres[0].Length, _ => random.NextNormal());
            var step = _lower * z;
            return _centres[ancestor].Select((x, k) => x + step[k]).ToArray();
        }

        /// <summary>log π(θ) - log Σ_j w_j K(θ | θ_j), up to a constant shared by all particles.</summary>
        public double LogWeight(double[] theta, double logPrior)
        {
            var d = theta.Length;
            var terms = new double[_centres.Length];
            var difference = new double[d];
            for (var j = 0; j < _centres.Length; j++)
            {
                for (var k = 0; k < d; k++) difference[k] = theta[k] - _centres[j][k];
                var squared = 0.0;
                for (var a = 0; a < d; a++)
                {
                    var y = 0.0;
                    for (var b = 0; b <= a; b++) y += _lowerInverse[a, b] * difference[b];
                    squared += y * y;
                }
                terms[j] = _logWeights[j] - 0.5 * squared;
            }
            var max = terms.Max();
            return logPrior - (max + Math.Log(terms.Sum(t => Math.Exp(t - max))));
        }
    }
}
