namespace UptakeSim.Model;

/// <summary>
/// How NHS England's pressure reaches an application (docs/ODD.md, "Structural alternatives"): through every quarter's
/// rate since the last window (<see cref="Accumulated"/>: the pressure of each quarter weighs on that quarter's
/// share of the exposure), or only as it stands at the window (<see cref="AtWindow"/>: the whole exposure is weighted
/// by the pressure in force when CCGs decide). The record cannot tell them apart: pressure never fell.
/// </summary>
public enum PressureTiming
{
    Accumulated,
    AtWindow,
}

/// <summary>Where the peer term looks: the share delegated nationally, in the CCG's region, or in its footprint.</summary>
public enum PeerScope
{
    National,
    Region,
    Footprint,
}

/// <summary>The moves a CCG may apply for (docs/ODD.md, "Submodels: the decision").</summary>
[Flags]
public enum Moves
{
    None = 0,

    /// <summary>Level 1 to 2.</summary>
    Join = 1,

    /// <summary>Level 1 straight to 3 ("no point in joint").</summary>
    DelegateFromLevel1 = 2,

    /// <summary>Level 2 to 3 (after "testing the water").</summary>
    DelegateFromLevel2 = 4,

    /// <summary>Level 3 back to 2, only when the scenario enables it.</summary>
    HandBack = 8,

    Delegate = DelegateFromLevel1 | DelegateFromLevel2,
    Up = Join | Delegate,
}

/// <summary>
/// What a coefficient multiplies in a move's linear predictor. The values a CCG brings are computed in one place,
/// <see cref="DecisionRule.Drivers"/>.
/// </summary>
public enum Driver
{
    /// <summary>1: the coefficient is an intercept.</summary>
    One,

    /// <summary>NHS England's pressure lever this quarter.</summary>
    Pressure,

    /// <summary>Surplus (+) or deficit (-) in % of allocation; NHSE risk sharing scales a deficit down.</summary>
    Finance,

    /// <summary>LMC stance: -1 opposed, 0 neutral, +1 supportive.</summary>
    Lmc,

    /// <summary>Managerial capacity in [0, 1].</summary>
    Capacity,

    /// <summary>Perceived conflict-of-interest and reputational risk in [0, 1].</summary>
    Conflict,

    /// <summary>Share of the CCGs in the peer scope that were delegated at the end of the previous quarter.</summary>
    PeerShareDelegated,

    /// <summary>log(1 + quarters at joint); 0 away from Level 2.</summary>
    ExperienceAtJoint,

    /// <summary>Deprivation of the CCG's population (IMD 2015 average score, standardised across CCGs; 0 when unknown).</summary>
    Deprivation,

    /// <summary>The collective inclination of the CCG's footprint (its 2013 area team) in this replication: a standard
    /// normal drawn once per replication and footprint and shared by its CCGs, so their choices move together.</summary>
    Collective,
}

/// <summary>
/// One behaviour coefficient, declared once: its name (the key under <c>behaviour</c> in a scenario file and the
/// key of its random draw), its default, the driver it multiplies, the moves it acts on, and the direction the
/// evidence gives with where it comes from (docs/ODD.md, parameter table). Its index is its position in
/// <see cref="CoefficientTable"/>.
/// </summary>
public sealed record CoefficientSpec(string Name, UncertainValue Default, Driver Driver, Moves Acts, string Meaning);

/// <summary>
/// The behaviour coefficients of the model, in the order of a drawn coefficient row. Adding a coefficient is one
/// entry here: the scenario binder reads every entry by name, the decision rule sums every entry whose moves
/// include the move, and the scenario reference lists <see cref="ReferenceRows"/>.
/// </summary>
public sealed class CoefficientTable
{
    public CoefficientTable(IReadOnlyList<CoefficientSpec> specs)
    {
        Specs = specs;
        Names = specs.Select(s => s.Name).ToArray();
        if (Names.Distinct(StringComparer.Ordinal).Count() != Names.Length) throw new ArgumentException("coefficient names must be unique", nameof(specs));
        Terms = [.. new[] { Moves.Join, Moves.DelegateFromLevel1, Moves.DelegateFromLevel2, Moves.HandBack }
            .Select(move => specs.Select((s, i) => (s, i)).Where(x => x.s.Acts.HasFlag(move)).Select(x => new Term(x.i, x.s.Driver)).ToArray())];
    }

