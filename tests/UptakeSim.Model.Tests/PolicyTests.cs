using UptakeSim.Model;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

public class PolicyTests
{
    [Fact]
    public void Schedules_step_and_ramp()
    {
        var s = new Schedule([new(Q("2015Q3"), 1.0), new(Q("2016Q3"), 0.5), new(Q("2017Q3"), 1.5, Ramp: true)]);
        var v = s.Resolve(new Horizon(Q("2015Q1"), 12));
        Assert.Equal([0, 0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.75, 1.0, 1.25, 1.5, 1.5], v);
    }

    [Fact]
    public void Yearly_windows_repeat_to_the_end_of_the_horizon_and_record_when_moves_take_effect()
    {
        var timeline = Policy(windows: [new ApplicationWindow(Q("2015Q3"), Q("2016Q1"), RepeatYearly: true)]).Compile(new Horizon(Q("2015Q1"), 12));
        Assert.Equal([-1, -1, 4, -1, -1, -1, 8, -1, -1, -1, 12, -1], timeline.EffectiveIfApplying);
        Assert.Equal(int.MaxValue, timeline.MandateFrom);
    }

    [Fact]
    public void A_mandate_applies_from_its_quarter()
    {
        var timeline = Policy(mandate: Q("2017Q1")).Compile(Horizon.Default);
        Assert.False(timeline.MandateApplies(7));
        Assert.True(timeline.MandateApplies(8));
        Assert.True(timeline.MandateApplies(27));
    }

    [Fact]
    public void Quarters_parse_label_and_count_in_financial_years()
    {
        Assert.Equal("2016Q4", Q("2016Q4").ToString());
        Assert.Equal(Q("2017Q1"), Q("2016Q4").Plus(1));
        Assert.Equal(4, Horizon.Default.IndexOf(Q("2016Q1")));
        Assert.Equal(-1, Horizon.Default.IndexOf(Q("2022Q1")));
        Assert.Equal("2021Q4", Horizon.Default.Last.ToString());
        Assert.False(Quarter.TryParse("2015Q5", out _));
        Assert.False(Quarter.TryParse("15Q1", out _));
    }
}
