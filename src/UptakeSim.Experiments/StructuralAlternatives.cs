using UptakeSim.Analysis;
using UptakeSim.Experiments.Calibration;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments;

/// <summary>One structure the comparison was run under: the scenarios as written (<see cref="AsWritten"/>) or with
/// an alternative's settings laid over every one of them.</summary>
/// <param name="LogDensity">How well the reference fits the record under this structure: the log of the normal
/// approximation to the posterior-predictive density of the observations (<see cref="StructuralAlternatives.LogDensity"/>).</param>
/// <param name="Weight">Its share of the averaged answer: exp(LogDensity), normalised over the structures.</param>
public sealed record AlternativeComparison(string Name, IReadOnlyList<string> Settings, ComparisonSummary Summary, double LogDensity, double Weight);

/// <summary>A what-if's difference in delegated CCGs at one April, averaged over the structures by weight, with the
/// span of the structures' own 90% bands (those weighing at least 1%).</summary>
public sealed record AveragedDifference(string Scenario, string April, double Mean, double Low, double High);

/// <summary>What <c>compare --alternatives</c> found: the comparison under each structure, and the average.</summary>
public sealed record AlternativesResult(IReadOnlyList<AlternativeComparison> Structures, IReadOnlyList<AveragedDifference> Averaged, int ObservationCount)
{
    public ComparisonSummary AsWritten => Structures[0].Summary;
}

/// <summary>
/// Structural alternatives (docs/ODD.md, "Structural alternatives"): the modelling choices the record cannot settle
/// (how pressure accumulates between windows, the special-measures bar, the end game of mergers, collective decisions)
/// are declared as named settings in the reference scenario; the comparison is run under the scenarios as written and
/// under each alternative, with the same runs and seed, and each what-if's difference is reported side by side and
/// averaged with weights from how well each structure's reference fits the record (every observation in view and the
/// per-CCG record at every April). The posterior is the one the reference names, fitted under the structure as
/// written; the weights compare structures at that posterior, not each refitted (calibrate with --set for that).
/// </summary>
public static class StructuralAlternatives
{
    public const string AsWritten = "as-written";

    /// <summary>Weight below which a structure's band does not widen the averaged span.</summary>
    public const double SpanAbove = 0.01;

    public static async Task<AlternativesResult> RunAsync(IReplicationEngine engine, IReadOnlyList<(string Name, IReadOnlyList<string> Settings, IReadOnlyList<SimulationSetup> Setups)> structures,
        int reference, BatchPlan plan, IReadOnlyList<Observation> observations, CcgLevelRecord? record, IReadOnlySet<string> unconstrained,
        IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= SilentObserver.Instance;
        var results = new List<(string Name, IReadOnlyList<string> Settings, ComparisonSummary Summary, double LogDensity)>();
        var count = 0;
        foreach (var (name, settings, setups) in structures)
        {
            observer.Note($"structure {results.Count + 1} of {structures.Count}: {name}{(settings.Count == 0 ? "" : $" ({string.Join(", ", settings)})")}");
            var summary = await CompareExperiment.RunAsync(engine, setups, reference, plan, observer, cancellationToken, unconstrained);
            var scenario = setups[reference].Scenario;
            // Within-footprint agreement needs each run's levels, which a comparison does not keep: the counts and the
            // record's CCG-by-CCG agreement weigh the structures.
            var used = ModelFit.WithinHorizon(scenario, observations).Where(o => !ModelFit.IsInput(scenario, o))
                .Concat(record is null ? [] : ModelFit.RecordObservations(scenario, record, null, "data/ccg_levels.csv").Where(o => o.Measure != ModelFit.FootprintAgreement)).ToArray();
            var fit = ModelFit.For(scenario, used, "observations", record);
            count = used.Length;
            var reference0 = summary.Scenarios.Single(s => s.Scenario == summary.Reference);
            results.Add((name, settings, summary, LogDensity(used, fit.Simulated(reference0))));
            if (summary.Partial) break;
        }
        var top = results.Max(r => r.LogDensity);
        var total = results.Sum(r => Math.Exp(r.LogDensity - top));
        var comparisons = results.Select(r => new AlternativeComparison(r.Name, r.Settings, r.Summary, r.LogDensity, Math.Exp(r.LogDensity - top) / total)).ToArray();
        return new AlternativesResult(comparisons, Average(comparisons), count);
    }

    /// <summary>
    /// Log of the normal approximation to the posterior-predictive density of the observations: each observed value
    /// against the simulated mean, with the variance of the observation (its sd) plus that of the runs (the 90% band's
    /// width over 3.29, a normal's). Higher is a better fit; differences between structures are log Bayes factors under
    /// that approximation.
    /// </summary>
    public static double LogDensity(IReadOnlyList<Observation> observations, IReadOnlyList<SimulatedValue> simulated)
    {
        var sum = 0.0;
        for (var i = 0; i < observations.Count; i++)
        {
            var modelSd = (simulated[i].P95 - simulated[i].P05) / 3.29;
            var variance = observations[i].Sd * observations[i].Sd + modelSd * modelSd;
            var residual = observations[i].Value - simulated[i].Mean;
            sum += -0.5 * (residual * residual / variance + Math.Log(2 * Math.PI * variance));
        }
        return sum;
    }

    private static AveragedDifference[] Average(IReadOnlyList<AlternativeComparison> structures)
    {
        var first = structures[0].Summary;
        var averaged = new List<AveragedDifference>();
        foreach (var comparison in first.Comparisons)
        {
            for (var q = 0; q < comparison.Differences.Count; q++)
            {
                var quarter = comparison.Differences[q].Quarter;
                if (!quarter.EndsWith("Q1", StringComparison.Ordinal)) continue;
                var rows = structures.Select(s => (s.Weight, Row: s.Summary.Comparisons.Single(c => c.Scenario == comparison.Scenario).Differences[q].Level3)).ToArray();
                var spanning = rows.Where(r => r.Weight >= SpanAbove).DefaultIfEmpty(rows.MaxBy(r => r.Weight)).ToArray();
                averaged.Add(new AveragedDifference(comparison.Scenario, quarter, rows.Sum(r => r.Weight * r.Row.Mean), spanning.Min(r => r.Row.P05), spanning.Max(r => r.Row.P95)));
            }
        }
        return [.. averaged];
    }
}