    /// <summary>The model's coefficients (docs/ODD.md explains each direction and its source).</summary>
    public static CoefficientTable Model { get; } = new([
        new("intercepts.join", UncertainValue.Fixed(-2.5), Driver.One, Moves.Join,
            "Log quarterly rate of applying to move from Level 1 to 2 (joint)."),
        new("intercepts.delegate_from_level1", UncertainValue.Fixed(-3.0), Driver.One, Moves.DelegateFromLevel1,
            "Log quarterly rate of applying to move from Level 1 straight to 3 (\"no point in joint\")."),
        new("intercepts.delegate_from_level2", UncertainValue.Fixed(-2.5), Driver.One, Moves.DelegateFromLevel2,
            "Log quarterly rate of applying to move from Level 2 to 3."),
        new("intercepts.hand_back", UncertainValue.Fixed(-6.0), Driver.One, Moves.HandBack,
            "Log quarterly rate of handing delegation back (only with `hand_back: true`)."),
        new("pressure", UncertainValue.Fixed(1.0), Driver.Pressure, Moves.Delegate,
            "Weight of NHSE pressure on the two delegating moves (> 0: CCGs \"encouraged to apply for full delegation\")."),
        new("finance", UncertainValue.Fixed(0.4), Driver.Finance, Moves.Up,
            "Weight of finance (% of allocation) on every upward move (> 0: financial difficulty keeps CCGs at Level 1)."),
        new("lmc", UncertainValue.Fixed(0.5), Driver.Lmc, Moves.Up,
            "Weight of the LMC stance (-1, 0, +1) on every upward move (> 0: LMC opposition holds CCGs back)."),
        new("capacity", UncertainValue.Fixed(1.5), Driver.Capacity, Moves.Up,
            "Weight of managerial capacity on every upward move (> 0: lack of managerial resource is the greatest risk)."),
        new("conflict", UncertainValue.Fixed(-1.0), Driver.Conflict, Moves.Up,
            "Weight of conflict-of-interest concern on every upward move (< 0)."),
        new("peer", UncertainValue.Fixed(1.0), Driver.PeerShareDelegated, Moves.Delegate,
            "Weight of the peer share delegated on the delegating moves (> 0: CCGs chose as others in their area team)."),
        new("experience", UncertainValue.Fixed(0.5), Driver.ExperienceAtJoint, Moves.DelegateFromLevel2,
            "Weight of log(1 + quarters at joint) on moving from 2 to 3 (> 0: joint used \"to test the water\")."),
        new("deprivation", UncertainValue.Fixed(0.2), Driver.Deprivation, Moves.Delegate,
            "Weight of deprivation (standardised IMD 2015 score) on the delegating moves (> 0: applicants for delegation were more deprived)."),
        new("collective", UncertainValue.Fixed(0.0), Driver.Collective, Moves.Up,
            "Sd on the log-odds scale of a footprint's shared inclination on every upward move, drawn per replication (> 0: CCGs of an area team chose together)."),
    ]);

    public IReadOnlyList<CoefficientSpec> Specs { get; }

    /// <summary>Names in row order, as written in scenario files.</summary>
    public string[] Names { get; }

    public int Count => Specs.Count;

    /// <summary>For each move (join, delegate from 1, delegate from 2, hand back), the coefficients acting on it.</summary>
    public Term[][] Terms { get; }

    public int IndexOf(string name) => Array.IndexOf(Names, name);

    /// <summary>The behaviour rows of the scenario file reference (README), generated so they cannot drift from the table.</summary>
    public IEnumerable<string> ReferenceRows() => Specs.Select(s => $"| `behaviour.{s.Name}` | coefficient | {s.Default} | {s.Meaning} |");
}

/// <summary>A coefficient (by index in the drawn row) times a driver, acting on one move.</summary>
public readonly record struct Term(int Coefficient, Driver Driver);

