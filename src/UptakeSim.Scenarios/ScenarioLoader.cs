using UptakeSim.Analysis;
using UptakeSim.Model;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Scenarios;

/// <param name="ResolvedYaml">The scenario as run: bases merged, overrides applied, the data files (CCGs, mergers,
/// attributes) named in full. Loading it again, from any folder, gives the same scenario; results keep it with the
/// data files renamed through <see cref="ScenarioLoader.WithDataFiles"/>, so they name no local path.</param>
/// <param name="Calibration">The scenario's calibration section, if any (see <see cref="CalibrationSettings"/>).</param>
public sealed record LoadedScenario(Scenario Scenario, string ResolvedYaml, string SourcePath, CalibrationSettings? Calibration = null)
{
    /// <summary>The posterior file the scenario draws coefficients from (<c>posterior:</c>), in full; its contents are read by the experiments.</summary>
    public string? Posterior { get; init; }

    /// <summary>The per-CCG record the scenario names (<c>population.record</c>), for calibration and hindcasts.</summary>
    public CcgLevelRecord? Record { get; init; }

    /// <summary>What is legal but probably not meant (a schedule that drops its base's earlier points), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The structural alternatives the scenario declares (<c>alternatives:</c>), which <c>compare --alternatives</c> runs.</summary>
    public IReadOnlyList<StructuralAlternative> Alternatives { get; init; } = [];

    /// <summary>What the loader decided that the analyst should know but that is not a mistake (a coefficient a
    /// what-if sets taking precedence over the posterior its base names).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Loads scenario files strictly: unknown keys, wrong types and out-of-range values are errors located at
/// file:line:column, all reported together in one <see cref="ScenarioException"/>.
/// A scenario may extend another with <c>base: FILE</c> (see <see cref="Extend"/>); a scenario that names a
/// <c>posterior:</c> file draws its coefficients from that file's particles (<see cref="WithPosterior"/>).
/// </summary>
/// <param name="bundledCcgCsvPath">The CCG list used when a scenario names no CCG file and is not synthetic.</param>
public sealed class ScenarioLoader(string bundledCcgCsvPath)
{

    /// <summary>A scenario file as the family of scenarios it stands for: itself, or every member of its <c>sweep</c>.</summary>
    /// <param name="options">Values set by command-line options (<c>--runs</c>, <c>--seed</c>), applied after the overrides.</param>
    public IReadOnlyList<LoadedScenario> LoadFamily(string path, IReadOnlyList<string>? overrides = null, IReadOnlyList<OptionOverride>? options = null)
    {
        var yaml = InputFile.ReadText(path, path, "file", "a scenario YAML file", InputLimits.MaxYamlFileBytes,
            message => new ScenarioError(path, 0, 0, message));
        return LoadTextFamily(yaml, path, Path.GetDirectoryName(path) ?? "", overrides, options);
    }

    /// <summary>One scenario; a file that declares a <c>sweep</c> is an error here (use <see cref="LoadFamily"/>).</summary>
    public LoadedScenario Load(string path, IReadOnlyList<string>? overrides = null, IReadOnlyList<OptionOverride>? options = null)
    {
        var family = LoadFamily(path, overrides, options);
        if (family.Count == 1 && !family[0].Scenario.Name.Contains('[')) return family[0];
        throw new ScenarioException(new ScenarioError(path, 0, 0, $"declares a sweep of {family.Count} scenarios; expected a single scenario here (compare runs a sweep)"));
    }

    /// <param name="displayName">How errors name the file.</param>
    /// <param name="baseDirectory">The folder that paths in the scenario (CCG file, base) are relative to.</param>
    public LoadedScenario LoadText(string yaml, string displayName, string baseDirectory, IReadOnlyList<string>? overrides = null) =>
        LoadTextFamily(yaml, displayName, baseDirectory, overrides).Single();

    public IReadOnlyList<LoadedScenario> LoadTextFamily(string yaml, string displayName, string baseDirectory, IReadOnlyList<string>? overrides = null,
        IReadOnlyList<OptionOverride>? options = null)
    {
        var origins = new Origins(new Origin(displayName, baseDirectory));
        var self = Path.GetFullPath(Path.Combine(baseDirectory, Path.GetFileName(displayName)));
        var warnings = new List<string>();
        var root = Extend(Parse(yaml, displayName), origins.Scenario, origins, [self], warnings);
        var errors = new List<ScenarioError>();
        foreach (var text in overrides ?? []) Overrides.Apply(root, text, origins, errors);
        foreach (var option in options ?? []) Overrides.Apply(root, option.Text, origins, errors, option.Option);
        var sweep = Sweep.Extract(root, origins, errors);
        if (sweep is null) return [Bind(root, origins, displayName, "", errors) with { Warnings = warnings }];

        var family = new List<LoadedScenario>();
        foreach (var suffix in sweep.Apply(root, origins, errors)) family.Add(Bind(root, origins, displayName, suffix, errors, sweep) with { Warnings = warnings });
        return family;
    }

