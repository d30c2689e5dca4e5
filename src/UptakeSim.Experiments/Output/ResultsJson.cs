using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// Every JSON the tool writes (result files and NDJSON lines) comes from a typed record through this one serializer:
/// snake_case names, nulls written, fixed rounding done in the records.
/// </summary>
public static class ResultsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>A document for a file: indented, ending with a newline.</summary>
    public static string Document<T>(T value) => JsonSerializer.Serialize(value, Indented) + "\n";

    /// <summary><see cref="Document"/> streamed to <paramref name="writer"/>, never held whole in memory.</summary>
    public static void Document<T>(TextWriter writer, T value)
    {
        writer.Flush();
        if (writer is StreamWriter { BaseStream: { } stream })
        {
            JsonSerializer.Serialize(stream, value, Indented);
            writer.Write('\n');
        }
        else
        {
            writer.Write(Document(value));
        }
    }

    /// <summary>One line of an NDJSON stream.</summary>
    public static string Line(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>One line of an NDJSON stream that starts with <c>"event": name</c>.</summary>
    public static string EventLine(string name, object value)
    {
        var fields = JsonSerializer.SerializeToNode(value, value.GetType(), Options)!.AsObject();
        var line = new JsonObject { ["event"] = name };
        foreach (var (key, node) in fields.ToArray())
        {
            fields.Remove(key);
            line[key] = node;
        }
        return line.ToJsonString(Options);
    }
}

public sealed record LevelBand(double Mean, int P05, int P50, int P95)
{
    public static LevelBand Of(Band b) => new(Math.Round(b.Mean, 3), b.P05, b.P50, b.P95);
}

/// <param name="QuarterStart">The ISO date the quarter starts on (2016Q1: 2016-04-01).</param>
/// <param name="Ccgs">The CCGs existing in the quarter (after mergers), mean over runs; for a difference, its mean
/// difference (zero when both scenarios merge alike).</param>
public sealed record QuarterBands(string Quarter, string QuarterStart, double Ccgs, LevelBand Level1, LevelBand Level2, LevelBand Level3)
{
    public static IReadOnlyList<QuarterBands> Of(IEnumerable<QuarterRow> rows) =>
        rows.Select(r => new QuarterBands(r.Quarter, ResultsCsv.Date(Model.Quarter.Parse(r.Quarter)), Math.Round(r.Ccgs, 3), LevelBand.Of(r.Level1), LevelBand.Of(r.Level2), LevelBand.Of(r.Level3))).ToArray();
}

/// <summary>The share of registered patients whose CCG is delegated, in one quarter.</summary>
public sealed record PatientShareDocument(string Quarter, double Mean, double P05, double P50, double P95)
{
    public static IReadOnlyList<PatientShareDocument> Of(RunSummary s) =>
        s.PatientsDelegated.Select((b, q) => new PatientShareDocument(s.England[q].Quarter, Math.Round(b.Mean / BatchTrajectories.PerMille, 6),
            (double)b.P05 / BatchTrajectories.PerMille, (double)b.P50 / BatchTrajectories.PerMille, (double)b.P95 / BatchTrajectories.PerMille)).ToArray();
}

/// <summary>A milestone: the April (ISO date) by which 5%, 50% and 95% of runs reached the share, null where not reached.</summary>
public sealed record MilestoneDocument(double ShareDelegated, long RunsReaching, double ShareOfRunsReaching, string? P05April, string? P50April, string? P95April)
{
    public static MilestoneDocument Of(Milestone m)
    {
        static string? April(Quarter? a) => a is { } q ? ResultsCsv.Date(q) : null;
        return new(m.ShareDelegated, m.RunsReaching, Math.Round(m.ShareOfRunsReaching, 6), April(m.P05), April(m.P50), April(m.P95));
    }
}

public sealed record ShareDocument(double Mean, double P05, double P50, double P95);

