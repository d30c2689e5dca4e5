using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model.Tests;

public class DecisionRuleTests
{
    private static readonly CoefficientTable Table = CoefficientTable.Model;
    private static readonly double[] B = BehaviourCoefficients.Default.Draw(1, 0, 1);

    private static readonly Situation Level1 = new(Levels.GreaterInvolvement, 2, 0.0, false, LmcStance.Neutral, 0.5, 0.4, 0.3);
    private static readonly Situation Level2 = Level1 with { Level = Levels.Joint };

    private static Rates Rates(Situation s, double pressure = 1.0, double riskSharing = 0, bool mayJoin = true, bool mayDelegate = true, bool handBack = false) =>
        OneLane.RatesOf(s, B, Table, pressure, riskSharing, mayJoin, mayDelegate, handBack);

    [Fact]
    public void A_rate_is_the_exponential_of_the_move_s_intercept_plus_the_terms_acting_on_it()
    {
        // Defaults: join -2.5, delegate from 1 -3.0, from 2 -2.5; pressure 1.0 and peer 1.0 on delegating only;
        // finance 0.4, lmc 0.5, capacity 1.5, conflict -1.0 on every upward move; experience 0.5 on 2 -> 3 only.
        var shared = 0.4 * 0.0 + 0.5 * 0 + 1.5 * 0.5 - 1.0 * 0.4;
        var r1 = Rates(Level1);
        Assert.Equal(Math.Exp(-2.5 + shared), r1.Join, 12);
        Assert.Equal(Math.Exp(-3.0 + shared + 1.0 * 1.0 + 1.0 * 0.3), r1.DelegateFromLevel1, 12);
        Assert.Equal(0, r1.DelegateFromLevel2);
        var r2 = Rates(Level2);
        Assert.Equal(Math.Exp(-2.5 + shared + 1.0 * 1.0 + 1.0 * 0.3 + 0.5 * Math.Log(3)), r2.DelegateFromLevel2, 12);
        Assert.Equal((0, 0, 0), (r2.Join, r2.DelegateFromLevel1, r2.HandBack));
    }

    /// <summary>Over many uniform draws, the window's outcomes fall in the shares the exposures give: staying with
    /// exp(-total), each move with its share of the rest.</summary>
    [Property(MaxTest = 200, Replay = "(20150401,20160401)")]
    public Property Outcomes_fall_in_the_shares_the_exposures_give(NormalFloat join, NormalFloat delegate1)
    {
        var exposures = new Rates(Math.Exp(Math.Clamp(join.Get, -6, 2)), Math.Exp(Math.Clamp(delegate1.Get, -6, 2)), 0, 0);
        const int draws = 4000;
        var counts = new int[4];
        for (var k = 0; k < draws; k++) counts[OneLane.Apply(Levels.GreaterInvolvement, exposures, (k + 0.5) / draws)]++;
        var stay = Math.Exp(-exposures.Total);
        var applied = 1 - stay;
        return (Math.Abs(counts[0] / (double)draws - stay) <= 1.0 / draws
                && Math.Abs(counts[3] / (double)draws - applied * exposures.DelegateFromLevel1 / exposures.Total) <= 1.0 / draws
                && Math.Abs(counts[2] / (double)draws - applied * exposures.Join / exposures.Total) <= 1.0 / draws)
            .ToProperty();
    }

    [Fact]
    public void No_open_move_means_staying()
    {
        Assert.Equal(0, OneLane.Apply(Levels.GreaterInvolvement, default, 0.0));
        Assert.Equal(0, Rates(Level1 with { Level = Levels.Delegated }).Total);
    }

    [Fact]
    public void Pressure_and_peers_raise_delegating_but_not_joining()
    {
        Assert.True(Rates(Level1, pressure: 2).DelegateFromLevel1 > Rates(Level1).DelegateFromLevel1);
        Assert.True(Rates(Level2, pressure: 2).DelegateFromLevel2 > Rates(Level2).DelegateFromLevel2);
        Assert.Equal(Rates(Level1).Join, Rates(Level1, pressure: 2).Join, 12);
        Assert.True(Rates(Level1 with { PeerShareDelegated = 0.9 }).DelegateFromLevel1 > Rates(Level1).DelegateFromLevel1);
        Assert.Equal(Rates(Level1).Join, Rates(Level1 with { PeerShareDelegated = 0.9 }).Join, 12);
    }

    [Fact]
    public void Deprivation_raises_delegating_but_not_joining()
    {
        Assert.True(Rates(Level1 with { Deprivation = 1.5 }).DelegateFromLevel1 > Rates(Level1).DelegateFromLevel1);
        Assert.True(Rates(Level2 with { Deprivation = 1.5 }).DelegateFromLevel2 > Rates(Level2).DelegateFromLevel2);
        Assert.Equal(Rates(Level1).Join, Rates(Level1 with { Deprivation = 1.5 }).Join, 12);
    }

    [Fact]
    public void Time_at_joint_raises_delegating_from_joint_only()
    {
        Assert.True(Rates(Level2 with { QuartersAtLevel = 12 }).DelegateFromLevel2 > Rates(Level2).DelegateFromLevel2);
        Assert.Equal(Rates(Level1).DelegateFromLevel1, Rates(Level1 with { QuartersAtLevel = 12 }).DelegateFromLevel1, 12);
        Assert.Equal(Rates(Level1).Join, Rates(Level1 with { QuartersAtLevel = 12 }).Join, 12);
    }

    [Fact]
    public void Level_1_ccgs_may_go_straight_to_delegated()
    {
        var rates = Rates(Level1);
        var direct = (1 - Math.Exp(-rates.Total)) * rates.DelegateFromLevel1 / rates.Total;
        Assert.True(direct > 0.01);
        Assert.Equal(Levels.Delegated, OneLane.Apply(Levels.GreaterInvolvement, rates, direct / 2));
    }

