using UptakeSim.Experiments.Calibration;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments;

/// <summary>
/// Loading what an experiment runs: one scenario, or a set of files (each sweep file adding all its members) that
/// share the first scenario's runs and seed. <c>--runs</c> and <c>--seed</c> are applied here, the same way for every
/// command: as overrides after the user's own, so the resolved scenario records them.
/// </summary>
public sealed class ScenarioInputs(ScenarioLoader loader)
{
    public static IReadOnlyList<string> WithRunsAndSeed(IReadOnlyList<string> overrides, int? runs, ulong? seed) =>
        [.. overrides, .. runs is { } r ? [$"runs={r}"] : Array.Empty<string>(), .. seed is { } s ? [$"seed={s}"] : Array.Empty<string>()];

    /// <param name="loadPosterior">False to leave a <c>posterior:</c> file unread (e.g. one the command is about to write).</param>
    public LoadedScenario Load(string path, IReadOnlyList<string> overrides, int? runs = null, ulong? seed = null, bool loadPosterior = true)
    {
        var loaded = loader.Load(path, WithRunsAndSeed(overrides, runs, seed));
        return loadPosterior ? PosteriorScenario.Attach(loaded) : loaded;
    }

    /// <summary>Every file's scenarios (a sweep's members in order), all with the first scenario's runs and seed unless
    /// given; names made unique; every file's problems reported together.</summary>
    public IReadOnlyList<LoadedScenario> LoadSet(IReadOnlyList<string> paths, IReadOnlyList<string> overrides, int? runs = null, ulong? seed = null)
    {
        var first = loader.LoadFamily(paths[0], WithRunsAndSeed(overrides, runs, seed))[0].Scenario;
        var shared = WithRunsAndSeed(overrides, runs ?? first.Runs, seed ?? first.Seed);
        var errors = new List<ScenarioError>();
        var family = new List<LoadedScenario>();
        foreach (var path in paths)
        {
            try
            {
                family.AddRange(loader.LoadFamily(path, shared).Select(PosteriorScenario.Attach));
            }
            catch (ScenarioException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return UniqueNames(family);
    }

    /// <summary>A scenario compared with itself (or two files with one name) gets -2, -3... so every output row is distinct.</summary>
    public static IReadOnlyList<LoadedScenario> UniqueNames(IReadOnlyList<LoadedScenario> family)
    {
        var seen = new Dictionary<string, int>();
        return family.Select(f =>
        {
            var name = f.Scenario.Name;
            seen[name] = seen.GetValueOrDefault(name) + 1;
            return seen[name] == 1 ? f : f with { Scenario = f.Scenario with { Name = $"{name}-{seen[name]}" } };
        }).ToArray();
    }

    /// <summary>The reference of a comparison: a scenario name or one of the files (default: the first).</summary>
    public static int Reference(IReadOnlyList<LoadedScenario> family, string? baseline)
    {
        if (baseline is null) return 0;
        var full = Path.GetFullPath(baseline);
        var index = family.ToList().FindIndex(f => f.Scenario.Name == baseline || Path.GetFullPath(f.SourcePath) == full);
        return index >= 0 ? index
            : throw new InputException($"--baseline: '{baseline}' is neither a scenario name nor a file being compared; expected one of: {string.Join(", ", family.Select(f => f.Scenario.Name))}");
    }
}
