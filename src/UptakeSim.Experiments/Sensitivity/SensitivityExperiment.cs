using System.Diagnostics;
using System.Globalization;
using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Reports;
using UptakeSim.Runner;

namespace UptakeSim.Experiments.Sensitivity;

/// <summary>
/// The Saltelli design of a sensitivity analysis and how each of its points becomes replications: the coefficient row
/// (centred, see <see cref="Coefficients"/>) and the scenario (levers and population assumptions applied).
/// </summary>
public sealed record SensitivityPlan(Scenario Scenario, IReadOnlyList<SensitivityInput> Inputs, SaltelliDesign Design, int Repeats, string By, int ByIndex)
{
    /// <summary>Each driver's reference level: a coefficient that moves away from the scenario's value shifts the
    /// intercepts so the rate at this level stays as calibrated (<see cref="DriverReference"/>).</summary>
    public double[] Reference { get; } = DriverReference.Of(Scenario);

    public int PointsPerRow => Inputs.Count + 2;

    public long Replications => (long)Design.Evaluations * Repeats;

    /// <summary>The share outcome's key in sensitivity.csv and its name in words, both dated: the CCGs delegated, as a
    /// share of those then existing, on the day <see cref="By"/> starts (counts are the state at a quarter's start).</summary>
    public (string Key, string Description) ShareOutcome =>
        ($"share_delegated_{Scenario.Horizon[ByIndex].ToString().ToLowerInvariant()}", $"share of CCGs delegated on {Day(Scenario.Horizon[ByIndex])}");

    /// <summary>The milestone outcome's key and name: quarters counted from the horizon's first, 0 when it starts at 90%.</summary>
    public (string Key, string Description) MilestoneOutcome =>
        ($"quarters_from_{Scenario.Horizon.Start.ToString().ToLowerInvariant()}_to_90pct", $"quarters from {Day(Scenario.Horizon.Start)} to 90% of CCGs delegated");

    /// <summary>How the runs that never reached 90% were counted, in words.</summary>
    public string CensoredNote(int censored, long replications) =>
        $"{censored} of {replications} replications never reached 90% delegated by {Day(Scenario.Horizon.Last)} (the horizon's last quarter) and count as {Scenario.Horizon.Quarters} quarters";

    /// <summary>The day a quarter starts, as people write it: 1 April 2017 for 2017Q1.</summary>
    private static string Day(Quarter quarter) => quarter.Start.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Whether a lever or population assumption varies, so every design point needs its own scenario.</summary>
    public bool ScenarioPerPoint => Inputs.Any(i => i is ScenarioInput);

    /// <summary>
    /// The full coefficient row of a design point: the analysed coefficients from the point, the rest at the
    /// scenario's means; then, for every analysed slope, each intercept of the moves it acts on is moved by
    /// -(slope - scenario's slope) x the driver's reference level, so the rate of a CCG at the reference stays the
    /// calibrated one and the slope changes only how CCGs away from it differ.
    /// </summary>
    public double[] Coefficients(double[] values)
    {
        var table = CoefficientTable.Model;
        var row = Enumerable.Range(0, table.Count).Select(k => Scenario.Behaviour[k].Mean).ToArray();
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i] is CoefficientInput c) row[c.Index] = values[i];
            if (Inputs[i] is PosteriorInput p)
            {
                var particle = p.Posterior.ParticleAt(values[i]);
                for (var j = 0; j < p.Indices.Count; j++) row[p.Indices[j]] = particle.Parameters[j];
            }
        }
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i] is not CoefficientInput c || table.Specs[c.Index].Driver is var driver && driver == Driver.One) continue;
            var shift = (values[i] - Scenario.Behaviour[c.Index].Mean) * Reference[(int)driver];
            foreach (var intercept in DriverReference.InterceptsOf(table.Specs[c.Index].Acts)) row[intercept] -= shift;
        }
        return row;
    }

    /// <summary>The scenario of a design point: its levers and population assumptions set.</summary>
    public Scenario ScenarioAt(double[] values)
    {
        var scenario = Scenario;
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i] is ScenarioInput s) scenario = s.Setting.Set(scenario, values[i]);
        }
        return scenario;
    }
}

/// <summary>Where a sensitivity analysis holds a driver when a slope moves (docs: README, "sensitivity").</summary>
public static class DriverReference
{
    /// <summary>A year at joint before delegating, as the CCGs joint in April 2015 that delegated in April 2016 (assumption).</summary>
    public const double QuartersAtJoint = 4;

