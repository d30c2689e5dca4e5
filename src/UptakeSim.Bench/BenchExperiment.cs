using System.Diagnostics;
using UptakeSim.Experiments;
using UptakeSim.Experiments.Output;
using UptakeSim.Model;
using UptakeSim.Model.Kernel;
using UptakeSim.Runner;

namespace UptakeSim.Bench;

/// <summary>One timed run of one engine.</summary>
public sealed record BenchTiming(string Engine, double Seconds) : ExperimentStep
{
    public override string Event => "timing";

    public override string Describe() => $"  {Engine}: {Seconds:F2} s";
}

/// <summary>Where a reference batch's time goes, per CCG-quarter: its start (draws, start mix, state), the kernel's
/// steps and the tallies.</summary>
public sealed record BenchProfileNs(double Start, double KernelSteps, double Tallies);

/// <summary>
/// What Orleans costs, measured by difference: the processor time per CCG-quarter of the engine and of the plain
/// parallel loop (the same model code on the same batches, no grain calls), both the whole process's, in the same
/// bench. Their difference is the grain calls' cost: messages, activations, scheduling, and the model code running
/// slower between calls; spread over the grain calls it is the cost of one.
/// </summary>
public sealed record EngineCoreTime(double EngineNs, double PlainParallelNs, double OrleansNs, double OrleansShare, double OrleansUsPerGrainCall, double GrainCalls);

/// <summary>How fast one loop simulated its runs: the time (an engine's best of <see cref="BenchExperiment.Repetitions"/>),
/// CCG-quarters per second and nanoseconds per CCG-quarter.</summary>
public sealed record Throughput(double Seconds, double CcgQuartersPerS, double NsPerCcgQuarter)
{
    /// <summary>The three figures as <c>bench</c> prints them.</summary>
    public string Describe() => $"{Seconds:F2} s, {CcgQuartersPerS:N0} CCG-quarters/s, {NsPerCcgQuarter:F1} ns per CCG-quarter";
}

/// <summary>The scalar yardstick's throughput, on its own number of runs (at most
/// <see cref="BenchExperiment.YardstickRuns"/>: it is slow).</summary>
public sealed record YardstickThroughput(int Runs, Throughput Throughput);

/// <summary>
/// Speed-ups, each the first's CCG-quarters per second over the second's. The plain parallel loop's gain over the
/// reference is what the machine's cores give this kernel (memory and shared caches included), the ceiling for
/// engine/reference; engine/plain parallel is the share of it the engine keeps through its grain calls.
/// </summary>
public sealed record BenchRatios(
    double EngineOverReference, double PlainParallelOverReference, double EngineOverPlainParallel, double EngineOverYardstick, double ReferenceOverYardstick);

/// <summary>
/// What only running the reference gives (none with <c>--engine-only</c>): the single-threaded reference kernel, the
/// same kernel as a plain parallel loop on every core (no Orleans) and the scalar yardstick, their ratios, the
/// reference's profile, the estimated limit (the kernel's steps alone spread over the cores), whether the engines'
/// aggregates were identical, and how the engine's core time splits (none against a cluster).
/// </summary>
public sealed record ReferenceComparison(
    Throughput Reference, Throughput PlainParallel, YardstickThroughput Yardstick, BenchRatios Ratios,
    BenchProfileNs ProfileNsPerCcgQuarter, double LimitNsPerCcgQuarter, bool AggregatesIdentical, EngineCoreTime? EngineCoreTime);

/// <summary>What the bench ran on: the silo's start, the process's peak working set, the runs and their batches,
/// the cores and the kernel's register width in doubles.</summary>
public sealed record BenchRunFacts(double SiloStartMs, double PeakWorkingSetMb, int Runs, int BatchSize, int Cores, int LaneWidth);

/// <summary>
/// What <c>bench --json</c> prints: the engine's throughput, the share of the cores it kept busy (none against a
/// cluster), the comparison with the reference (none with <c>--engine-only</c>) and the facts of the run.
/// </summary>
public sealed record BenchResult(Throughput Engine, double? EngineCoresBusy, ReferenceComparison? Comparison, BenchRunFacts Run);

/// <summary>
/// Times an engine against the single-threaded reference kernel and the same kernel as a plain parallel loop on every
/// core, on the same scenario, after warm-up, alternating, the faster of <see cref="Repetitions"/> counting, and checks
/// that all produced identical aggregates (what Orleans costs, and how busy the engine kept the cores, only when
/// <c>engineInProcess</c>: a cluster's grains spend the silos' processor time, not this process's); then the
/// scalar yardstick (<see cref="ScalarYardstick"/>, the obvious one-double-at-a-time loop of the model) and a profile
/// of one reference batch. Throughput is CCG-quarters per second (runs x CCGs x quarters of the horizon).
/// </summary>
public static class BenchExperiment
{
    public const int WarmUpRuns = 2000;
    public const int Repetitions = 2;
    public const int YardstickRuns = 5000;

