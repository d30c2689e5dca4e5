using UptakeSim.Experiments.Views;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

public class BenchTests
{
    [Fact]
    public async Task Bench_times_each_engine_checks_their_aggregates_agree_and_measures_what_orleans_costs_against_the_plain_parallel_loop()
    {
        var setup = Inputs.Setup(20);
        var plan = BatchPlan.Auto(20, 1, 5);
        var steps = new Inputs.StopAfter(int.MaxValue);
        var r = await BenchExperiment.RunAsync(new ReferenceEngine(), new ReferenceEngine(), setup, plan, TimeSpan.FromMilliseconds(1234), steps);

        // Reference, plain parallel loop and engine, each timed Repetitions times.
        Assert.Equal(3 * BenchExperiment.Repetitions, steps.Steps.OfType<BenchTiming>().Count());
        Assert.Equal(BenchExperiment.Repetitions, steps.Steps.OfType<BenchTiming>().Count(t => t.Engine == new ReferenceEngine(Environment.ProcessorCount).Name));
        Assert.True(r.Identical);
        Assert.Equal((20, 5, 20, 1234.0), (r.Runs, r.BatchSize, r.YardstickRuns, r.SiloStartMs));
        var ccgQuarters = 20.0 * setup.Ccgs * setup.Quarters;
        var core = r.EngineCoreTime!;
        Assert.True(core.EngineNs > 0 && core.PlainParallelNs > 0);
        // Each figure is rounded from unrounded ones: derived from the rounded figures, they agree to a rounding step.
        Assert.Equal(core.EngineNs - core.PlainParallelNs, core.OrleansNs, 0.011);
        Assert.Equal(core.OrleansNs / core.EngineNs, core.OrleansShare, 0.002);
        Assert.Equal(4.0 * setup.Ccgs * (setup.Quarters + 1), core.GrainCalls);
        Assert.Equal(core.OrleansNs * ccgQuarters / core.GrainCalls / 1000, core.OrleansUsPerGrainCall, 0.011 * ccgQuarters / core.GrainCalls / 1000 + 0.006);
        Assert.NotNull(r.ReferenceSeconds);
        Assert.Equal(r.ReferenceNsPerCcgQuarter!.Value / r.PlainParallelNsPerCcgQuarter!.Value, r.PlainParallelOverReference!.Value, 0.01);
        Assert.Equal(r.PlainParallelNsPerCcgQuarter!.Value / r.EngineNsPerCcgQuarter, r.EngineOverPlainParallel!.Value, 0.01);

        var output = new StringWriter();
        Tables.Bench(output, r);
        Assert.Contains("aggregates of the three identical: yes", output.ToString());
        Assert.Contains("plain parallel loop (the reference kernel, a batch per thread on", output.ToString());
        Assert.Contains($"processor time per CCG-quarter: engine {core.EngineNs:F1} ns, plain parallel loop {core.PlainParallelNs:F1} ns; Orleans (the difference", output.ToString());
    }

    [Fact]
    public async Task Bench_of_the_engine_alone_has_no_reference_yardstick_or_orleans_cost()
    {
        var r = await BenchExperiment.RunAsync(new ReferenceEngine(), null, Inputs.Setup(8), BatchPlan.Auto(8, 1, 4), TimeSpan.Zero);

        Assert.Null(r.Identical);
        Assert.Null(r.ReferenceSeconds);
        Assert.Null(r.Ratio);
        Assert.Null(r.PlainParallelNsPerCcgQuarter);
        Assert.Null(r.EngineCoreTime);
        var output = new StringWriter();
        Tables.Bench(output, r);
        Assert.DoesNotContain("reference kernel", output.ToString());
        Assert.StartsWith("Orleans engine: ", output.ToString());
    }
}
