namespace UptakeSim.Model;

/// <summary>
/// A scenario made ready to simulate: the policy resolved per quarter, the sizes of regions and footprints and the
/// merger plan (which CCGs exist in each quarter).
/// Built once per scenario; read-only afterwards, so grains and threads share it.
/// </summary>
public sealed class SimulationSetup
{
    public SimulationSetup(Scenario scenario)
    {
        Scenario = scenario;
        Timeline = scenario.Policy.Compile(scenario.Horizon);
        RegionSizes = scenario.Population.RegionSizes();
        FootprintSizes = scenario.Population.FootprintSizes();
        AllCcgs = Enumerable.Range(0, scenario.Population.Count).ToArray();
        CcgsByRegion = Enumerable.Range(0, RegionSizes.Length)
            .Select(r => AllCcgs.Where(c => scenario.Population.Ccgs[c].Region == r).ToArray()).ToArray();
        Mergers = new MergerPlan(scenario.Population, scenario.Horizon, scenario.Mergers);
        LogExperience = new double[scenario.Horizon.Quarters + 1];
        for (var i = 0; i < LogExperience.Length; i++) LogExperience[i] = Kernel.DeterministicMath.Log(1 + i);
    }

    public Scenario Scenario { get; }

    /// <summary>Quarter indices at which every replication's level of every CCG is kept in the batch's trajectories
    /// (<see cref="BatchTrajectories.LevelsAt"/>): what a calibration on the per-CCG record compares. None by default.</summary>
    public int[] KeptQuarters { get; init; } = [];
    public PolicyTimeline Timeline { get; }
    public int[] RegionSizes { get; }
    public int[] FootprintSizes { get; }
    public MergerPlan Mergers { get; }
    public double[] LogExperience { get; }
    public int[] AllCcgs { get; }
    public int[][] CcgsByRegion { get; }

    public int Ccgs => Scenario.Population.Count;
    public int Quarters => Scenario.Horizon.Quarters;
    public int Regions => RegionSizes.Length;
    public int Footprints => FootprintSizes.Length;
    public ulong Seed => Scenario.Seed;
}