    /// <param name="nameSuffix">The swept values, appended to the scenario's name so each member says what it is.</param>
    /// <param name="errors">Problems found before binding (overrides, sweep), reported with the binding's own.</param>
    /// <param name="sweep">The sweep the member comes from, where a member name that is too long is reported.</param>
    private LoadedScenario Bind(YamlNode root, Origins origins, string displayName, string nameSuffix, List<ScenarioError> errors, Sweep? sweep = null)
    {
        var reader = new NodeReader(origins);
        var binder = new ScenarioBinder(reader, bundledCcgCsvPath);
        var scenario = binder.Bind(root);
        if (errors.Count + reader.Errors.Count > 0) throw new ScenarioException([.. errors, .. reader.Errors]);

        if (binder.CcgFile is { } csv) NameCcgFileInFull(root, csv);
        if (binder.MergerFile is { } mergers) NameMergerFileInFull(root, mergers);
        if (binder.AttributeFile is { } attributes) NameAttributeFileInFull(root, attributes);
        if (binder.RecordFile is { } record) NamePopulationFileInFull(root, "record", record);
        if (binder.CovariateFile is { } covariates) NamePopulationFileInFull(root, "covariates", covariates);
        var posterior = binder.PosteriorFile is { } file ? Path.GetFullPath(file) : null;
        var notes = new List<string>();
        if (posterior is not null)
        {
            var named = ((YamlMappingNode)root).Children[new YamlScalarNode("posterior")];
            var later = SetAfter(root, origins, origins.Of(named).Layer, scenario.Behaviour.Table);
            ((YamlMappingNode)root).Children[new YamlScalarNode("posterior")] = new YamlScalarNode(posterior);
            // A problem with the file as a whole (a device, a pipe, too large) is reported where it is named.
            scenario = WithPosterior(scenario, posterior, later,
                message => new ScenarioError(origins.Of(named).File, (int)named.Start.Line, (int)named.Start.Column, $"posterior: {message}"));
            notes.AddRange(later.Select(name => $"behaviour.{name} is set after the posterior is named ({origins.Of(CoefficientNode(root, name)!).File}), so it takes that value, not the posterior's"));
        }
        if (nameSuffix.Length == 0) return new LoadedScenario(scenario, Serialize(root), displayName, binder.Calibration) { Posterior = posterior, Record = binder.Record, Notes = notes, Alternatives = binder.Alternatives };
        var name = scenario.Name + nameSuffix;
        if (name.Length > InputLimits.MaxMemberNameLength)
        {
            throw new ScenarioException(sweep!.ErrorAt(
                $"the sweep names a member {InputText.Quote(name)} ({name.Length} characters); expected names of at most {InputLimits.MaxMemberNameLength} characters (sweep fewer keys or shorten the name)"));
        }
        var resolved = Serialize(root);
        var renamed = (YamlMappingNode)Parse(resolved, displayName);
        renamed.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        return new LoadedScenario(scenario with { Name = name }, Serialize(renamed), displayName, binder.Calibration) { Posterior = posterior, Record = binder.Record, Notes = notes, Alternatives = binder.Alternatives };
    }

    /// <summary>The scenario drawing the coefficients that <paramref name="path"/>'s particles give (calibrate's
    /// posterior.csv); every parameter column must be a behaviour coefficient.</summary>
    /// <param name="setLater">Coefficients a later layer than the file naming the posterior sets (a what-if, <c>--set</c>):
    /// they keep that value and the posterior's columns for them are left out (the others' marginal kept).</param>
    private static Scenario WithPosterior(Scenario scenario, string path, IReadOnlyCollection<string> setLater, Func<string, ScenarioError> errorAt)
    {
        var table = scenario.Behaviour.Table;
        var posterior = PosteriorCsv.Read(path, errorAt: errorAt);
        var unknown = posterior.Names.Select((n, i) => (n, i)).Where(x => table.IndexOf(x.n) < 0)
            .Select(x => new ScenarioError(path, 1, PosteriorFile.FixedColumns.Count + x.i + 1,
                $"column {InputText.Quote(x.n)} is not a behaviour coefficient; expected parameter columns among {string.Join(", ", table.Names)}")).ToArray();
        if (unknown.Length > 0) throw new ScenarioException(unknown);
        var kept = posterior.Names.Select((n, i) => (n, i)).Where(x => !setLater.Contains(x.n)).ToArray();
        if (kept.Length == 0) return scenario;
        var particles = CoefficientParticles.Posterior(
            kept.Select(x => table.IndexOf(x.n)).ToArray(),
            posterior.Generation.Particles.Select(p => kept.Select(x => p.Parameters[x.i]).ToArray()).ToArray(),
            posterior.Generation.Particles.Select(p => p.Weight).ToArray());
        return scenario with { Behaviour = scenario.Behaviour with { Particles = particles } };
    }

