using System.Diagnostics;
using UptakeSim.Engine;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

public sealed record CompareRequest(
    IReadOnlyList<string> Scenarios, string? Baseline, int? Runs, ulong? Seed, string? Output, IReadOnlyList<string> Overrides,
    int? BatchSize, bool ReferenceEngine, bool Verbose, ClusterConnection? Cluster = null);

/// <summary>
/// "How much sooner would CCGs have delegated if NHSE had ...?": runs every scenario (and every member of a sweep)
/// with the same runs and seed, so replication r of each draws the same numbers wherever the scenarios do not differ
/// (common random numbers), and reports each against the reference as paired differences.
/// </summary>
public sealed class CompareWorkflow(TextWriter output, TextWriter errors)
{
    public async Task<int> RunAsync(CompareRequest request)
    {
        IReadOnlyList<LoadedScenario> family;
        int reference;
        try
        {
            family = Load(request);
            reference = Reference(family, request.Baseline);
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) errors.WriteLine(error);
            return ExitCodes.BadInput;
        }
        catch (ArgumentException e)
        {
            errors.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        return await RunFamilyAsync(family, reference, request.Output, request.BatchSize, request.ReferenceEngine, request.Verbose, request.Cluster);
    }

    /// <summary>Every file's family, with the first scenario's runs and seed (or --runs/--seed) for all, names made unique.</summary>
    private static IReadOnlyList<LoadedScenario> Load(CompareRequest request)
    {
        var loader = RunWorkflow.Loader();
        var first = loader.LoadFamily(request.Scenarios[0], request.Overrides)[0].Scenario;
        var overrides = request.Overrides.Concat([$"runs={request.Runs ?? first.Runs}", $"seed={request.Seed ?? first.Seed}"]).ToArray();
        var errors = new List<ScenarioError>();
        var family = new List<LoadedScenario>();
        foreach (var path in request.Scenarios)
        {
            try
            {
                family.AddRange(loader.LoadFamily(path, overrides));
            }
            catch (ScenarioException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return UniqueNames(family);
    }

    /// <summary>A scenario compared with itself (or two files with one name) gets -2, -3... so every output row is distinct.</summary>
    public static IReadOnlyList<LoadedScenario> UniqueNames(IReadOnlyList<LoadedScenario> family)
    {
        var seen = new Dictionary<string, int>();
        return family.Select(f =>
        {
            var name = f.Scenario.Name;
            seen[name] = seen.GetValueOrDefault(name) + 1;
            return seen[name] == 1 ? f : f with { Scenario = f.Scenario with { Name = $"{name}-{seen[name]}" } };
        }).ToArray();
    }

    private static int Reference(IReadOnlyList<LoadedScenario> family, string? baseline)
    {
        if (baseline is null) return 0;
        var full = Path.GetFullPath(baseline);
        var index = family.ToList().FindIndex(f => f.Scenario.Name == baseline || Path.GetFullPath(f.SourcePath) == full);
        return index >= 0 ? index
            : throw new ArgumentException($"--baseline: '{baseline}' is neither a scenario name nor a file being compared; expected one of: {string.Join(", ", family.Select(f => f.Scenario.Name))}");
    }

    public async Task<int> RunFamilyAsync(IReadOnlyList<LoadedScenario> family, int reference, string? outputDirectory, int? batchSize, bool referenceEngine, bool verbose, ClusterConnection? cluster = null)
    {
        var setups = family.Select(f => new SimulationSetup(f.Scenario)).ToArray();
        if (setups.Select(s => (s.Ccgs, s.Quarters, s.Scenario.Horizon.Start)).Distinct().Count() != 1)
        {
            errors.WriteLine($"scenarios compared must simulate the same number of CCGs over the same quarters; got {string.Join(", ", setups.Select(s => $"{s.Scenario.Name}: {s.Ccgs} CCGs, {s.Quarters} quarters from {s.Scenario.Horizon.Start}"))}");
            return ExitCodes.BadInput;
        }
        if (batchSize is < 1)
        {
            errors.WriteLine($"--batch-size: {batchSize} is out of range; expected an integer of at least 1");
            return ExitCodes.BadInput;
        }
        var runs = setups[0].Scenario.Runs;
        var plan = BatchPlan.Auto(runs, Environment.ProcessorCount, batchSize);
        var directory = outputDirectory ?? Path.Combine("results", $"compare-{setups[reference].Scenario.Name.Split('[')[0]}-{DateTime.Now:yyyyMMdd-HHmmss}");
        output.WriteLine($"UptakeSim compare: {setups.Length} scenarios against '{setups[reference].Scenario.Name}', {runs} runs each, seed {setups[0].Seed} (common random numbers), batches of {plan.BatchSize}");
        foreach (var s in setups) output.WriteLine($"  {s.Scenario.Name}");

        using var interrupt = new Interruption(errors);
        var clock = Stopwatch.StartNew();
        await using var session = await EngineSession.StartAsync(referenceEngine, verbose, output, cluster);
        var accumulator = new ComparisonAccumulator(setups, reference);
        var items = plan.Batches().SelectMany(batch => setups.Select((setup, index) => (Batch: batch, Scenario: index)));
        var lastReport = Stopwatch.StartNew();
        var partial = false;
        try
        {
            await BatchScheduler.RunAsync(items, session.Engine.MaxConcurrentBatches,
                (item, ct) => session.Engine.RunBatchAsync(setups[item.Scenario], item.Batch, ct),
                (item, result) =>
                {
                    accumulator.Add(item.Scenario, result);
                    if (lastReport.Elapsed > TimeSpan.FromSeconds(1) || accumulator.PairedRuns == runs)
                    {
                        lastReport.Restart();
                        output.WriteLine($"paired runs {accumulator.PairedRuns}/{runs}, {clock.Elapsed.TotalSeconds:F1} s");
                    }
                    return ValueTask.CompletedTask;
                }, interrupt.Token, EngineSession.ReportRetries(errors));
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            partial = true;
        }
        if (accumulator.PairedRuns == 0)
        {
            errors.WriteLine("interrupted before any replication was paired; nothing written");
            return ExitCodes.Interrupted;
        }

        var summary = ComparisonSummary.From(setups, accumulator, partial);
        ConsoleReport.Comparison(output, summary, clock.Elapsed);
        ResultsFolder.WriteComparison(directory, summary, family, session.Engine.Name);
        output.WriteLine($"results: {directory}{Path.DirectorySeparatorChar} ({string.Join(", ", ResultsFolder.ComparisonFiles)})");
        return partial ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
