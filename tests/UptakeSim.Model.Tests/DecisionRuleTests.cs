using UptakeSim.Model;

namespace UptakeSim.Model.Tests;

public class DecisionRuleTests
{
    private static readonly double[] B = BehaviourCoefficients.Default.Draw(1, 0, 1);

    private static readonly CcgSituation Typical = new(Levels.GreaterInvolvement, 2, 0.0, false, LmcStance.Neutral, 0.5, 0.4, 0.3);

    private static double Delegate(CcgSituation s, double pressure = 1.0, double riskSharing = 0, bool mayDelegate = true) =>
        DecisionRule.Probabilities(s, B, pressure, riskSharing, mayDelegate, false).DelegateFromLevel1;

    [Fact]
    public void Hazard_is_the_logistic_of_the_documented_linear_predictor()
    {
        var s = Typical;
        var expected = -3.0 + 1.5 * 1.0 + 0.4 * 0.0 + 0.6 * 0 + 1.5 * 0.5 + 1.0 * 0.3 + 0.2 * Math.Log(3) - 1.0 * 0.4;
        Assert.Equal(1 / (1 + Math.Exp(-expected)), Delegate(s), 12);
        var join = -3.0 + (expected + 3.0);
        Assert.Equal(1 / (1 + Math.Exp(-join)), DecisionRule.Probabilities(s, B, 1.0, 0, true, false).Join, 12);
    }

    [Fact]
    public void More_pressure_raises_the_hazard() => Assert.True(Delegate(Typical, pressure: 2) > Delegate(Typical, pressure: 1));

    [Fact]
    public void A_surplus_raises_and_a_deficit_lowers_the_hazard()
    {
        Assert.True(Delegate(Typical with { Finance = 2 }) > Delegate(Typical));
        Assert.True(Delegate(Typical with { Finance = -2 }) < Delegate(Typical));
    }

    [Fact]
    public void Risk_sharing_softens_a_deficit_but_not_a_surplus()
    {
        var deficit = Typical with { Finance = -2 };
        Assert.True(Delegate(deficit, riskSharing: 0.5) > Delegate(deficit));
        Assert.Equal(Delegate(deficit with { Finance = 0 }), Delegate(deficit, riskSharing: 1.0), 12);
        var surplus = Typical with { Finance = 2 };
        Assert.Equal(Delegate(surplus), Delegate(surplus, riskSharing: 0.5), 12);
    }

    [Fact]
    public void A_supportive_lmc_raises_and_an_opposed_lmc_lowers_the_hazard()
    {
        Assert.True(Delegate(Typical with { Lmc = LmcStance.Supportive }) > Delegate(Typical));
        Assert.True(Delegate(Typical with { Lmc = LmcStance.Opposed }) < Delegate(Typical));
    }

    [Fact]
    public void Capacity_peers_and_experience_raise_and_conflict_concern_lowers_the_hazard()
    {
        Assert.True(Delegate(Typical with { Capacity = 0.9 }) > Delegate(Typical));
        Assert.True(Delegate(Typical with { PeerShareDelegated = 0.8 }) > Delegate(Typical));
        Assert.True(Delegate(Typical with { QuartersAtLevel = 12 }) > Delegate(Typical));
        Assert.True(Delegate(Typical with { Conflict = 0.9 }) < Delegate(Typical));
    }

    [Fact]
    public void Ineligible_ccgs_may_join_but_not_delegate()
    {
        var p = DecisionRule.Probabilities(Typical with { SpecialMeasures = true }, B, 1, 0, mayDelegate: false, handBackEnabled: false);
        Assert.Equal(0, p.DelegateFromLevel1);
        Assert.True(p.Join > 0);
        var joint = DecisionRule.Probabilities(Typical with { Level = Levels.Joint, SpecialMeasures = true }, B, 1, 0, false, false);
        Assert.Equal(0, joint.DelegateFromLevel2);
        Assert.False(DecisionRule.EligibleForDelegation(specialMeasures: true, specialMeasuresMayDelegate: false));
        Assert.True(DecisionRule.EligibleForDelegation(specialMeasures: true, specialMeasuresMayDelegate: true));
    }

    [Fact]
    public void Hand_back_happens_only_when_enabled()
    {
        var delegated = Typical with { Level = Levels.Delegated };
        Assert.Equal(0, DecisionRule.Probabilities(delegated, B, 1, 0, true, handBackEnabled: false).HandBack);
        Assert.Equal(1 / (1 + Math.Exp(6.0)), DecisionRule.Probabilities(delegated, B, 1, 0, true, handBackEnabled: true).HandBack, 12);
    }

    [Theory]
    [InlineData(0.05, Levels.Delegated)]
    [InlineData(0.25, Levels.Joint)]
    [InlineData(0.45, (byte)0)]
    public void One_uniform_draw_chooses_between_exclusive_moves(double u, byte expected)
    {
        var p = new MoveProbabilities(Join: 0.2, DelegateFromLevel1: 0.1, 0, 0);
        Assert.Equal(expected, DecisionRule.Choose(Levels.GreaterInvolvement, p, u));
    }

    [Fact]
    public void Moves_whose_probabilities_exceed_one_share_the_unit_interval()
    {
        var p = new MoveProbabilities(Join: 0.9, DelegateFromLevel1: 0.6, 0, 0);
        Assert.Equal(Levels.Delegated, DecisionRule.Choose(Levels.GreaterInvolvement, p, 0.39));
        Assert.Equal(Levels.Joint, DecisionRule.Choose(Levels.GreaterInvolvement, p, 0.41));
        Assert.Equal(Levels.Joint, DecisionRule.Choose(Levels.GreaterInvolvement, p, 0.999));
    }
}