/// <summary>
/// The coefficients of the decision (see <see cref="DecisionRule"/>), one value per entry of <see cref="Table"/>.
/// Each may be uncertain; under Monte Carlo a replication draws every uncertain one once, keyed by its name, so
/// replication r draws the same values in every scenario that gives the coefficient the same distribution
/// (common random numbers).
/// </summary>
public sealed record BehaviourCoefficients(CoefficientTable Table, IReadOnlyList<UncertainValue> Values, PeerScope PeerScope, bool HandBackEnabled)
{
    public static BehaviourCoefficients Default { get; } = For(CoefficientTable.Model);

    /// <summary>Names of the model's coefficients in row order.</summary>
    public static string[] Names => CoefficientTable.Model.Names;

    public static int Count => CoefficientTable.Model.Count;

    public static BehaviourCoefficients For(CoefficientTable table) =>
        new(table, table.Specs.Select(s => s.Default).ToArray(), PeerScope.Footprint, false);

    public UncertainValue this[int index] => Values[index];

    public UncertainValue this[string name] => Values[IndexOf(name)];

    /// <summary>Explicit coefficient values per replication (e.g. a sensitivity design) instead of draws.</summary>
    public CoefficientDesign? Design { get; init; }

    /// <summary>Some coefficients taken from particles (a posterior, or a calibration's proposals) instead of their draws.</summary>
    public CoefficientParticles? Particles { get; init; }

    public PressureTiming PressureTiming { get; init; } = PressureTiming.Accumulated;

    /// <summary>Returns a copy with coefficient <paramref name="index"/> replaced.</summary>
    public BehaviourCoefficients With(int index, UncertainValue value)
    {
        var values = Values.ToArray();
        values[index] = value;
        return this with { Values = values };
    }

    public BehaviourCoefficients With(string name, UncertainValue value) => With(IndexOf(name), value);

    private int IndexOf(string name) => Table.IndexOf(name) is var i and >= 0 ? i : throw new ArgumentException($"unknown behaviour coefficient '{name}'", nameof(name));

    public bool Equals(BehaviourCoefficients? other) =>
        other is not null && Table.Specs.SequenceEqual(other.Table.Specs) && Values.SequenceEqual(other.Values) && PeerScope == other.PeerScope
        && HandBackEnabled == other.HandBackEnabled && Equals(Design, other.Design) && Equals(Particles, other.Particles) && PressureTiming == other.PressureTiming;

    public override int GetHashCode() => HashCode.Combine(Table.Count, Values.Count, PeerScope, HandBackEnabled);

    /// <summary>Draws the coefficient rows of replications [firstReplication, firstReplication+count): count x <see cref="CoefficientTable.Count"/>.</summary>
    public double[] Draw(ulong seed, int firstReplication, int count)
    {
        var n = Table.Count;
        var rows = new double[count * n];
        for (var r = 0; r < count; r++)
        {
            if (Design is { } design)
            {
                design.Row(firstReplication + r).CopyTo(rows, r * n);
            }
            else
            {
                var key = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(seed, firstReplication + r), -1);
                for (var k = 0; k < n; k++)
                {
                    var value = Values[k];
                    rows[r * n + k] = value.IsUncertain
                        ? value.Sample(KeyedRandom.Uniform(key, -1, DrawPurpose.Coefficient, KeyedRandom.NameTag(Table.Names[k])))
                        : value.Mean;
                }
            }
            Particles?.Apply(seed, firstReplication + r, rows.AsSpan(r * n, n));
        }
        return rows;
    }
}

/// <summary>
/// Coefficient values chosen by an analysis rather than drawn: replication r uses row r / <see cref="Repeats"/>, so each
/// design point is simulated <see cref="Repeats"/> times with different shocks. Each row holds all coefficients in
/// table order.
/// </summary>
public sealed record CoefficientDesign(IReadOnlyList<double[]> Rows, int Repeats)
{
    public int Replications => Rows.Count * Repeats;

    public double[] Row(int replication) => Rows[replication / Repeats];
}
