using System.CommandLine;
using System.CommandLine.Parsing;
using UptakeSim.Engine;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>The command line: run, compare, calibrate, sensitivity, validate, bench and silo, each with --help.</summary>
public static class UptakeSimCommands
{
    public static string BundledDirectory => AppContext.BaseDirectory;

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "UptakeSim: Monte Carlo what-ifs of how English CCGs took up delegated commissioning of primary care (2015-2022) " +
            "under different NHS England policies. With no arguments, ./run.sh runs scenarios/baseline.yaml.");
        root.Add(RunCommand());
        root.Add(CompareCommand());
        root.Add(CalibrateCommand());
        root.Add(SensitivityCommand());
        root.Add(ValidateCommand());
        root.Add(BenchCommand());
        root.Add(SiloCommand.Build());
        return root;
    }

    private static Argument<string> ScenarioArgument() => new("scenario") { Description = "Scenario YAML file (see the README's scenario reference)" };

    private static Option<int?> RunsOption() => new("--runs", "-n") { Description = "Monte Carlo replications (overrides the scenario's runs)" };

    private static Option<ulong?> SeedOption() => new("--seed", "-s") { Description = "Master seed; the same scenario, seed and runs give identical results" };

    private static Option<int?> BatchSizeOption() => new("--batch-size") { Description = "Replications per grain call (default: chosen from runs and cores; results do not depend on it)" };

    private static Option<bool> VerboseOption() => new("--verbose", "-v") { Description = "Show Orleans' informational logs" };

    public static Option<string?> ClusterOption() => new("--cluster")
    {
        Description = $"Run on the silos of a cluster: redis://host[:port][?cluster=ID&service=ID] (default: ${ClusterSettings.EnvironmentVariable}, " +
                      $"then \"cluster\" in ./{ClusterSettings.ConfigFile}, else an in-process silo)",
    };

    /// <summary>
    /// Resolves the cluster before anything runs, so that a bad connection string is bad input (exit 2). The reference
    /// engine runs in this process: it ignores a cluster from the environment or the config file, and refuses --cluster.
    /// </summary>
    private static Task<int> WithCluster(ParseResult parse, Option<string?> option, bool referenceEngine, Func<ClusterConnection?, Task<int>> run)
    {
        var given = parse.GetValue(option);
        if (referenceEngine)
        {
            if (given is null) return run(null);
            Console.Error.WriteLine("--cluster: the reference engine runs in this process; expected --engine orleans (the default) with --cluster");
            return Task.FromResult(ExitCodes.BadInput);
        }
        ClusterConnection? cluster;
        try
        {
            cluster = ClusterSettings.Resolve(given);
        }
        catch (ClusterConnectionException e)
        {
            Console.Error.WriteLine(e.Message);
            return Task.FromResult(ExitCodes.BadInput);
        }
        return run(cluster);
    }

    private static Command RunCommand()
    {
        var scenario = ScenarioArgument();
        var runs = RunsOption();
        var seed = SeedOption();
        var batchSize = BatchSizeOption();
        var verbose = VerboseOption();
        var output = new Option<string?>("--out", "-o") { Description = "Results directory (default results/<scenario>-<timestamp>)" };
        var set = SetOption();
        var keepRuns = new Option<bool>("--keep-runs") { Description = "Also write runs.csv: every replication's counts at each level per quarter (memory stays bounded; the file grows with runs)" };
        var engine = EngineOption();
        var stream = new Option<string?>("--stream") { Description = "ndjson: stdout carries one JSON object per line (start, progress, retry, then the summary), messages go to stderr" };
        stream.AcceptOnlyFromAmong("ndjson");
        var plain = new Option<bool>("--plain") { Description = "Plain lines at a bounded rate instead of the live view (the default when output is not a terminal)" };
        var telemetry = new Option<string>("--telemetry") { Description = "Export metrics (UptakeSim and Orleans meters) with OpenTelemetry: none, console or otlp", DefaultValueFactory = _ => "none" };
        telemetry.AcceptOnlyFromAmong(Telemetry.Exporters);
        var telemetryInterval = new Option<int>("--telemetry-interval") { Description = "Milliseconds between metric exports", DefaultValueFactory = _ => 1000 };
        telemetryInterval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 100) result.AddError("--telemetry-interval: expected at least 100 milliseconds");
        });
        var cluster = ClusterOption();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save progress to DIR as batches complete, so an interrupted run (Ctrl-C, crash) can resume" };
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted run saved in --checkpoint DIR; ends with the results of an uninterrupted run" };
        var command = new Command("run", "Run a scenario's Monte Carlo replications on an in-process Orleans silo (or a cluster), stream national aggregates, write results")
        {
            scenario, runs, seed, output, set, batchSize, engine, cluster, keepRuns, stream, plain, telemetry, telemetryInterval, checkpoint, resume, verbose,
        };
        command.SetAction((parse, cancel) => WithCluster(parse, cluster, parse.GetRequiredValue(engine) == "reference", connection => new RunWorkflow(Console.Out, Console.Error).RunAsync(new RunRequest(
            parse.GetRequiredValue(scenario), parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(output),
            parse.GetValue(set) ?? [], parse.GetValue(batchSize), parse.GetRequiredValue(engine) == "reference", parse.GetValue(verbose), parse.GetValue(keepRuns),
            parse.GetValue(stream) == "ndjson" ? StreamFormat.Ndjson : parse.GetValue(plain) ? StreamFormat.Plain : StreamFormat.Auto,
            parse.GetRequiredValue(telemetry), parse.GetValue(telemetryInterval), Cluster: connection,
            Checkpoint: parse.GetValue(checkpoint), Resume: parse.GetValue(resume)))));
        return command;
    }

    private static Option<string[]> SetOption() => new("--set") { Description = "Override a scenario value: key.path=value (repeatable), e.g. --set behaviour.pressure=2 --set policy.mandate=2017Q1" };

    private static Option<string> EngineOption()
    {
        var engine = new Option<string>("--engine") { Description = "orleans (default) or reference (the single-threaded in-process kernel)", DefaultValueFactory = _ => "orleans" };
        engine.AcceptOnlyFromAmong("orleans", "reference");
        return engine;
    }

    private static Command CompareCommand()
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = "Scenario YAML files (a file with a sweep adds all its members); the first is the reference", Arity = ArgumentArity.OneOrMore };
        var baseline = new Option<string?>("--baseline") { Description = "The reference: a scenario name or one of the files (default: the first)" };
        var runs = RunsOption();
        var seed = SeedOption();
        var output = new Option<string?>("--out", "-o") { Description = "Results directory (default results/compare-<reference>-<timestamp>)" };
        var set = SetOption();
        var batchSize = BatchSizeOption();
        var engine = EngineOption();
        var cluster = ClusterOption();
        var verbose = VerboseOption();
        var command = new Command("compare", "Run scenarios with common random numbers and report paired differences against a reference (tables, CSV, JSON)")
        {
            scenarios, baseline, runs, seed, output, set, batchSize, engine, cluster, verbose,
        };
        command.SetAction((parse, cancel) => WithCluster(parse, cluster, parse.GetRequiredValue(engine) == "reference", connection => new CompareWorkflow(Console.Out, Console.Error).RunAsync(new CompareRequest(
            parse.GetRequiredValue(scenarios), parse.GetValue(baseline), parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(output),
            parse.GetValue(set) ?? [], parse.GetValue(batchSize), parse.GetRequiredValue(engine) == "reference", parse.GetValue(verbose), connection))));
        return command;
    }

    private static Command CalibrateCommand()
    {
        var scenario = ScenarioArgument();
        var observed = new Option<string?>("--observed") { Description = "Observations CSV (quarter,scope,measure,value,sd,source); default: the bundled data/observations.csv" };
        var runs = new Option<int?>("--runs", "-n") { Description = "Replications per evaluation (overrides calibration.runs)" };
        var seed = SeedOption();
        var output = new Option<string?>("--out", "-o") { Description = "Results directory (default results/calibrate-<scenario>-<timestamp>)" };
        var set = SetOption();
        var engine = EngineOption();
        var cluster = ClusterOption();
        var verbose = VerboseOption();
        var command = new Command("calibrate", "Fit the behaviour coefficients a scenario marks as free (calibration.free) to observed uptake; exit 3 if the fit does not converge")
        {
            scenario, observed, runs, seed, output, set, engine, cluster, verbose,
        };
        command.SetAction((parse, cancel) => WithCluster(parse, cluster, parse.GetRequiredValue(engine) == "reference", connection => new CalibrateWorkflow(Console.Out, Console.Error).RunAsync(new CalibrateRequest(
            parse.GetRequiredValue(scenario), parse.GetValue(observed), parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(output),
            parse.GetValue(set) ?? [], parse.GetRequiredValue(engine) == "reference", parse.GetValue(verbose), connection))));
        return command;
    }

    private static Command SensitivityCommand()
    {
        var scenario = ScenarioArgument();
        var samples = new Option<int>("--samples") { Description = "Base samples N of the Saltelli design (N x (parameters + 2) design points)", DefaultValueFactory = _ => 512 };
        var repeats = new Option<int>("--repeats") { Description = "Replications per design point (different shocks, averaged)", DefaultValueFactory = _ => 4 };
        var by = new Option<string?>("--by") { Description = "Quarter for the 'share delegated by' outcome (default: two years after the start, e.g. 2017Q1)" };
        var ranges = new Option<string[]>("--range") { Description = "Add or replace a parameter's range: name=low:high, e.g. --range intercepts.join=-4:-2" };
        var seed = SeedOption();
        var output = new Option<string?>("--out", "-o") { Description = "Results directory (default results/sensitivity-<scenario>-<timestamp>)" };
        var set = SetOption();
        var batchSize = BatchSizeOption();
        var engine = EngineOption();
        var cluster = ClusterOption();
        var verbose = VerboseOption();
        var command = new Command("sensitivity", "Rank the uncertain behaviour coefficients by Sobol indices (first-order and total) of uptake outcomes")
        {
            scenario, samples, repeats, by, ranges, seed, output, set, batchSize, engine, cluster, verbose,
        };
        command.SetAction((parse, cancel) => WithCluster(parse, cluster, parse.GetRequiredValue(engine) == "reference", connection => new SensitivityWorkflow(Console.Out, Console.Error).RunAsync(new SensitivityRequest(
            parse.GetRequiredValue(scenario), parse.GetValue(samples), parse.GetValue(repeats), parse.GetValue(by), parse.GetValue(ranges) ?? [],
            parse.GetValue(seed), parse.GetValue(output), parse.GetValue(set) ?? [], parse.GetValue(batchSize),
            parse.GetRequiredValue(engine) == "reference", parse.GetValue(verbose), connection))));
        return command;
    }

    private static Command ValidateCommand()
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = "Scenario YAML files", Arity = ArgumentArity.OneOrMore };
        var set = new Option<string[]>("--set") { Description = "Overrides to check along with the files: key.path=value" };
        var command = new Command("validate", "Check scenario files without running them") { scenarios, set };
        command.SetAction(parse => new RunWorkflow(Console.Out, Console.Error).Validate(parse.GetRequiredValue(scenarios), parse.GetValue(set) ?? []));
        return command;
    }

    private static Command BenchCommand()
    {
        var runs = new Option<int>("--runs", "-n") { Description = "Replications to time on each engine", DefaultValueFactory = _ => 10_000 };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the figures: CCG-quarters/s and ns per CCG-quarter of the engine, reference and scalar yardstick, their ratios, the reference's profile, the estimated limit, Orleans overhead, silo start, peak working set" };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario to time (default: the bundled baseline)" };
        var batchSize = BatchSizeOption();
        var skipReference = new Option<bool>("--engine-only") { Description = "Time only the Orleans engine (e.g. to measure memory at 100,000 runs)" };
        var cluster = ClusterOption();
        var command = new Command("bench", "Time the Orleans engine (an in-process silo, or a cluster) against the single-threaded reference kernel and a scalar yardstick")
        {
            runs, json, scenario, batchSize, skipReference, cluster,
        };
        command.SetAction((parse, cancel) => WithCluster(parse, cluster, referenceEngine: false, connection => Benchmark.RunAsync(Console.Out, Console.Error,
            parse.GetValue(scenario) ?? Path.Combine(BundledDirectory, "scenarios", "baseline.yaml"),
            parse.GetValue(runs), parse.GetValue(batchSize), parse.GetValue(json), parse.GetValue(skipReference), connection)));
        return command;
    }
}
