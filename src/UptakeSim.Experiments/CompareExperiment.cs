using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments;

/// <summary>
/// "How much sooner would CCGs have delegated if NHSE had ...?": runs every scenario with the same runs and seed, so
/// replication r of each draws the same numbers wherever the scenarios do not differ (common random numbers), and
/// reports each against the reference as paired differences. Batches are scheduled as (batch, scenario) pairs so a
/// replication range of every scenario completes together and is paired then dropped (bounded memory).
/// Progress counts paired replications, with the reference's aggregate so far.
/// </summary>
public static class CompareExperiment
{
    /// <summary>The scenarios must simulate the same CCGs over the same quarters for differences to be paired.</summary>
    public static void Check(IReadOnlyList<SimulationSetup> setups)
    {
        if (setups.Select(s => (s.Ccgs, s.Quarters, s.Scenario.Horizon.Start)).Distinct().Count() != 1)
        {
            throw new InputException($"scenarios compared must simulate the same number of CCGs over the same quarters; got {string.Join(", ", setups.Select(s => $"{s.Scenario.Name}: {s.Ccgs} CCGs, {s.Quarters} quarters from {s.Scenario.Horizon.Start}"))}");
        }
    }

    /// <param name="perRun">Sees every scenario's batch of the same replications together, in scenario order, once
    /// they are paired (e.g. to write each replication); batches of replications arrive in any order.</param>
    public static async Task<ComparisonSummary> RunAsync(
        IReplicationEngine engine, IReadOnlyList<SimulationSetup> setups, int reference, BatchPlan plan, IExperimentObserver? observer = null, CancellationToken cancellationToken = default,
        IReadOnlySet<string>? unconstrained = null, Func<IReadOnlyList<BatchTrajectories>, ValueTask>? perRun = null)
    {
        Check(setups);
        observer ??= SilentObserver.Instance;
        var accumulator = new ComparisonAccumulator(setups, reference);
        var items = plan.Batches().SelectMany(batch => setups.Select((_, index) => new ScenarioBatch(batch, index)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var partial = await Interrupted.Catch(() => BatchScheduler.RunAsync(items, engine.MaxConcurrentBatches,
            (item, ct) => MonteCarloRun.Timed(() => engine.RunBatchAsync(setups[item.Scenario], item.Batch, ct), setups[item.Scenario].Ccgs),
            async (item, result) =>
            {
                if (accumulator.Add(item.Scenario, result) is not { } paired) return;
                if (perRun is not null) await perRun(paired);
                observer.Progress(new RunProgress(accumulator.PairedRuns, plan.Runs, clock.Elapsed, accumulator.Scenarios[reference]));
            }, observer.Retry, cancellationToken), cancellationToken);
        return ComparisonSummary.From(setups, accumulator, partial, unconstrained);
    }
}

/// <summary>A batch of one of the scenarios compared (numbered from 1 where people read it).</summary>
public readonly record struct ScenarioBatch(Batch Batch, int Scenario)
{
    public override string ToString() => $"{BatchDescription.Of(Batch)} of scenario {Scenario + 1}";
}

public static class BatchDescription
{
    public static string Of(Batch b) => $"replications {b.FirstReplication}-{b.FirstReplication + b.Replications - 1}";

    /// <summary>The one retry message, whatever the command: which batch, why, and which attempt of how many comes next.</summary>
    public static string Retry(BatchRetry retry) =>
        $"batch of {(retry.Item is Batch b ? Of(b) : retry.Item.ToString())} failed ({retry.Reason.GetBaseException().Message}); running it again from its seed, attempt {retry.NextAttempt} of {BatchScheduler.MaxAttempts}";
}
