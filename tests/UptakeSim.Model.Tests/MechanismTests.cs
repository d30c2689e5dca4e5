using UptakeSim.Model;
using UptakeSim.Model.Kernel;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

/// <summary>The mechanisms of docs/ODD.md's submodels, each against a known answer.</summary>
public class MechanismTests
{
    private static readonly FinanceAssumptions NeverInSpecialMeasures = FinanceAssumptions.Default with { SpecialMeasuresBelow = -100, SpecialMeasuresExitAbove = -99 };

    /// <summary>Low rates, no peer effect and LMCs that never soften, so a Level 1 CCG's rates do not depend on what others do.</summary>
    private static BehaviourCoefficients Independent => BehaviourCoefficients.Default
        .With("intercepts.join", UncertainValue.Fixed(-3.5)).With("intercepts.delegate_from_level1", UncertainValue.Fixed(-4.0)).With("peer", UncertainValue.Fixed(0));

    private static Scenario AllAtLevel1(IReadOnlyList<ApplicationWindow> windows, int ccgs = 400) => Synthetic(
        ccgs: ccgs, start: new StartCounts(ccgs, 0, 0), finance: NeverInSpecialMeasures, behaviour: Independent, quarters: 8,
        policy: Policy(windows: windows)) with
    {
        Assumptions = new PopulationAssumptions(new StartCounts(ccgs, 0, 0), NeverInSpecialMeasures, CapacityAssumptions.Default, LmcAssumptions.Default with { SoftenRate = 0 }, ConflictAssumptions.Default),
    };

    private static double ShareLeftLevel1(byte[][][] history, int quarter) =>
        history[quarter].SelectMany(ccg => ccg).Average(level => level == Levels.GreaterInvolvement ? 0.0 : 1.0);

    [Fact]
    public void The_number_of_windows_a_year_changes_timing_not_the_annual_uptake()
    {
        // One window a year (January-March) against four (every quarter), moves taking effect at once. Rates are per
        // quarter and add up between windows, so after each year the same share has left Level 1.
        var yearly = LevelHistory(new SimulationSetup(AllAtLevel1([new ApplicationWindow(Q("2015Q4"), Q("2015Q4"), true)])), 0, 40);
        var quarterly = LevelHistory(new SimulationSetup(AllAtLevel1([
            new ApplicationWindow(Q("2015Q2"), Q("2015Q2"), true), new ApplicationWindow(Q("2015Q3"), Q("2015Q3"), true),
            new ApplicationWindow(Q("2015Q4"), Q("2015Q4"), true), new ApplicationWindow(Q("2016Q1"), Q("2016Q1"), true)])), 0, 40);

        // 16,000 CCG-replications each: the standard error of a share near 0.5 is 0.004, of a difference of two 0.0056;
        // 0.02 is 3.5 standard errors.
        foreach (var quarter in new[] { 3, 7 })
        {
            var (a, b) = (ShareLeftLevel1(yearly, quarter), ShareLeftLevel1(quarterly, quarter));
            Assert.InRange(a, 0.25, 0.75);
            Assert.InRange(b - a, -0.02, 0.02);
        }
        // Timing does differ: with quarterly windows CCGs leave before the yearly window opens.
        Assert.Equal(0, ShareLeftLevel1(yearly, 2));
        Assert.True(ShareLeftLevel1(quarterly, 2) > 0.1);
    }

    [Fact]
    public void A_ccg_s_finance_keeps_to_its_own_long_run_level()
    {
        // One CCG whose 2014/15 deficit (from data) is 2.5% of allocation, in a population whose mean is +0.3%.
        var population = CcgPopulation.Synthetic(4, 1, 1, 3);
        var troubled = population with { Ccgs = [population.Ccgs[0] with { Finance = -2.5 }, .. population.Ccgs.Skip(1)] };
        var setup = new SimulationSetup(Synthetic(ccgs: 4, start: new StartCounts(4, 0, 0), finance: NeverInSpecialMeasures) with { Population = troubled });
        var coefficients = setup.Scenario.Behaviour.Draw(setup.Seed, 0, 2000);
        var atLevel1 = Enumerable.Repeat(Levels.GreaterInvolvement, 2000).ToArray();
        var ccg = new CcgBatch(setup, 0, 0, coefficients, atLevel1);
        var other = new CcgBatch(setup, 1, 0, coefficients, atLevel1);
        var world = new WorldAggregator(setup, 0, 2000).Tally(0, [atLevel1, atLevel1, atLevel1, atLevel1]);
        for (var q = 1; q < setup.Quarters; q++)
        {
            ccg.Step(q, world);
            other.Step(q, world);
        }

        // After 27 quarters of shocks (stationary sd 0.85 around its own level), the mean of 2000 replications is its own
        // level to within 0.1, far from the national mean; another CCG's levels are drawn around the national mean.
        Assert.InRange(ccg.Finance.ToArray().Average(), -2.6, -2.4);
        Assert.InRange(other.Finance.ToArray().Average(), 0.3 - 0.15, 0.3 + 0.15);
        Assert.Equal(-2.5, CcgAttributes.Draw(setup.Scenario.Assumptions, troubled.Ccgs[0], 12345).LongRunFinance);
    }

    [Fact]
    public void A_ccg_under_legal_directions_starts_in_special_measures_and_recovers_towards_its_own_level()
    {
        var assumptions = new PopulationAssumptions(new StartCounts(1, 0, 0), FinanceAssumptions.Default with { Mean = 1.0, Sd = 0.6, SpecialMeasuresBelow = -0.4 },
            CapacityAssumptions.Default, LmcAssumptions.Default, ConflictAssumptions.Default);
        var record = new CcgRecord("X", "NHS X", 0, 0, 100_000) { LegalDirections = true };
        var draws = Enumerable.Range(0, 1000).Select(i => CcgAttributes.Draw(assumptions, record, KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(1, i), 0))).ToArray();

