using UptakeSim.Bench;
using UptakeSim.Engine;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Output;
using UptakeSim.Views;
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
            scenario = new ScenarioInputs(ShippedData.Loader()).Load(scenarioPath, [], runs).Scenario;
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
        var r = await BenchExperiment.RunAsync(session.Engine, engineOnly ? null : new ReferenceEngine(), setup, plan, session.StartTime, new PlainView(output, TimeSpan.MaxValue),
            engineInProcess: cluster is null);
        BenchExperiment.Print(output, r);
        if (json) output.WriteLine(ResultsJson.Line(r));
        return r.Comparison?.AggregatesIdentical == false ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