    /// <summary>The coefficients whose value in the tree comes from a later layer than <paramref name="layer"/>.</summary>
    private static string[] SetAfter(YamlNode root, Origins origins, int layer, CoefficientTable table) =>
        table.Names.Where(name => CoefficientNode(root, name) is { } node && origins.Of(node).Layer > layer).ToArray();

    /// <summary>The node of <c>behaviour.NAME</c> (names may be dotted, <c>intercepts.join</c>), or null.</summary>
    private static YamlNode? CoefficientNode(YamlNode root, string name)
    {
        YamlNode? node = root;
        foreach (var segment in name.Split('.').Prepend("behaviour"))
            node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(segment), out var child) ? child : null;
        return node;
    }

    /// <summary>
    /// <c>base: FILE</c> (relative to the file's folder) makes the scenario that file with this one's keys laid over
    /// it: mappings merge key by key, anything else (numbers, schedules, lists) replaces. Bases may have bases.
    /// </summary>
    /// <param name="chain">Full paths of the files extending this one, to catch a file that extends itself.</param>
    private static YamlNode Extend(YamlNode root, Origin origin, Origins origins, IReadOnlyList<string> chain, List<string> warnings)
    {
        if (root is not YamlMappingNode mapping) return root;
        var (key, node) = mapping.Children.FirstOrDefault(entry => entry.Key is YamlScalarNode { Value: "base" });
        if (key is null) return root;
        mapping.Children.Remove(key);

        ScenarioError AtBase(string message) => new(origin.File, (int)node.Start.Line, (int)node.Start.Column, message);
        if (node is not YamlScalarNode { Value: { Length: > 0 } relative } || NodeReader.IsNull(node))
        {
            throw new ScenarioException(AtBase($"{NodeReader.Describe(node)} is not valid for 'base'; expected the path of a scenario file to extend"));
        }
        var path = Path.Combine(origin.Directory, relative);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            throw new ScenarioException(AtBase($"{InputText.Quote(relative)} is not a valid path for 'base'; expected the path of a scenario file to extend"));
        }
        if (chain.Count > InputLimits.MaxBaseChain)
        {
            throw new ScenarioException(AtBase($"base file {InputText.Quote(relative)} is base number {chain.Count} in a chain; expected at most {InputLimits.MaxBaseChain} bases behind a scenario"));
        }
        if (chain.Contains(full))
        {
            throw new ScenarioException(AtBase($"base file {InputText.Quote(relative)} extends itself ({string.Join(" -> ", [.. chain, full])}); expected a chain of bases that ends"));
        }

