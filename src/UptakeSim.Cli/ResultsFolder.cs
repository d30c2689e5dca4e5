using System.Text.RegularExpressions;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

/// <summary>What a run or a comparison leaves on disk (see the README's Outputs), every file renamed into place when complete.</summary>
public static partial class ResultsFolder
{
    public static readonly string[] RunFiles = ["summary.json", "trajectories.csv", "regions.csv", "scenario.yaml"];

    public static readonly string[] ComparisonFiles = ["summary.json", "comparison.csv", "milestones.csv", "trajectories.csv", "regions.csv", "scenarios/"];

    public static void WriteRun(string directory, RunSummary summary, LoadedScenario scenario, string engine)
    {
        Directory.CreateDirectory(directory);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "trajectories.csv"), ResultsWriter.Trajectories([summary]));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "regions.csv"), ResultsWriter.RegionTrajectories([summary]));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "scenario.yaml"), scenario.ResolvedYaml);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "summary.json"), ResultsWriter.SummaryJson(summary, engine));
    }

    public static void WriteComparison(string directory, ComparisonSummary summary, IReadOnlyList<LoadedScenario> family, string engine)
    {
        Directory.CreateDirectory(Path.Combine(directory, "scenarios"));
        foreach (var f in family)
        {
            ResultsWriter.WriteAtomically(Path.Combine(directory, "scenarios", $"{FileName(f.Scenario.Name)}.yaml"), f.ResolvedYaml);
        }
        ResultsWriter.WriteAtomically(Path.Combine(directory, "trajectories.csv"), ResultsWriter.Trajectories(summary.Scenarios));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "regions.csv"), ResultsWriter.RegionTrajectories(summary.Scenarios));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "comparison.csv"), ResultsWriter.Comparison(summary));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "milestones.csv"), ResultsWriter.Milestones(summary));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "summary.json"), ResultsWriter.ComparisonJson(summary, engine));
    }

    /// <summary>Sweep members are named like base[key=value;...]; file names keep the readable part.</summary>
    public static string FileName(string scenario) => UnsafeCharacters().Replace(scenario, "_");

    [GeneratedRegex("[^A-Za-z0-9._=+-]")]
    private static partial Regex UnsafeCharacters();
}