/// <summary>The document of a command's result file (summary.json, fit.json), also the last line of --stream ndjson.</summary>
public interface IResultDocument;

/// <summary>summary.json of a run, each scenario of a comparison, and the last line of an NDJSON stream.</summary>
public sealed record RunDocument(
    string Scenario, string Description, long Runs, ulong Seed, int Ccgs, bool Partial, IReadOnlyList<QuarterBands> Quarters,
    IReadOnlyList<PatientShareDocument> ShareOfPatientsDelegated, IReadOnlyList<MilestoneDocument> Milestones, ShareDocument ShareDelegatedAtHorizon, IReadOnlyDictionary<string, IReadOnlyList<QuarterBands>> Regions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Engine) : IResultDocument
{
    public static RunDocument Of(RunSummary s, string? engine = null)
    {
        var h = s.DelegatedAtHorizon;
        return new RunDocument(s.Scenario, s.Description, s.Runs, s.Seed, s.Ccgs, s.Partial, QuarterBands.Of(s.England), PatientShareDocument.Of(s),
            s.Milestones.Select(MilestoneDocument.Of).ToArray(),
            new ShareDocument(Math.Round(h.Mean, 6), Math.Round(h.P05, 6), Math.Round(h.P50, 6), Math.Round(h.P95, 6)),
            s.Regions.ToDictionary(r => r.Region, r => QuarterBands.Of(r.Quarters)), engine);
    }
}

public sealed record MilestoneComparisonDocument(double ShareDelegated, double PEarlierThanReference, double PSameAsReference, double PLaterThanReference, double? MeanQuartersVsReference);

/// <param name="Changes">The resolved values that differ from the reference's (see <see cref="ResolvedChanges"/>).</param>
/// <param name="Regions">Paired differences per NHS England region, counting each region's existing CCGs.</param>
public sealed record ComparisonEntry(string Scenario, string Reference, IReadOnlyList<ResolvedChange> Changes, IReadOnlyList<QuarterBands> Differences,
    IReadOnlyDictionary<string, IReadOnlyList<QuarterBands>> Regions, IReadOnlyList<MilestoneComparisonDocument> Milestones)
{
    /// <summary>Per April, what the difference in delegated CCGs rests on (<see cref="Analysis.EffectDecomposition"/>).</summary>
    public IReadOnlyList<RestsOnDocument> RestsOn { get; init; } = [];

    /// <summary>True when no level moves by half a CCG on average in any quarter (<see cref="Runner.ScenarioComparison.NoEffect"/>).</summary>
    public bool NoEffect { get; init; }
}

/// <param name="EffectP05">With <paramref name="EffectP95"/>, the 90% band of the difference expected at the replications' parameters: the
/// uncertainty of the effect itself, without run-to-run noise.</param>
/// <param name="Explained">Share of the difference's variance across replications that the parameters account for.</param>
/// <param name="UnconstrainedShare">Share of that explained variance resting on coefficients the data leave unconstrained.</param>
public sealed record RestsOnDocument(string April, string AprilStart, double MeanDifference, double EffectP05, double EffectP95, double Explained, double UnconstrainedShare,
    IReadOnlyList<ParameterShareDocument> Parameters, string? Warning);

public sealed record ParameterShareDocument(string Coefficient, double Share, bool Unconstrained);

/// <summary>One structure of compare --alternatives: its settings, fit and weight, and each what-if's difference in
/// delegated CCGs at each April.</summary>
public sealed record StructureDocument(string Structure, IReadOnlyList<string> Settings, double LogDensity, double Weight, IReadOnlyDictionary<string, IReadOnlyList<AprilDifference>> Differences);

public sealed record AprilDifference(string April, string AprilStart, double MeanDifference, double P05, double P95);

