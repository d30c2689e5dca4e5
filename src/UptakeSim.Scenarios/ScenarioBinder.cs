using System.Runtime.CompilerServices;
using UptakeSim.Model;
using YamlDotNet.RepresentationModel;

// The scenario tests bind with an extended coefficient table to show that one table entry reaches the binder.
[assembly: InternalsVisibleTo("UptakeSim.Scenarios.Tests")]

namespace UptakeSim.Scenarios;

/// <summary>
/// The scenario schema: walks the YAML tree section by section and builds the model's <see cref="Scenario"/>,
/// taking the model's defaults for whatever is omitted. Problems go to the reader's error list; the scenario built
/// alongside them is only meaningful when that list is empty.
/// </summary>
internal sealed class ScenarioBinder(NodeReader reader, string bundledCcgCsvPath, CoefficientTable? coefficients = null)
{
    private readonly CoefficientTable table = coefficients ?? CoefficientTable.Model;

    private readonly ScenarioSchema schema = ScenarioSchema.For(coefficients ?? CoefficientTable.Model);

    private const string SchedulePoints = "a number or a list of points like { at: 2016Q1, value: 1.0, ramp: false }";
    private const string Distributions = "a number or a distribution like { dist: normal, mean: 1.0, sd: 0.2 }";

    /// <summary>The CCG file the scenario named, as found; null for a synthetic or bundled population.</summary>
    public string? CcgFile { get; private set; }

    /// <summary>The merger file the scenario named, as found; null when it names none.</summary>
    public string? MergerFile { get; private set; }

    public Scenario Bind(YamlNode root)
    {
        var top = new Section(reader, root, "", root, schema.KeysOf(""), schema);
        var name = top.Require("name", "a scenario name") is { } nameNode ? reader.Name(nameNode, "name") : null;
        var description = top["description"] is { } text && !NodeReader.IsNull(text) ? reader.Text(text, "description", "free text") : null;
        var runs = top.Integer("runs", 200, 1, InputLimits.MaxRuns);
        var seed = top["seed"] is { } seedNode ? reader.Seed(seedNode, "seed") ?? 1 : 1;

        var errorsBefore = reader.Errors.Count;
        var horizon = ReadHorizon(top.Sub("horizon"));
        // Quarters are only checked against a horizon the user got right, to avoid a cascade of follow-on errors.
        var checkedHorizon = reader.Errors.Count == errorsBefore ? horizon : null;

        var populationSection = top.Sub("population");
        var population = ReadRecord(populationSection, ReadCovariates(populationSection, ReadAttributes(populationSection, ReadPopulation(populationSection, seed))), horizon);
        var assumptions = ReadAssumptions(populationSection, population);
        CheckKnownStart(populationSection, population, assumptions.Start);
        var mergerSection = populationSection.Sub("mergers");
        var mergers = ReadMergers(mergerSection, population, checkedHorizon);
        if (mergerSection["level"] is { } levelNode && reader.Choice(levelNode, mergerSection.PathOf("level"), ["most_patients", "delegated"]) == "delegated")
            mergers = mergers with { Level = MergedLevel.Delegated };
        var policy = ReadPolicy(top.Sub("policy"), horizon, checkedHorizon);
        var behaviour = ReadBehaviour(top.Sub("behaviour"), table);

        Calibration = top["calibration"] is null ? null : ReadCalibration(top.Sub("calibration"), behaviour, checkedHorizon);
        if (top["posterior"] is { } posterior) ReadPosterior(posterior);
        if (top["alternatives"] is { } alternatives) ReadAlternatives(alternatives);

        return new Scenario(
            name ?? "", description ?? "", horizon, population ?? new CcgPopulation([], [], []), assumptions, policy, behaviour, runs, seed)
        {
            Mergers = mergers,
        };
    }

    /// <summary>The structural alternatives the scenario declares (<c>alternatives:</c>), in file order.</summary>
    public IReadOnlyList<StructuralAlternative> Alternatives { get; private set; } = [];

