using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Sensitivity;

namespace UptakeSim.Experiments.Output;

public sealed record FittedParameter(string Name, double Start, double Fitted, double? StandardError, double Min, double Max);

/// <summary>fit.json of a calibration.</summary>
public sealed record FitDocument(
    string Scenario, string Observations, long RunsPerEvaluation, ulong Seed, bool Converged, bool Partial, string Message, double Distance, int Evaluations, IReadOnlyList<FittedParameter> Parameters)
{
    public static FitDocument Of(PointFit fit, string observations) => new(
        fit.Scenario.Name, observations, fit.Scenario.Runs, fit.Scenario.Seed, fit.Result.Converged, fit.Partial, fit.Result.Message,
        Math.Round(fit.Result.Distance, 6), fit.Result.Evaluations,
        fit.Free.Select((f, i) => new FittedParameter(f.Name, f.Start, Math.Round(fit.Result.Best[i], 6),
            double.IsNaN(fit.StandardErrors[i]) ? null : Math.Round(fit.StandardErrors[i], 6), f.Min, f.Max)).ToArray());
}

public sealed record RangeDocument(string Name, double Low, double High);

public sealed record IndexDocument(int Rank, string Parameter, double S1, double S1Conf, double St, double StConf);

public sealed record OutcomeDocument(string Outcome, string Description, IReadOnlyList<IndexDocument> Indices);

/// <summary>sensitivity.json.</summary>
public sealed record SensitivityDocument(
    string Scenario, ulong Seed, int Samples, int SamplesAnalysed, int Repeats, string By, bool Partial, string Method, IReadOnlyList<RangeDocument> Parameters,
    int ReplicationsNeverReaching90pct, IReadOnlyList<OutcomeDocument> Outcomes)
{
    public static SensitivityDocument Of(SensitivityResult r) => new(
        r.Plan.Scenario.Name, r.Plan.Scenario.Seed, r.Plan.Design.Samples, r.SamplesAnalysed, r.Plan.Repeats, r.Plan.By, r.Partial,
        "Saltelli design on a Sobol sequence; first-order: Saltelli et al. 2010; total: Jansen 1999; 95% bootstrap intervals (as SALib)",
        r.Plan.Parameters.Select(p => new RangeDocument(p.Range.Name, p.Range.Lower, p.Range.Upper)).ToArray(), r.Censored,
        r.Outcomes.Select(o => new OutcomeDocument(o.Key, o.Description,
            o.Indices.Select((x, i) => new IndexDocument(i + 1, x.Parameter, x.First, x.FirstConfidence, x.Total, x.TotalConfidence)).ToArray())).ToArray());
}