        var baseOrigin = new Origin(path, Path.GetDirectoryName(path) ?? "", -chain.Count);
        var baseText = InputFile.ReadText(path, path, $"base file {InputText.Quote(relative)}", "a scenario YAML file", InputLimits.MaxYamlFileBytes, AtBase);
        var baseRoot = Parse(baseText, path);
        origins.Mark(baseRoot, baseOrigin);
        if (Extend(baseRoot, baseOrigin, origins, [.. chain, full], warnings) is not YamlMappingNode merged)
        {
            throw new ScenarioException(new ScenarioError(path, (int)baseRoot.Start.Line, (int)baseRoot.Start.Column,
                $"{NodeReader.Kind(baseRoot)} is not valid as a base scenario; expected a mapping of scenario keys"));
        }
        Merge(merged, mapping, "", origin.File, warnings);
        return merged;
    }

    /// <summary>Lays <paramref name="over"/> onto <paramref name="under"/>: mappings merge key by key, anything else
    /// replaces. A schedule replaced by one that starts later loses the base's earlier points: legal, and warned of.</summary>
    private static void Merge(YamlMappingNode under, YamlMappingNode over, string path, string file, List<string> warnings)
    {
        foreach (var (key, value) in over.Children)
        {
            var keyPath = path.Length == 0 ? ((YamlScalarNode)key).Value : $"{path}.{((YamlScalarNode)key).Value}";
            if (under.Children.TryGetValue(key, out var existing) && existing is YamlMappingNode below && value is YamlMappingNode above)
            {
                Merge(below, above, keyPath!, file, warnings);
                continue;
            }
            if (existing is YamlSequenceNode before && value is YamlSequenceNode after && FirstAt(after) is { } first)
            {
                var dropped = before.Children.OfType<YamlMappingNode>().Select(AtOf).Where(at => at is { } q && q.CompareTo(first) < 0).ToArray();
                if (dropped.Length > 0)
                    warnings.Add($"{file}: '{keyPath}' replaces its base's list, whose points at {string.Join(", ", dropped)} come before its first point ({first}) and are dropped (before its first point a schedule is 0); repeat them to keep them");
            }
            under.Children[key] = value;
        }
    }

    private static Quarter? AtOf(YamlMappingNode point) =>
        point.Children.TryGetValue(new YamlScalarNode("at"), out var at) && at is YamlScalarNode { Value: { } text } && Quarter.TryParse(text, out var q) ? q : null;

    private static Quarter? FirstAt(YamlSequenceNode sequence) => sequence.Children.OfType<YamlMappingNode>().Select(AtOf).FirstOrDefault(q => q is not null);

    /// <summary>The document's root; an empty file is an empty mapping, so it reports what it lacks.</summary>
    private static YamlNode Parse(string yaml, string displayName)
    {
        var stream = SafeYaml.Load(yaml, displayName);
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ScenarioException(new ScenarioError(displayName, (int)second.Line, (int)second.Column, "a second YAML document; expected one scenario per file"));
        }
        return stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode;
    }

    /// <summary>The resolved YAML is kept with a run's results, away from the scenario's folder, so it names the CCG file in full.</summary>
    private static void NameCcgFileInFull(YamlNode root, string csv)
    {
        var population = (YamlMappingNode)((YamlMappingNode)root).Children[new YamlScalarNode("population")];
        population.Children[new YamlScalarNode("ccgs")] = new YamlScalarNode(Path.GetFullPath(csv));
    }

    private static void NameMergerFileInFull(YamlNode root, string csv)
    {
        var population = (YamlMappingNode)((YamlMappingNode)root).Children[new YamlScalarNode("population")];
        var mergers = (YamlMappingNode)population.Children[new YamlScalarNode("mergers")];
        mergers.Children[new YamlScalarNode("file")] = new YamlScalarNode(Path.GetFullPath(csv));
    }

    private static void NameAttributeFileInFull(YamlNode root, string csv) => NamePopulationFileInFull(root, "attributes", csv);

    private static void NamePopulationFileInFull(YamlNode root, string key, string csv)
    {
        var population = (YamlMappingNode)((YamlMappingNode)root).Children[new YamlScalarNode("population")];
        population.Children[new YamlScalarNode(key)] = new YamlScalarNode(Path.GetFullPath(csv));
    }

    /// <summary>The data files a resolved scenario names, in full (see <see cref="LoadedScenario.ResolvedYaml"/>).</summary>
    public static IReadOnlyList<string> DataFiles(string resolvedYaml) =>
        DataFileNodes((YamlMappingNode)Parse(resolvedYaml, "resolved scenario")).Select(n => n.Value!).ToArray();

    /// <summary>The resolved scenario with each data file it names replaced by <paramref name="rename"/>(full path), e.g.
    /// a path relative to where the YAML is written next to a copy of the file.</summary>
    public static string WithDataFiles(string resolvedYaml, Func<string, string> rename)
    {
        var root = (YamlMappingNode)Parse(resolvedYaml, "resolved scenario");
        foreach (var node in DataFileNodes(root)) node.Value = rename(node.Value!);
        return Serialize(root);
    }

    private static IEnumerable<YamlScalarNode> DataFileNodes(YamlMappingNode root)
    {
        // A key set to null (posterior: null) names no file.
        static bool Names(YamlNode node, out YamlScalarNode file)
        {
            file = node as YamlScalarNode ?? new YamlScalarNode();
            return node is YamlScalarNode { Value.Length: > 0 } && !NodeReader.IsNull(node);
        }
        if (root.Children.TryGetValue(new YamlScalarNode("posterior"), out var posterior) && Names(posterior, out var particles)) yield return particles;
        if (!root.Children.TryGetValue(new YamlScalarNode("population"), out var p) || p is not YamlMappingNode population) yield break;
        if (population.Children.TryGetValue(new YamlScalarNode("ccgs"), out var ccgs) && Names(ccgs, out var c)) yield return c;
        if (population.Children.TryGetValue(new YamlScalarNode("mergers"), out var m) && m is YamlMappingNode mergers
            && mergers.Children.TryGetValue(new YamlScalarNode("file"), out var file) && Names(file, out var f)) yield return f;
        if (population.Children.TryGetValue(new YamlScalarNode("attributes"), out var a) && Names(a, out var attributes)) yield return attributes;
        if (population.Children.TryGetValue(new YamlScalarNode("record"), out var r) && Names(r, out var record)) yield return record;
        if (population.Children.TryGetValue(new YamlScalarNode("covariates"), out var v) && Names(v, out var covariates)) yield return covariates;
    }

    private static string Serialize(YamlNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // The emitter closes the document with "...", which a single-document file does not need.
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