    private void ReadAlternatives(YamlNode node)
    {
        if (NodeReader.IsNull(node)) return;
        if (reader.Mapping(node, "alternatives", "a mapping of alternative names to the settings each changes, e.g. pressure-at-window: { behaviour.pressure_timing: at_window }") is not { } mapping) return;
        var alternatives = new List<StructuralAlternative>();
        foreach (var (key, value) in mapping.Children)
        {
            if (reader.Name(key, "alternatives") is not { } name) continue;
            var path = $"alternatives.{name}";
            if (reader.Mapping(value, path, "a mapping of scenario keys to values, e.g. { behaviour.pressure_timing: at_window }") is not { } settings) continue;
            if (settings.Children.Count == 0)
            {
                reader.Error(value, $"'{path}' is empty; expected at least one scenario key the alternative sets");
                continue;
            }
            var texts = new List<string>();
            foreach (var (settingKey, settingValue) in settings.Children)
            {
                if (reader.Text(settingKey, path, "a scenario key such as behaviour.pressure_timing") is not { } keyText) continue;
                // Scalars only: a structural choice is a switch or a number; a lever's schedule belongs in a what-if file.
                if (settingValue is not YamlScalarNode { Value: { } valueText } || NodeReader.IsNull(settingValue) && valueText.Length == 0)
                {
                    reader.Error(settingValue, $"the value of '{path}.{keyText}' is {NodeReader.Kind(settingValue)}; expected a single value (a schedule belongs in a what-if scenario file)");
                    continue;
                }
                texts.Add($"{keyText}={valueText}");
            }
            alternatives.Add(new StructuralAlternative(name, texts, $"{reader.Origins.Of(key).File}:{key.Start.Line}"));
        }
        Alternatives = alternatives;
    }

    /// <summary>The attribute file the scenario named, as found; null when it names none.</summary>
    public string? AttributeFile { get; private set; }

    /// <summary>The per-CCG record file and covariates file the scenario named, as found; null when it names none.</summary>
    public string? RecordFile { get; private set; }

    public string? CovariateFile { get; private set; }

    /// <summary>The per-CCG record (<c>population.record</c>): its cells of the first April set where CCGs start; the
    /// later ones are observations for calibration and hindcast.</summary>
    public CcgLevelRecord? Record { get; private set; }

    /// <summary>The CCGs the record starts at a level count towards the start counts and the regional quotas, so
    /// they may not exceed them.</summary>
    private void CheckKnownStart(Section section, CcgPopulation? population, StartCounts start)
    {
        if (population is null || section["record"] is not { } node) return;
        var known = population.Ccgs.Where(c => c.StartLevel is not null).ToArray();
        foreach (var (level, count) in new[] { (Levels.Joint, start.Level2), (Levels.Delegated, start.Level3) })
        {
            var n = known.Count(c => c.StartLevel == level);
            if (n > count) reader.Error(node, $"the record starts {n} CCGs at level {level}, more than the {count} of '{section.PathOf("start")}'; expected start counts that include the CCGs the record places");
        }
        foreach (var (region, quota) in start.Level3ByRegion ?? new Dictionary<string, int>())
        {
            var r = population.Regions.ToList().IndexOf(region);
            var n = known.Count(c => c.Region == r && c.StartLevel == Levels.Delegated);
            if (n > quota) reader.Error(node, $"the record starts {n} CCGs of {region} delegated, more than its quota of {quota} in '{section.PathOf("level3_by_region")}'; expected quotas that include the CCGs the record places");
        }
    }

    /// <summary>A CSV file a population key names, relative to the file naming it; null (the problem recorded) when it cannot be used.</summary>
    private string? DataFile(Section section, string key, string what)
    {
        if (section[key] is not { } node || NodeReader.IsNull(node)) return null;
        if (reader.Text(node, section.PathOf(key), $"the path of {what}") is not { } relative) return null;
        var path = Path.Combine(reader.Origins.Of(node).Directory, relative);
        if (File.Exists(path)) return path;
        reader.Error(node, $"{InputText.Quote(relative)} not found (looked for {Path.GetFullPath(path)}); expected {what}, relative to the folder of the file that names it");
        return null;
    }

    /// <summary><c>population.covariates</c>: a stated LMC stance or an assurance rating per CCG (see
    /// <see cref="CcgCovariateCsv"/>) put on the records.</summary>
    private CcgPopulation? ReadCovariates(Section section, CcgPopulation? population) =>
        ApplyFile(section, population, "covariates", "a CSV of per-CCG covariates", path => CovariateFile = path, CcgCovariateCsv.Apply);

