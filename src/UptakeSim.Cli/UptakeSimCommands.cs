using System.CommandLine;
using UptakeSim.Engine;
using UptakeSim.Experiments.Commands;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Views;

namespace UptakeSim.Cli;

/// <summary>The options every long-running command shares.</summary>
public sealed record CommonOptions(string? Out, bool Overwrite, EngineChoice Engine, StreamFormat Stream, string Telemetry, int TelemetryIntervalMs);

/// <summary>The command line: run, compare, calibrate, hindcast, sensitivity, validate, bench and silo, each with --help.</summary>
public static class UptakeSimCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "UptakeSim: Monte Carlo what-ifs of how English CCGs took up delegated commissioning of primary care (2015-2022) " +
            "under different NHS England policies. With no arguments, ./run.sh runs scenarios/baseline.yaml.");
        root.Add(RunCommand());
        root.Add(CompareCommand());
        root.Add(CalibrateCommand());
        root.Add(HindcastCommand());
        root.Add(SensitivityCommand());
        root.Add(ValidateCommand());
        root.Add(BenchCommand());
        root.Add(SiloCommand.Build());
        return root;
    }

    private static Argument<string> ScenarioArgument() => new("scenario") { Description = "Scenario YAML file (see the README's scenario reference)" };

    private static Option<int?> RunsOption(
        string description = "Monte Carlo replications (overrides the scenario's runs)", int max = Scenarios.InputLimits.MaxRuns) =>
        Arguments.WholeNumber("--runs", description, 1, max, "-n");

    private static Option<int?> BatchSizeOption() =>
        Arguments.WholeNumber("--batch-size", "Replications per grain call (default: chosen from runs and cores; results do not depend on it)", 1, Arguments.MaxBatchSize);

    private static Option<string[]> SetOption() => new("--set") { Description = "Override a scenario value: key.path=value (repeatable), e.g. --set behaviour.pressure=2 --set policy.mandate=2017Q1" };

    public static Option<string?> ClusterOption() => new("--cluster")
    {
        Description = "Run on the silos of a cluster: redis://host[:port][?cluster=ID&service=ID] or " +
                      $"postgres://user@host[:port]/database[?cluster=ID&service=ID] (default: ${ClusterSettings.EnvironmentVariable}, " +
                      $"then \"cluster\" in ./{ClusterSettings.ConfigFile}, else an in-process silo)",
    };

    /// <summary>The options every long-running command has, added to <paramref name="command"/>; read them back with the function returned.</summary>
    private static Func<ParseResult, CommonOptions> AddCommonOptions(Command command, string defaultFolder, bool telemetry = false)
    {
        var output = new Option<string?>("--out", "-o")
        {
            Description = $"Results directory (default {defaultFolder}-<yyyyMMdd-HHmmss>); written whole, renamed into place when complete",
            HelpName = "DIR",
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the results already in --out DIR (refused otherwise)" };
        var engine = Arguments.Choice("--engine", "orleans (default) or reference (the single-threaded in-process kernel)", "orleans", "orleans", "reference");
        var cluster = ClusterOption();
        var stream = Arguments.Choice("--stream", "ndjson: stdout carries one JSON object per line (start, progress, retries, steps, then the result), messages go to stderr", "", "ndjson");
        var plain = new Option<bool>("--plain") { Description = "Plain lines at a bounded rate instead of the live view (the default when output is not a terminal)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = $"Also write Orleans' informational logs to {OrleansLog.FileName} in the results (warnings and errors always go there)" };
        foreach (var option in new Option[] { output, overwrite, engine, cluster, stream, plain, verbose }) command.Add(option);
        var exporter = Arguments.Choice("--telemetry", "Export metrics (UptakeSim and Orleans meters) with OpenTelemetry: none, console or otlp", "none", Telemetry.Exporters);
        var interval = Arguments.WholeNumber("--telemetry-interval", "Milliseconds between metric exports", 100, 3_600_000, 1000);
        if (telemetry)
        {
            command.Add(exporter);
            command.Add(interval);
        }
        return parse =>
        {
            var reference = parse.GetRequiredValue(engine) == "reference";
            return new CommonOptions(parse.GetValue(output), parse.GetValue(overwrite), new EngineChoice(reference, parse.GetValue(verbose), ResolveCluster(parse.GetValue(cluster), reference)),
                parse.GetValue(stream) == "ndjson" ? StreamFormat.Ndjson : parse.GetValue(plain) ? StreamFormat.Plain : StreamFormat.Auto,
                telemetry ? parse.GetRequiredValue(exporter) : "none", telemetry ? parse.GetValue(interval) : 1000);
        };
    }

    /// <summary>
    /// Resolves the cluster before anything runs, so that a bad connection string is bad input (exit 2). The reference
    /// engine runs in this process: it ignores a cluster from the environment or the config file, and refuses --cluster.
    /// </summary>
    private static ClusterConnection? ResolveCluster(string? given, bool referenceEngine)
    {
        if (!referenceEngine) return ClusterSettings.Resolve(given);
        return given is null ? null : throw new ClusterConnectionException("--cluster: the reference engine runs in this process; expected --engine orleans (the default) with --cluster");
    }

    /// <summary>Runs a long command through the skeleton; a bad cluster or a clash of options is bad input like any other.</summary>
    private static async Task<int> Long(ParseResult parse, Func<ParseResult, CommonOptions> common, Func<Job> prepare)
    {
        CommonOptions options;
        try
        {
            options = common(parse);
        }
        catch (ClusterConnectionException e)
        {
            return CommandSkeleton.BadInput(Console.Error, [e.Message]);
        }
        if (options is { Stream: StreamFormat.Ndjson, Telemetry: "console" })
            return CommandSkeleton.BadInput(Console.Error, ["--telemetry: console writes to stdout, which --stream ndjson keeps for JSON lines; expected one of them, or --telemetry otlp"]);
        IDisposable? telemetry = null;
        try
        {
            return await CommandSkeleton.RunAsync(prepare, options.Out, options.Overwrite, start => ProgressViews.Create(options.Stream, start.Setup, Console.Out, Console.Error),
                async start =>
                {
                    telemetry = Telemetry.Start(options.Telemetry, options.TelemetryIntervalMs);
                    return await EngineSession.StartAsync(options.Engine, start.Messages, start.Log);
                }, Console.Error, Checkpoint(parse));
        }
        finally
        {
            telemetry?.Dispose();
        }
    }

    /// <summary>The command's --checkpoint folder, if it has the option and it was given.</summary>
    private static string? Checkpoint(ParseResult parse) =>
        parse.CommandResult.Command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--checkpoint") is { } option
            ? parse.GetValue(option)
            : null;

    private static (Option<string?> Checkpoint, Option<bool> Resume) CheckpointOptions(string step) => (
        new Option<string?>("--checkpoint")
        {
            Description = $"Save progress to DIR as {step}s complete, so an interrupted command (Ctrl-C, crash) can resume",
            HelpName = "DIR",
        },
        new Option<bool>("--resume") { Description = "Continue the interrupted command saved in --checkpoint DIR; ends with the results of an uninterrupted one" });

    private static Option<string?> AtOption(string what) =>
        new("--at") { Description = $"The April {what}: a year (2017) or its first quarter (2017Q1); default: {(what.Contains("region") ? "where the scenarios differ most nationally" : "where the CCGs' chances are most uncertain")}" };

    private static Command RunCommand()
    {
        var scenario = ScenarioArgument();
        var runs = RunsOption();
        var seed = Arguments.Seed();
        var set = SetOption();
        var batchSize = BatchSizeOption();
        var keepRuns = new Option<bool>("--keep-runs")
        {
            Description = "Also write runs.csv (every replication's counts at each level per quarter) and ccg_runs.csv (every replication's level of each CCG's area per quarter); memory stays bounded, the files grow with runs",
        };
        var (checkpoint, resume) = CheckpointOptions("batch");
        var at = AtOption("of the report's headline and map");
        var command = new Command("run", "Run a scenario's Monte Carlo replications on an in-process Orleans silo (or a cluster), stream national aggregates, write results; a sweep file runs as a comparison")
        {
            scenario, runs, seed, set, batchSize, keepRuns, checkpoint, resume, at,
        };
        var common = AddCommonOptions(command, "results/<scenario>", telemetry: true);
        command.SetAction((parse, _) => Long(parse, common, () => Jobs.Run(new RunArgs(parse.GetRequiredValue(scenario), parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(set) ?? [],
            parse.GetValue(batchSize), parse.GetValue(keepRuns), parse.GetValue(checkpoint), parse.GetValue(resume), parse.GetValue(at)))));
        return command;
    }

    private static Command CompareCommand()
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = "Scenario YAML files (a file with a sweep adds all its members); the first is the reference", Arity = ArgumentArity.OneOrMore };
        var baseline = new Option<string?>("--baseline") { Description = "The reference: a scenario name or one of the files (default: the first)" };
        var runs = RunsOption();
        var seed = Arguments.Seed();
        var set = SetOption();
        var batchSize = BatchSizeOption();
        var alternatives = new Option<bool>("--alternatives")
        {
            Description = "Also run the comparison under each structural alternative the reference declares (alternatives:) and report each what-if's difference side by side and averaged by how well each fits the record",
        };
        var at = AtOption("of the regional differences, headline and difference maps");
        var keepRuns = new Option<bool>("--keep-runs")
        {
            Description = "Also write runs.csv: every scenario's counts at each level per replication, England and each region, and quarter (paired by replication; memory stays bounded, the file grows with runs)",
        };
        var command = new Command("compare", "Run scenarios with common random numbers and report paired differences against a reference (tables, CSV, JSON)")
        {
            scenarios, baseline, runs, seed, set, batchSize, alternatives, at, keepRuns,
        };
        var common = AddCommonOptions(command, "results/compare-<reference>");
        command.SetAction((parse, _) => Long(parse, common, () => Jobs.Compare(new CompareArgs(parse.GetRequiredValue(scenarios), parse.GetValue(baseline), parse.GetValue(runs),
            parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(batchSize), parse.GetValue(alternatives), parse.GetValue(at), parse.GetValue(keepRuns)))));
        return command;
    }

    private static Command CalibrateCommand()
    {
        var scenario = ScenarioArgument();
        var observed = ObservedOption();
        var runs = RunsOption(
            "Posterior-predictive runs (abc) or replications per evaluation (point); overrides calibration.runs", Scenarios.InputLimits.MaxCalibrationRuns);
        var seed = Arguments.Seed();
        var set = SetOption();
        var method = Arguments.Choice("--method", "abc (default: ABC-SMC posterior) or point (Nelder-Mead best point); overrides calibration.method", "", "abc", "point");
        var cutoff = new Option<string?>("--cutoff") { Description = "Fit the observations up to this quarter only, e.g. 2016Q1 (overrides calibration.cutoff)", HelpName = "QUARTER" };
        var (checkpoint, resume) = CheckpointOptions("generation");
        var command = new Command("calibrate", "Estimate the posterior of the behaviour coefficients a scenario marks as free (calibration.free) given observed uptake, by ABC-SMC on the engine; writes posterior.csv and calibrated.yaml")
        {
            scenario, observed, runs, seed, set, method, cutoff, checkpoint, resume,
        };
        var common = AddCommonOptions(command, "results/calibrate-<scenario>");
        command.SetAction((parse, _) => Long(parse, common, () => Jobs.Calibrate(new CalibrateArgs(parse.GetRequiredValue(scenario),
            $"./run.sh calibrate {Path.GetFileName(parse.GetRequiredValue(scenario))}", parse.GetValue(observed), parse.GetValue(runs),
            parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(checkpoint), parse.GetValue(resume), parse.GetValue(method) is { Length: > 0 } m ? m : null, parse.GetValue(cutoff)))));
        return command;
    }

    private static Option<string?> ObservedOption() =>
        new("--observed") { Description = "Observations CSV (quarter,scope,measure,value,sd,source); default: the bundled data/observations.csv" };

    private static Command HindcastCommand()
    {
        var scenario = ScenarioArgument();
        var cutoff = new Option<string[]>("--cutoff") { Description = "Quarter to forecast from (repeatable): calibrate on the observations up to it, score every later one", Required = true, HelpName = "QUARTER" };
        var observed = ObservedOption();
        var runs = RunsOption("Posterior-predictive runs (overrides calibration.runs)", Scenarios.InputLimits.MaxCalibrationRuns);
        var seed = Arguments.Seed();
        var set = SetOption();
        var command = new Command("hindcast", "Calibrate on the observations up to a cutoff, forecast the rest from the posterior, and score it (50%/90% bands, CRPS) against a null model of constant hazards")
        {
            scenario, cutoff, observed, runs, seed, set,
        };
        var common = AddCommonOptions(command, "results/hindcast-<scenario>");
        command.SetAction((parse, _) => Long(parse, common, () => Jobs.Hindcast(new HindcastArgs(parse.GetRequiredValue(scenario), parse.GetValue(observed), parse.GetValue(cutoff) ?? [],
            parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(set) ?? []))));
        return command;
    }

    private static Command SensitivityCommand()
    {
        var scenario = ScenarioArgument();
        var samples = Arguments.WholeNumber("--samples", "Base samples N of the Saltelli design (N x (parameters + 2) design points)", 2, 1 << 20, 512);
        var repeats = Arguments.WholeNumber("--repeats", "Replications per design point (different shocks, averaged)", 1, 10_000, 4);
        var by = new Option<string?>("--by") { Description = "Quarter for the 'share delegated by' outcome (default: two years after the start, e.g. 2017Q1)" };
        var ranges = new Option<string[]>("--range") { Description = $"Add or replace an input: a behaviour coefficient, a policy lever or a population assumption, as {SensitivityInputs.Forms}; e.g. --range policy.risk_sharing=0:0.5 --range population.finance.sd=normal:0.6:0.1 (names: {string.Join(", ", SensitivityInputs.Names)})" };
        var posterior = new Option<string?>("--posterior") { Description = "A posterior CSV (calibrate's posterior.csv): the coefficients it estimates become one input, a particle drawn by weight (default: the scenario's posterior: file, if any)" };
        var seed = Arguments.Seed();
        var set = SetOption();
        var batchSize = BatchSizeOption();
        var command = new Command("sensitivity", $"Rank the uncertain inputs (the scenario's uncertain coefficients, each through its own distribution, and any --range) by Sobol indices (first-order and total) of uptake outcomes, with common random numbers per design row (at most {SensitivityExperiment.MaxReplications:N0} replications)")
        {
            scenario, samples, repeats, by, ranges, posterior, seed, set, batchSize,
        };
        var common = AddCommonOptions(command, "results/sensitivity-<scenario>");
        command.SetAction((parse, _) => Long(parse, common, () => Jobs.Sensitivity(new SensitivityArgs(parse.GetRequiredValue(scenario), parse.GetValue(samples), parse.GetValue(repeats),
            parse.GetValue(by), parse.GetValue(ranges) ?? [], parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(batchSize), parse.GetValue(posterior)))));
        return command;
    }

    private static Command ValidateCommand()
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = "Scenario YAML files (sweep files too)", Arity = ArgumentArity.OneOrMore };
        var set = new Option<string[]>("--set") { Description = "Overrides to check along with the files: key.path=value" };
        var command = new Command("validate", "Check scenario files without running them") { scenarios, set };
        // An option validate does not have would otherwise be taken for a file name.
        scenarios.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Select(t => t.Value).Where(t => t.StartsWith('-') && !File.Exists(t))) result.AddError(Arguments.UnknownOption(token, command));
        });
        command.SetAction(parse => Jobs.Validate(parse.GetRequiredValue(scenarios), parse.GetValue(set) ?? [], Console.Out, Console.Error));
        return command;
    }

    private static Command BenchCommand()
    {
        var runs = Arguments.WholeNumber("--runs", "Replications to time on each engine", 1, Scenarios.InputLimits.MaxRuns, 10_000);
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the figures, after the report (take stdout's last line): CCG-quarters/s and ns per CCG-quarter of the engine, reference, plain parallel loop and scalar yardstick, their ratios, the reference's profile, the estimated limit, what Orleans costs, silo start, peak working set" };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario to time (default: the bundled baseline)" };
        var batchSize = BatchSizeOption();
        var skipReference = new Option<bool>("--engine-only") { Description = "Time only the Orleans engine (e.g. to measure memory at 100,000 runs)" };
        var cluster = ClusterOption();
        var command = new Command("bench", "Time the Orleans engine (an in-process silo, or a cluster) against the single-threaded reference kernel, the same kernel as a plain parallel loop on every core (no Orleans) and a scalar yardstick")
        {
            runs, json, scenario, batchSize, skipReference, cluster,
        };
        command.SetAction((parse, _) =>
        {
            ClusterConnection? connection;
            try
            {
                connection = ResolveCluster(parse.GetValue(cluster), referenceEngine: false);
            }
            catch (ClusterConnectionException e)
            {
                return Task.FromResult(CommandSkeleton.BadInput(Console.Error, [e.Message]));
            }
            return Benchmark.RunAsync(Console.Out, Console.Error, parse.GetValue(scenario) ?? ShippedData.Baseline,
                parse.GetValue(runs), parse.GetValue(batchSize), parse.GetValue(json), parse.GetValue(skipReference), connection);
        });
        return command;
    }
}