        Assert.All(draws, a => Assert.True(a.SpecialMeasures && a.Finance <= -0.4));
        Assert.InRange(draws.Average(a => a.LongRunFinance), 0.95, 1.05);
        var free = CcgAttributes.Draw(assumptions, record with { LegalDirections = null }, 7);
        Assert.Equal(free.LongRunFinance, free.Finance);
    }

    [Fact]
    public void Ccgs_whose_own_finance_is_poor_stay_at_level_1_longer()
    {
        var population = CcgPopulation.Synthetic(200, 4, 8, 5);
        var mixed = population with { Ccgs = [.. population.Ccgs.Select((c, i) => c with { Finance = i % 2 == 0 ? -2.0 : 2.0 })] };
        var setup = new SimulationSetup(Synthetic(ccgs: 200, start: new StartCounts(200, 0, 0), finance: NeverInSpecialMeasures, behaviour: Independent) with { Population = mixed });
        var last = LevelHistory(setup, 0, 20)[12];
        double StillAtLevel1(int parity) => last.Where((_, c) => c % 2 == parity).SelectMany(l => l).Average(l => l == 1 ? 1.0 : 0.0);

        Assert.True(StillAtLevel1(0) > StillAtLevel1(1) + 0.1, $"deficit {StillAtLevel1(0)}, surplus {StillAtLevel1(1)}");
    }

    [Fact]
    public void Nhse_approves_delegation_with_the_lever_s_probability_and_joining_always()
    {
        double Share(double approval, byte level)
        {
            var scenario = AllAtLevel1([new ApplicationWindow(Q("2015Q4"), Q("2016Q1"), true)]);
            scenario = scenario with { Policy = scenario.Policy with { Approval = Schedule.Constant(approval) } };
            return LevelHistory(new SimulationSetup(scenario), 0, 40)[4].SelectMany(l => l).Average(l => l == level ? 1.0 : 0.0);
        }
        double Delegated(double approval) => Share(approval, Levels.Delegated);
        double Joint(double approval) => Share(approval, Levels.Joint);

        Assert.Equal(0, Delegated(0));
        Assert.True(Delegated(1) > 0.1);
        // The same applications (keyed draws) are approved in proportion: 16,000 trials, sd of the ratio about 0.03.
        Assert.InRange(Delegated(0.5) / Delegated(1), 0.42, 0.58);
        Assert.Equal(Joint(1), Joint(0), 12);
    }

    [Fact]
    public void An_approved_move_lapses_if_the_ccg_is_in_special_measures_when_it_would_take_effect()
    {
        // Finance swings widely around zero, so CCGs enter and leave special measures between applying and going live.
        var swinging = new FinanceAssumptions(Mean: 0, Sd: 0.5, Reversion: 0.5, ShockSd: 2.0, SpecialMeasuresBelow: -1, SpecialMeasuresExitAbove: -0.5);
        (int Moves, int MovesUnderSpecialMeasures) Run(bool mayDelegate)
        {
            var policy = Policy(windows: [new ApplicationWindow(Q("2015Q3"), Q("2016Q1"), true)], smMayDelegate: mayDelegate) with { SpecialMeasuresMayJoin = true };
            var scenario = Synthetic(ccgs: 100, start: new StartCounts(100, 0, 0), finance: swinging, quarters: 12, policy: policy,
                behaviour: BehaviourCoefficients.Default.With("intercepts.delegate_from_level1", UncertainValue.Fixed(0)));
            var setup = new SimulationSetup(scenario);
            // The one tick loop, watched between quarters: each CCG's level and special measures before a step, and
            // its level after.
            CcgBatches? ccgs = null;
            var watch = new SpecialMeasuresWatch(setup, () => ccgs!);
            BatchSimulation.RunAsync(setup, 0, 20, start => ValueTask.FromResult<IBatchCcgs>(ccgs = new CcgBatches(start, LaneWidths.Best)), watch).AsTask().GetAwaiter().GetResult();
            return (watch.Moves, watch.MovesUnderSpecialMeasures);
        }

        var barred = Run(mayDelegate: false);
        Assert.True(barred.Moves > 50);
        Assert.Equal(0, barred.MovesUnderSpecialMeasures);
        Assert.True(Run(mayDelegate: true).MovesUnderSpecialMeasures > 10);
    }

    /// <summary>Counts the moves to delegated that take effect in a window's effective quarter, and those made by a
    /// CCG that was in special measures just before.</summary>
    private sealed class SpecialMeasuresWatch(SimulationSetup setup, Func<CcgBatches> ccgs) : IBatchObserver
    {
        private (byte[] Level, bool[] SpecialMeasures)[] _before = [];

        public int Moves { get; private set; }

        public int MovesUnderSpecialMeasures { get; private set; }

        public void Started(BatchStart start)
        {
        }

        public void Stepped(int quarter)
        {
            if (!setup.Timeline.EffectiveIfApplying.Contains(quarter)) return;
            var now = ccgs().Ccgs;
            for (var c = 0; c < now.Count; c++)
            {
                for (var r = 0; r < now[c].Level.Length; r++)
                {
                    if (_before[c].Level[r] == Levels.Delegated || now[c].Level[r] != Levels.Delegated) continue;
                    Moves++;
                    if (_before[c].SpecialMeasures[r]) MovesUnderSpecialMeasures++;
                }
            }
        }

        public void Tallied(int quarter, IReadOnlyList<byte[]> levels, WorldSnapshot world) =>
            _before = ccgs().Ccgs.Select(c => ((byte[])c.Level.Clone(), c.SpecialMeasures)).ToArray();
    }
}
