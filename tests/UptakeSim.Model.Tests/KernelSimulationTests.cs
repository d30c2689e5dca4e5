using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model.Kernel;
using UptakeSim.Runner;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

/// <summary>The vectorised quarter gives the same trajectories at every register width and for any cut of the
/// replications into batches (ragged tails of scalar lanes included).</summary>
public class KernelSimulationTests
{
    [Property(MaxTest = 12, Replay = "(20150401,20160401)")]
    public Property Every_register_width_gives_the_same_trajectories(ulong seed, PositiveInt size, bool mandate, bool handBack)
    {
        var replications = 1 + size.Get % 19;
        var scenario = Synthetic(
            ccgs: 30,
            start: new StartCounts(18, 6, 6),
            policy: Policy(
                pressure: Schedule.Constant(1),
                windows: [new ApplicationWindow(Q("2015Q3"), Q("2016Q1"), true), new ApplicationWindow(Q("2015Q4"), Q("2015Q4"), true)],
                mandate: mandate ? Q("2019Q3") : null),
            quarters: 24,
            seed: seed);
        var setup = new SimulationSetup(scenario with
        {
            Behaviour = scenario.Behaviour with { HandBackEnabled = handBack },
            Mergers = MergerSchedule.ToCounts(scenario.Population, [(Q("2016Q1"), 27), (Q("2018Q1"), 15)]),
        });
        var scalar = BatchSimulation.Run(setup, 3, replications, LaneWidth.Scalar);
        return LaneWidths.All.All(w =>
            {
                var batch = BatchSimulation.Run(setup, 3, replications, w);
                return batch.Counts.SequenceEqual(scalar.Counts) && batch.PatientsDelegated.SequenceEqual(scalar.PatientsDelegated);
            })
            .ToProperty();
    }

    [Fact]
    public void A_batch_cut_in_two_gives_the_same_replications_as_one_batch()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 25, start: new StartCounts(15, 5, 5), policy: Policy(pressure: Schedule.Constant(1),
            windows: [new ApplicationWindow(Q("2015Q3"), Q("2016Q1"), true)]), quarters: 20, seed: 9));
        var whole = BatchSimulation.Run(setup, 0, 21);
        var first = BatchSimulation.Run(setup, 0, 13);
        var rest = BatchSimulation.Run(setup, 13, 8);
        Assert.Equal(whole.Counts, first.Counts.Concat(rest.Counts));
        Assert.Equal(whole.PatientsDelegated, first.PatientsDelegated.Concat(rest.PatientsDelegated));
        Assert.Contains(whole.Counts.Where((_, i) => i % 3 == 2), v => v > 5);
    }

    [Fact]
    public void The_batch_start_mix_hands_each_ccg_the_draws_it_would_make_itself_and_each_replication_its_own_mix()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(14, 9, 7), quarters: 6, seed: 12));
        // 70: the start mix scores and ranks replications in chunks of 32, so two chunk edges and a ragged last chunk.
        var rows = setup.Scenario.Behaviour.Draw(setup.Seed, 40, 70);
        var starts = StartMix.Assign(setup, 40, 70, rows);
        for (var c = 0; c < setup.Ccgs; c++)
        {
            var alone = CcgStart.Draw(setup, c, 40, starts[c].Levels);
            Assert.Equal(alone.Keys, starts[c].Keys);
            Assert.Equal(alone.AttributeDraws, starts[c].AttributeDraws);
        }
        var count = setup.Scenario.Behaviour.Table.Count;
        for (var r = 0; r < 70; r++)
        {
            var alone = StartMix.Assign(setup, 40 + r, rows.AsSpan(r * count, count));
            Assert.Equal(alone, starts.Select(s => s.Levels[r]).ToArray());
            Assert.Equal([14, 9, 7], [alone.Count(l => l == Levels.GreaterInvolvement), alone.Count(l => l == Levels.Joint), alone.Count(l => l == Levels.Delegated)]);
        }
    }

    [Fact]
    public void A_step_allocates_nothing()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 20, start: new StartCounts(12, 4, 4), quarters: 12, seed: 4));
        var rows = setup.Scenario.Behaviour.Draw(setup.Seed, 0, 100);
        var start = StartMix.Assign(setup, 0, 100, rows);
        var columns = CcgBatch.ByCoefficient(rows, setup.Scenario.Behaviour.Table.Count);
        var world = new WorldAggregator(setup, 0, 100).Tally(0, start.Select(s => s.Levels).ToArray());
        var warm = new CcgBatch(setup, 3, 0, columns, start[3], LaneWidths.Best);
        var batch = new CcgBatch(setup, 3, 0, columns, start[3], LaneWidths.Best);
        for (var q = 1; q < setup.Quarters; q++) warm.Step(q, world);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var q = 1; q < setup.Quarters; q++) batch.Step(q, world);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_state_block_handed_back_after_use_starts_the_next_ccg_clean_and_a_disposed_ccg_cannot_step()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 20, start: new StartCounts(12, 4, 4), policy: Policy(pressure: Schedule.Constant(1),
            windows: [new ApplicationWindow(Q("2015Q3"), Q("2016Q4"), true)]), quarters: 12, seed: 5));
        var rows = setup.Scenario.Behaviour.Draw(setup.Seed, 0, 64);
        var start = StartMix.Assign(setup, 0, 64, rows);
        var columns = CcgBatch.ByCoefficient(rows, setup.Scenario.Behaviour.Table.Count);
        var world = new WorldAggregator(setup, 0, 64).Tally(0, start.Select(s => s.Levels).ToArray());
        (byte[] Levels, double[] Finance)[] Quarters()
        {
            // A copy of the start: a CCG keeps its keys, and the levels are its first tally.
            using var ccg = new CcgBatch(setup, 3, 0, columns, start[3] with { Levels = start[3].Levels.ToArray() }, LaneWidths.Best);
            return Enumerable.Range(1, setup.Quarters - 1).Select(q =>
            {
                ccg.Step(q, world);
                return (ccg.Level.ToArray(), ccg.Finance);
            }).ToArray();
        }

        var first = Quarters();
        // The second CCG takes the block the first handed back, every slot written through eleven quarters.
        var second = Quarters();
        Assert.Equal(first.Select(q => q.Levels), second.Select(q => q.Levels));
        Assert.Equal(first.Select(q => q.Finance), second.Select(q => q.Finance));
        Assert.Contains(first[^1].Levels, l => l == Levels.Delegated);
        Assert.NotEqual(first[0].Levels, first[^1].Levels);

        var disposed = new CcgBatch(setup, 3, 0, columns, start[3], LaneWidths.Best);
        disposed.Dispose();
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Step(1, world));
    }
}
