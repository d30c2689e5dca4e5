using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

public class MergerTests
{
    private static readonly (Quarter, int)[] Schedule = [(Q("2016Q1"), 54), (Q("2017Q1"), 50), (Q("2018Q1"), 33), (Q("2019Q1"), 20)];

    private static Scenario Merging(int ccgs = 60, ulong seed = 7)
    {
        var scenario = Synthetic(ccgs: ccgs, seed: seed, quarters: 20);
        return scenario with { Mergers = MergerSchedule.ToCounts(scenario.Population, Schedule) };
    }

    [Fact]
    public void The_number_of_ccgs_in_each_april_follows_the_schedule()
    {
        var setup = new SimulationSetup(Merging());
        Assert.Equal([60, 54, 50, 33, 20], Enumerable.Range(0, 5).Select(y => setup.Mergers.Existing[4 * y]));
        var batch = BatchSimulation.Run(setup, 0, 5);
        for (var r = 0; r < 5; r++)
        {
            Assert.Equal([60, 54, 50, 33, 20], Enumerable.Range(0, 5).Select(y => batch.Existing(r, 4 * y)));
        }
    }

    [Fact]
    public void Area_team_mergers_stay_within_their_footprint_and_the_largest_ccg_leads()
    {
        var scenario = Merging();
        var plan = new MergerPlan(scenario.Population, scenario.Horizon, scenario.Mergers);
        var ccgs = scenario.Population.Ccgs;
        foreach (var merger in scenario.Mergers.Mergers) Assert.Single(merger.Members.Select(c => ccgs[c].Footprint).Distinct());
        foreach (var (events, q) in plan.Events.Select((e, q) => (e, q)))
        {
            foreach (var e in events)
            {
                Assert.Equal(e.Members.Max(c => plan.Patients[(q - 1) * plan.Ccgs + c]), plan.Patients[(q - 1) * plan.Ccgs + e.Lead]);
                Assert.Equal(e.Founding.Sum(c => ccgs[c].RegisteredPatients), plan.Patients[q * plan.Ccgs + e.Lead]);
            }
        }
    }

    [Fact]
    public void A_merged_ccg_takes_the_level_under_which_most_of_its_patients_were()
    {
        var setup = new SimulationSetup(Merging());
        var history = LevelHistory(setup, 0, 10);
        var plan = setup.Mergers;
        var checkedEvents = 0;
        for (var q = 1; q < setup.Quarters; q++)
        {
            foreach (var e in plan.Events[q])
            {
                for (var r = 0; r < 10; r++)
                {
                    var weight = new long[4];
                    foreach (var m in e.Members) weight[history[q - 1][m][r]] += plan.Patients[(q - 1) * plan.Ccgs + m];
                    var expected = Enumerable.Range(1, 3).OrderByDescending(l => weight[l]).ThenByDescending(l => l).First();
                    // The merged level holds unless a move applied for earlier took effect in the same quarter: it lapses
                    // (pending applications lapse on merging), so the level is exactly the majority one.
                    Assert.Equal(expected, history[q][e.Lead][r]);
                    foreach (var m in e.Members.Where(m => m != e.Lead)) Assert.Equal(0, history[q][m][r]);
                    checkedEvents++;
                }
            }
        }
        Assert.True(checkedEvents > 100);
    }

    [Property(MaxTest = 25, Replay = "(20150401,20160401)")]
    public Property Counts_add_up_to_the_ccgs_that_exist_and_patient_coverage_is_a_share(ulong seed, PositiveInt size)
    {
        var ccgs = 30 + size.Get % 40;
        var scenario = Synthetic(ccgs: ccgs, seed: seed, quarters: 20);
        var setup = new SimulationSetup(scenario with { Mergers = MergerSchedule.ToCounts(scenario.Population, [(Q("2016Q1"), ccgs - 3), (Q("2018Q1"), ccgs / 2)]) });
        var batch = BatchSimulation.Run(setup, 0, 3);
        var history = LevelHistory(setup, 0, 3);
        var plan = setup.Mergers;
        return Enumerable.Range(0, 3).All(r => Enumerable.Range(0, setup.Quarters).All(q =>
                batch.Existing(r, q) == plan.Existing[q]
                && Enumerable.Range(1, 3).Sum(l => Enumerable.Range(1, setup.Regions).Sum(sc => batch.Count(r, q, sc, l))) == plan.Existing[q]
                && batch.PatientsDelegated[r * setup.Quarters + q] is >= 0 and <= BatchTrajectories.PerMille
                && batch.PatientsDelegated[r * setup.Quarters + q] == (int)Math.Round(1000.0 *
                    Enumerable.Range(0, ccgs).Where(c => history[q][c][r] == Levels.Delegated).Sum(c => (long)plan.Patients[q * ccgs + c]) / plan.TotalPatients)))
            .ToProperty();
    }

    [Fact]
    public void Switching_mergers_off_keeps_every_ccg()
    {
        var setup = new SimulationSetup(Merging() with { Mergers = MergerSchedule.None });
        Assert.All(setup.Mergers.Existing, n => Assert.Equal(60, n));
    }
}
