using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Runner;

namespace UptakeSim.Runner.Tests;

/// <summary>The automatic cut of a run into batches: at most two per core and, when the runs allow, at least one (two
/// when they divide evenly), none above the largest size, every replication in exactly one batch, in order.</summary>
public class BatchPlanTests
{
    [Theory]
    [InlineData(10_000, 2, 2500, 4)]
    [InlineData(1_000_000, 2, 2500, 400)]
    [InlineData(1_000, 2, 250, 4)]
    [InlineData(7, 2, 2, 4)]
    [InlineData(1, 16, 1, 1)]
    [InlineData(100_000, 16, 2500, 40)]
    public void The_automatic_size_is_runs_over_twice_the_cores_at_most_2500(int runs, int cores, int size, int batches)
    {
        var plan = BatchPlan.Auto(runs, cores);
        Assert.Equal((size, batches), (plan.BatchSize, plan.Batches().Count()));
    }

    [Property(MaxTest = 200, Replay = "(20150401,20160401)")]
    public Property Batches_cover_the_runs_in_order_with_a_batch_for_every_core_when_the_runs_allow(PositiveInt runsSeed, PositiveInt coresSeed)
    {
        var runs = 1 + runsSeed.Get % 3_000_000;
        var cores = 1 + coresSeed.Get % 64;
        var plan = BatchPlan.Auto(runs, cores);
        var batches = plan.Batches().ToArray();
        var contiguous = batches.Select((b, i) => b.FirstReplication == (i == 0 ? 0 : batches[i - 1].FirstReplication + batches[i - 1].Replications)).All(x => x);
        var enough = runs >= 2 * cores * BatchPlan.MaxAutoBatchSize
            ? plan.BatchSize == BatchPlan.MaxAutoBatchSize
            : batches.Length >= Math.Min(runs, cores) && batches.Length <= 2 * cores;
        return (contiguous && batches.Sum(b => b.Replications) == runs && plan.BatchSize is >= 1 and <= BatchPlan.MaxAutoBatchSize && enough)
            .Label($"runs {runs}, cores {cores}: size {plan.BatchSize}, {batches.Length} batches");
    }
}
