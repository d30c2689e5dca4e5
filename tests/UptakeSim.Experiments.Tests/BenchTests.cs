using UptakeSim.Experiments.Views;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Tests;

public class BenchTests
{
    /// <summary>Model time as an in-process silo's grains would report it, fixed so that the split can be checked; far
    /// more than the whole run took, as on a loaded machine where inside-grain times include waiting.</summary>
    private sealed class FixedModelTime : IModelTimeProbe
    {
        public int Resets { get; private set; }

        public void Reset() => Resets++;

        public IReadOnlyDictionary<string, double> Seconds() => new Dictionary<string, double> { ["step"] = 1000, ["start"] = 500 };
    }

    [Fact]
    public async Task Bench_times_each_engine_checks_their_aggregates_agree_and_splits_the_engines_core_time_by_model_part()
    {
        var setup = Inputs.Setup(20);
        var plan = BatchPlan.Auto(20, 1, 5);
        var steps = new Inputs.StopAfter(int.MaxValue);
        var modelTime = new FixedModelTime();
        var r = await BenchExperiment.RunAsync(new ReferenceEngine(), new ReferenceEngine(), setup, plan, TimeSpan.FromMilliseconds(1234), steps, modelTime);

        // Reference, plain parallel loop and engine, each timed Repetitions times.
        Assert.Equal(3 * BenchExperiment.Repetitions, steps.Steps.OfType<BenchTiming>().Count());
        Assert.Equal(BenchExperiment.Repetitions, steps.Steps.OfType<BenchTiming>().Count(t => t.Engine == new ReferenceEngine(Environment.ProcessorCount).Name));
        Assert.Equal(3 * BenchExperiment.Repetitions, modelTime.Resets);
        Assert.True(r.Identical);
        Assert.Equal((20, 5, 20, 1234.0), (r.Runs, r.BatchSize, r.YardstickRuns, r.SiloStartMs));
        var ccgQuarters = 20.0 * setup.Ccgs * setup.Quarters;
        var core = r.EngineCoreTime!;
        Assert.Equal(["start", "step"], core.ModelNs.Keys);
        Assert.Equal(Math.Round(1000e9 / ccgQuarters, 2), core.ModelNs["step"]);
        Assert.Equal(4.0 * setup.Ccgs * (setup.Quarters + 1), core.GrainCalls);
        Assert.NotNull(r.ReferenceSeconds);
        Assert.Equal(Math.Round(r.ReferenceNsPerCcgQuarter!.Value / r.PlainParallelNsPerCcgQuarter!.Value, 3), r.PlainParallelOverReference!.Value, 2);
        Assert.Equal(Math.Round(r.PlainParallelNsPerCcgQuarter!.Value / r.EngineNsPerCcgQuarter, 3), r.EngineOverPlainParallel!.Value, 2);

        var output = new StringWriter();
        Tables.Bench(output, r);
        Assert.Contains("aggregates of the three identical: yes", output.ToString());
        Assert.Contains("plain parallel loop (the reference kernel, a batch per thread on", output.ToString());
        Assert.True(core.OrleansNs < 0);
        Assert.Contains("exceeds the engine's core time (other work on the machine, or threads sharing a core); no split of model and Orleans time", output.ToString());
    }

    [Fact]
    public async Task Bench_of_the_engine_alone_has_no_reference_yardstick_or_split_without_a_probe()
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