    /// <summary><c>population.attributes</c>: per-CCG public data (see <see cref="CcgAttributeCsv"/>) put on the records.</summary>
    private CcgPopulation? ReadAttributes(Section section, CcgPopulation? population) =>
        ApplyFile(section, population, "attributes", "a CSV of CCG attributes", path => AttributeFile = path, CcgAttributeCsv.Apply);

    /// <summary>The per-CCG file a key names, applied to the population; its errors join the scenario's.</summary>
    private CcgPopulation? ApplyFile(Section section, CcgPopulation? population, string key, string what, Action<string> read,
        Func<string, CcgPopulation, CcgPopulation> apply)
    {
        if (population is null || DataFile(section, key, what) is not { } path) return population;
        read(path);
        try
        {
            return apply(path, population);
        }
        catch (ScenarioException e)
        {
            reader.Errors.AddRange(e.Errors);
            return population;
        }
    }

    /// <summary><c>population.record</c>: each CCG whose level the record gives for the April the horizon starts in
    /// starts there.</summary>
    private CcgPopulation? ReadRecord(Section section, CcgPopulation? population, Horizon horizon)
    {
        if (population is null || DataFile(section, "record", "a CSV of the per-CCG record") is not { } path) return population;
        RecordFile = path;
        try
        {
            Record = CcgRecordCsv.Read(path, population);
        }
        catch (ScenarioException e)
        {
            reader.Errors.AddRange(e.Errors);
            return population;
        }
        if (horizon.Start.Number != 1) return population;
        var start = Record.In(horizon.Start.Year).ToDictionary(c => c.Ccg, c => c.Level);
        return population with { Ccgs = population.Ccgs.Select((c, i) => start.TryGetValue(i, out var level) ? c with { StartLevel = level } : c).ToArray() };
    }


