using UptakeSim.Model;
using UptakeSim.Runner;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

public class SimulationTests
{
    [Fact]
    public void The_start_mix_has_exactly_the_scenario_counts_in_every_replication()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 40, start: new StartCounts(17, 13, 10)));
        var b = setup.Scenario.Behaviour.Draw(setup.Seed, 0, 1);
        for (var r = 0; r < 20; r++)
        {
            var mix = StartMix.Assign(setup, r, b);
            Assert.Equal(17, mix.Count(l => l == 1));
            Assert.Equal(13, mix.Count(l => l == 2));
            Assert.Equal(10, mix.Count(l => l == 3));
        }
    }

    [Fact]
    public void Regional_quotas_place_the_delegated_ccgs_by_region()
    {
        var scenario = Synthetic(ccgs: 40, start: new StartCounts(20, 10, 10, new Dictionary<string, int> { ["Region 1"] = 7, ["Region 3"] = 3 }));
        var setup = new SimulationSetup(scenario);
        var mix = StartMix.Assign(setup, 3, scenario.Behaviour.Draw(setup.Seed, 3, 1));
        var delegatedByRegion = Enumerable.Range(0, 4).Select(r => scenario.Population.Ccgs.Where((c, i) => c.Region == r && mix[i] == 3).Count()).ToArray();
        Assert.Equal([7, 0, 3, 0], delegatedByRegion);
    }

    [Fact]
    public void Ccgs_in_special_measures_stay_at_level_1_unless_the_scenario_lets_them_join()
    {
        // Everyone in deep deficit, never leaving special measures: no move at all; allowed to join, joint but no delegation.
        var finance = new FinanceAssumptions(Mean: -10, Sd: 0.1, Reversion: 0.1, ShockSd: 0.1, SpecialMeasuresBelow: -1, SpecialMeasuresExitAbove: 0);
        var held = LevelHistory(new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(30, 0, 0), finance: finance)), 0, 20);
        Assert.All(held, quarter => Assert.All(quarter, ccg => Assert.All(ccg, level => Assert.Equal(1, level))));
        var mayJoin = Policy() with { SpecialMeasuresMayJoin = true };
        var history = LevelHistory(new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(30, 0, 0), finance: finance, policy: mayJoin)), 0, 20);
        Assert.All(history, quarter => Assert.All(quarter, ccg => Assert.DoesNotContain((byte)3, ccg)));
        Assert.Contains(history[^1], ccg => ccg.Contains((byte)2));
    }

    [Fact]
    public void The_same_ccgs_delegate_when_the_eligibility_rule_allows_it()
    {
        var finance = new FinanceAssumptions(Mean: -10, Sd: 0.1, Reversion: 0.1, ShockSd: 0.1, SpecialMeasuresBelow: -1, SpecialMeasuresExitAbove: 0);
        var setup = new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(30, 0, 0), finance: finance, policy: Policy(smMayDelegate: true)));
        Assert.Contains(LevelHistory(setup, 0, 20)[^1], ccg => ccg.Contains((byte)3));
    }

    [Fact]
    public void A_mandate_moves_every_eligible_ccg_to_delegated_in_its_quarter()
    {
        var neverInSpecialMeasures = FinanceAssumptions.Default with { SpecialMeasuresBelow = -100, SpecialMeasuresExitAbove = -99 };
        var setup = new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(20, 10, 0), finance: neverInSpecialMeasures,
            policy: Policy(pressure: Schedule.Constant(-5), mandate: Q("2017Q1"))));
        var history = LevelHistory(setup, 0, 10);
        var mandate = Horizon.Default.IndexOf(Q("2017Q1"));
        Assert.Contains(history[mandate - 1], ccg => ccg.Any(l => l != 3));
        for (var q = mandate; q < setup.Quarters; q++) Assert.All(history[q], ccg => Assert.All(ccg, level => Assert.Equal(3, level)));
    }

    [Fact]
    public void Results_do_not_depend_on_how_replications_are_batched()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 25));
        var whole = BatchSimulation.Run(setup, 0, 10);
        var first = BatchSimulation.Run(setup, 0, 3);
        var second = BatchSimulation.Run(setup, 3, 7);
        Assert.Equal(whole.Counts, first.Counts.Concat(second.Counts).ToArray());
    }

    [Fact]
    public void Percentiles_are_nearest_rank_on_the_exact_histogram()
    {
        long[] histogram = [0, 5, 10, 80, 5];
        Assert.Equal(1, TrajectoryAccumulator.Percentile(histogram, 0.05));
        Assert.Equal(2, TrajectoryAccumulator.Percentile(histogram, 0.06));
        Assert.Equal(3, TrajectoryAccumulator.Percentile(histogram, 0.50));
        Assert.Equal(3, TrajectoryAccumulator.Percentile(histogram, 0.95));
        Assert.Equal(4, TrajectoryAccumulator.Percentile(histogram, 0.96));
    }

    [Fact]
    public void Keyed_draws_are_reproducible_distinct_and_uniform()
    {
        var key = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(42, 3), 5);
        Assert.Equal(KeyedRandom.Uniform(key, 4, DrawPurpose.Decision), KeyedRandom.Uniform(key, 4, DrawPurpose.Decision));
        Assert.NotEqual(KeyedRandom.Uniform(key, 4, DrawPurpose.Decision), KeyedRandom.Uniform(key, 5, DrawPurpose.Decision));
        Assert.NotEqual(KeyedRandom.Uniform(key, 4, DrawPurpose.Decision), KeyedRandom.Uniform(key, 4, DrawPurpose.LmcSoften));
        var u = Enumerable.Range(0, 100_000).Select(i => KeyedRandom.Uniform(KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(1, i), 0), 0, DrawPurpose.Decision)).ToArray();
        Assert.InRange(u.Average(), 0.497, 0.503);
        Assert.InRange(u.Count(x => x < 0.1) / 100_000.0, 0.097, 0.103);
        var z = Enumerable.Range(0, 100_000).Select(i => KeyedRandom.Normal(KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(1, i), 0), 0, DrawPurpose.FinanceShock)).ToArray();
        Assert.InRange(z.Average(), -0.01, 0.01);
        Assert.InRange(Math.Sqrt(z.Select(x => x * x).Average()), 0.99, 1.01);
    }

    [Fact]
    public void Uncertain_coefficients_are_drawn_once_per_replication_from_their_distribution()
    {
        var behaviour = BehaviourCoefficients.Default.With("pressure", UncertainValue.Normal(1.5, 0.25)).With("peer", UncertainValue.Uniform(0, 2));
        var table = behaviour.Table;
        var rows = behaviour.Draw(9, 0, 20_000);
        var pressure = Enumerable.Range(0, 20_000).Select(r => rows[r * table.Count + table.IndexOf("pressure")]).ToArray();
        var peer = Enumerable.Range(0, 20_000).Select(r => rows[r * table.Count + table.IndexOf("peer")]).ToArray();
        Assert.InRange(pressure.Average(), 1.49, 1.51);
        Assert.InRange(Math.Sqrt(pressure.Select(p => (p - 1.5) * (p - 1.5)).Average()), 0.245, 0.255);
        Assert.InRange(peer.Min(), 0, 0.01);
        Assert.InRange(peer.Max(), 1.99, 2);
        Assert.All(Enumerable.Range(0, 20_000), r => Assert.Equal(-1.0, rows[r * table.Count + table.IndexOf("conflict")]));
        Assert.Equal(rows.AsSpan(5 * BehaviourCoefficients.Count, BehaviourCoefficients.Count).ToArray(), behaviour.Draw(9, 5, 1));
    }
}
