using UptakeSim.Experiments.Calibration;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Model;

namespace UptakeSim.Experiments.Output;

public sealed record FittedParameter(string Name, double Start, double Fitted, double? StandardError, double Min, double Max);

/// <summary>fit.json of a calibration.</summary>
public sealed record FitDocument(
    string Scenario, string Observations, long RunsPerEvaluation, ulong Seed, bool Converged, bool Partial, string Message, double Distance, int Evaluations, IReadOnlyList<FittedParameter> Parameters) : IResultDocument
{
    public static FitDocument Of(PointFit fit, string observations) => new(
        fit.Scenario.Name, observations, fit.Scenario.Runs, fit.Scenario.Seed, fit.Result.Converged, fit.Partial, fit.Result.Message,
        Math.Round(fit.Result.Distance, 6), fit.Result.Evaluations,
        fit.Free.Select((f, i) => new FittedParameter(f.Name, f.Start, Math.Round(fit.Result.Best[i], 6),
            double.IsNaN(fit.StandardErrors[i]) ? null : Math.Round(fit.StandardErrors[i], 6), f.Min, f.Max)).ToArray());
}

/// <summary>An input of a sensitivity analysis: what kind of number it is and the distribution it was sampled through.</summary>
public sealed record InputDocument(string Name, string Kind, string Distribution, double Mean, double Sd, double P05, double P95);

/// <summary>One input's indices with their 95% intervals; a first-order estimate below 0 is kept as estimated.</summary>
public sealed record IndexDocument(int Rank, string Parameter, double S1, double S1Conf, double S1Lower, double S1Upper, double St, double StConf, double StLower, double StUpper, bool NoEffect);

public sealed record OutcomeDocument(string Outcome, string Description, IReadOnlyList<IndexDocument> Indices);

/// <summary>The reference level of a driver at which a moving slope leaves the calibrated rate unchanged.</summary>
public sealed record CentringDocument(string Driver, double Reference);

/// <summary>sensitivity.json.</summary>
public sealed record SensitivityDocument(
    string Scenario, ulong Seed, int Samples, int SamplesAnalysed, int Repeats, string By, bool Partial, string Method, IReadOnlyList<InputDocument> Inputs,
    IReadOnlyList<CentringDocument> Centring, long Replications, int ReplicationsNeverReaching90pct, IReadOnlyList<OutcomeDocument> Outcomes) : IResultDocument
{
    public const string MethodText =
        "Saltelli design on a Sobol sequence, each input through its own inverse CDF; common random numbers across the points of a design row; "
        + "slopes centred (intercepts shifted so the rate at each driver's reference level stays as calibrated); "
        + "first-order: Saltelli et al. 2010; total: Jansen 1999; 95% bootstrap intervals (as SALib)";

    public static SensitivityDocument Of(SensitivityResult r) => new(
        r.Plan.Scenario.Name, r.Plan.Scenario.Seed, r.Plan.Design.Samples, r.SamplesAnalysed, r.Plan.Repeats, r.Plan.By, r.Partial, MethodText,
        r.Plan.Inputs.Select(Input).ToArray(),
        Enum.GetValues<Driver>().Where(d => d != Driver.One).Select(d => new CentringDocument(d.ToString(), r.Plan.Reference[(int)d])).ToArray(),
        r.Replications, r.Censored,
        r.Outcomes.Select(o => new OutcomeDocument(o.Key, o.Description,
            o.Indices.Select((x, i) => new IndexDocument(i + 1, x.Parameter, x.First, x.FirstConfidence, x.FirstLower, x.FirstUpper, x.Total, x.TotalConfidence, x.TotalLower, x.TotalUpper, x.NoEffect)).ToArray())).ToArray());

    private static InputDocument Input(SensitivityInput input)
    {
        var d = input.Parameter.Distribution;
        var (kind, distribution) = input switch
        {
            CoefficientInput => ("coefficient", d.ToString()),
            PosteriorInput p => ("posterior", p.Holds),
            _ => (input.Name.Split('.')[0], d.ToString()),
        };
        return new InputDocument(input.Name, kind, distribution, d.Mean, d.StandardDeviation, d.Quantile(0.05), d.Quantile(0.95));
    }
}
