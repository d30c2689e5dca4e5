using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using UptakeSim.Engine;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

public sealed record RunRequest(string Scenario, int? Runs, ulong? Seed, string? Output, IReadOnlyList<string> Overrides, int? BatchSize, bool ReferenceEngine, bool Verbose, bool KeepRuns = false);

/// <summary>
/// The analyst's job end to end: load and validate the scenario (with overrides), run its replications while
/// streaming aggregates, and write the results. Bad input ends with exit code 2 and file:line:column messages;
/// Ctrl-C or SIGTERM stops the batch, writes what completed marked as partial and exits 130; a second Ctrl-C exits at once.
/// </summary>
public sealed class RunWorkflow(TextWriter output, TextWriter errors)
{
    public static ScenarioLoader Loader() => new(Path.Combine(UptakeSimCommands.BundledDirectory, "data", "ccgs_2015.csv"));

    public int Validate(IReadOnlyList<string> paths, IReadOnlyList<string> overrides)
    {
        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                var loaded = Loader().Load(path, overrides);
                output.WriteLine($"{path}: ok ({loaded.Scenario.Name}: {loaded.Scenario.Population.Count} CCGs, {loaded.Scenario.Horizon.Quarters} quarters from {loaded.Scenario.Horizon.Start}, {loaded.Scenario.Runs} runs)");
            }
            catch (ScenarioException e)
            {
                failed++;
                foreach (var error in e.Errors) errors.WriteLine(error);
            }
        }
        return failed == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    public async Task<int> RunAsync(RunRequest request)
    {
        LoadedScenario loaded;
        try
        {
            var overrides = request.Overrides.ToList();
            if (request.Runs is { } runs) overrides.Add($"runs={runs}");
            if (request.Seed is { } seed) overrides.Add($"seed={seed}");
            loaded = Loader().Load(request.Scenario, overrides);
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) errors.WriteLine(error);
            return ExitCodes.BadInput;
        }
        if (request.BatchSize is < 1)
        {
            errors.WriteLine($"--batch-size: {request.BatchSize} is out of range; expected an integer of at least 1");
            return ExitCodes.BadInput;
        }

        var scenario = loaded.Scenario;
        var directory = request.Output ?? Path.Combine("results", $"{scenario.Name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        var setup = new SimulationSetup(scenario);
        var plan = BatchPlan.Auto(scenario.Runs, Environment.ProcessorCount, request.BatchSize);
        using var interrupt = new Interruption(errors);

        output.WriteLine($"UptakeSim: scenario '{scenario.Name}' ({loaded.SourcePath}), {scenario.Population.Count} CCGs, {scenario.Horizon.Quarters} quarters from {scenario.Horizon.Start}, {scenario.Runs} runs, seed {scenario.Seed}, batches of {plan.BatchSize}");
        var clock = Stopwatch.StartNew();
        await using var cluster = request.ReferenceEngine ? null : await EmbeddedCluster.StartAsync(request.Verbose ? LogLevel.Information : LogLevel.Warning);
        IReplicationEngine engine = cluster is not null ? cluster.Engine : new ReferenceEngine();
        if (cluster is not null) output.WriteLine($"Orleans silo started in {cluster.StartTime.TotalSeconds:F1} s");

        var report = new ConsoleReport(output, setup, TimeSpan.FromSeconds(1));
        var accumulator = new TrajectoryAccumulator(setup);
        var partial = false;
        await using var perRun = request.KeepRuns ? new RunsCsvWriter(directory, scenario.Horizon) : null;
        try
        {
            accumulator = await MonteCarloRun.RunAsync(engine, setup, plan, report.Progress, perRun is null ? null : perRun.Add, interrupt.Token, accumulator);
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            partial = true;
        }

        if (accumulator.Runs == 0)
        {
            errors.WriteLine("interrupted before any replication completed; nothing written");
            return ExitCodes.Interrupted;
        }
        var summary = RunSummary.From(setup, accumulator, partial);
        report.Final(summary, clock.Elapsed);
        ResultsWriter.Write(directory, summary, loaded.ResolvedYaml, engine.Name);
        if (perRun is not null) await perRun.CompleteAsync();
        output.WriteLine($"results: {directory}{Path.DirectorySeparatorChar} ({string.Join(", ", ResultsWriter.Files)}{(perRun is null ? "" : ", runs.csv")})");
        return partial ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>SIGINT/SIGTERM: the first cancels the run (completed replications are kept), the second exits at once.</summary>
    private sealed class Interruption : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly PosixSignalRegistration[] _registrations;

        public Interruption(TextWriter errors)
        {
            void Handle(PosixSignalContext context)
            {
                context.Cancel = true;
                if (_source.IsCancellationRequested) Environment.Exit(ExitCodes.Interrupted);
                errors.WriteLine("interrupted: stopping after the batches in flight and writing the completed replications as partial (again to quit at once)");
                _source.Cancel();
            }
            _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
            _source.Dispose();
        }
    }
}
