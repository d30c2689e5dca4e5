using UptakeSim.Model;

namespace UptakeSim.Scenarios;

/// <summary>
/// The keys of every mapping of a scenario whose keys are fixed, by path (<c>""</c> is the top level), declared once:
/// the binder opens each section with its keys from here, and an unknown key is matched against all of them, so a
/// top-level <c>pressure:</c> is pointed to <c>policy.pressure</c> and <c>behaviour.pressure</c>. Lists and
/// distributions are not here: their keys depend on the item or the <c>dist</c>, and the binder names them itself.
/// </summary>
internal sealed class ScenarioSchema
{
    private readonly (string Path, string[] Keys)[] _sections;

    /// <summary>Every key with its section and full path, in the order declared.</summary>
    private readonly (string Section, string Key, string Path)[] _keys;

    /// <summary>Every key once, whatever its section.</summary>
    private readonly string[] _names;

    private ScenarioSchema(CoefficientTable table)
    {
        // A coefficient named like intercepts.join is the key join of the section behaviour.intercepts.
        var groups = table.Names.Where(n => n.Contains('.')).GroupBy(n => n.Split('.')[0])
            .Select(g => ($"behaviour.{g.Key}", g.Select(n => n.Split('.', 2)[1]).ToArray()));
        _sections =
        [
            ("", ["name", "description", "runs", "seed", "horizon", "population", "policy", "behaviour", "calibration", "posterior", "alternatives"]),
            ("horizon", ["start", "quarters"]),
            ("population", ["ccgs", "synthetic", "start", "level3_by_region", "finance", "capacity", "lmc", "conflict", "mergers", "attributes", "record", "covariates"]),
            ("population.synthetic", ["count", "regions", "footprints"]),
            ("population.start", ["level1", "level2", "level3"]),
            ("population.finance", ["mean", "sd", "reversion", "shock_sd", "special_measures_below", "special_measures_exit_above"]),
            ("population.capacity", ["mean", "sd", "recovery", "joint_load", "delegated_load"]),
            ("population.lmc", ["supportive", "neutral", "opposed", "soften_rate"]),
            ("population.conflict", ["mean", "sd"]),
            ("population.mergers", ["enabled", "file", "counts", "level"]),
            ("policy", ["pressure", "application_windows", "eligibility", "support", "running_cost_change", "risk_sharing", "mandate", "approval"]),
            ("policy.eligibility", ["special_measures_may_delegate", "special_measures_may_join", "special_measures_bar_until"]),
            ("behaviour", [.. table.Names.Select(n => n.Split('.')[0]).Distinct(), "peer_scope", "hand_back", "pressure_timing"]),
            .. groups,
            ("calibration", ["free", "runs", "max_evaluations", "tolerance", "cutoff", "method", "population", "generations", "max_simulations",
                "min_acceptance", "pilot_points", "pilot_runs", "structure_last_changed"]),
            ("calibration.structure_last_changed", ["on", "observations_in_view"]),
        ];
        _keys = [.. _sections.SelectMany(s => s.Keys.Select(key => (s.Path, key, Join(s.Path, key))))];
        _names = [.. _keys.Select(k => k.Key).Distinct()];
    }

    public static ScenarioSchema Model { get; } = new(CoefficientTable.Model);

    public static ScenarioSchema For(CoefficientTable table) => table == CoefficientTable.Model ? Model : new(table);

    /// <summary>The keys the section at <paramref name="path"/> allows.</summary>
    public IReadOnlyList<string> KeysOf(string path) => _sections.Single(s => s.Path == path).Keys;

    /// <summary>
    /// "; did you mean X?" for an unknown key <paramref name="typed"/> in the section at <paramref name="path"/>, or
    /// "": the section's closest key, and every other section that has the key as typed (by full path); failing both,
    /// the closest keys of all the other sections. A key of the section itself is named by its full path when
    /// <paramref name="fullPaths"/> (the key came from a key path, as in <c>--set</c>, which needs the full path).
    /// </summary>
    public string Suggest(string typed, string path, IReadOnlyList<string> keys, bool fullPaths)
    {
        string[] suggestions =
        [
            .. Closest(typed, keys).Take(1).Select(key => fullPaths ? Join(path, key) : key),
            .. _keys.Where(k => k.Key == typed && k.Section != path).Select(k => k.Path),
        ];
        if (suggestions.Length == 0)
        {
            // None of the section's own keys is this close, or it would have been suggested: these are all elsewhere,
            // so only a near miss counts ('foo' is not a misspelt 'on').
            var closest = Closest(typed, _names, Math.Max(1, typed.Length / 4)).ToHashSet();
            suggestions = [.. _keys.Where(k => closest.Contains(k.Key)).Select(k => k.Path)];
        }
        return suggestions.Length switch
        {
            0 => "",
            1 => $"; did you mean {suggestions[0]}?",
            _ => $"; did you mean {string.Join(", ", suggestions[..^1])} or {suggestions[^1]}?",
        };
    }

    /// <summary>The candidates nearest to <paramref name="typed"/> (Levenshtein distance), all of them when tied, if
    /// near enough: as near as the command line's suggestions, and not every letter changed ('xy' is not 'sd').</summary>
    private static IEnumerable<string> Closest(string typed, IEnumerable<string> candidates, int? within = null)
    {
        var near = within ?? Math.Min(Math.Max(2, typed.Length / 3), typed.Length - 1);
        var scored = candidates.Select(c => (Name: c, Distance: Distance(typed, c, near))).Where(x => x.Distance <= near).ToArray();
        if (scored.Length == 0) return [];
        var best = scored.Min(x => x.Distance);
        return scored.Where(x => x.Distance == best).Select(x => x.Name);
    }

    private static string Join(string section, string key) => section.Length == 0 ? key : $"{section}.{key}";

    /// <summary>The Levenshtein distance from <paramref name="typed"/> to the key <paramref name="key"/>, or
    /// <paramref name="max"/> + 1 once it is known to be more: every unknown key of a hostile file is looked up, so
    /// this stops early and allocates nothing.</summary>
    private static int Distance(string typed, string key, int max)
    {
        if (Math.Abs(typed.Length - key.Length) > max) return max + 1;
        // Keys are short names of the schema, so their rows fit on the stack.
        Span<int> previous = stackalloc int[key.Length + 1];
        Span<int> current = stackalloc int[key.Length + 1];
        for (var j = 0; j <= key.Length; j++) previous[j] = j;
        for (var i = 1; i <= typed.Length; i++)
        {
            current[0] = i;
            var smallest = i;
            for (var j = 1; j <= key.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (typed[i - 1] == key[j - 1] ? 0 : 1));
                smallest = Math.Min(smallest, current[j]);
            }
            if (smallest > max) return max + 1;
            var row = previous;
            previous = current;
            current = row;
        }
        return previous[key.Length];
    }
}
