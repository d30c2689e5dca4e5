using System.Globalization;
using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Sensitivity;

/// <summary>An input a sensitivity analysis varies, with the distribution it is sampled through.</summary>
public abstract record SensitivityInput(UncertainParameter Parameter)
{
    public string Name => Parameter.Name;
}

/// <summary>A behaviour coefficient, by its index in <see cref="CoefficientTable.Model"/>; it varies per replication.</summary>
public sealed record CoefficientInput(int Index, UncertainParameter Parameter) : SensitivityInput(Parameter);

/// <summary>
/// The coefficients a calibration estimated, as one input: its value u in [0, 1) picks a particle of the posterior by
/// weight, so those coefficients move together, with their posterior correlations, and the index is that of what the
/// calibration leaves uncertain. Their intercepts and slopes come from the particle as estimated (not centred).
/// </summary>
public sealed record PosteriorInput(AbcGeneration Posterior, IReadOnlyList<int> Indices)
    : SensitivityInput(new UncertainParameter(InputName, new UniformDistribution(0, 1)))
{
    /// <summary>Named after what it holds, since its value, a particle's place, means nothing by itself.</summary>
    public const string InputName = "posterior draw of the calibrated coefficients";

    /// <summary>What the input holds, in words.</summary>
    public string Holds => $"one particle of the posterior, drawn by weight, setting {string.Join(", ", Indices.Select(i => BehaviourCoefficients.Names[i]))} together (with their posterior correlations)";

    /// <summary>A posterior file (calibrate's posterior.csv) whose parameters are behaviour coefficients.</summary>
    /// <param name="errorAt">Where a problem with the file as a whole is reported (see <see cref="InputCsv.Open"/>).</param>
    public static PosteriorInput Read(string path, Func<string, ScenarioError>? errorAt = null)
    {
        var posterior = PosteriorCsv.Read(path, errorAt: errorAt);
        var unknown = posterior.Names.Where(n => BehaviourCoefficients.Names.AsSpan().IndexOf(n) < 0).ToArray();
        if (unknown.Length > 0)
            throw new InputException($"--posterior: {path}:1: {string.Join(", ", unknown)} not behaviour coefficients; expected a posterior over coefficients, from: {string.Join(", ", BehaviourCoefficients.Names)}");
        return new PosteriorInput(posterior.Generation, posterior.Names.Select(n => Array.IndexOf(BehaviourCoefficients.Names, n)).ToArray());
    }
}

/// <summary>A policy lever or a population assumption; it varies per design point (one scenario per point).</summary>
public sealed record ScenarioInput(ScenarioSetting Setting, UncertainParameter Parameter) : SensitivityInput(Parameter);

/// <summary>
/// A number of a scenario outside the behaviour coefficients that a sensitivity analysis may vary: its name (as in
/// the scenario file), the values it may take, how to read it and how to set it.
/// </summary>
public sealed record ScenarioSetting(SettingRange Range, Func<Scenario, double> Read, Func<Scenario, double, Scenario> Set)
{
    public string Name => Range.Path;

    public double Min => Range.Min;

    public double Max => Range.Max;

    private static Scenario Policy(Scenario s, Func<NhsePressurePolicy, NhsePressurePolicy> change) => s with { Policy = change(s.Policy) };

    private static Scenario Assumptions(Scenario s, Func<PopulationAssumptions, PopulationAssumptions> change) => s with { Assumptions = change(s.Assumptions) };

    private static double Highest(Schedule s) => s.Points.Select(p => p.Value).Append(s.Initial).Max();

    /// <summary>A lever as one level: a constant over the horizon (read as its highest value).</summary>
    private static ScenarioSetting Lever(string name, Func<NhsePressurePolicy, Schedule> read, Func<NhsePressurePolicy, Schedule, NhsePressurePolicy> set) =>
        new(SettingRange.Of(name), s => Highest(read(s.Policy)), (s, v) => Policy(s, p => set(p, Schedule.Constant(v))));

    private static ScenarioSetting Assumption(string name, Func<PopulationAssumptions, double> read, Func<PopulationAssumptions, double, PopulationAssumptions> set) =>
        new(SettingRange.Of(name), s => read(s.Assumptions), (s, v) => Assumptions(s, a => set(a, v)));

    /// <summary>Every setting <c>--range</c> accepts besides the coefficients, each within its declared range.</summary>
    public static IReadOnlyList<ScenarioSetting> All { get; } =
    [
        Lever("policy.risk_sharing", p => p.RiskSharing, (p, v) => p with { RiskSharing = v }),
        Lever("policy.approval", p => p.Approval, (p, v) => p with { Approval = v }),
        Lever("policy.support", p => p.Support, (p, v) => p with { Support = v }),
        // The pressure schedule keeps its timing: every step is scaled so that its highest level is the value.
        new(SettingRange.Of("policy.pressure"), s => Highest(s.Policy.Pressure), (s, v) => Policy(s, p =>
        {
            var scale = v / Highest(p.Pressure);
            return p with { Pressure = new Schedule(p.Pressure.Points.Select(x => x with { Value = x.Value * scale }).ToArray(), p.Pressure.Initial * scale) };
        })),
        Assumption("population.finance.mean", a => a.Finance.Mean, (a, v) => a with { Finance = a.Finance with { Mean = v } }),
        Assumption("population.finance.sd", a => a.Finance.Sd, (a, v) => a with { Finance = a.Finance with { Sd = v } }),
        Assumption("population.finance.shock_sd", a => a.Finance.ShockSd, (a, v) => a with { Finance = a.Finance with { ShockSd = v } }),
        Assumption("population.finance.reversion", a => a.Finance.Reversion, (a, v) => a with { Finance = a.Finance with { Reversion = v } }),
        Assumption("population.capacity.mean", a => a.Capacity.Mean, (a, v) => a with { Capacity = a.Capacity with { Mean = v } }),
        Assumption("population.capacity.sd", a => a.Capacity.Sd, (a, v) => a with { Capacity = a.Capacity with { Sd = v } }),
        Assumption("population.conflict.mean", a => a.Conflict.Mean, (a, v) => a with { Conflict = a.Conflict with { Mean = v } }),
        Assumption("population.conflict.sd", a => a.Conflict.Sd, (a, v) => a with { Conflict = a.Conflict with { Sd = v } }),
        Assumption("population.lmc.soften_rate", a => a.Lmc.SoftenRate, (a, v) => a with { Lmc = a.Lmc with { SoftenRate = v } }),
    ];
}

