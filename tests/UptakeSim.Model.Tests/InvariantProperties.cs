using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

/// <summary>Invariants per replication and quarter, over random seeds, start mixes and policies.</summary>
public class InvariantProperties
{
    private static Scenario Random(ulong seed, int ccgs, int level3, bool lagged, bool mandate) => Synthetic(
        ccgs: ccgs,
        start: new StartCounts(ccgs - level3 - level3 / 2, level3 / 2, level3),
        policy: Policy(
            pressure: Schedule.Constant(seed % 3),
            windows: lagged ? [new ApplicationWindow(Q("2015Q3"), Q("2016Q1"), true)] : [new ApplicationWindow(Q("2015Q2"), Q("2015Q2"), true)],
            mandate: mandate ? Q("2019Q3") : null),
        quarters: 20,
        seed: seed);

    [Property(MaxTest = 40, Replay = "(20150401,20160401)")]
    public Property Levels_stay_in_1_to_3_and_counts_add_up_to_the_population(ulong seed, PositiveInt size, NonNegativeInt delegated, bool lagged, bool mandate)
    {
        var ccgs = 5 + size.Get % 40;
        var setup = new SimulationSetup(Random(seed, ccgs, delegated.Get % (ccgs / 2), lagged, mandate));
        var batch = BatchSimulation.Run(setup, 0, 4);
        return Enumerable.Range(0, 4).All(r => Enumerable.Range(0, setup.Quarters).All(q =>
                Enumerable.Range(0, batch.Scopes).All(s => Enumerable.Range(1, 3).All(l => batch.Count(r, q, s, l) >= 0))
                && Enumerable.Range(1, 3).Sum(l => batch.Count(r, q, 0, l)) == ccgs
                && Enumerable.Range(1, 3).Sum(l => Enumerable.Range(1, setup.Regions).Sum(s => batch.Count(r, q, s, l))) == ccgs))
            .ToProperty();
    }

    [Property(MaxTest = 40, Replay = "(20150401,20160401)")]
    public Property No_ccg_moves_without_an_open_window_unless_a_mandate_applies(ulong seed, PositiveInt size, bool lagged, bool mandate)
    {
        var ccgs = 5 + size.Get % 30;
        var setup = new SimulationSetup(Random(seed, ccgs, ccgs / 4, lagged, mandate));
        var history = LevelHistory(setup, 0, 3);
        var t = setup.Timeline;
        // A move shows in quarter q only if an application made then takes effect then, or an earlier one was due now.
        bool MayMove(int q) => t.EffectiveIfApplying[q] == q || t.EffectiveIfApplying.Take(q).Contains(q) || t.MandateApplies(q);
        return Enumerable.Range(1, setup.Quarters - 1).All(q => MayMove(q) ||
                Enumerable.Range(0, ccgs).All(c => history[q][c].SequenceEqual(history[q - 1][c])))
            .ToProperty();
    }

    [Property(MaxTest = 40, Replay = "(20150401,20160401)")]
    public Property Levels_only_move_up_unless_hand_back_is_enabled(ulong seed, PositiveInt size)
    {
        var ccgs = 5 + size.Get % 30;
        var setup = new SimulationSetup(Random(seed, ccgs, ccgs / 4, lagged: true, mandate: false));
        var history = LevelHistory(setup, 0, 3);
        return Enumerable.Range(1, setup.Quarters - 1).All(q => Enumerable.Range(0, ccgs).All(c =>
                Enumerable.Range(0, 3).All(r => history[q][c][r] >= history[q - 1][c][r] && history[q][c][r] is >= 1 and <= 3)))
            .ToProperty();
    }
}
