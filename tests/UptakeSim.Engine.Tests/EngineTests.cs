using System.Collections.Concurrent;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Engine.Tests;

[Collection(nameof(OneSiloCluster))]
public class OneSiloEngineTests(OneSiloCluster fixture)
{
    [Fact]
    public async Task Baseline_starts_at_the_observed_mix_and_every_quarter_counts_the_ccgs_then_existing()
    {
        var setup = Baseline.Setup(runs: 24);
        var batches = new ConcurrentBag<BatchTrajectories>();
        var result = await MonteCarloRun.RunAsync(fixture.Engine(), setup, BatchPlan.Auto(24, 2, 5), observer: b => { batches.Add(b); return ValueTask.CompletedTask; });

        var regions = setup.Scenario.Population.Regions.ToList();
        string[] approvedRegions = ["North of England", "Midlands and East of England", "South of England", "London"];
        Assert.Equal(24, result.Runs);
        Assert.Equal(24, batches.Sum(b => b.Replications));
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Replications; r++)
            {
                Assert.Equal([59, 87, 63], Enumerable.Range(1, 3).Select(l => batch.Count(r, 0, 0, l)));
                Assert.Equal([24, 25, 8, 6], approvedRegions.Select(name => batch.Count(r, 0, regions.IndexOf(name) + 1, 3)));
                for (var q = 0; q < setup.Quarters; q++)
                {
                    var existing = setup.Mergers.Existing[q];
                    Assert.Equal(existing, Enumerable.Range(1, 3).Sum(l => batch.Count(r, q, 0, l)));
                    Assert.Equal(existing, Enumerable.Range(1, 4).Sum(s => Enumerable.Range(1, 3).Sum(l => batch.Count(r, q, s, l))));
                    Assert.InRange(batch.PatientsDelegated[r * setup.Quarters + q], 0, BatchTrajectories.PerMille);
                }
            }
        }
        Assert.Equal([209, 209, 207, 195, 191, 135, 106], Enumerable.Range(0, 7).Select(y => setup.Mergers.Existing[4 * y]));
        Assert.Equal(new Band(59, 59, 59, 59, 59, 59), result.Stats(0, 0, 1));
        Assert.Equal(new Band(63, 63, 63, 63, 63, 63), result.Stats(0, 0, 3));
    }

    [Fact]
    public async Task Engine_matches_the_reference_kernel_exactly()
    {
        var setup = Baseline.Setup(runs: 60);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(60, 1, 60));
        var engine = await MonteCarloRun.RunAsync(fixture.Engine(), setup, BatchPlan.Auto(60, 2));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(engine));
    }

    [Fact]
    public async Task The_reference_kernel_on_several_threads_matches_it_on_one()
    {
        var setup = Baseline.Setup(runs: 30);
        var one = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(30, 1, 30));
        var three = new ReferenceEngine(3);
        Assert.Equal(3, three.MaxConcurrentBatches);
        Assert.Equal(Baseline.Fingerprint(one), Baseline.Fingerprint(await MonteCarloRun.RunAsync(three, setup, BatchPlan.Auto(30, 3, 7))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReferenceEngine(0));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(1000, 8)]
    public async Task Batch_size_and_concurrency_do_not_change_the_results(int batchSize, int concurrency)
    {
        var setup = Baseline.Setup(runs: 30);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(30, 1, 30));
        var engine = await MonteCarloRun.RunAsync(fixture.Engine(concurrency), setup, BatchPlan.Auto(30, 2, batchSize));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(engine));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_results_and_another_seed_does_not()
    {
        var first = await MonteCarloRun.RunAsync(fixture.Engine(), Baseline.Setup(runs: 20), BatchPlan.Auto(20, 2));
        var again = await MonteCarloRun.RunAsync(fixture.Engine(), Baseline.Setup(runs: 20), BatchPlan.Auto(20, 2));
        var other = await MonteCarloRun.RunAsync(fixture.Engine(), Baseline.Setup(20, "seed=99"), BatchPlan.Auto(20, 2));
        Assert.Equal(Baseline.Fingerprint(first), Baseline.Fingerprint(again));
        Assert.NotEqual(Baseline.Fingerprint(first), Baseline.Fingerprint(other));
    }
}

[Collection(nameof(ThreeSiloCluster))]
public class ThreeSiloEngineTests(ThreeSiloCluster fixture)
{
    [Fact]
    public async Task Three_silos_give_byte_identical_aggregates_to_the_reference()
    {
        Assert.Equal(3, fixture.Cluster.GetActiveSilos().Count());
        var setup = Baseline.Setup(runs: 48);
        var reference = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(48, 1, 48));
        var engine = await MonteCarloRun.RunAsync(fixture.Engine(6), setup, BatchPlan.Auto(48, 2, 4));
        Assert.Equal(Baseline.Fingerprint(reference), Baseline.Fingerprint(engine));
    }

    [Fact]
    public async Task Three_silos_hand_back_every_runs_level_of_every_ccg_when_asked_as_the_reference_kernel_does()
    {
        // As run --keep-runs asks: every quarter kept, which the setup carries to the silos.
        var scenario = Baseline.Setup(runs: 12).Scenario;
        var setup = new SimulationSetup(scenario) { KeptQuarters = [.. Enumerable.Range(0, scenario.Horizon.Quarters)] };
        var reference = BatchSimulation.Run(setup, 0, 12);
        var batches = new ConcurrentBag<BatchTrajectories>();
        await MonteCarloRun.RunAsync(fixture.Engine(6), setup, BatchPlan.Auto(12, 2, 4), observer: b =>
        {
            batches.Add(b);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(12, batches.Sum(b => b.Replications));
        foreach (var batch in batches)
        {
            Assert.Equal(28 * 4 * 209, batch.KeptLevels.Length);
            for (var q = 0; q < 28; q++)
            {
                for (var r = 0; r < batch.Replications; r++)
                {
                    for (var c = 0; c < 209; c++) Assert.Equal(reference.LevelsAt(q, batch.FirstReplication + r, c), batch.LevelsAt(q, r, c));
                }
            }
        }
    }
}