    /// <summary>
    /// <c>population.mergers</c>: a successor mapping (<c>file</c>, see <see cref="MergerCsv"/>) or published counts to
    /// merge to within footprints (<c>counts</c>); <c>enabled: false</c> switches either off.
    /// </summary>
    private MergerSchedule ReadMergers(Section section, CcgPopulation? population, Horizon? horizon)
    {
        if (section.Mapping is null || population is null) return MergerSchedule.None;
        var enabled = section.Bool("enabled", true);
        var file = section["file"];
        var counts = section["counts"];
        if (file is not null && counts is not null)
        {
            reader.Error(counts, $"'{section.PathOf("file")}' and '{section.PathOf("counts")}' are both given; expected one of them");
            return MergerSchedule.None;
        }
        if (file is not null)
        {
            if (reader.Text(file, section.PathOf("file"), "the path of a CSV of CCG successor codes") is not { } relative) return MergerSchedule.None;
            var path = Path.Combine(reader.Origins.Of(file).Directory, relative);
            if (!File.Exists(path))
            {
                reader.Error(file, $"merger file '{relative}' not found (looked for {Path.GetFullPath(path)}); expected a CSV path relative to the folder of the file that names it");
                return MergerSchedule.None;
            }
            MergerFile = path;
            try
            {
                return enabled ? MergerCsv.Load(path, population) : MergerSchedule.None;
            }
            catch (ScenarioException e)
            {
                reader.Errors.AddRange(e.Errors);
                return MergerSchedule.None;
            }
        }
        if (counts is null)
        {
            if (enabled) reader.Error(section.Anchor, $"'{section.Path}' gives neither 'file' nor 'counts'; expected a successor mapping file or a list of {{ at: QUARTER, ccgs: COUNT }}");
            return MergerSchedule.None;
        }
        const string expected = "a list of points like { at: 2017Q1, ccgs: 207 }";
        if (reader.Sequence(counts, section.PathOf("counts"), expected) is not { } sequence) return MergerSchedule.None;
        var targets = new List<(Quarter, int)>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = section.Open(sequence.Children[i], $"{section.PathOf("counts")}.{i}", "at", "ccgs");
            var at = item.RequiredQuarter("at", horizon);
            var ccgs = item.RequiredInteger("ccgs", 1, population.Count);
            if (at is null || ccgs is null) continue;
            if (targets.Count > 0 && (at.Value.Ordinal <= targets[^1].Item1.Ordinal || ccgs > targets[^1].Item2))
            {
                reader.Error(item.At("at"), $"{at}: {ccgs} CCGs does not follow {targets[^1].Item1}: {targets[^1].Item2} in '{item.Path}'; expected later quarters with no more CCGs");
                continue;
            }
            targets.Add((at.Value, ccgs.Value));
        }
        return enabled ? MergerSchedule.ToCounts(population, targets) : MergerSchedule.None;
    }

    /// <summary>The scenario's <c>calibration</c> section, when it has one.</summary>
    public CalibrationSettings? Calibration { get; private set; }

    /// <summary>The posterior file the scenario names (<c>posterior: FILE</c>, relative to the file naming it), as found.</summary>
    public string? PosteriorFile { get; private set; }

    private void ReadPosterior(YamlNode node)
    {
        if (NodeReader.IsNull(node)) return;
        if (reader.Text(node, "posterior", "the path of a posterior CSV written by calibrate (posterior.csv)") is not { } relative) return;
        var path = Path.Combine(reader.Origins.Of(node).Directory, relative);
        if (!File.Exists(path))
        {
            reader.Error(node, $"posterior file {InputText.Quote(relative)} not found (looked for {Path.GetFullPath(path)}); expected a posterior.csv written by calibrate, relative to the folder of the file that names it");
            return;
        }
        PosteriorFile = path;
    }

    private CalibrationSettings? ReadCalibration(Section section, BehaviourCoefficients behaviour, Horizon? horizon)
    {
        var free = new List<FreeCoefficient>();
        if (section.Require("free", "a mapping of behaviour coefficients to { min, max }") is { } freeNode
            && reader.Mapping(freeNode, section.PathOf("free"), "a mapping of behaviour coefficients to { min, max }") is { } mapping)
        {
            foreach (var (key, bounds) in mapping.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                var index = table.IndexOf(name);
                var path = $"{section.PathOf("free")}.{name}";
                if (index < 0)
                {
                    reader.Error(key, $"unknown behaviour coefficient '{name}' in '{section.PathOf("free")}'; expected one of: {string.Join(", ", table.Names)}");
                    continue;
                }
                var range = section.Open(bounds, path, "min", "max");
                UncertainValue? prior = null;
                if (range["min"] is null && range["max"] is null && range.Mapping is not null && behaviour[index].PlausibleRange is { } plausible)
                {
                    // No range stated: the prior is the coefficient's own distribution, bounded for the point fit by its plausible range.
                    prior = behaviour[index];
                    free.Add(new FreeCoefficient(name, index, plausible.Lower, plausible.Upper, behaviour[index].Mean, prior));
                    continue;
                }
                var (min, max) = (range.RequiredNumber("min", Bounds.Any), range.RequiredNumber("max", Bounds.Any));
                if (min is null || max is null) continue;
                if (!(min < max))
                {
                    reader.Error(bounds, $"the bounds of '{path}' are {min} to {max}; expected min < max");
                    continue;
                }
                // A point fit starts from the scenario's value when it lies inside the bounds, else from their middle: a
                // what-if that sets the coefficient at or beyond a bound (pressure 0) is still a scenario to run.
                var start = behaviour[index].Mean;
                if (!(min < start && start < max)) start = (min.Value + max.Value) / 2;
                free.Add(new FreeCoefficient(name, index, min.Value, max.Value, start));
            }
            if (mapping.Children.Count == 0) reader.Error(freeNode, $"'{section.PathOf("free")}' is empty; expected at least one behaviour coefficient to fit");
        }
        var method = section["method"] is { } methodNode ? reader.Text(methodNode, section.PathOf("method"), "abc or point") : "abc";
        if (method is not null and not "abc" and not "point") reader.Error(section.At("method"), $"'{method}' is not a calibration method; expected abc or point");
        var population = section.Integer("population", 300, 2, 100_000);
        return new CalibrationSettings(free, section.Integer("runs", 200, 1, InputLimits.MaxCalibrationRuns),
            section.Integer("max_evaluations", 200, 1, 100_000),
            section.Number("tolerance", 0.001, Bounds.Positive))
        {
            Cutoff = section["cutoff"] is { } cutoff && !NodeReader.IsNull(cutoff) ? reader.Quarter(cutoff, section.PathOf("cutoff"), horizon) : null,
            Method = method ?? "abc",
            Population = population,
            Generations = section.Integer("generations", 8, 1, 100),
            MaxSimulations = section.Integer("max_simulations", 12_000, population, 10_000_000),
            MinAcceptance = section.Number("min_acceptance", 0.02, Bounds.Between(0, 0.99)),
            PilotPoints = section.Integer("pilot_points", 10, 2, 1000),
            PilotRuns = section.Integer("pilot_runs", 20, 2, 10_000),
            LastStructureChange = ReadStructureChange(section.Sub("structure_last_changed")),
        };
    }

    private StructureChange? ReadStructureChange(Section section)
    {
        if (section.Mapping is null) return null;
        var on = section.Require("on", "the date of the change, e.g. 2026-12-07") is { } node ? reader.Text(node, section.PathOf("on"), "a date such as 2026-12-07") : null;
        if (on is not null && !DateOnly.TryParseExact(on, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            reader.Error(section.At("on"), $"{InputText.Quote(on)} is not a date; expected yyyy-mm-dd, e.g. 2026-12-07");
        var quarters = new List<Quarter>();
        if (section.Require("observations_in_view", "the quarters of the observations in view, e.g. [2016Q1, 2017Q1]") is { } list
            && reader.Sequence(list, section.PathOf("observations_in_view"), "a list of quarters, e.g. [2016Q1, 2017Q1]") is { } sequence)
        {
            foreach (var item in sequence.Children)
            {
                if (reader.Quarter(item, section.PathOf("observations_in_view"), null) is { } q) quarters.Add(q);
            }
        }
        return on is null ? null : new StructureChange(on, quarters);
    }

    private Horizon ReadHorizon(Section section)
    {
        var start = section["start"] is { } node ? reader.Quarter(node, section.PathOf("start"), within: null) : null;
        return new Horizon(start ?? Horizon.Default.Start, section.Integer("quarters", Horizon.Default.Quarters, 2, 400));
    }

    private CcgPopulation? ReadPopulation(Section section, ulong seed)
    {
        var ccgs = section["ccgs"];
        if (ccgs is not null && section["synthetic"] is { } synthetic)
        {
            reader.Error(synthetic, "'population.ccgs' and 'population.synthetic' are both given; expected one of them, or neither for the bundled CCG list");
            return null;
        }
        if (section["synthetic"] is not null) return ReadSynthetic(section.Sub("synthetic"), seed);

        var path = bundledCcgCsvPath;
        if (ccgs is not null)
        {
            if (reader.Text(ccgs, "population.ccgs", "the path of a CSV of CCGs") is not { } relative) return null;
            path = Path.Combine(reader.Origins.Of(ccgs).Directory, relative);
            if (!File.Exists(path))
            {
                reader.Error(ccgs, $"CCG file '{relative}' not found (looked for {Path.GetFullPath(path)}); expected a CSV path relative to the folder of the file that names it");
                return null;
            }
            CcgFile = path;
        }
        try
        {
            return CcgCsv.Load(path);
        }
        catch (ScenarioException e)
        {
            reader.Errors.AddRange(e.Errors);
            return null;
        }
    }

    private static CcgPopulation? ReadSynthetic(Section section, ulong seed)
    {
        var count = section.RequiredInteger("count", 1, InputLimits.MaxCcgs);
        if (count is null) return null;
        var regions = section.RequiredInteger("regions", 1, Math.Min(count.Value, InputLimits.MaxRegions));
        if (regions is null) return null;
        var footprints = section.RequiredInteger("footprints", regions.Value, count.Value);
        return footprints is null ? null : CcgPopulation.Synthetic(count.Value, regions.Value, footprints.Value, seed);
    }

    private PopulationAssumptions ReadAssumptions(Section section, CcgPopulation? population)
    {
        var f = section.Sub("finance");
        var fd = FinanceAssumptions.Default;
        var finance = new FinanceAssumptions(
            f.Number("mean", fd.Mean, Bounds.Of("population.finance.mean")),
            f.Number("sd", fd.Sd, Bounds.Of("population.finance.sd")),
            f.Number("reversion", fd.Reversion, Bounds.Of("population.finance.reversion")),
            f.Number("shock_sd", fd.ShockSd, Bounds.Of("population.finance.shock_sd")),
            f.Number("special_measures_below", fd.SpecialMeasuresBelow, Bounds.Any),
            f.Number("special_measures_exit_above", fd.SpecialMeasuresExitAbove, Bounds.Any));
        if (finance.SpecialMeasuresExitAbove < finance.SpecialMeasuresBelow)
        {
            reader.Error(f.At("special_measures_exit_above"),
                $"special_measures_exit_above ({finance.SpecialMeasuresExitAbove}) is below special_measures_below ({finance.SpecialMeasuresBelow}) in '{f.Path}'; expected exit_above >= below");
        }

        var c = section.Sub("capacity");
        var cd = CapacityAssumptions.Default;
        var capacity = new CapacityAssumptions(
            c.Number("mean", cd.Mean, Bounds.Of("population.capacity.mean")),
            c.Number("sd", cd.Sd, Bounds.Of("population.capacity.sd")),
            c.Number("recovery", cd.Recovery, Bounds.Of("population.capacity.recovery")),
            c.Number("joint_load", cd.JointLoad, Bounds.Unit),
            c.Number("delegated_load", cd.DelegatedLoad, Bounds.Unit));

        var l = section.Sub("lmc");
        var ld = LmcAssumptions.Default;
        var lmc = new LmcAssumptions(
            l.Number("supportive", ld.Supportive, Bounds.Probability),
            l.Number("neutral", ld.Neutral, Bounds.Probability),
            l.Number("opposed", ld.Opposed, Bounds.Probability),
            l.Number("soften_rate", ld.SoftenRate, Bounds.Of("population.lmc.soften_rate")));
        var stances = lmc.Supportive + lmc.Neutral + lmc.Opposed;
        if (Math.Abs(stances - 1) > 1e-6)
        {
            reader.Error(l.Anchor, $"the stance probabilities in '{l.Path}' sum to {stances:0.######}; expected supportive + neutral + opposed = 1");
        }

        var k = section.Sub("conflict");
        var conflict = new ConflictAssumptions(
            k.Number("mean", ConflictAssumptions.Default.Mean, Bounds.Of("population.conflict.mean")),
            k.Number("sd", ConflictAssumptions.Default.Sd, Bounds.Of("population.conflict.sd")));

        return new PopulationAssumptions(ReadStart(section, population), finance, capacity, lmc, conflict);
    }

    private StartCounts ReadStart(Section section, CcgPopulation? population)
    {
        var s = section.Sub("start");
        if (s.Mapping is null) return new StartCounts(population?.Count ?? 0, 0, 0, ReadLevel3ByRegion(section, population, 0));

        var level1 = s.RequiredInteger("level1", 0);
        var level2 = s.RequiredInteger("level2", 0);
        var level3 = s.RequiredInteger("level3", 0);
        var start = new StartCounts(level1 ?? 0, level2 ?? 0, level3 ?? 0, ReadLevel3ByRegion(section, population, level3));
        if (level1 is not null && level2 is not null && level3 is not null && population is not null && start.Total != population.Count)
        {
            reader.Error(s.Anchor,
                $"the start counts sum to {start.Total} but the population has {population.Count} CCGs; expected level1 + level2 + level3 = {population.Count}");
        }
        return start;
    }

    /// <param name="level3">The national delegated count the regional ones must add up to, when known.</param>
    private Dictionary<string, int>? ReadLevel3ByRegion(Section section, CcgPopulation? population, int? level3)
    {
        if (section["level3_by_region"] is not { } node) return null;
        const string path = "population.level3_by_region";
        if (reader.Mapping(node, path, "a mapping of region name to delegated count") is not { } mapping) return null;

        var byRegion = new Dictionary<string, int>();
        var complete = population is not null;
        foreach (var (key, value) in mapping.Children)
        {
            if (reader.Text(key, path, "a region name") is not { } region)
            {
                complete = false;
                continue;
            }
            var max = int.MaxValue;
            if (population is not null)
            {
                var index = population.Regions.ToList().IndexOf(region);
                if (index < 0)
                {
                    reader.Error(key, $"unknown region '{region}' in '{path}'; expected one of: {string.Join(", ", population.Regions)}");
                    complete = false;
                    continue;
                }
                max = population.RegionSizes()[index];
            }
            if (reader.Integer(value, $"{path}.{region}", 0, max) is { } count) byRegion[region] = count;
            else complete = false;
        }
        var sum = byRegion.Values.Sum();
        if (complete && level3 is not null && sum != level3)
        {
            reader.Error(node, $"'{path}' sums to {sum} but start.level3 is {level3}; expected the regional counts to add up to start.level3");
        }
        return byRegion;
    }

    private NhsePressurePolicy ReadPolicy(Section section, Horizon horizon, Horizon? checkedHorizon)
    {
        var mandate = section["mandate"] is { } node && !NodeReader.IsNull(node)
            ? reader.Quarter(node, section.PathOf("mandate"), checkedHorizon)
            : null;
        var eligibility = section.Sub("eligibility");
        var barUntil = eligibility["special_measures_bar_until"] is { } until && !NodeReader.IsNull(until)
            ? reader.Quarter(until, eligibility.PathOf("special_measures_bar_until"), checkedHorizon)
            : null;
        return new NhsePressurePolicy(
            ReadSchedule(section, "pressure", Bounds.Of("policy.pressure"), checkedHorizon),
            ReadWindows(section, horizon, checkedHorizon),
            eligibility.Bool("special_measures_may_delegate", false),
            ReadSchedule(section, "support", Bounds.Of("policy.support"), checkedHorizon),
            ReadSchedule(section, "running_cost_change", Bounds.Of("policy.running_cost_change"), checkedHorizon),
            ReadSchedule(section, "risk_sharing", Bounds.Of("policy.risk_sharing"), checkedHorizon),
            mandate)
        {
            Approval = ReadSchedule(section, "approval", Bounds.Of("policy.approval"), checkedHorizon, initial: 1),
            SpecialMeasuresMayJoin = eligibility.Bool("special_measures_may_join", false),
            SpecialMeasuresBarUntil = barUntil,
        };
    }

    /// <param name="initial">The lever's value when the key is absent, and before its first point.</param>
    private Schedule ReadSchedule(Section section, string key, Bounds bounds, Horizon? horizon, double initial = 0)
    {
        var node = section[key];
        var path = section.PathOf(key);
        if (node is null) return Schedule.Constant(initial);
        if (node is YamlScalarNode) return Schedule.Constant(reader.Number(node, path, bounds) ?? initial);
        if (reader.Sequence(node, path, SchedulePoints) is not { } sequence) return Schedule.Constant(initial);

        var points = new List<SchedulePoint>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = section.Open(sequence.Children[i], $"{path}.{i}", "at", "value", "ramp");
            var at = item.RequiredQuarter("at", horizon);
            var value = item.RequiredNumber("value", bounds);
            var ramp = item.Bool("ramp", false);
            if (at is null || value is null) continue;
            if (points.Count > 0 && at.Value.Ordinal <= points[^1].At.Ordinal)
            {
                reader.Error(item.At("at"), $"{at} does not come after {points[^1].At} in '{path}'; expected the points' quarters in increasing order");
                continue;
            }
            points.Add(new SchedulePoint(at.Value, value.Value, ramp));
        }
        return new Schedule(points, Initial: initial);
    }

    private List<ApplicationWindow> ReadWindows(Section section, Horizon horizon, Horizon? checkedHorizon)
    {
        // 2015-2017: apply in the autumn for the following April, every year.
        if (section["application_windows"] is not { } node) return [new ApplicationWindow(horizon.Start.Plus(2), horizon.Start.Plus(4), RepeatYearly: true)];

        var path = section.PathOf("application_windows");
        var windows = new List<ApplicationWindow>();
        if (reader.Sequence(node, path, "a list of windows like { apply: 2015Q3, effective: 2016Q1, repeat_yearly: false }") is not { } sequence) return windows;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = section.Open(sequence.Children[i], $"{path}.{i}", "apply", "effective", "repeat_yearly");
            var apply = item.RequiredQuarter("apply", checkedHorizon);
            var effective = item.RequiredQuarter("effective", within: null);
            var repeat = item.Bool("repeat_yearly", false);
            if (apply is null || effective is null) continue;
            if (effective.Value.Ordinal < apply.Value.Ordinal)
            {
                reader.Error(item.At("effective"), $"{effective} is before the application quarter {apply} in '{item.Path}'; expected effective >= apply");
            }
            else if (checkedHorizon is not null && effective.Value.Ordinal > checkedHorizon.Last.Ordinal)
            {
                reader.Error(item.At("effective"), $"{effective} is after the horizon's last quarter in '{item.Path}.effective'; expected a quarter from {apply} to {checkedHorizon.Last}");
            }
            else
            {
                windows.Add(new ApplicationWindow(apply.Value, effective.Value, repeat));
            }
        }
        return windows;
    }

    /// <summary>Reads every coefficient of <paramref name="table"/> by its name, so a coefficient added to the table
    /// is read with no change here.</summary>
    private BehaviourCoefficients ReadBehaviour(Section section, CoefficientTable table)
    {
        var d = BehaviourCoefficients.For(table);
        var groups = table.Names.Where(n => n.Contains('.')).Select(n => n.Split('.')[0]).Distinct().ToDictionary(group => group, section.Sub);
        var values = table.Specs.Select(spec =>
        {
            var parts = spec.Name.Split('.', 2);
            return parts.Length == 2 ? Coefficient(groups[parts[0]], parts[1], spec.Default) : Coefficient(section, spec.Name, spec.Default);
        }).ToArray();
        var scope = section["peer_scope"] is { } node ? reader.Choice(node, section.PathOf("peer_scope"), ["national", "region", "footprint"]) : null;
        return d with
        {
            Values = values,
            PeerScope = scope switch
            {
                "national" => PeerScope.National,
                "region" => PeerScope.Region,
                "footprint" => PeerScope.Footprint,
                _ => d.PeerScope,
            },
            HandBackEnabled = section.Bool("hand_back", d.HandBackEnabled),
            PressureTiming = section["pressure_timing"] is { } timing && reader.Choice(timing, section.PathOf("pressure_timing"), ["accumulated", "at_window"]) == "at_window"
                ? PressureTiming.AtWindow : PressureTiming.Accumulated,
        };
    }

    private UncertainValue Coefficient(Section section, string key, UncertainValue fallback)
    {
        var node = section[key];
        var path = section.PathOf(key);
        if (node is null) return fallback;
        if (node is YamlScalarNode) return reader.Number(node, path, Bounds.Any) is { } value ? UncertainValue.Fixed(value) : fallback;
        if (reader.Mapping(node, path, Distributions) is not { } mapping) return fallback;

        // The distribution decides which other keys are allowed, so it is read before the keys are checked.
        var distNode = mapping.Children.FirstOrDefault(entry => entry.Key is YamlScalarNode { Value: "dist" }).Value;
        if (distNode is null)
        {
            reader.Error(mapping, $"missing key 'dist' in '{path}'; expected one of: normal, uniform, triangular");
            return fallback;
        }
        switch (reader.Choice(distNode, $"{path}.dist", ["normal", "uniform", "triangular"]))
        {
            case "normal":
                {
                    var d = section.Open(mapping, path, "dist", "mean", "sd");
                    var (mean, sd) = (d.RequiredNumber("mean", Bounds.Any), d.RequiredNumber("sd", Bounds.Positive));
                    return mean is null || sd is null ? fallback : UncertainValue.Normal(mean.Value, sd.Value);
                }
            case "uniform":
                {
                    var d = section.Open(mapping, path, "dist", "min", "max");
                    var (min, max) = (d.RequiredNumber("min", Bounds.Any), d.RequiredNumber("max", Bounds.Any));
                    if (min is null || max is null) return fallback;
                    if (min < max) return UncertainValue.Uniform(min.Value, max.Value);
                    reader.Error(d.At("max"), $"max ({max}) is not above min ({min}) in '{path}'; expected min < max");
                    return fallback;
                }
            case "triangular":
                {
                    var d = section.Open(mapping, path, "dist", "min", "mode", "max");
                    var (min, mode, max) = (d.RequiredNumber("min", Bounds.Any), d.RequiredNumber("mode", Bounds.Any), d.RequiredNumber("max", Bounds.Any));
                    if (min is null || mode is null || max is null) return fallback;
                    if (min <= mode && mode <= max && min < max) return UncertainValue.Triangular(min.Value, mode.Value, max.Value);
                    reader.Error(d.At("mode"), $"min {min}, mode {mode}, max {max} in '{path}' are not in order; expected min <= mode <= max and min < max");
                    return fallback;
                }
            default:
                return fallback;
        }
    }
}
