using UptakeSim.Model;
using UptakeSim.Runner;
using static UptakeSim.Model.Tests.TestScenarios;

namespace UptakeSim.Model.Tests;

public class CheckpointTests
{
    private static string Fingerprint(TrajectoryAccumulator a) => string.Join(';',
        Enumerable.Range(0, a.Quarters).SelectMany(q => Enumerable.Range(0, a.Scopes).SelectMany(s => Enumerable.Range(1, 3).Select(l => a.Stats(q, s, l).ToString())))
            .Concat([string.Join(',', a.Milestone(0).ToArray()), string.Join(',', a.Milestone(1).ToArray()), a.Runs.ToString()]));

    [Fact]
    public async Task An_interrupted_run_resumed_from_its_checkpoint_gives_the_uninterrupted_results()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(10, 10, 10), quarters: 12));
        var plan = BatchPlan.Auto(40, 1, 4);
        var whole = await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, plan);

        var directory = Path.Combine(Path.GetTempPath(), "uptakesim-checkpoint-" + Guid.NewGuid().ToString("N"));
        var fingerprint = RunCheckpoint.Fingerprint("scenario text");
        using var stop = new CancellationTokenSource();
        var first = new TrajectoryAccumulator(setup);
        var checkpoint = RunCheckpoint.Open(directory, fingerprint, resume: false, first, plan.BatchSize);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MonteCarloRun.RunAsync(new ReferenceEngine(), setup, plan,
            progress: p => { if (p.RunsDone >= 12) stop.Cancel(); }, cancellationToken: stop.Token, accumulator: first, checkpoint: checkpoint));
        checkpoint.Save(first);
        Assert.Equal(3, checkpoint.BatchesDone);

        var resumed = new TrajectoryAccumulator(setup);
        var reopened = RunCheckpoint.Open(directory, fingerprint, resume: true, resumed, batchSize: 999);
        Assert.Equal(plan.BatchSize, reopened.BatchSize);
        Assert.Equal(12, resumed.Runs);
        Assert.Equal(7, reopened.Remaining(plan).Count());
        await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, plan, accumulator: resumed, checkpoint: reopened);
        Assert.Equal(Fingerprint(whole), Fingerprint(resumed));

        Assert.Throws<InvalidDataException>(() => RunCheckpoint.Open(directory, RunCheckpoint.Fingerprint("another scenario"), resume: true, new TrajectoryAccumulator(setup), plan.BatchSize));
        Directory.Delete(directory, recursive: true);
    }
}
