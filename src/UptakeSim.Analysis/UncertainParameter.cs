using UptakeSim.Model;

namespace UptakeSim.Analysis;

/// <summary>
/// A named model input whose value is uncertain: a prior in calibration, an input distribution in sensitivity
/// analysis. Vectors of parameter values follow the order of the list of parameters they belong to.
/// </summary>
public record UncertainParameter(string Name, Distribution Distribution)
{
    internal static void Validate(IReadOnlyList<UncertainParameter> parameters)
    {
        if (parameters.Count == 0) throw new ArgumentException("expected at least one parameter", nameof(parameters));
        var duplicate = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"parameter '{duplicate.Key}' is given {duplicate.Count()} times; expected each name once", nameof(parameters));
    }
}
