using UptakeSim.Experiments;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.TestSupport;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Bench.Tests;

public class BenchTests
{
    /// <summary>The bundled baseline with <paramref name="runs"/> replications.</summary>
    private static SimulationSetup Baseline(int runs) =>
        new(TestFiles.Loader().Load(TestFiles.InRepository("scenarios", "baseline.yaml"), [$"runs={runs}"]).Scenario);

    /// <summary>Records the steps an experiment reports.</summary>
    private sealed class Steps : IExperimentObserver
    {
        public List<ExperimentStep> Seen { get; } = [];

        public void Progress(RunProgress progress)
        {
        }

        public void Retry(BatchRetry retry)
        {
        }

        public void Step(ExperimentStep step) => Seen.Add(step);

        public void Note(string message)
        {
        }
    }

    [Fact]
    public void The_scalar_yardstick_simulates_every_ccg_quarter_and_delegates_some()
    {
        var setup = new SimulationSetup(Synthetic(ccgs: 40, start: new StartCounts(20, 10, 10), quarters: 16, seed: 6));
        var result = ScalarYardstick.Run(setup, 12);
        Assert.Equal(12L * 40 * 16, result.CcgQuarters);
        // At least the 10 CCGs that start delegated in each of the 15 quarters after the first, at most all 40.
        Assert.InRange(result.Delegated, 12L * 15 * 10, 12L * 15 * 40);
        Assert.Equal(result, ScalarYardstick.Run(setup, 12));
    }
    [Fact]
    public async Task Bench_times_each_engine_checks_their_aggregates_agree_and_measures_what_orleans_costs_against_the_plain_parallel_loop()
    {
        var setup = Baseline(20);
        var plan = BatchPlan.Auto(20, 1, 5);
        var steps = new Steps();
        var r = await BenchExperiment.RunAsync(new ReferenceEngine(), new ReferenceEngine(), setup, plan, TimeSpan.FromMilliseconds(1234), steps);

        // Reference, plain parallel loop and engine, each timed Repetitions times.
        Assert.Equal(3 * BenchExperiment.Repetitions, steps.Seen.OfType<BenchTiming>().Count());
        Assert.Equal(BenchExperiment.Repetitions, steps.Seen.OfType<BenchTiming>().Count(t => t.Engine == new ReferenceEngine(Environment.ProcessorCount).Name));
        Assert.NotNull(r.Comparison);
        var c = r.Comparison;
        Assert.True(c.AggregatesIdentical);
        Assert.Equal((20, 5, 20, 1234.0), (r.Run.Runs, r.Run.BatchSize, c.Yardstick.Runs, r.Run.SiloStartMs));
        var ccgQuarters = 20.0 * setup.Ccgs * setup.Quarters;
        var core = c.EngineCoreTime!;
        Assert.True(core.EngineNs > 0 && core.PlainParallelNs > 0);
        // Each figure is rounded from unrounded ones: derived from the rounded figures, they agree to a rounding step.
        Assert.Equal(core.EngineNs - core.PlainParallelNs, core.OrleansNs, 0.011);
        Assert.Equal(core.OrleansNs / core.EngineNs, core.OrleansShare, 0.002);
        Assert.Equal(4.0 * setup.Ccgs * (setup.Quarters + 1), core.GrainCalls);
        Assert.Equal(core.OrleansNs * ccgQuarters / core.GrainCalls / 1000, core.OrleansUsPerGrainCall, 0.011 * ccgQuarters / core.GrainCalls / 1000 + 0.006);
        Assert.True(c.Reference.Seconds > 0);
        Assert.Equal(c.Reference.NsPerCcgQuarter / c.PlainParallel.NsPerCcgQuarter, c.Ratios.PlainParallelOverReference, 0.01);
        Assert.Equal(c.PlainParallel.NsPerCcgQuarter / r.Engine.NsPerCcgQuarter, c.Ratios.EngineOverPlainParallel, 0.01);

        var output = new StringWriter();
        BenchExperiment.Print(output, r);
        Assert.Contains("aggregates of the three identical: yes", output.ToString());
        Assert.Contains("plain parallel loop (the reference kernel, a batch per thread on", output.ToString());
        Assert.Contains($"processor time per CCG-quarter (summed over the cores): engine {core.EngineNs:F1} ns, plain parallel loop {core.PlainParallelNs:F1} ns; ", output.ToString());

        var costly = new StringWriter();
        var costlyCore = core with { EngineNs = 36, PlainParallelNs = 30, OrleansNs = 6, OrleansShare = 0.167, OrleansUsPerGrainCall = 12.5 };
        BenchExperiment.Print(costly, r with { Comparison = c with { EngineCoreTime = costlyCore } });
        Assert.Contains("processor time per CCG-quarter (summed over the cores): engine 36.0 ns, plain parallel loop 30.0 ns; Orleans (the difference: grain calls, activations, scheduling, model code slowed between calls) 6.0 ns = 17% of the engine's, 12.50 us per grain call", costly.ToString().Replace(" %", "%"));

        // On a busy machine the engine's best run can use less processor time than the plain loop's: no cost is claimed.
        var noisy = new StringWriter();
        var noisyCore = core with { EngineNs = 30, PlainParallelNs = 31, OrleansNs = -1, OrleansShare = -0.033 };
        BenchExperiment.Print(noisy, r with { Comparison = c with { EngineCoreTime = noisyCore } });
        Assert.Contains("processor time per CCG-quarter (summed over the cores): engine 30.0 ns, plain parallel loop 31.0 ns; the engine used less than the plain loop in this run", noisy.ToString());
        Assert.DoesNotContain("Orleans (the difference", noisy.ToString());

        // Two cores that gave the plain loop 1.2x the reference: the host was busy, and the bench says so.
        BenchResult OnTwoCores(double gain) =>
            r with { Run = r.Run with { Cores = 2 }, Comparison = c with { Ratios = c.Ratios with { PlainParallelOverReference = gain } } };
        var busy = new StringWriter();
        BenchExperiment.Print(busy, OnTwoCores(1.2));
        Assert.Contains("warning: the plain parallel loop ran only 1.20x the reference on 2 cores", busy.ToString());
        var quiet = new StringWriter();
        BenchExperiment.Print(quiet, OnTwoCores(1.9));
        Assert.DoesNotContain("warning", quiet.ToString());
    }

