using System.Diagnostics.Metrics;
using UptakeSim.Engine;
using UptakeSim.Grains;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Model.Kernel;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary><c>bench</c>: the <see cref="BenchExperiment"/> on an in-process silo (or a cluster), printed.</summary>
public static class Benchmark
{
    public static async Task<int> RunAsync(TextWriter output, TextWriter errors, string scenarioPath, int runs, int? batchSize, bool json, bool engineOnly, ClusterConnection? cluster = null)
    {
        Scenario scenario;
        try
        {
            scenario = new ScenarioInputs(Jobs.Loader()).Load(scenarioPath, [], runs).Scenario;
        }
        catch (Exception e) when (InputException.ProblemsOf(e) is { } problems)
        {
            return CommandSkeleton.BadInput(errors, problems);
        }
        var setup = new SimulationSetup(scenario);
        var plan = BatchPlan.Auto(runs, Environment.ProcessorCount, batchSize);
        output.WriteLine($"bench: {scenario.Name}, {runs} runs x {setup.Ccgs} CCGs x {setup.Quarters} quarters = {(double)runs * setup.Ccgs * setup.Quarters:N0} CCG-quarters; {Environment.ProcessorCount} cores; batches of {plan.BatchSize}; kernel registers of {(int)LaneWidths.Best} doubles");
        output.WriteLine($"each engine: warm-up of {Math.Min(runs, BenchExperiment.WarmUpRuns)} runs, then {BenchExperiment.Repetitions} timed runs, alternating; the faster counts");
        await using var session = await EngineSession.StartAsync(new EngineChoice(Reference: false, Verbose: false, cluster), output);
        using var modelTime = new ModelTimeListener();
        var r = await BenchExperiment.RunAsync(session.Engine, engineOnly ? null : new ReferenceEngine(), setup, plan, session.StartTime, new ConsoleReport(output, TimeSpan.MaxValue), modelTime);
        output.WriteLine($"Orleans engine: {r.EngineSeconds:F2} s, {r.EngineTicksPerS:N0} CCG-quarters/s, {r.EngineNsPerCcgQuarter:F1} ns per CCG-quarter; the process kept {r.EngineCoresBusy:P0} of the {r.Cores} cores busy");
        if (r.EngineCoreTime is { OrleansNs: < 0 })
        {
            // Inside-grain times are wall-clock: on a loaded machine (or threads sharing a core) they include waiting.
            output.WriteLine("engine core time: the grains' model code, timed inside them, exceeds the engine's core time (other work on the machine, or threads sharing a core); no split of model and Orleans time");
        }
        else if (r.EngineCoreTime is { } core)
        {
            output.WriteLine($"engine core time per CCG-quarter: {string.Join(", ", core.ModelNs.Select(p => $"{p.Key} {p.Value:F1} ns"))}; "
                + $"Orleans (grain calls, scheduling, barrier waits, idle cores) {core.OrleansNs:F1} ns = {core.OrleansShare:P0}, {core.OrleansUsPerGrainCall:F2} us per grain call ({core.GrainCalls:N0} calls)");
        }
        if (r.ReferenceSeconds is { } referenceSeconds)
        {
            output.WriteLine($"reference kernel (1 thread): {referenceSeconds:F2} s, {r.ReferenceTicksPerS:N0} CCG-quarters/s, {r.ReferenceNsPerCcgQuarter:F1} ns per CCG-quarter; aggregates identical to the engine's: {(r.Identical == true ? "yes" : "NO")}");
            output.WriteLine($"scalar yardstick (1 thread, {r.YardstickRuns} runs): {r.YardstickSeconds:F2} s, {r.YardstickTicksPerS:N0} CCG-quarters/s, {r.YardstickNsPerCcgQuarter:F1} ns per CCG-quarter");
            if (r.ProfileNsPerCcgQuarter is { } p) output.WriteLine($"reference profile per CCG-quarter: start {p.Start:F1} ns, kernel steps {p.KernelSteps:F1} ns, tallies {p.Tallies:F1} ns");
            output.WriteLine($"estimated limit: {r.LimitNsPerCcgQuarter:F1} ns per CCG-quarter (the kernel alone on {r.Cores} cores)");
            output.WriteLine($"ratios: engine/reference {r.Ratio:F2}, engine/yardstick {r.EngineOverYardstick:F2}, reference/yardstick {r.ReferenceOverYardstick:F2}");
        }
        output.WriteLine($"peak working set: {r.PeakWorkingSetMb:F0} MB");
        if (json) output.WriteLine(ResultsJson.Line(r));
        return r.Identical == false ? ExitCodes.Failed : ExitCodes.Ok;
    }
}

/// <summary>Sums the grains' <see cref="ModelTime"/> by part while an in-process silo runs.</summary>
internal sealed class ModelTimeListener : IModelTimeProbe, IDisposable
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

    public IReadOnlyDictionary<string, double> Seconds()
    {
        lock (_seconds) return new Dictionary<string, double>(_seconds);
    }

    public void Dispose() => _listener.Dispose();
}
