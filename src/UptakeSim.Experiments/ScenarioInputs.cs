using UptakeSim.Scenarios;

namespace UptakeSim.Experiments;

/// <summary>
/// Loading what an experiment runs: one scenario, or a set of files (each sweep file adding all its members) that
/// share the first scenario's runs and seed. <c>--runs</c> and <c>--seed</c> are applied here, the same way for every
/// command: as overrides after the user's own, so the resolved scenario records them.
/// </summary>
public sealed class ScenarioInputs(ScenarioLoader loader)
{
    /// <summary><c>--runs</c> and <c>--seed</c> as scenario values, each blamed by its option's name.</summary>
    public static IReadOnlyList<OptionOverride> RunsAndSeed(int? runs, ulong? seed) =>
        [.. runs is { } r ? [new OptionOverride("--runs", $"runs={r}")] : Array.Empty<OptionOverride>(),
            .. seed is { } s ? [new OptionOverride("--seed", $"seed={s}")] : Array.Empty<OptionOverride>()];

    public LoadedScenario Load(string path, IReadOnlyList<string> overrides, int? runs = null, ulong? seed = null) =>
        loader.Load(path, overrides, RunsAndSeed(runs, seed));

    /// <summary>Every file's scenarios (a sweep's members in order), all with the first scenario's runs and seed unless
    /// given; names made unique; every file's problems reported together.</summary>
    /// <param name="laid">Settings laid over every scenario after the user's own (a structural alternative's), each
    /// blamed on where it was declared.</param>
    public IReadOnlyList<LoadedScenario> LoadSet(IReadOnlyList<string> paths, IReadOnlyList<string> overrides, int? runs = null, ulong? seed = null,
        IReadOnlyList<OptionOverride>? laid = null)
    {
        var first = loader.LoadFamily(paths[0], overrides, RunsAndSeed(runs, seed))[0].Scenario;
        IReadOnlyList<OptionOverride> shared = [.. RunsAndSeed(runs ?? first.Runs, seed ?? first.Seed), .. laid ?? []];
        var errors = new List<ScenarioError>();
        var family = new List<LoadedScenario>();
        foreach (var path in paths)
        {
            try
            {
                family.AddRange(loader.LoadFamily(path, overrides, shared));
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

/// <summary>
/// Scenarios as results keep them: every data file they name (CCGs, mergers, attributes) copied once into the results'
/// <c>data/</c> folder and named relative to the YAML that uses it, so a results folder runs again as it is, wherever it
/// is moved, and names no local path.
/// </summary>
public sealed class PortableScenarios
{
    public const string DataFolder = "data";

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public PortableScenarios(IEnumerable<LoadedScenario> family)
    {
        foreach (var file in family.SelectMany(f => ScenarioLoader.DataFiles(f.ResolvedYaml)).Distinct(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            for (var n = 2; _names.ContainsValue(name); n++) name = $"{Path.GetFileNameWithoutExtension(file)}-{n}{Path.GetExtension(file)}";
            _names[file] = name;
        }
    }

    /// <summary>Each data file's full path and its name in <see cref="DataFolder"/>.</summary>
    public IReadOnlyDictionary<string, string> DataFiles => _names;

    /// <summary>The resolved YAML of <paramref name="scenario"/> for a file <paramref name="depth"/> folders below the
    /// results folder (0: scenario.yaml, 1: scenarios/NAME.yaml).</summary>
    public string Yaml(LoadedScenario scenario, int depth = 0) =>
        ScenarioLoader.WithDataFiles(scenario.ResolvedYaml, file => string.Concat(Enumerable.Repeat("../", depth)) + $"{DataFolder}/{_names[file]}");

    /// <summary>Per scenario other than the reference, the resolved values that differ from the reference's.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ResolvedChange>> Changes(IReadOnlyList<LoadedScenario> family, int reference)
    {
        var baseline = Yaml(family[reference]);
        return family.Where((_, i) => i != reference).ToDictionary(f => f.Scenario.Name, f => ResolvedChanges.Between(baseline, Yaml(f)), StringComparer.Ordinal);
    }
}
