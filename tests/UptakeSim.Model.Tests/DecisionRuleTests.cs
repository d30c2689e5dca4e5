using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model;

namespace UptakeSim.Model.Tests;

public class DecisionRuleTests
{
    private static readonly CoefficientTable Table = CoefficientTable.Model;
    private static readonly double[] B = BehaviourCoefficients.Default.Draw(1, 0, 1);
    private static readonly Eligibility Free = new(true, true);

    private static readonly CcgSituation Level1 = new(Levels.GreaterInvolvement, 2, 0.0, false, LmcStance.Neutral, 0.5, 0.4, 0.3);
    private static readonly CcgSituation Level2 = Level1 with { Level = Levels.Joint };

    private static MoveRates Rates(CcgSituation s, double pressure = 1.0, double riskSharing = 0, Eligibility? may = null, bool handBack = false) =>
        DecisionRule.Rates(s, B, Table, pressure, riskSharing, may ?? Free, handBack);

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

    [Property(MaxTest = 200)]
    public Property Outcome_probabilities_sum_to_one_and_share_by_rate(NormalFloat join, NormalFloat delegate1, PositiveInt quarters)
    {
        var rates = new MoveRates(Math.Exp(Math.Clamp(join.Get, -20, 5)), Math.Exp(Math.Clamp(delegate1.Get, -20, 5)), 0, 0);
        var accumulated = default(MoveRates);
        for (var q = 0; q < 1 + quarters.Get % 8; q++) accumulated.Add(rates);
        var p = DecisionRule.Probabilities(accumulated);
        var sum = p.Stay + p.Join + p.DelegateFromLevel1 + p.DelegateFromLevel2 + p.HandBack;
        return (Math.Abs(sum - 1) < 1e-12
                && Math.Abs(p.Stay - Math.Exp(-accumulated.Total)) < 1e-12
                && Math.Abs(p.Join * rates.DelegateFromLevel1 - p.DelegateFromLevel1 * rates.Join) < 1e-12
                && p.Stay >= 0 && p.Join >= 0 && p.DelegateFromLevel1 >= 0)
            .ToProperty();
    }

    [Fact]
    public void No_open_move_means_staying()
    {
        Assert.Equal(new MoveProbabilities(1, 0, 0, 0, 0), DecisionRule.Probabilities(default));
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
        var p = DecisionRule.Probabilities(Rates(Level1));
        Assert.True(p.DelegateFromLevel1 > 0.01);
        Assert.Equal(Levels.Delegated, DecisionRule.Choose(Levels.GreaterInvolvement, p, p.DelegateFromLevel1 / 2));
    }

    [Theory]
    [InlineData(Levels.GreaterInvolvement)]
    [InlineData(Levels.Joint)]
    public void Finance_lmc_capacity_and_conflict_act_on_every_upward_move_in_the_seeds_direction(byte level)
    {
        var s = Level1 with { Level = level };
        double Up(CcgSituation x) => Rates(x).Join + Rates(x).DelegateFromLevel1 + Rates(x).DelegateFromLevel2;
        double Join(CcgSituation x) => Rates(x).Join;
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
        var held = Eligibility.Of(specialMeasures: true, specialMeasuresMayJoin: false, specialMeasuresMayDelegate: false);
        Assert.Equal(0, Rates(Level1, may: held).Total);
        Assert.Equal(0, Rates(Level2, may: held).Total);
        var mayJoin = Eligibility.Of(true, specialMeasuresMayJoin: true, specialMeasuresMayDelegate: false);
        Assert.True(Rates(Level1, may: mayJoin).Join > 0);
        Assert.Equal(0, Rates(Level1, may: mayJoin).DelegateFromLevel1);
        Assert.Equal(new Eligibility(true, true), Eligibility.Of(false, false, false));
        Assert.False(held.Allows(Levels.Delegated));
        Assert.True(held.Allows(Levels.GreaterInvolvement));
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
        var p = new MoveProbabilities(Stay: 0.7, Join: 0.2, DelegateFromLevel1: 0.1, 0, 0);
        Assert.Equal(expected, DecisionRule.Choose(Levels.GreaterInvolvement, p, u));
    }

    [Fact]
    public void Drivers_are_the_documented_values()
    {
        Span<double> x = stackalloc double[DecisionRule.DriverCount];
        DecisionRule.Drivers(Level2 with { Finance = -2, Lmc = LmcStance.Opposed }, 0.7, 0.25, 1.5, x);
        Assert.Equal([1, 0.7, -1.5, -1, 0.5, 0.4, 0.3, 1.5, 0], x.ToArray());
        DecisionRule.Drivers(Level1, 0.7, 0.25, 1.5, x);
        Assert.Equal(0, x[(int)Driver.ExperienceAtJoint]);
    }
}
