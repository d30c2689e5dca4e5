using UptakeSim.Experiments.Calibration;
using UptakeSim.Model;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

public class ModelFitTests
{
    /// <summary>Twelve CCGs in two area teams, all delegated from the start (nothing moves: no hand-back).</summary>
    private static Scenario AllDelegated() => new(
        "all-delegated", "", new Horizon(Quarter.Parse("2015Q1"), 8), CcgPopulation.Synthetic(12, 1, 2, 5),
        new PopulationAssumptions(new StartCounts(0, 0, 12), FinanceAssumptions.Default, CapacityAssumptions.Default, LmcAssumptions.Default, ConflictAssumptions.Default),
        new NhsePressurePolicy(Schedule.Constant(0), [], false, Schedule.Constant(0), Schedule.Constant(0), Schedule.Constant(0), null),
        BehaviourCoefficients.Default, 3, 1);

    [Fact]
    public void The_record_gives_per_april_agreement_and_within_footprint_agreement_and_the_model_computes_both_per_run()
    {
        var scenario = AllDelegated();
        var ccgs = scenario.Population.Ccgs;
        var first = Enumerable.Range(0, 12).Where(c => ccgs[c].Footprint == ccgs[0].Footprint).Take(3).ToArray();
        var other = Enumerable.Range(0, 12).First(c => ccgs[c].Footprint != ccgs[0].Footprint);
        // April 2016: three CCGs of one area team (two delegated, one joint) and one of the other; April 2015: inputs.
        var record = new CcgLevelRecord(
        [
            new(first[0], 2015, Levels.Delegated, "stated"),
            new(first[0], 2016, Levels.Delegated, "stated"), new(first[1], 2016, Levels.Delegated, "stated"),
            new(first[2], 2016, Levels.Joint, "stated"), new(other, 2016, Levels.Delegated, "stated"),
        ], []);

        var observations = ModelFit.RecordObservations(scenario, record, null, "levels.csv");

        // Of the three pairs in one area team, one is at the same level.
        Assert.Equal(
            [("2016Q1", ModelFit.RecordAgreement, 4.0, 1.0), ("2016Q1", ModelFit.FootprintAgreement, 1 / 3.0, Math.Sqrt(1 / 3.0 * 2 / 3.0 / 3))],
            observations.Select(o => (o.Quarter, o.Measure, o.Value, o.Sd)));
        Assert.Empty(ModelFit.RecordObservations(scenario, record, Quarter.Parse("2015Q4"), "levels.csv"));

        // In the model every CCG stays delegated: three of the four recorded CCGs match, and every pair agrees.
        var fit = ModelFit.For(scenario, observations, "levels.csv", record);
        var batch = BatchSimulation.Run(fit.SetupFor(scenario), 0, 3);
        Assert.All(Enumerable.Range(0, 3), r => Assert.Equal([3.0, 1.0], fit.Values(batch, r)));
    }
}