    /// <summary>
    /// Reference level per <see cref="Driver"/>: the population's mean for the CCG attributes (finance, capacity,
    /// conflict; LMC stance supportive minus opposed share; deprivation is standardised, so 0), NHSE pressure averaged
    /// over the horizon, the share delegated at the start for the peer term, and log(1 + a year) at joint.
    /// </summary>
    public static double[] Of(Scenario s)
    {
        var x = new double[Enum.GetValues<Driver>().Length];
        x[(int)Driver.One] = 1;
        x[(int)Driver.Pressure] = s.Policy.Compile(s.Horizon).Pressure.Average();
        x[(int)Driver.Finance] = s.Assumptions.Finance.Mean;
        x[(int)Driver.Lmc] = s.Assumptions.Lmc.Supportive - s.Assumptions.Lmc.Opposed;
        x[(int)Driver.Capacity] = s.Assumptions.Capacity.Mean;
        x[(int)Driver.Conflict] = s.Assumptions.Conflict.Mean;
        x[(int)Driver.PeerShareDelegated] = (double)s.Assumptions.Start.Level3 / s.Assumptions.Start.Total;
        x[(int)Driver.ExperienceAtJoint] = Math.Log(1 + QuartersAtJoint);
        x[(int)Driver.Deprivation] = 0;
        return x;
    }

    /// <summary>The indices of the intercepts of the moves in <paramref name="moves"/>.</summary>
    public static IEnumerable<int> InterceptsOf(Moves moves) =>
        CoefficientTable.Model.Specs.Select((s, i) => (s, i)).Where(x => x.s.Driver == Driver.One && moves.HasFlag(x.s.Acts)).Select(x => x.i);
}

/// <summary>What a sensitivity analysis found; partial when stopped, over the design samples that completed.</summary>
public sealed record SensitivityResult(SensitivityPlan Plan, int SamplesAnalysed, long Replications, int Censored, IReadOnlyList<SensitivityOutcome> Outcomes, bool Partial);

/// <summary>
/// Which uncertain inputs drive the answer: Sobol first-order and total indices (Saltelli design, SALib's estimators)
/// of two outcomes, the share of CCGs delegated on the first day of a given quarter and the quarters from the horizon's
/// start until 90% were first delegated.
/// Each input is sampled through its own distribution (inverse CDF). Every point of design row k is simulated as
/// replications k x repeats .. k x repeats + repeats - 1, so all points of a row share their random numbers (common
/// random numbers): an input the outcome does not depend on gets a total index of exactly 0.
/// </summary>
public static class SensitivityExperiment
{
    /// <summary>At most this many replications in one analysis (a 32-bit replication index, with room to spare).</summary>
    public const long MaxReplications = 100_000_000;

    /// <summary>The scenario's uncertain coefficients through their own distributions (those a <paramref name="posterior"/>
    /// estimates through it, as one input), then <paramref name="ranges"/> (adding or replacing, coefficients, levers or
    /// population assumptions); every problem reported together.</summary>
    public static SensitivityPlan Prepare(Scenario scenario, int samples, int repeats, string? by, IReadOnlyList<string> ranges, string source, PosteriorInput? posterior = null)
    {
        // Every design point sets the coefficients itself (a posterior is one input of the design), so the scenario's
        // own particles must not overwrite them.
        scenario = scenario with { Behaviour = scenario.Behaviour with { Particles = null } };
        var problems = new List<string>();
        var inputs = SensitivityInputs.Resolve(scenario, ranges, problems, posterior);
        var horizon = scenario.Horizon;
        by ??= horizon.Start.Plus(Math.Min(8, horizon.Quarters - 1)).ToString();
        var byIndex = Quarter.TryParse(by, out var q) ? horizon.IndexOf(q) : -1;
        if (byIndex < 0) problems.Add($"--by: '{by}' is not a quarter of the horizon; expected a quarter from {horizon.Start} to {horizon.Last}");
        var replications = (long)samples * (inputs.Count + 2) * repeats;
        if (replications > MaxReplications)
            problems.Add($"--samples {samples} x {inputs.Count + 2} points x --repeats {repeats}: {replications:N0} replications; expected at most {MaxReplications:N0}");
        if (inputs.Count == 0 && problems.Count == 0)
            problems.Add($"{source}: no uncertain inputs to analyse; expected some behaviour coefficients given as distributions, or --range {SensitivityInputs.Forms} (names: {string.Join(", ", SensitivityInputs.Names)})");
        if (problems.Count > 0) throw new InputException(problems);
        var design = SaltelliDesign.Create(inputs.Select(i => i.Parameter).ToArray(), samples);
        return new SensitivityPlan(scenario, inputs, design, repeats, by, byIndex);
    }

    /// <summary>Replications of design points of one slot (A, AB_i or B), simulated with one setup.</summary>
    private sealed record Item(int Slot, Batch Batch, Lazy<SimulationSetup> Setup)
    {
        public override string ToString() => $"{BatchDescription.Of(Batch)} at design slot {Slot}";
    }

