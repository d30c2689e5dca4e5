namespace UptakeSim.Model;

/// <summary>Where the peer term looks: the share delegated nationally, in the CCG's region, or in its footprint.</summary>
public enum PeerScope
{
    National,
    Region,
    Footprint,
}

/// <summary>
/// The coefficients of the move hazard (see <see cref="DecisionRule"/>). Each may be uncertain; under Monte Carlo
/// a replication draws every uncertain one once, keyed by its name, so replication r draws the same values in
/// every scenario that gives the coefficient the same distribution (common random numbers).
/// </summary>
public sealed record BehaviourCoefficients(
    UncertainValue InterceptJoin,
    UncertainValue InterceptDelegateFromLevel1,
    UncertainValue InterceptDelegateFromLevel2,
    UncertainValue InterceptHandBack,
    UncertainValue Pressure,
    UncertainValue Finance,
    UncertainValue Lmc,
    UncertainValue Capacity,
    UncertainValue Peer,
    UncertainValue Experience,
    UncertainValue Conflict,
    PeerScope PeerScope,
    bool HandBackEnabled)
{
    /// <summary>Names as written in scenario files; the order is the layout of a drawn coefficient row.</summary>
    public static readonly string[] Names =
    [
        "intercepts.join", "intercepts.delegate_from_level1", "intercepts.delegate_from_level2", "intercepts.hand_back",
        "pressure", "finance", "lmc", "capacity", "peer", "experience", "conflict",
    ];

    public const int Count = 11;
    public const int IJoin = 0, IDelegate1 = 1, IDelegate2 = 2, IHandBack = 3, IPressure = 4, IFinance = 5, ILmc = 6,
        ICapacity = 7, IPeer = 8, IExperience = 9, IConflict = 10;

    public static BehaviourCoefficients Default { get; } = new(
        UncertainValue.Fixed(-3.0), UncertainValue.Fixed(-3.0), UncertainValue.Fixed(-2.0), UncertainValue.Fixed(-6.0),
        UncertainValue.Fixed(1.5), UncertainValue.Fixed(0.4), UncertainValue.Fixed(0.6), UncertainValue.Fixed(1.5),
        UncertainValue.Fixed(1.0), UncertainValue.Fixed(0.2), UncertainValue.Fixed(-1.0), PeerScope.Footprint, false);

    public UncertainValue this[int index] => index switch
    {
        IJoin => InterceptJoin,
        IDelegate1 => InterceptDelegateFromLevel1,
        IDelegate2 => InterceptDelegateFromLevel2,
        IHandBack => InterceptHandBack,
        IPressure => Pressure,
        IFinance => Finance,
        ILmc => Lmc,
        ICapacity => Capacity,
        IPeer => Peer,
        IExperience => Experience,
        IConflict => Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Explicit coefficient values per replication (e.g. a sensitivity design) instead of draws.</summary>
    public CoefficientDesign? Design { get; init; }

    /// <summary>Returns a copy with coefficient <paramref name="index"/> (see <see cref="Names"/>) replaced.</summary>
    public BehaviourCoefficients With(int index, UncertainValue value) => index switch
    {
        IJoin => this with { InterceptJoin = value },
        IDelegate1 => this with { InterceptDelegateFromLevel1 = value },
        IDelegate2 => this with { InterceptDelegateFromLevel2 = value },
        IHandBack => this with { InterceptHandBack = value },
        IPressure => this with { Pressure = value },
        IFinance => this with { Finance = value },
        ILmc => this with { Lmc = value },
        ICapacity => this with { Capacity = value },
        IPeer => this with { Peer = value },
        IExperience => this with { Experience = value },
        IConflict => this with { Conflict = value },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Draws the coefficient rows of replications [firstReplication, firstReplication+count): count x <see cref="Count"/>.</summary>
    public double[] Draw(ulong seed, int firstReplication, int count)
    {
        var rows = new double[count * Count];
        for (var r = 0; r < count; r++)
        {
            if (Design is { } design)
            {
                design.Row(firstReplication + r).CopyTo(rows, r * Count);
                continue;
            }
            var key = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(seed, firstReplication + r), -1);
            for (var k = 0; k < Count; k++)
            {
                var value = this[k];
                rows[r * Count + k] = value.IsUncertain
                    ? value.Sample(KeyedRandom.Uniform(key, -1, DrawPurpose.Coefficient, KeyedRandom.NameTag(Names[k])))
                    : value.A;
            }
        }
        return rows;
    }
}

/// <summary>
/// Coefficient values chosen by an analysis rather than drawn: replication r uses row r / <see cref="Repeats"/>, so each
/// design point is simulated <see cref="Repeats"/> times with different shocks. Each row holds all
/// <see cref="BehaviourCoefficients.Count"/> coefficients in <see cref="BehaviourCoefficients.Names"/> order.
/// </summary>
public sealed record CoefficientDesign(IReadOnlyList<double[]> Rows, int Repeats)
{
    public int Replications => Rows.Count * Repeats;

    public double[] Row(int replication) => Rows[replication / Repeats];
}