    [Theory]
    [InlineData(Levels.GreaterInvolvement)]
    [InlineData(Levels.Joint)]
    public void Finance_lmc_capacity_and_conflict_act_on_every_upward_move_in_the_seeds_direction(byte level)
    {
        var s = Level1 with { Level = level };
        double Up(Situation x) => Rates(x).Join + Rates(x).DelegateFromLevel1 + Rates(x).DelegateFromLevel2;
        double Join(Situation x) => Rates(x).Join;
        Assert.True(Up(s with { Finance = -2 }) < Up(s));
        Assert.True(Up(s with { Finance = 2 }) > Up(s));
        Assert.True(Up(s with { Lmc = LmcStance.Opposed }) < Up(s));
        Assert.True(Up(s with { Lmc = LmcStance.Supportive }) > Up(s));
        Assert.True(Up(s with { Capacity = 0.1 }) < Up(s));
        Assert.True(Up(s with { Conflict = 0.9 }) < Up(s));
        if (level == Levels.GreaterInvolvement)
        {
            Assert.True(Join(s with { Finance = -2 }) < Join(s));
            Assert.True(Join(s with { Lmc = LmcStance.Opposed }) < Join(s));
        }
    }

    [Fact]
    public void Risk_sharing_softens_a_deficit_but_not_a_surplus()
    {
        var deficit = Level1 with { Finance = -2 };
        Assert.True(Rates(deficit, riskSharing: 0.5).DelegateFromLevel1 > Rates(deficit).DelegateFromLevel1);
        Assert.Equal(Rates(deficit with { Finance = 0 }).DelegateFromLevel1, Rates(deficit, riskSharing: 1.0).DelegateFromLevel1, 12);
        var surplus = Level1 with { Finance = 2 };
        Assert.Equal(Rates(surplus).DelegateFromLevel1, Rates(surplus, riskSharing: 0.5).DelegateFromLevel1, 12);
    }

    [Fact]
    public void Special_measures_hold_a_ccg_at_level_1_unless_the_scenario_allows_the_move()
    {
        var strict = new PolicyTimeline([0], [-1], SpecialMeasuresMayDelegate: false, [0], [0], [0], int.MaxValue);
        var lenient = strict with { SpecialMeasuresMayJoin = true };
        bool May(Func<double, PolicyTimeline, int, double> rule, bool specialMeasures, PolicyTimeline t, int quarter = 0) => Lanes.IsSet(rule(OneLane.Mask(specialMeasures), t, quarter));
        Func<double, PolicyTimeline, int, double> join = Eligibility.MayJoin<ScalarLanes, double, ulong>, delegate_ = Eligibility.MayDelegate<ScalarLanes, double, ulong>;
        Assert.False(May(join, true, strict));
        Assert.False(May(delegate_, true, strict));
        Assert.True(May(join, false, strict) && May(delegate_, false, strict));
        Assert.True(May(join, true, lenient));
        Assert.False(May(delegate_, true, lenient));
        Assert.True(May(delegate_, true, strict with { SpecialMeasuresMayDelegate = true }));
        // A bar lifted from quarter 8 holds before it and not from it.
        var lifted = strict with { BarLiftedFrom = 8 };
        Assert.False(May(delegate_, true, lifted, 7));
        Assert.True(May(delegate_, true, lifted, 8) && May(join, true, lifted, 8));
        Assert.Equal(0, Rates(Level1, mayJoin: false, mayDelegate: false).Total);
        Assert.Equal(0, Rates(Level2, mayJoin: false, mayDelegate: false).Total);
        Assert.True(Rates(Level1, mayJoin: true, mayDelegate: false).Join > 0);
        Assert.Equal(0, Rates(Level1, mayJoin: true, mayDelegate: false).DelegateFromLevel1);
    }

    [Fact]
    public void Hand_back_happens_only_when_enabled()
    {
        var delegated = Level1 with { Level = Levels.Delegated };
        Assert.Equal(0, Rates(delegated).HandBack);
        Assert.Equal(Math.Exp(-6.0), Rates(delegated, handBack: true).HandBack, 12);
    }

    [Theory]
    [InlineData(0.05, Levels.Delegated)]
    [InlineData(0.25, Levels.Joint)]
    [InlineData(0.45, (byte)0)]
    public void One_uniform_draw_chooses_the_outcome(double u, byte expected)
    {
        // Exposures whose outcomes are 0.1 delegate, 0.2 join, 0.7 stay: total -ln 0.7, split 1 : 2.
        var total = -Math.Log(0.7);
        Assert.Equal(expected, OneLane.Apply(Levels.GreaterInvolvement, new Rates(total * 2 / 3, total / 3, 0, 0), u));
    }

    [Fact]
    public void Drivers_are_the_documented_values()
    {
        var x = OneLane.Drivers(Level2 with { Finance = -2, Lmc = LmcStance.Opposed, Collective = -0.8 }, 0.7, 0.25);
        Assert.Equal([1, 0.7, -1.5, -1, 0.5, 0.4, 0.3, Model.Kernel.DeterministicMath.Log(3), 0, -0.8], ((ReadOnlySpan<double>)x).ToArray());
        Assert.Equal(0, OneLane.Drivers(Level1, 0.7, 0.25)[(int)Driver.ExperienceAtJoint]);
        Assert.Equal(0, OneLane.Drivers(Level2 with { QuartersAtLevel = 0 }, 0.7, 0.25)[(int)Driver.ExperienceAtJoint]);
    }
}
