using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Engine.Tests;

/// <summary>The repository's own baseline scenario and a fingerprint of a run's aggregates.</summary>
public static class Baseline
{
    public static string RepositoryRoot => TestSupport.TestFiles.RepositoryRoot;

    public static SimulationSetup Setup(int runs, params string[] overrides)
    {
        var loader = new ScenarioLoader(Path.Combine(RepositoryRoot, "data", "ccgs_2015.csv"));
        var scenario = loader.Load(Path.Combine(RepositoryRoot, "scenarios", "baseline.yaml"), [$"runs={runs}", .. overrides]).Scenario;
        return new SimulationSetup(scenario);
    }

    /// <summary>Every statistic of every quarter, scope and level, the patient coverage and the milestones, as one comparable string.</summary>
    public static string Fingerprint(TrajectoryAccumulator a)
    {
        var text = new System.Text.StringBuilder();
        for (var q = 0; q < a.Quarters; q++)
            for (var s = 0; s < a.Scopes; s++)
                for (var l = 1; l <= 3; l++)
                {
                    var b = a.Stats(q, s, l);
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{q},{s},{l},{b.Mean:R},{b.P05},{b.P50},{b.P95}\n");
                }
        for (var q = 0; q < a.Quarters; q++)
        {
            var b = a.PatientsDelegated(q);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"patients,{q},{b.Mean:R},{b.P05},{b.P50},{b.P95}\n");
        }
        for (var m = 0; m < TrajectoryAccumulator.MilestoneShares.Length; m++) text.AppendJoin(',', a.Milestone(m).ToArray()).Append('\n');
        return text.ToString();
    }
}