    public static async Task<BenchResult> RunAsync(
        IReplicationEngine engine, IReplicationEngine? reference, SimulationSetup setup, BatchPlan plan, TimeSpan startTime,
        IExperimentObserver? observer = null, bool engineInProcess = true)
    {
        observer ??= SilentObserver.Instance;
        var cores = Environment.ProcessorCount;
        var parallel = reference is null ? null : new ReferenceEngine(cores);
        var engines = reference is null || parallel is null ? new[] { engine } : [reference, parallel, engine];
        var warmUp = plan with { Runs = Math.Min(plan.Runs, WarmUpRuns) };
        foreach (var e in engines) await MonteCarloRun.RunAsync(e, setup, warmUp);
        var best = engines.ToDictionary(e => e, _ => double.MaxValue);
        var results = new Dictionary<IReplicationEngine, TrajectoryAccumulator>();
        var processorSeconds = engines.ToDictionary(e => e, _ => 0.0);
        using var self = Process.GetCurrentProcess();
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            foreach (var e in engines)
            {
                // getrusage: microseconds, where the process's TotalProcessorTime counts 10 ms ticks on Linux.
                var processorTime = Environment.CpuUsage.TotalTime;
                var clock = Stopwatch.StartNew();
                results[e] = await MonteCarloRun.RunAsync(e, setup, plan, retrying: observer.Retry);
                var seconds = clock.Elapsed.TotalSeconds;
                if (seconds < best[e])
                {
                    best[e] = seconds;
                    processorSeconds[e] = (Environment.CpuUsage.TotalTime - processorTime).TotalSeconds;
                }
                observer.Step(new BenchTiming(e.Name, seconds));
            }
        }

        double CcgQuarters(long replications) => (double)replications * setup.Ccgs * setup.Quarters;
        double Ns(double seconds, double quarters) => seconds * 1e9 / quarters;
        var ccgQuarters = CcgQuarters(plan.Runs);
        var engineNs = Ns(best[engine], ccgQuarters);

        Throughput Timed(double seconds, double quarters)
        {
            var ns = Ns(seconds, quarters);
            return new Throughput(seconds, Math.Round(1e9 / ns), Math.Round(ns, 2));
        }

        ReferenceComparison? comparison = null;
        if (reference is not null && parallel is not null)
        {
            var referenceNs = Ns(best[reference], ccgQuarters);
            var parallelNs = Ns(best[parallel], ccgQuarters);
            var coreTime = !engineInProcess ? null
                : CoreTime(Ns(processorSeconds[engine], ccgQuarters), Ns(processorSeconds[parallel], ccgQuarters), ccgQuarters,
                    (double)plan.Batches().Count() * setup.Ccgs * (setup.Quarters + 1));
            string Csv(IReplicationEngine e) => ResultsCsv.ToText(csv => ResultsCsv.Trajectories(csv, [RunSummary.From(setup, results[e])]));
            var engineCsv = Csv(engine);
            var identical = new[] { reference, parallel }.All(e => Csv(e) == engineCsv);

            var yardstickRuns = Math.Min(plan.Runs, YardstickRuns);
            ScalarYardstick.Run(setup, Math.Min(yardstickRuns, 100));
            var clock = Stopwatch.StartNew();
            var yardstick = ScalarYardstick.Run(setup, yardstickRuns);
            var yardstickSeconds = clock.Elapsed.TotalSeconds;
            var yardstickNs = Ns(yardstickSeconds, yardstick.CcgQuarters);

            var batch = new BatchProfile();
            var profiled = Math.Min(plan.BatchSize, plan.Runs);
            BatchSimulation.Run(setup, 0, profiled, observer: batch);
            double ProfileNs(long ticks) => Math.Round(Ns((double)ticks / Stopwatch.Frequency, CcgQuarters(profiled)), 2);
            var profile = new BenchProfileNs(ProfileNs(batch.Start), ProfileNs(batch.Steps), ProfileNs(batch.Tally));

            var ratios = new BenchRatios(Math.Round(referenceNs / engineNs, 3), Math.Round(referenceNs / parallelNs, 3), Math.Round(parallelNs / engineNs, 3),
                Math.Round(yardstickNs / engineNs, 3), Math.Round(yardstickNs / referenceNs, 3));
            comparison = new ReferenceComparison(Timed(best[reference], ccgQuarters), Timed(best[parallel], ccgQuarters),
                new YardstickThroughput(yardstickRuns, Timed(yardstickSeconds, yardstick.CcgQuarters)), ratios,
                profile, Math.Round(profile.KernelSteps / cores, 2), identical, coreTime);
        }