    [Fact]
    public async Task Bench_against_a_cluster_claims_no_orleans_cost_as_the_grains_spend_other_processes_time()
    {
        var r = await BenchExperiment.RunAsync(new ReferenceEngine(), new ReferenceEngine(), Baseline(8), BatchPlan.Auto(8, 1, 4), TimeSpan.Zero, engineInProcess: false);

        Assert.NotNull(r.Comparison);
        var c = r.Comparison;
        Assert.True(c.AggregatesIdentical);
        Assert.Null(c.EngineCoreTime);
        Assert.Null(r.EngineCoresBusy);
        var output = new StringWriter();
        BenchExperiment.Print(output, r);
        Assert.DoesNotContain("processor time per CCG-quarter", output.ToString());
        Assert.DoesNotContain("cores busy", output.ToString());
    }

    [Fact]
    public async Task Bench_of_the_engine_alone_has_no_reference_yardstick_or_orleans_cost()
    {
        var r = await BenchExperiment.RunAsync(new ReferenceEngine(), null, Baseline(8), BatchPlan.Auto(8, 1, 4), TimeSpan.Zero);

        // The reference, plain parallel loop, yardstick, ratios, agreement and Orleans cost all live in the comparison.
        Assert.Null(r.Comparison);
        var output = new StringWriter();
        BenchExperiment.Print(output, r);
        Assert.DoesNotContain("reference kernel", output.ToString());
        Assert.StartsWith("Orleans engine: ", output.ToString());
    }
}
