using System.Diagnostics;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>
/// Streams a run to the console as plain lines (no control codes, so it reads the same in a terminal and a pipe):
/// progress and the national bands for each April as batches complete, at most one update per interval, then the
/// full quarter-by-quarter table and the milestones.
/// </summary>
public sealed class ConsoleReport(TextWriter output, SimulationSetup setup, TimeSpan interval, bool table = true) : IRunReport
{
    private readonly Stopwatch _sinceUpdate = new();

    public TextWriter Messages => output;

    public void Started(SimulationSetup setup, BatchPlan plan, string source) => output.WriteLine(Describe(setup, plan, source));

    public static string Describe(SimulationSetup setup, BatchPlan plan, string source)
    {
        var s = setup.Scenario;
        return $"UptakeSim: scenario '{s.Name}' ({source}), {s.Population.Count} CCGs, {s.Horizon.Quarters} quarters from {s.Horizon.Start}, {s.Runs} runs, seed {s.Seed}, batches of {plan.BatchSize}";
    }

    public Task<T> Around<T>(Func<Task<T>> run) => run();

    public void Retry(BatchRetry retry) =>
        output.WriteLine($"batch of {RunReports.Describe(retry)} failed ({retry.Reason.GetBaseException().Message}); running it again from its seed, attempt {retry.NextAttempt} of {BatchScheduler.MaxAttempts}");

    public void Progress(RunProgress progress)
    {
        var last = progress.RunsDone >= progress.RunsTotal;
        if (last || (_sinceUpdate.IsRunning && _sinceUpdate.Elapsed < interval)) return;
        _sinceUpdate.Restart();
        var rate = progress.RunsDone / Math.Max(progress.Elapsed.TotalSeconds, 1e-3);
        output.WriteLine($"runs {progress.RunsDone}/{progress.RunsTotal} ({100.0 * progress.RunsDone / progress.RunsTotal:F0}%), {progress.Elapsed.TotalSeconds:F1} s, {rate:F0} runs/s{(table ? "; CCGs at each level so far, mean [90% band]:" : "")}");
        if (!table) return;
        var horizon = setup.Scenario.Horizon;
        for (var q = 0; q < horizon.Quarters; q++)
        {
            if (horizon[q].Number == 1 || q == horizon.Quarters - 1) output.WriteLine(Row(horizon.Label(q), q, progress.Accumulator));
        }
        output.Flush();
    }

    public void Final(RunSummary summary, TimeSpan elapsed, string summaryJson) => Final(output, summary, elapsed);

    public static void Final(TextWriter output, RunSummary summary, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine($"{summary.Scenario}: {summary.Runs} runs of {summary.Ccgs} CCGs in {elapsed.TotalSeconds:F1} s{(summary.Partial ? " (PARTIAL: interrupted)" : "")}");
        output.WriteLine(Header);
        foreach (var row in summary.England) output.WriteLine(Row(row));
        foreach (var m in summary.Milestones)
        {
            var reached = m.MeanQuarter is null
                ? "never within the horizon"
                : $"mean {m.MeanQuarter}, 90% of runs {m.P05 ?? "never"} to {m.P95 ?? "not within the horizon"}";
            output.WriteLine($"first quarter with >= {m.ShareDelegated * 100:F0}% delegated: {reached} ({m.ShareOfRunsReaching * 100:F0}% of runs reach it)");
        }
        output.Flush();
    }

    /// <summary>The comparison table: each scenario's Level 3 difference from the reference at each April, and its milestones.</summary>
    public static void Comparison(TextWriter output, ComparisonSummary summary, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine($"{summary.Scenarios.Count} scenarios, {summary.Runs} paired runs each, in {elapsed.TotalSeconds:F1} s{(summary.Partial ? " (PARTIAL: interrupted)" : "")}; reference: {summary.Reference}");
        output.WriteLine("CCGs delegated (Level 3), mean [90% band]; for other scenarios, then the paired difference from the reference:");
        var reference = summary.Scenarios.Single(s => s.Scenario == summary.Reference);
        var aprils = reference.England.Select((row, q) => (row.Quarter, q)).Where(x => x.Quarter.EndsWith("Q1", StringComparison.Ordinal) || x.q == reference.England.Count - 1).ToArray();
        output.WriteLine($"{"scenario",-40} " + string.Join(" ", aprils.Select(a => $"{a.Quarter,-18}")));
        foreach (var s in summary.Scenarios)
        {
            output.WriteLine($"{Shorten(s.Scenario),-40} " + string.Join(" ", aprils.Select(a => $"{Cell(s.England[a.q].Level3),-18}")));
            if (summary.Comparisons.FirstOrDefault(c => c.Scenario == s.Scenario) is { } c)
            {
                output.WriteLine($"{"  minus " + Shorten(c.Reference, 32),-40} " + string.Join(" ", aprils.Select(a => $"{Difference(c.Differences[a.q].Level3),-18}")));
            }
        }
        output.WriteLine();
        output.WriteLine("first quarter with >= 50% / >= 90% of CCGs delegated: mean [90% of runs], and how often earlier than the reference in the same replication:");
        foreach (var s in summary.Scenarios)
        {
            var c = summary.Comparisons.FirstOrDefault(x => x.Scenario == s.Scenario);
            var parts = s.Milestones.Select((m, i) =>
                $"{m.ShareDelegated * 100:F0}%: {m.MeanQuarter ?? "never"} [{m.P05 ?? "never"}-{m.P95 ?? "never"}]" +
                (c is null ? "" : $", earlier {c.Milestones[i].ProbabilityEarlier * 100:F0}% / same {c.Milestones[i].ProbabilitySame * 100:F0}% / later {c.Milestones[i].ProbabilityLater * 100:F0}%"));
            output.WriteLine($"  {Shorten(s.Scenario, 38),-38} {string.Join("; ", parts)}");
        }
        output.Flush();
    }

    private static string Shorten(string name, int width = 40) => name.Length <= width ? name : name[..(width - 3)] + "...";

    private static string Difference(Band b) => $"{b.Mean,6:+0.0;-0.0;0.0} [{b.P05:+0;-0;0},{b.P95:+0;-0;0}]";

    private const string Header = "quarter    L1 greater involvement    L2 joint                  L3 delegated";

    public static string Row(string quarter, int q, TrajectoryAccumulator a) =>
        Row(new QuarterRow(quarter, a.Stats(q, 0, 1), a.Stats(q, 0, 2), a.Stats(q, 0, 3)));

    private static string Row(QuarterRow row) =>
        $"{row.Quarter,-10} {Cell(row.Level1),-25} {Cell(row.Level2),-25} {Cell(row.Level3)}";

    public static string Cell(Band b) => $"{b.Mean,6:F1} [{b.P05}-{b.P95}]";
}
