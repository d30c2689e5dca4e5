using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using UptakeSim.Engine;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

/// <summary>
/// Times the Orleans engine against the single-threaded reference kernel on the same scenario in one process, after
/// warm-up, and checks that both produced identical aggregates. Throughput is CCG-quarters per second
/// (runs x CCGs x quarters of the horizon); the silo's start is timed apart.
/// </summary>
public static class Benchmark
{
    private const int WarmUpRuns = 2000;
    private const int Repetitions = 2;

    public static async Task<int> RunAsync(TextWriter output, TextWriter errors, string scenarioPath, int runs, int? batchSize, bool json, bool engineOnly, ClusterConnection? cluster = null)
    {
        Scenario scenario;
        try
        {
            scenario = new ScenarioInputs(Jobs.Loader()).Load(scenarioPath, [], runs).Scenario;
        }
        catch (ScenarioException e)
        {
            return CommandSkeleton.BadInput(errors, InputException.ProblemsOf(e)!);
        }
        var setup = new SimulationSetup(scenario);
        var plan = BatchPlan.Auto(runs, Environment.ProcessorCount, batchSize);
        var warmUp = BatchPlan.Auto(Math.Min(runs, WarmUpRuns), Environment.ProcessorCount, batchSize);
        double agentQuarters = (double)runs * setup.Ccgs * setup.Quarters;
        output.WriteLine($"bench: {scenario.Name}, {runs} runs x {setup.Ccgs} CCGs x {setup.Quarters} quarters = {agentQuarters:N0} CCG-quarters; {Environment.ProcessorCount} cores; batches of {plan.BatchSize}");
        output.WriteLine($"each engine: warm-up of {warmUp.Runs} runs, then {Repetitions} timed runs, alternating; the faster counts");

        await using var session = await EngineSession.StartAsync(new EngineChoice(Reference: false, Verbose: false, cluster), output);
        var engines = engineOnly ? new IReplicationEngine[] { session.Engine } : [new ReferenceEngine(), session.Engine];
        foreach (var e in engines) await MonteCarloRun.RunAsync(e, setup, warmUp);

        var best = engines.ToDictionary(e => e, _ => TimeSpan.MaxValue);
        var results = new Dictionary<IReplicationEngine, TrajectoryAccumulator>();
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            foreach (var e in engines)
            {
                var clock = Stopwatch.StartNew();
                results[e] = await MonteCarloRun.RunAsync(e, setup, plan, retrying: retry => errors.WriteLine(BatchDescription.Retry(retry)));
                if (clock.Elapsed < best[e]) best[e] = clock.Elapsed;
                output.WriteLine($"  {e.Name}: {clock.Elapsed.TotalSeconds:F2} s");
            }
        }
        double Rate(IReplicationEngine e) => agentQuarters / best[e].TotalSeconds;
        var engineRate = Rate(session.Engine);
        var referenceRate = engineOnly ? double.NaN : Rate(engines[0]);
        TrajectoryAccumulator? reference = engineOnly ? null : results[engines[0]];
        var engine = results[session.Engine];
        if (!engineOnly) output.WriteLine($"reference kernel (1 thread): {best[engines[0]].TotalSeconds:F2} s, {referenceRate:N0} CCG-quarters/s");
        output.WriteLine($"Orleans engine: {best[session.Engine].TotalSeconds:F2} s, {engineRate:N0} CCG-quarters/s");

        var ratio = engineRate / referenceRate;
        if (reference is not null)
        {
            var identical = ResultsCsv.Trajectories([RunSummary.From(setup, reference)]) == ResultsCsv.Trajectories([RunSummary.From(setup, engine)]);
            output.WriteLine($"ratio engine/reference: {ratio:F2}; aggregates identical: {(identical ? "yes" : "NO")}");
            if (!identical) return ExitCodes.Failed;
        }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakMb = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        output.WriteLine($"peak working set: {peakMb:F0} MB");
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["engine_ticks_per_s"] = Math.Round(engineRate),
                ["reference_ticks_per_s"] = double.IsNaN(referenceRate) ? null : Math.Round(referenceRate),
                ["ratio"] = double.IsNaN(ratio) ? null : Math.Round(ratio, 3),
                ["silo_start_ms"] = Math.Round(session.StartTime.TotalMilliseconds),
                ["peak_working_set_mb"] = Math.Round(peakMb, 1),
                ["runs"] = runs,
                ["cores"] = Environment.ProcessorCount,
            }));
        }
        return ExitCodes.Ok;
    }
}
