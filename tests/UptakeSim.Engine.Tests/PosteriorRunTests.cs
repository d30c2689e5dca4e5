using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Engine.Tests;

/// <summary>Posterior-predictive runs: each replication draws a particle by a keyed uniform, so silos and batch sizes do not matter.</summary>
[Collection(nameof(ThreeSiloCluster))]
public class PosteriorRunTests(ThreeSiloCluster fixture)
{
    private static SimulationSetup WithPosterior(SimulationSetup setup)
    {
        var table = setup.Scenario.Behaviour.Table;
        int[] intercepts = [table.IndexOf("intercepts.join"), table.IndexOf("intercepts.delegate_from_level1"), table.IndexOf("intercepts.delegate_from_level2")];
        var particles = CoefficientParticles.Posterior(intercepts, [[-1.0, -4.0, -2.5], [-3.0, -2.0, -3.5], [-2.0, -5.0, -1.5]], [0.5, 0.3, 0.2]);
        return new SimulationSetup(setup.Scenario with { Behaviour = setup.Scenario.Behaviour with { Particles = particles } });
    }

    [Fact]
    public async Task Posterior_runs_are_byte_identical_on_three_silos_and_the_reference_whatever_the_batch_size()
    {
        var setup = WithPosterior(Baseline.Setup(runs: 40));
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(40, 1, 40));
        var silos = await MonteCarloRun.RunAsync(fixture.Engine(6), setup, BatchPlan.Auto(40, 2, 3));
        var single = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(40, 1, 1));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(silos));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(single));
        // The particles are used: the run differs from the baseline's own intercepts.
        var own = await MonteCarloRun.RunAsync(new ReferenceEngine(), Baseline.Setup(runs: 40), BatchPlan.Auto(40, 1, 40));
        Assert.NotEqual(Baseline.Fingerprint(reference), Baseline.Fingerprint(own));
    }

    [Fact]
    public void Each_replication_draws_particles_in_proportion_to_their_weights_keyed_by_seed_and_replication()
    {
        var particles = WithPosterior(Baseline.Setup(runs: 1)).Scenario.Behaviour.Particles!;
        var counts = new int[3];
        const int n = 20_000;
        for (var r = 0; r < n; r++) counts[Array.IndexOf(particles.Values, particles.For(42, r))]++;
        // Binomial sd at n = 20,000 is at most 0.0036: 0.015 is over four sd.
        Assert.InRange(counts[0] / (double)n, 0.485, 0.515);
        Assert.InRange(counts[1] / (double)n, 0.285, 0.315);
        Assert.InRange(counts[2] / (double)n, 0.185, 0.215);
        Assert.Same(particles.For(42, 17), particles.For(42, 17));
        Assert.Equal(Enumerable.Range(0, 50).Select(r => particles.For(42, r)), Enumerable.Range(0, 50).Select(r => particles.For(42, r)));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(r => particles.For(42, r)), Enumerable.Range(0, 50).Select(r => particles.For(43, r)));
    }
}
