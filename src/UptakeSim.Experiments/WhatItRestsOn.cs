using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments;

/// <summary>
/// Which coefficients of a scenario the data leave unconstrained, and how a comparison says what its differences rest
/// on. A coefficient drawn from its own distribution alone is unconstrained (no data touched it); one drawn from a
/// posterior is unconstrained when its posterior sd is more than <see cref="LooseRatio"/> of its calibration prior's.
/// </summary>
public static class WhatItRestsOn
{
    /// <summary>Posterior sd over prior sd above which the data are said not to pin a coefficient down.</summary>
    public const double LooseRatio = 0.5;

    public static IReadOnlySet<string> Unconstrained(LoadedScenario scenario)
    {
        var behaviour = scenario.Scenario.Behaviour;
        var table = behaviour.Table;
        var loose = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < table.Count; k++)
        {
            var inPosterior = behaviour.Particles is { Weights: not null } p && p.Coefficients.Contains(k);
            if (!inPosterior)
            {
                if (behaviour[k].IsUncertain) loose.Add(table.Names[k]);
                continue;
            }
            var particles = behaviour.Particles!;
            var column = Array.IndexOf(particles.Coefficients, k);
            var values = particles.Values.Select(v => v[column]).ToArray();
            var mean = WeightedStatistics.Mean(values, particles.Weights!);
            var posteriorSd = Math.Sqrt(WeightedStatistics.Mean([.. values.Select(v => (v - mean) * (v - mean))], particles.Weights!));
            var prior = scenario.Calibration?.Free.FirstOrDefault(f => f.Index == k)?.PriorOrRange;
            if (prior is not null && posteriorSd > LooseRatio * prior.Sd) loose.Add(table.Names[k]);
        }
        return loose;
    }
}