        self.Refresh();
        var coresBusy = engineInProcess ? Math.Round(processorSeconds[engine] / (best[engine] * cores), 3) : (double?)null;
        var run = new BenchRunFacts(Math.Round(startTime.TotalMilliseconds), Math.Round(self.PeakWorkingSet64 / (1024.0 * 1024.0), 1),
            plan.Runs, plan.BatchSize, cores, (int)LaneWidths.Best);
        return new BenchResult(Timed(best[engine], ccgQuarters), coresBusy, comparison, run);
    }

    /// <summary>The timings of <c>bench</c>: each engine's throughput, where the engine's core time goes, the ratios.</summary>
    public static void Print(TextWriter output, BenchResult r)
    {
        var cores = r.Run.Cores;
        output.WriteLine($"Orleans engine: {r.Engine.Describe()}"
            + (r.EngineCoresBusy is { } busy ? $"; the process kept {busy * 100:F0}% of the {cores} cores busy" : ""));
        if (r.Comparison is { } c)
        {
            var (parallel, ratios) = (c.PlainParallel, c.Ratios);
            output.WriteLine($"reference kernel (1 thread): {c.Reference.Describe()}");
            output.WriteLine($"plain parallel loop (the reference kernel, a batch per thread on {cores} threads, no Orleans): "
                + $"{parallel.Seconds:F2} s, {parallel.NsPerCcgQuarter:F1} ns per CCG-quarter");
            output.WriteLine($"aggregates of the three identical: {(c.AggregatesIdentical ? "yes" : "NO")}");
            output.WriteLine($"scalar yardstick (1 thread, {c.Yardstick.Runs} runs): {c.Yardstick.Throughput.Describe()}");
            var p = c.ProfileNsPerCcgQuarter;
            output.WriteLine($"reference profile per CCG-quarter: start {p.Start:F1} ns, kernel steps {p.KernelSteps:F1} ns, tallies {p.Tallies:F1} ns");
            output.WriteLine($"estimated limit: {c.LimitNsPerCcgQuarter:F1} ns per CCG-quarter (the kernel alone on {cores} cores)");
            output.WriteLine($"ratios: engine/reference {ratios.EngineOverReference:F2}, engine/yardstick {ratios.EngineOverYardstick:F2}, "
                + $"reference/yardstick {ratios.ReferenceOverYardstick:F2}");
            output.WriteLine($"the cores' gain: plain parallel/reference {ratios.PlainParallelOverReference:F2} "
                + $"(what {cores} cores give this kernel with no grain calls: the ceiling for engine/reference); "
                + $"engine/plain parallel {ratios.EngineOverPlainParallel:F2}");
            // Two threads that each need a whole core show a busy host first: below 3/4 of the cores, no ratio means much.
            if (ratios.PlainParallelOverReference < 0.75 * cores)
            {
                output.WriteLine($"warning: the plain parallel loop ran only {ratios.PlainParallelOverReference:F2}x the reference on {cores} cores: "
                    + "other work on the machine took cores from this bench, so its ratios say little; run it again on a quiet machine");
            }
            if (c.EngineCoreTime is { } core)
            {
                output.WriteLine($"processor time per CCG-quarter (summed over the cores): engine {core.EngineNs:F1} ns, plain parallel loop {core.PlainParallelNs:F1} ns; "
                    + (core.OrleansNs < 0
                        ? "the engine used less than the plain loop in this run (other work on the machine moved them): what Orleans costs is not measurable here"
                        : $"Orleans (the difference: grain calls, activations, scheduling, model code slowed between calls) {core.OrleansNs:F1} ns = {core.OrleansShare * 100:F0}% of the engine's, "
                            + $"{core.OrleansUsPerGrainCall:F2} us per grain call ({core.GrainCalls:N0} calls)"));
            }
        }
        output.WriteLine($"peak working set: {r.Run.PeakWorkingSetMb:F0} MB");
    }

    private static EngineCoreTime? CoreTime(double engineNs, double plainParallelNs, double ccgQuarters, double grainCalls)
    {
        if (engineNs <= 0 || plainParallelNs <= 0) return null;
        var orleans = engineNs - plainParallelNs;
        return new EngineCoreTime(Math.Round(engineNs, 2), Math.Round(plainParallelNs, 2), Math.Round(orleans, 2), Math.Round(orleans / engineNs, 3),
            Math.Round(orleans * ccgQuarters / grainCalls / 1000, 2), grainCalls);
    }
}

/// <summary>Where a batch's time went, in <see cref="Stopwatch"/> ticks: coefficient draws, start mix and CCG state
/// (<see cref="Start"/>), the CCGs' quarters (<see cref="Steps"/>, the kernel) and the world tallies (<see cref="Tally"/>).</summary>
public sealed class BatchProfile : IBatchObserver
{
    private readonly long _created = Stopwatch.GetTimestamp();
    private long _last;

    public long Start { get; private set; }

    public long Steps { get; private set; }

    public long Tally { get; private set; }

    public void Started(BatchStart start) => Start += Lap(_created);

    public void Stepped(int quarter) => Steps += Lap(_last);

    public void Tallied(int quarter, IReadOnlyList<byte[]> levels, WorldSnapshot world)
    {
        if (quarter == 0) Start += Lap(_last);
        else Tally += Lap(_last);
    }

    private long Lap(long since)
    {
        var now = Stopwatch.GetTimestamp();
        var lap = now - (since == 0 ? now : since);
        _last = now;
        return lap;
    }
}
