using UptakeSim.Model;

namespace UptakeSim.TestSupport;

/// <summary>Scenarios built in code, so model tests do not depend on the YAML loader.</summary>
public static class TestScenarios
{
    public static Quarter Q(string text) => Quarter.Parse(text);

    public static NhsePressurePolicy Policy(
        Schedule? pressure = null, IReadOnlyList<ApplicationWindow>? windows = null, bool smMayDelegate = false,
        Schedule? support = null, Schedule? runningCost = null, Schedule? riskSharing = null, Quarter? mandate = null) =>
        new(pressure ?? Schedule.Constant(1.0), windows ?? [new ApplicationWindow(Q("2015Q3"), Q("2016Q1"), true)], smMayDelegate,
            support ?? Schedule.Constant(0), runningCost ?? Schedule.Constant(0), riskSharing ?? Schedule.Constant(0), mandate);

    public static Scenario Synthetic(
        int ccgs = 40, StartCounts? start = null, NhsePressurePolicy? policy = null, FinanceAssumptions? finance = null,
        BehaviourCoefficients? behaviour = null, int quarters = 28, ulong seed = 7) =>
        new("test", "", new Horizon(Q("2015Q1"), quarters), CcgPopulation.Synthetic(ccgs, 4, 8, seed),
            new PopulationAssumptions(start ?? new StartCounts(ccgs / 2, ccgs / 4, ccgs - ccgs / 2 - ccgs / 4), finance ?? FinanceAssumptions.Default,
                CapacityAssumptions.Default, LmcAssumptions.Default, ConflictAssumptions.Default),
            policy ?? Policy(), behaviour ?? BehaviourCoefficients.Default, 100, seed);

    /// <summary>Runs one batch and returns every CCG's level per quarter per replication: [quarter][ccg][replication].</summary>
    public static byte[][][] LevelHistory(SimulationSetup setup, int firstReplication, int replications)
    {
        var history = new Recorder(setup.Quarters);
        BatchSimulation.Run(setup, firstReplication, replications, observer: history);
        return history.Levels;
    }

    /// <summary>Records every CCG's level per quarter per replication, as the one tick loop tallies them.</summary>
    public sealed class Recorder(int quarters) : IBatchObserver
    {
        public byte[][][] Levels { get; } = new byte[quarters][][];

        public void Started(BatchStart start)
        {
        }

        public void Stepped(int quarter)
        {
        }

        public void Tallied(int quarter, IReadOnlyList<byte[]> levels, WorldSnapshot world) => Levels[quarter] = levels.Select(l => (byte[])l.Clone()).ToArray();
    }
}
