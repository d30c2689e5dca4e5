using System.Text.RegularExpressions;
using UptakeSim.Analysis;
using UptakeSim.Reports;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Cli;

/// <summary>What a run or a comparison leaves on disk (see the README's Outputs), every file renamed into place when complete.</summary>
public static partial class ResultsFolder
{
    public static readonly string[] RunFiles = ["summary.json", "trajectories.csv", "regions.csv", "scenario.yaml", "report.html", "charts/"];

    public static readonly string[] ComparisonFiles = ["summary.json", "comparison.csv", "milestones.csv", "trajectories.csv", "regions.csv", "scenarios/", "report.html", "charts/"];

    public static void WriteRun(string directory, RunSummary summary, LoadedScenario scenario, string summaryJson)
    {
        Directory.CreateDirectory(directory);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "trajectories.csv"), ResultsWriter.Trajectories([summary]));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "regions.csv"), ResultsWriter.RegionTrajectories([summary]));
        ResultsWriter.WriteAtomically(Path.Combine(directory, "scenario.yaml"), scenario.ResolvedYaml);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "summary.json"), summaryJson);
        var single = new ComparisonSummary(summary.Scenario, summary.Runs, summary.Seed, summary.Partial, [summary], []);
        WriteReport(directory, single, new Dictionary<string, string> { [summary.Scenario] = scenario.ResolvedYaml });
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
        WriteReport(directory, summary, family.ToDictionary(f => f.Scenario.Name, f => f.ResolvedYaml));
    }

    /// <summary>Charts go to a temporary folder renamed to charts/ when all are drawn; report.html is written last.</summary>
    private static void WriteReport(string directory, ComparisonSummary summary, IReadOnlyDictionary<string, string> yaml)
    {
        var charts = Path.Combine(directory, "charts");
        var drawing = Path.Combine(directory, $"charts.{Environment.ProcessId}.tmp");
        if (Directory.Exists(drawing)) Directory.Delete(drawing, recursive: true);
        var files = Charts.Write(summary, drawing, ObservedDelegation());
        if (Directory.Exists(charts)) Directory.Delete(charts, recursive: true);
        Directory.Move(drawing, charts);
        ResultsWriter.WriteAtomically(Path.Combine(directory, "report.html"), HtmlReport.Render(summary, files, charts, yaml));
    }

    /// <summary>The observed counts of delegated CCGs in England (bundled data/observations.csv), drawn on the fan charts.</summary>
    private static IReadOnlyList<ObservedPoint> ObservedDelegation()
    {
        var path = Path.Combine(UptakeSimCommands.BundledDirectory, "data", "observations.csv");
        return File.Exists(path)
            ? [.. ObservationFile.Load(path).Where(o => o is { Scope: "England", Measure: "level3" }).Select(o => new ObservedPoint(o.Quarter, o.Value, o.Sd, o.Source))]
            : [];
    }

    /// <summary>Sweep members are named like base[key=value;...]; file names keep the readable part.</summary>
    public static string FileName(string scenario) => UnsafeCharacters().Replace(scenario, "_");

    [GeneratedRegex("[^A-Za-z0-9._=+-]")]
    private static partial Regex UnsafeCharacters();
}
