using UptakeSim.Model;

namespace UptakeSim.Model.Tests;

public class DynamicsTests
{
    [Fact]
    public void Finance_reverts_to_the_ccg_s_own_level_not_the_national_mean_and_adds_the_scaled_shock()
    {
        var f = new FinanceAssumptions(Mean: 0.5, Sd: 1, Reversion: 0.2, ShockSd: 0.5, SpecialMeasuresBelow: -2, SpecialMeasuresExitAbove: -0.5);
        Assert.Equal(-1.5 + 0.2 * (-2.5 + 1.5) + 0.5 * 1.0, OneLane.NextFinance(f, -1.5, -2.5, 1.0), 12);
        Assert.Equal(-2.5, OneLane.NextFinance(f, -2.5, -2.5, 0), 12);
    }

    [Fact]
    public void Special_measures_have_hysteresis()
    {
        var f = new FinanceAssumptions(0.5, 1, 0.2, 0.5, SpecialMeasuresBelow: -2, SpecialMeasuresExitAbove: -0.5);
        Assert.True(f.InSpecialMeasures(false, -2.1));
        Assert.False(f.InSpecialMeasures(false, -1.0));
        Assert.True(f.InSpecialMeasures(true, -1.0));
        Assert.False(f.InSpecialMeasures(true, -0.4));
    }

    [Fact]
    public void Support_adds_capacity_delegation_consumes_it_and_a_running_cost_cut_lowers_its_target()
    {
        var c = new CapacityAssumptions(Mean: 0.6, Sd: 0.1, Recovery: 0.25, JointLoad: 0.01, DelegatedLoad: 0.04);
        Assert.Equal(0.5 + 0.25 * 0.1, OneLane.NextCapacity(c, 0.5, 0.6, Levels.GreaterInvolvement, 0, 0), 12);
        Assert.Equal(0.5 + 0.25 * -0.2, OneLane.NextCapacity(c, 0.5, 0.3, Levels.GreaterInvolvement, 0, 0), 12);
        Assert.Equal(0.5 + 0.25 * 0.1 - 0.04, OneLane.NextCapacity(c, 0.5, 0.6, Levels.Delegated, 0, 0), 12);
        Assert.Equal(0.5 + 0.25 * 0.1 + 0.05, OneLane.NextCapacity(c, 0.5, 0.6, Levels.GreaterInvolvement, 0, 0.05), 12);
        Assert.Equal(0.5 + 0.25 * (0.48 - 0.5), OneLane.NextCapacity(c, 0.5, 0.6, Levels.GreaterInvolvement, -0.2, 0), 12);
        Assert.Equal(1.0, OneLane.NextCapacity(c, 0.99, 0.6, Levels.GreaterInvolvement, 0, 0.5));
        Assert.Equal(0.0, OneLane.NextCapacity(c, 0.0, 0.6, Levels.Delegated, -1, 0));
    }

    [Fact]
    public void Lmc_stances_soften_one_step_with_peer_delegation()
    {
        var lmc = new LmcAssumptions(0.3, 0.45, 0.25, SoftenRate: 0.2);
        Assert.Equal(LmcStance.Neutral, OneLane.Soften(lmc, LmcStance.Opposed, 0.5, 0.09));
        Assert.Equal(LmcStance.Opposed, OneLane.Soften(lmc, LmcStance.Opposed, 0.5, 0.11));
        Assert.Equal(LmcStance.Supportive, OneLane.Soften(lmc, LmcStance.Neutral, 1.0, 0.19));
        Assert.Equal(LmcStance.Supportive, OneLane.Soften(lmc, LmcStance.Supportive, 1.0, 0.0));
        Assert.Equal(LmcStance.Opposed, lmc.Draw(0.2));
        Assert.Equal(LmcStance.Neutral, lmc.Draw(0.5));
        Assert.Equal(LmcStance.Supportive, lmc.Draw(0.8));
    }
}