/// <summary>compare --alternatives in summary.json: the structures and the average over them by weight.</summary>
public sealed record AlternativesDocument(string Note, int Observations, IReadOnlyList<StructureDocument> Structures, IReadOnlyDictionary<string, IReadOnlyList<AprilDifference>> Averaged)
{
    public static AlternativesDocument Of(AlternativesResult r) => new(
        "weights: how well each structure's reference fits the observations and the per-CCG record (normal approximation to the posterior-predictive density), at the posterior fitted under the structure as written; the averaged range spans the 90% ranges of the structures weighing at least 1%",
        r.ObservationCount,
        [.. r.Structures.Select(s => new StructureDocument(s.Name, s.Settings, Math.Round(s.LogDensity, 3), Math.Round(s.Weight, 6),
            s.Summary.Comparisons.ToDictionary(c => c.Scenario, c => (IReadOnlyList<AprilDifference>)[.. c.Differences.Where(d => d.Quarter.EndsWith("Q1", StringComparison.Ordinal))
                .Select(d => new AprilDifference(d.Quarter, ResultsCsv.Date(Model.Quarter.Parse(d.Quarter)), Math.Round(d.Level3.Mean, 3), d.Level3.P05, d.Level3.P95))])))],
        r.Averaged.GroupBy(a => a.Scenario).ToDictionary(g => g.Key, g => (IReadOnlyList<AprilDifference>)[.. g.Select(a =>
            new AprilDifference(a.April, ResultsCsv.Date(Model.Quarter.Parse(a.April)), Math.Round(a.Mean, 3), a.Low, a.High))]));
}

/// <summary>summary.json of a comparison.</summary>
public sealed record ComparisonDocument(string Reference, long Runs, ulong Seed, bool Partial, string Engine, string Note, IReadOnlyList<RunDocument> Scenarios, IReadOnlyList<ComparisonEntry> Comparisons) : IResultDocument
{
    /// <summary>The April the headline, regional figures and maps are given at (--at, else where the scenarios differ most).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? At { get; init; }

    /// <summary>Under each structural alternative (compare --alternatives only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public AlternativesDocument? Alternatives { get; init; }

    /// <param name="changes">Per scenario compared, what differs from the reference (see <see cref="CompareExperiment.Changes"/>).</param>
    public static ComparisonDocument Of(ComparisonSummary s, string engine, IReadOnlyDictionary<string, IReadOnlyList<ResolvedChange>> changes) => new(
        s.Reference, s.Runs, s.Seed, s.Partial, engine, "differences are scenario minus reference in the same replications (common random numbers)",
        s.Scenarios.Select(x => RunDocument.Of(x)).ToArray(),
        s.Comparisons.Select(c => new ComparisonEntry(c.Scenario, c.Reference, changes.GetValueOrDefault(c.Scenario, []), QuarterBands.Of(c.Differences),
            c.Regions.ToDictionary(r => r.Region, r => QuarterBands.Of(r.Quarters)),
            c.Milestones.Select(m => new MilestoneComparisonDocument(m.ShareDelegated, Math.Round(m.ProbabilityEarlier, 6), Math.Round(m.ProbabilitySame, 6),
                Math.Round(m.ProbabilityLater, 6), m.MeanQuarterDifference is { } d ? Math.Round(d, 3) : null)).ToArray())
        {
            NoEffect = c.NoEffect,
            RestsOn = [.. c.RestsOn.Select(r => new RestsOnDocument(r.April, ResultsCsv.Date(Model.Quarter.Parse(r.April)), Math.Round(r.Decomposition.Mean, 3),
                Math.Round(r.Decomposition.EffectP05, 3), Math.Round(r.Decomposition.EffectP95, 3), Math.Round(r.Decomposition.Explained, 4),
                Math.Round(r.Decomposition.UnconstrainedShare, 4),
                [.. r.Decomposition.Parameters.Select(p => new ParameterShareDocument(p.Name, Math.Round(p.Share, 4), p.Unconstrained))], RestsOnWarning.Of(r.Decomposition)))],
        }).ToArray());
}
