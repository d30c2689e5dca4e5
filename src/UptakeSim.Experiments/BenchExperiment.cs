using System.Diagnostics;
using System.Text.Json.Serialization;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Experiments;

/// <summary>One timed run of one engine.</summary>
public sealed record BenchTiming(string Engine, double Seconds) : ExperimentStep
{
    public override string Event => "timing";

    public override string Describe() => $"  {Engine}: {Seconds:F2} s";
}

/// <summary>What <c>bench --json</c> prints: throughput in CCG-quarters per second, and whether the engines agreed.</summary>
public sealed record BenchResult(
    double EngineTicksPerS, double? ReferenceTicksPerS, double? Ratio, double SiloStartMs, double PeakWorkingSetMb, int Runs, int Cores,
    [property: JsonIgnore] double EngineSeconds, [property: JsonIgnore] double? ReferenceSeconds, [property: JsonIgnore] bool? Identical);

/// <summary>
/// Times an engine against the single-threaded reference kernel on the same scenario, after warm-up, alternating,
/// the faster of <see cref="Repetitions"/> counting, and checks that both produced identical aggregates. Throughput
/// is CCG-quarters per second (runs x CCGs x quarters of the horizon).
/// </summary>
public static class BenchExperiment
{
    public const int WarmUpRuns = 2000;
    public const int Repetitions = 2;

    public static async Task<BenchResult> RunAsync(
        IReplicationEngine engine, IReplicationEngine? reference, SimulationSetup setup, BatchPlan plan, TimeSpan startTime, IExperimentObserver? observer = null)
    {
        observer ??= SilentObserver.Instance;
        var engines = reference is null ? new[] { engine } : [reference, engine];
        var warmUp = plan with { Runs = Math.Min(plan.Runs, WarmUpRuns) };
        foreach (var e in engines) await MonteCarloRun.RunAsync(e, setup, warmUp);
        var best = engines.ToDictionary(e => e, _ => double.MaxValue);
        var results = new Dictionary<IReplicationEngine, TrajectoryAccumulator>();
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            foreach (var e in engines)
            {
                var clock = Stopwatch.StartNew();
                results[e] = await MonteCarloRun.RunAsync(e, setup, plan, retrying: observer.Retry);
                best[e] = Math.Min(best[e], clock.Elapsed.TotalSeconds);
                observer.Step(new BenchTiming(e.Name, clock.Elapsed.TotalSeconds));
            }
        }
        var ticks = (double)plan.Runs * setup.Ccgs * setup.Quarters;
        double? referenceRate = reference is null ? null : Math.Round(ticks / best[reference]);
        var engineRate = Math.Round(ticks / best[engine]);
        bool? identical = reference is null ? null
            : ResultsCsv.Trajectories([RunSummary.From(setup, results[reference])]) == ResultsCsv.Trajectories([RunSummary.From(setup, results[engine])]);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new BenchResult(engineRate, referenceRate, referenceRate is { } r ? Math.Round(engineRate / r, 3) : null, Math.Round(startTime.TotalMilliseconds),
            Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1), plan.Runs, Environment.ProcessorCount,
            best[engine], reference is null ? null : best[reference], identical);
    }
}
