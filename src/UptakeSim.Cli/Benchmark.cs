using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using UptakeSim.Engine;
using UptakeSim.Grains;
using UptakeSim.Model;
using UptakeSim.Model.Kernel;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

/// <summary>
/// Times, in one process and after warm-up, the Orleans engine, the single-threaded reference kernel and the scalar
/// yardstick (<see cref="ScalarYardstick"/>: the obvious one-double-at-a-time loop) on the same scenario, checks that
/// the engine and the reference produced identical aggregates, and says where the time goes. Throughput is
/// CCG-quarters per second (runs x CCGs x quarters of the horizon); the silo's start is timed apart.
/// <list type="bullet">
/// <item>The kernel's own cost is the reference's time in <see cref="CcgBatch.Step"/> per CCG-quarter; divided by
/// the cores it is the estimated limit of this machine: the engine could approach it only with no start-up, tally or
/// Orleans cost at all.</item>
/// <item>The engine's core time (wall time x cores) is split into the time its grains spend in model code, measured
/// inside them (<see cref="ModelTime"/>), and the rest: Orleans (grain calls, scheduling, barrier waits, idle cores),
/// per CCG-quarter and per grain call; with how busy the process kept the cores. Inside-grain times are wall-clock, so
/// the split is only meaningful on a machine with nothing else running.</item>
/// </list>
/// </summary>
public static class Benchmark
{
    private const int WarmUpRuns = 2000;
    private const int Repetitions = 2;
    private const int YardstickRuns = 5000;

    public static async Task<int> RunAsync(TextWriter output, TextWriter errors, string scenarioPath, int runs, int? batchSize, bool json, bool engineOnly, ClusterConnection? cluster = null)
    {
        if (runs < 1)
        {
            errors.WriteLine($"--runs: {runs} is out of range; expected an integer of at least 1");
            return ExitCodes.BadInput;
        }
        Scenario scenario;
        try
        {
            scenario = RunWorkflow.Loader().Load(scenarioPath, [$"runs={runs}"]).Scenario;
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) errors.WriteLine(error);
            return ExitCodes.BadInput;
        }
        var setup = new SimulationSetup(scenario);
        var cores = Environment.ProcessorCount;
        var plan = BatchPlan.Auto(runs, cores, batchSize);
        var warmUp = BatchPlan.Auto(Math.Min(runs, WarmUpRuns), cores, batchSize);
        double CcgQuarters(long replications) => (double)replications * setup.Ccgs * setup.Quarters;
        var agentQuarters = CcgQuarters(runs);
        output.WriteLine($"bench: {scenario.Name}, {runs} runs x {setup.Ccgs} CCGs x {setup.Quarters} quarters = {agentQuarters:N0} CCG-quarters; {cores} cores; batches of {plan.BatchSize}; kernel registers of {(int)LaneWidths.Best} doubles");
        output.WriteLine($"each engine: warm-up of {warmUp.Runs} runs, then {Repetitions} timed runs, alternating; the faster counts");

        await using var session = await EngineSession.StartAsync(referenceEngine: false, verbose: false, output, cluster);
        var reference = new ReferenceEngine();
        var engines = engineOnly ? new IReplicationEngine[] { session.Engine } : [reference, session.Engine];
        foreach (var e in engines) await MonteCarloRun.RunAsync(e, setup, warmUp);

