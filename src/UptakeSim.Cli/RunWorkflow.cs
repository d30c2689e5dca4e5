using System.Diagnostics;
using UptakeSim.Engine;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

public sealed record RunRequest(
    string Scenario, int? Runs, ulong? Seed, string? Output, IReadOnlyList<string> Overrides, int? BatchSize, bool ReferenceEngine, bool Verbose,
    bool KeepRuns = false, StreamFormat Stream = StreamFormat.Auto, string Telemetry = "none", int TelemetryIntervalMs = 1000,
    ClusterConnection? Cluster = null, string? Checkpoint = null, bool Resume = false);

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
        IReadOnlyList<LoadedScenario> family;
        try
        {
            var overrides = request.Overrides.ToList();
            if (request.Runs is { } runs) overrides.Add($"runs={runs}");
            if (request.Seed is { } seed) overrides.Add($"seed={seed}");
            family = Loader().LoadFamily(request.Scenario, overrides);
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
        if (family.Count > 1)
        {
            output.WriteLine($"{request.Scenario} declares a sweep of {family.Count} scenarios: comparing them against the first");
            return await new CompareWorkflow(output, errors).RunFamilyAsync(family, 0, request.Output, request.BatchSize, request.ReferenceEngine, request.Verbose, request.Cluster);
        }

        if (request.Stream == StreamFormat.Ndjson && request.Telemetry == "console")
        {
            errors.WriteLine("--telemetry console writes to stdout, which --stream ndjson keeps for JSON lines; expected one of them, or --telemetry otlp");
            return ExitCodes.BadInput;
        }

        if (CheckpointProblem(request) is { } problem)
        {
            errors.WriteLine(problem);
            return ExitCodes.BadInput;
        }

        var loaded = family[0];
        var scenario = loaded.Scenario;
        var directory = request.Output ?? Path.Combine("results", $"{scenario.Name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        var setup = new SimulationSetup(scenario);
        var accumulator = new TrajectoryAccumulator(setup);
        var plan = BatchPlan.Auto(scenario.Runs, Environment.ProcessorCount, request.BatchSize);
        RunCheckpoint? checkpoint = null;
        if (request.Checkpoint is { } checkpointDirectory)
        {
            try
            {
                checkpoint = RunCheckpoint.Open(checkpointDirectory, RunCheckpoint.Fingerprint(loaded.ResolvedYaml), request.Resume, accumulator, plan.BatchSize);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                errors.WriteLine($"--resume: {e.Message}");
                return ExitCodes.BadInput;
            }
            plan = plan with { BatchSize = checkpoint.BatchSize };
            if (request.Resume) output.WriteLine($"resuming from {checkpointDirectory}: {checkpoint.BatchesDone} batches ({accumulator.Runs} runs) already done");
        }
        var report = RunReports.Create(request.Stream, setup, output, errors);
        using var interrupt = new Interruption(errors);
        using var telemetry = Telemetry.Start(request.Telemetry, request.TelemetryIntervalMs);

        report.Started(setup, plan, loaded.SourcePath);
        var clock = Stopwatch.StartNew();
        await using var session = await EngineSession.StartAsync(request.ReferenceEngine, request.Verbose, report.Messages, request.Cluster);
        var partial = false;
        await using var perRun = request.KeepRuns ? new RunsCsvWriter(directory, scenario.Horizon) : null;
        try
        {
            accumulator = await report.Around(() => MonteCarloRun.RunAsync(
                session.Engine, setup, plan, report.Progress, perRun is null ? null : perRun.Add, interrupt.Token, accumulator, report.Retry, checkpoint));
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            partial = true;
        }
        if (checkpoint is not null)
        {
            if (partial)
            {
                checkpoint.Save(accumulator);
                errors.WriteLine($"checkpoint saved in {request.Checkpoint}: run the same command with --resume to finish the remaining replications");
            }
            else
            {
                checkpoint.Delete();
            }
        }

        if (accumulator.Runs == 0)
        {
            errors.WriteLine("interrupted before any replication completed; nothing written");
            return ExitCodes.Interrupted;
        }
        var summary = RunSummary.From(setup, accumulator, partial);
        var summaryJson = ResultsWriter.SummaryJson(summary, session.Engine.Name);
        ResultsFolder.WriteRun(directory, summary, loaded, summaryJson);
        if (perRun is not null) await perRun.CompleteAsync();
        report.Final(summary, clock.Elapsed, summaryJson);
        report.Messages.WriteLine($"results: {directory}{Path.DirectorySeparatorChar} ({string.Join(", ", ResultsFolder.RunFiles)}{(perRun is null ? "" : ", runs.csv")})");
        return partial ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static string? CheckpointProblem(RunRequest request) => request switch
    {
        { Resume: true, Checkpoint: null } => "--resume: expected --checkpoint DIR naming the interrupted run's checkpoint",
        { KeepRuns: true, Checkpoint: not null } => "--keep-runs cannot be resumed from a checkpoint; expected one of --keep-runs and --checkpoint",
        { Resume: true, Checkpoint: { } dir } when !RunCheckpoint.Exists(dir) => $"--resume: {dir} holds no checkpoint; expected the directory given to --checkpoint in the interrupted run",
        { Resume: false, Checkpoint: { } dir } when RunCheckpoint.Exists(dir) => $"--checkpoint: {dir} holds the checkpoint of an unfinished run; expected --resume to continue it, or another directory",
        _ => null,
    };
}