    public static async Task<SensitivityResult> RunAsync(
        IReplicationEngine engine, SensitivityPlan plan, int? batchSize = null, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= SilentObserver.Instance;
        var (n, points, repeats) = (plan.Design.Samples, plan.PointsPerRow, plan.Repeats);
        var total = (int)plan.Replications;
        var shareBy = new double[total];
        var quarter90 = new double[total];
        var done = new bool[total];
        var points0 = plan.Design.Points().ToArray();
        SimulationSetup SetupOf(Scenario scenario, IReadOnlyList<double[]> rows) =>
            new(scenario with { Behaviour = scenario.Behaviour with { Design = new CoefficientDesign(rows, repeats) }, Runs = rows.Count * repeats });

        // Without a lever or assumption varied, each slot (A, AB_i, B) runs over all rows with one setup; otherwise
        // each point is its own scenario, run as the replications of its row only.
        IEnumerable<Item> Items()
        {
            if (!plan.ScenarioPerPoint)
            {
                var slots = Enumerable.Range(0, points)
                    .Select(slot => new Lazy<SimulationSetup>(() => SetupOf(plan.Scenario, Enumerable.Range(0, n).Select(r => plan.Coefficients(points0[r * points + slot].Values)).ToArray())))
                    .ToArray();
                foreach (var batch in BatchPlan.Auto(n * repeats, Environment.ProcessorCount, batchSize).Batches())
                {
                    for (var slot = 0; slot < points; slot++) yield return new Item(slot, batch, slots[slot]);
                }
                yield break;
            }
            foreach (var point in points0)
            {
                var setup = new Lazy<SimulationSetup>(() => SetupOf(plan.ScenarioAt(point.Values), Enumerable.Repeat(plan.Coefficients(point.Values), point.Row + 1).ToArray()));
                yield return new Item(point.Slot, new Batch(point.Row * repeats, repeats), setup);
            }
        }

        var progressSetup = new SimulationSetup(plan.Scenario);
        var accumulator = new TrajectoryAccumulator(progressSetup);
        var clock = Stopwatch.StartNew();
        var completed = 0L;
        var partial = await Interrupted.Catch(() => BatchScheduler.RunAsync(Items(), engine.MaxConcurrentBatches,
            (item, ct) => MonteCarloRun.Timed(() => engine.RunBatchAsync(item.Setup.Value, item.Batch, ct), progressSetup.Ccgs),
            (item, batch) =>
            {
                for (var r = 0; r < batch.Replications; r++)
                {
                    var replication = batch.FirstReplication + r;
                    var index = ((replication / repeats) * points + item.Slot) * repeats + replication % repeats;
                    shareBy[index] = (double)batch.Count(r, plan.ByIndex, 0, Levels.Delegated) / batch.Existing(r, plan.ByIndex);
                    quarter90[index] = TrajectoryAccumulator.FirstQuarterReaching(batch, r, 0.9);
                    done[index] = true;
                }
                accumulator.Add(batch);
                completed += batch.Replications;
                observer.Progress(new RunProgress(completed, total, clock.Elapsed, accumulator));
                return ValueTask.CompletedTask;
            }, observer.Retry, cancellationToken), cancellationToken);

        // Batches complete in any order: a stopped analysis keeps the leading design rows whose every point is done.
        var perRow = points * repeats;
        var samples = partial ? Array.IndexOf(done, false) is var first and >= 0 ? first / perRow : n : n;
        if (samples < 2) return new SensitivityResult(plan, 0, 0, 0, [], partial);
        var design = plan.Design with { A = plan.Design.A[..samples], B = plan.Design.B[..samples], AB = plan.Design.AB.Select(m => m[..samples]).ToArray() };
        var replications = samples * perRow;
        SensitivityOutcome Outcome(string key, string description, double[] values) =>
            new(key, description, SobolAnalysis.RankByTotal(SobolAnalysis.Analyze(design, Average(values.AsSpan(0, replications), repeats))));
        return new SensitivityResult(plan, samples, replications, quarter90.AsSpan(0, replications).ToArray().Count(v => v >= progressSetup.Quarters),
        [
            Outcome(plan.ShareOutcome.Key, plan.ShareOutcome.Description, shareBy),
            Outcome(plan.MilestoneOutcome.Key, plan.MilestoneOutcome.Description, quarter90),
        ], partial);
    }

    private static double[] Average(ReadOnlySpan<double> perReplication, int repeats)
    {
        var means = new double[perReplication.Length / repeats];
        for (var p = 0; p < means.Length; p++)
        {
            var sum = 0.0;
            foreach (var v in perReplication.Slice(p * repeats, repeats)) sum += v;
            means[p] = sum / repeats;
        }
        return means;
    }
}