/// <summary>The inputs of an analysis: the scenario's uncertain coefficients through their own distributions, then <c>--range</c>.</summary>
public static class SensitivityInputs
{
    /// <summary>What <c>--range</c> accepts, for error messages and help.</summary>
    public const string Forms = "NAME=LOW:HIGH (uniform), NAME=uniform:LOW:HIGH, NAME=normal:MEAN:SD or NAME=triangular:MIN:MODE:MAX";

    public static IEnumerable<string> Names => BehaviourCoefficients.Names.Concat(ScenarioSetting.All.Select(s => s.Name));

    /// <summary>The inputs, every problem with <paramref name="ranges"/> added to <paramref name="problems"/>.</summary>
    /// <remarks>With a posterior, the coefficients it covers come from it (one input) instead of their own distributions.</remarks>
    public static List<SensitivityInput> Resolve(Scenario scenario, IReadOnlyList<string> ranges, List<string> problems, PosteriorInput? posterior = null)
    {
        var inputs = new List<SensitivityInput>();
        for (var k = 0; k < BehaviourCoefficients.Count; k++)
        {
            if (posterior?.Indices.Contains(k) != true && scenario.Behaviour[k].Distribution is { } d) inputs.Add(new CoefficientInput(k, new UncertainParameter(BehaviourCoefficients.Names[k], d)));
        }
        if (posterior is not null) inputs.Add(posterior);
        foreach (var text in ranges)
        {
            if (Parse(scenario, text) is not { } input)
            {
                problems.Add($"--range: '{text}' is not a range; expected {Forms}, with a name from: {string.Join(", ", Names)}");
                continue;
            }
            if (input is ScenarioInput s && Problem(scenario, s) is { } problem)
            {
                problems.Add($"--range: '{text}': {problem}");
                continue;
            }
            if (input is CoefficientInput c && posterior?.Indices.Contains(c.Index) == true)
            {
                problems.Add($"--range: '{text}': {input.Name} comes from the posterior; expected a range for a coefficient the posterior does not estimate");
                continue;
            }
            inputs.RemoveAll(i => i.Name == input.Name);
            inputs.Add(input);
        }
        return inputs;
    }

    private static string? Problem(Scenario scenario, ScenarioInput input)
    {
        var (setting, d) = (input.Setting, input.Parameter.Distribution);
        if (d.Lower < setting.Min || d.Upper > setting.Max)
            return $"{setting.Name} takes values {setting.Range.Words}; expected a distribution within them (a normal is truncated to them only if its mean is inside)";
        if (setting.Name == "policy.pressure" && !(setting.Read(scenario) > 0))
            return "the scenario's pressure is 0 throughout, so there is no schedule to scale; expected a scenario with some pressure";
        return null;
    }

    private static SensitivityInput? Parse(Scenario scenario, string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2) return null;
        var name = parts[0];
        var fields = parts[1].Split(':');
        var named = !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        var form = named ? fields[0].ToLowerInvariant() : "uniform";
        var numbers = new List<double>();
        foreach (var f in named ? fields[1..] : fields)
        {
            if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x)) return null;
            numbers.Add(x);
        }
        Distribution? distribution;
        try
        {
            distribution = (form, numbers.Count) switch
            {
                ("uniform", 2) when numbers[0] < numbers[1] => new UniformDistribution(numbers[0], numbers[1]),
                ("normal", 2) when numbers[1] > 0 => new NormalDistribution(numbers[0], numbers[1]),
                ("triangular", 3) when numbers[0] < numbers[2] => new TriangularDistribution(numbers[0], numbers[1], numbers[2]),
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (distribution is null) return null;
        var index = BehaviourCoefficients.Names.AsSpan().IndexOf(name);
        if (index >= 0) return new CoefficientInput(index, new UncertainParameter(name, distribution));
        if (ScenarioSetting.All.FirstOrDefault(s => s.Name == name) is not { } setting) return null;
        // A normal on a bounded setting is truncated to the values the setting can take.
        if (distribution is NormalDistribution n && n.Mu >= setting.Min && n.Mu <= setting.Max && (n.Lower < setting.Min || n.Upper > setting.Max))
            distribution = n.Truncated(setting.Min, setting.Max);
        return new ScenarioInput(setting, new UncertainParameter(name, distribution));
    }
}