        var best = engines.ToDictionary(e => e, _ => TimeSpan.MaxValue);
        var results = new Dictionary<IReplicationEngine, TrajectoryAccumulator>();
        using var modelTime = new ModelTimeListener();
        var engineModelTime = new Dictionary<string, double>();
        var engineProcessorTime = TimeSpan.Zero;
        using var self = Process.GetCurrentProcess();
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            foreach (var e in engines)
            {
                modelTime.Reset();
                self.Refresh();
                var processorTime = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                results[e] = await MonteCarloRun.RunAsync(e, setup, plan, retrying: EngineSession.ReportRetries(errors));
                if (clock.Elapsed < best[e])
                {
                    best[e] = clock.Elapsed;
                    self.Refresh();
                    if (e == session.Engine) (engineModelTime, engineProcessorTime) = (modelTime.Snapshot(), self.TotalProcessorTime - processorTime);
                }
                output.WriteLine($"  {e.Name}: {clock.Elapsed.TotalSeconds:F2} s");
            }
        }
        double Nanoseconds(TimeSpan time, double quarters) => time.TotalSeconds * 1e9 / quarters;
        var engineNs = Nanoseconds(best[session.Engine], agentQuarters);
        var busy = engineProcessorTime / (best[session.Engine] * cores);
        output.WriteLine($"Orleans engine: {best[session.Engine].TotalSeconds:F2} s, {1e9 / engineNs:N0} CCG-quarters/s, {engineNs:F1} ns per CCG-quarter ({engineNs * cores:F1} core-ns); the process kept {busy:P0} of the {cores} cores busy");
        var figures = new Dictionary<string, object?>
        {
            ["engine_ticks_per_s"] = Math.Round(1e9 / engineNs),
            ["engine_ns_per_ccg_quarter"] = Math.Round(engineNs, 2),
            ["engine_cores_busy"] = Math.Round(busy, 3),
        };
        var calls = (double)plan.Batches().Count() * setup.Ccgs * (setup.Quarters + 1);
        if (engineModelTime.Count > 0)
        {
            // The engine's core time: what its grains spent in model code (measured inside them), and the rest.
            var split = engineModelTime.ToDictionary(p => p.Key, p => p.Value * 1e9 / agentQuarters);
            var orleansNs = engineNs * cores - split.Values.Sum();
            output.WriteLine($"engine core time per CCG-quarter: {string.Join(", ", split.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:F1} ns"))}; "
                + $"Orleans (grain calls, scheduling, barrier waits, idle cores) {orleansNs:F1} ns = {orleansNs / (engineNs * cores):P0}, {orleansNs * agentQuarters / calls / 1000:F2} us per grain call ({calls:N0} calls)");
            split["orleans"] = orleansNs;
            figures["engine_core_ns_per_ccg_quarter"] = split.ToDictionary(p => p.Key, p => Math.Round(p.Value, 2));
            figures["orleans_share_of_engine_core_time"] = Math.Round(orleansNs / (engineNs * cores), 3);
            figures["orleans_us_per_grain_call"] = Math.Round(orleansNs * agentQuarters / calls / 1000, 2);
        }

        if (!engineOnly)
        {
            var referenceNs = Nanoseconds(best[reference], agentQuarters);
            var identical = ResultsWriter.Trajectories([RunSummary.From(setup, results[reference])]) == ResultsWriter.Trajectories([RunSummary.From(setup, results[session.Engine])]);
            output.WriteLine($"reference kernel (1 thread): {best[reference].TotalSeconds:F2} s, {1e9 / referenceNs:N0} CCG-quarters/s, {referenceNs:F1} ns per CCG-quarter; aggregates identical to the engine's: {(identical ? "yes" : "NO")}");
            if (!identical) return ExitCodes.Failed;

            var yardstickRuns = Math.Min(runs, YardstickRuns);
            ScalarYardstick.Run(setup, Math.Min(yardstickRuns, 100));
            var yardstickClock = Stopwatch.StartNew();
            var yardstick = ScalarYardstick.Run(setup, yardstickRuns);
            var yardstickNs = Nanoseconds(yardstickClock.Elapsed, yardstick.CcgQuarters);
            output.WriteLine($"scalar yardstick (1 thread, {yardstickRuns} runs): {yardstickClock.Elapsed.TotalSeconds:F2} s, {1e9 / yardstickNs:N0} CCG-quarters/s, {yardstickNs:F1} ns per CCG-quarter");

            // One batch of the reference, profiled: start (draws, start mix, state), the kernel's steps, the tallies.
            var profile = new BatchProfile();
            var profiled = Math.Min(plan.BatchSize, runs);
            BatchSimulation.Run(setup, 0, profiled, profile: profile);
            double ProfileNs(long ticks) => ticks * 1e9 / Stopwatch.Frequency / CcgQuarters(profiled);
            var (startNs, stepNs, tallyNs) = (ProfileNs(profile.Start), ProfileNs(profile.Steps), ProfileNs(profile.Tally));
            output.WriteLine($"reference profile per CCG-quarter: start {startNs:F1} ns, kernel steps {stepNs:F1} ns, tallies {tallyNs:F1} ns");
            output.WriteLine($"estimated limit: {stepNs / cores:F1} ns per CCG-quarter (the kernel alone on {cores} cores)");
            output.WriteLine($"ratios: engine/reference {referenceNs / engineNs:F2}, engine/yardstick {yardstickNs / engineNs:F2}, reference/yardstick {yardstickNs / referenceNs:F2}");
            figures["reference_ticks_per_s"] = Math.Round(1e9 / referenceNs);
            figures["yardstick_ticks_per_s"] = Math.Round(1e9 / yardstickNs);
            figures["ratio"] = Math.Round(referenceNs / engineNs, 3);
            figures["engine_over_yardstick"] = Math.Round(yardstickNs / engineNs, 3);
            figures["reference_over_yardstick"] = Math.Round(yardstickNs / referenceNs, 3);
            figures["reference_ns_per_ccg_quarter"] = Math.Round(referenceNs, 2);
            figures["yardstick_ns_per_ccg_quarter"] = Math.Round(yardstickNs, 2);
            figures["profile_ns_per_ccg_quarter"] = new Dictionary<string, double>
            {
                ["start"] = Math.Round(startNs, 2), ["kernel_steps"] = Math.Round(stepNs, 2), ["tallies"] = Math.Round(tallyNs, 2),
            };
            figures["limit_ns_per_ccg_quarter"] = Math.Round(stepNs / cores, 2);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakMb = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        output.WriteLine($"peak working set: {peakMb:F0} MB");
        if (json)
        {
            figures["silo_start_ms"] = Math.Round(session.StartTime.TotalMilliseconds);
            figures["peak_working_set_mb"] = Math.Round(peakMb, 1);
            figures["runs"] = runs;
            figures["batch_size"] = plan.BatchSize;
            figures["cores"] = cores;
            figures["lane_width"] = (int)LaneWidths.Best;
            output.WriteLine(JsonSerializer.Serialize(figures));
        }
        return ExitCodes.Ok;
    }
}

/// <summary>Sums the grains' <see cref="ModelTime"/> by part while an in-process silo runs (a remote cluster's
/// grains report to their own processes, so it stays empty there).</summary>
internal sealed class ModelTimeListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _seconds = [];

    public ModelTimeListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ModelTime.MeterName && instrument.Name == ModelTime.InstrumentName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var part = tags.Length > 0 ? tags[0].Value as string ?? "" : "";
            lock (_seconds) _seconds[part] = _seconds.GetValueOrDefault(part) + value;
        });
        _listener.Start();
    }

    public void Reset()
    {
        lock (_seconds) _seconds.Clear();
    }

    public Dictionary<string, double> Snapshot()
    {
        lock (_seconds) return new Dictionary<string, double>(_seconds);
    }

    public void Dispose() => _listener.Dispose();
}
