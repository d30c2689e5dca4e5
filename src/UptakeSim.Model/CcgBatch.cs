using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>
/// One CCG across a batch of replications: its state held as arrays, one slot per replication (structure of arrays),
/// so one call advances the whole batch a quarter, a register of replications at a time. This is the model's rule book
/// for a CCG's quarter (docs/ODD.md, "Process overview and scheduling"); the Orleans grain and the in-process reference
/// kernel both call it. The quarter is written once against <see cref="ILanes{TD,TU}"/> with only IEEE-exact
/// operations and keyed draws, so every register width and every CPU gives the same bits, and a step allocates nothing.
/// Steps must come quarter after quarter from 1: a finance shock of an even quarter is the second normal of the
/// previous quarter's draw.
/// </summary>
public sealed class CcgBatch
{
    private readonly SimulationSetup _setup;
    private readonly PopulationAssumptions _assumptions;
    private readonly BehaviourCoefficients _behaviour;
    private readonly Term[][] _terms;
    private readonly bool _usesExperience;
    private readonly double[] _coefficients;
    private readonly int _n;
    private readonly LaneWidth _width;
    private readonly ulong[] _keys;
    private readonly int _ccg;
    private readonly int _firstReplication;
    private readonly int _region;
    private readonly int _footprint;
    private double _deprivation;

    // Per-step inputs gathered from the world and tables one replication at a time; a step runs to the end on one
    // thread, so one buffer per thread serves every CCG.
    [ThreadStatic] private static double[]? t_peer;
    [ThreadStatic] private static double[]? t_experience;

    // State, one slot per replication. Levels, quarters and stances are held as doubles so that one register
    // carries them beside the continuous state; masks are stored as 0 or 1.
    private readonly double[] _level;
    private readonly double[] _quartersAtLevel;
    private readonly double[] _finance;
    private readonly double[] _ownFinance;
    private readonly double[] _specialMeasures;
    private readonly double[] _lmc;
    private readonly double[] _capacity;
    private readonly double[] _ownCapacity;
    private readonly double[] _conflict;
    private readonly double[] _exposureJoin;
    private readonly double[] _exposureDelegate1;
    private readonly double[] _exposureDelegate2;
    private readonly double[] _exposureHandBack;
    private readonly double[] _pendingLevel;
    private readonly double[] _pendingEffective;
    private readonly double[] _spareShock;

    /// <param name="coefficients">Drawn coefficient rows of the batch's replications (see <see cref="BehaviourCoefficients.Draw"/>).</param>
    /// <param name="startLevels">This CCG's level on the first quarter in each replication.</param>
    public CcgBatch(SimulationSetup setup, int ccg, int firstReplication, double[] coefficients, ReadOnlySpan<byte> startLevels)
        : this(setup, ccg, firstReplication, ByCoefficient(coefficients, setup.Scenario.Behaviour.Table.Count), startLevels, LaneWidths.Best)
    {
    }

    /// <param name="coefficientColumns">The batch's coefficients by coefficient, then replication (<see cref="ByCoefficient"/>),
    /// shared read-only by every CCG of the batch.</param>
    /// <param name="width">Register width; every width gives the same results, <see cref="LaneWidths.Best"/> is the fastest.</param>
    public CcgBatch(SimulationSetup setup, int ccg, int firstReplication, double[] coefficientColumns, ReadOnlySpan<byte> startLevels, LaneWidth width)
    {
        _setup = setup;
        _assumptions = setup.Scenario.Assumptions;
        _behaviour = setup.Scenario.Behaviour;
        _terms = _behaviour.Table.Terms;
        _usesExperience = _terms.Any(move => move.Any(t => t.Driver == Driver.ExperienceAtJoint));
        _coefficients = coefficientColumns;
        _width = width;
        _ccg = ccg;
        _firstReplication = firstReplication;
        var record = setup.Scenario.Population.Ccgs[ccg];
        _region = record.Region;
        _footprint = record.Footprint;
        _deprivation = record.Deprivation ?? 0;
        var n = _n = startLevels.Length;
        if (coefficientColumns.Length != n * _behaviour.Table.Count)
            throw new ArgumentException("coefficients do not match the batch", nameof(coefficientColumns));
        Level = startLevels.ToArray();
        _keys = new ulong[n];
        _level = new double[n];
        _quartersAtLevel = new double[n];
        _finance = new double[n];
        _ownFinance = new double[n];
        _specialMeasures = new double[n];
        _lmc = new double[n];
        _capacity = new double[n];
        _ownCapacity = new double[n];
        _conflict = new double[n];
        _exposureJoin = new double[n];
        _exposureDelegate1 = new double[n];
        _exposureDelegate2 = new double[n];
        _exposureHandBack = new double[n];
        _pendingLevel = new double[n];
        _pendingEffective = new double[n];
        _spareShock = new double[n];
        for (var r = 0; r < n; r++) _keys[r] = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(setup.Seed, firstReplication + r), ccg);
        // The attribute draws land in state arrays that the loop below overwrites.
        CcgAttributes.DrawMany(_keys, _ownFinance, _ownCapacity, _conflict, _lmc);
        for (var r = 0; r < n; r++)
        {
            var a = CcgAttributes.From(_assumptions, record, new CcgAttributes.Draws(_ownFinance[r], _ownCapacity[r], _conflict[r], _lmc[r]));
            _level[r] = startLevels[r];
            _ownFinance[r] = a.LongRunFinance;
            _finance[r] = a.Finance;
            _specialMeasures[r] = a.SpecialMeasures ? 1 : 0;
            _lmc[r] = (int)a.Lmc;
            _ownCapacity[r] = _capacity[r] = a.LongRunCapacity;
            _conflict[r] = a.Conflict;
            _pendingEffective[r] = -1;
        }
    }

    /// <summary>Coefficient rows (replication, then coefficient) laid out by coefficient, then replication, so a register
    /// loads one coefficient for consecutive replications.</summary>
    public static double[] ByCoefficient(double[] rows, int count)
    {
        var replications = rows.Length / count;
        var columns = new double[rows.Length];
        for (var r = 0; r < replications; r++)
        {
            for (var k = 0; k < count; k++) columns[k * replications + r] = rows[r * count + k];
        }
        return columns;
    }

    /// <summary>The level in force in each replication; 0 once the CCG has merged into another. Rewritten by each
    /// <see cref="Step"/>: read it before the next.</summary>
    public byte[] Level { get; }

    /// <summary>Finance in each replication (surplus + / deficit -, % of allocation).</summary>
    public ReadOnlySpan<double> Finance => _finance;

    /// <summary>Whether the CCG is in special measures in each replication (a copy, for inspection).</summary>
    public bool[] SpecialMeasures => Array.ConvertAll(_specialMeasures, v => v == 1);

    /// <summary>
    /// Advances every replication into <paramref name="quarter"/>, seeing only <paramref name="world"/> as it was at the
    /// end of the previous quarter. Order within the quarter: a merger this CCG leads sets its level and attributes;
    /// an approved move due now takes effect if the CCG is still eligible; finance, special measures, capacity and LMC
    /// stance move on; a mandate in force moves every eligible CCG to delegated; otherwise the CCG's quarterly rates
    /// add to its exposure and, if an application window is open, it decides whether to apply, and NHSE whether to approve.
    /// </summary>
    public void Step(int quarter, WorldSnapshot world)
    {
        var plan = _setup.Mergers;
        if (!plan.Exists(quarter, _ccg))
        {
            Array.Clear(Level);
            return;
        }
        foreach (var (q, e) in plan.LeadEvents[_ccg])
        {
            if (q != quarter) continue;
            for (var r = 0; r < _n; r++) Merge(r, plan.Events[quarter][e], world.MergedLevels[e * _n + r]);
        }
        var peer = Buffer(ref t_peer, _n);
        var experience = Buffer(ref t_experience, _n);
        PeerShares(world, quarter - 1, peer);
        if (_usesExperience)
        {
            // log(1 + quarters at level) once the quarter has passed: the table's next entry (a move this quarter sets 0).
            var table = _setup.LogExperience;
            for (var r = 0; r < _n; r++) experience[r] = table[Math.Min((int)_quartersAtLevel[r] + 1, table.Length - 1)];
        }

        var timeline = _setup.Timeline;
        var effective = timeline.EffectiveIfApplying[quarter];
        var k = new QuarterTerms(
            quarter, timeline.Pressure[quarter], timeline.Support[quarter], timeline.RunningCostChange[quarter], timeline.RiskSharing[quarter],
            timeline.Approval[quarter], effective, timeline.MandateApplies(quarter));
        var i = _width switch
        {
            LaneWidth.V512 => Lanes<Lanes512, Vector512<double>, Vector512<ulong>>(0, k, peer, experience),
            LaneWidth.V256 => Lanes<Lanes256, Vector256<double>, Vector256<ulong>>(0, k, peer, experience),
            LaneWidth.V128 => Lanes<Lanes128, Vector128<double>, Vector128<ulong>>(0, k, peer, experience),
            _ => 0,
        };
        Lanes<ScalarLanes, double, ulong>(i, k, peer, experience);
        for (var r = 0; r < _n; r++) Level[r] = (byte)_level[r];
    }

    /// <summary>What the policy says this quarter, the same for every replication.</summary>
    private readonly record struct QuarterTerms(
        int Quarter, double Pressure, double Support, double RunningCostChange, double RiskSharing, double Approval, int Effective, bool Mandate);

    /// <summary>The quarter for replications [from, from + k * width), as many whole registers as fit; returns where it stopped.</summary>
    private int Lanes<TL, TD, TU>(int from, in QuarterTerms k, double[] peer, double[] experience)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var i = from;
        for (; i <= _n - TL.Count; i += TL.Count) Quarter<TL, TD, TU>(i, k, peer, experience);
        return i;
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer;
    }

    private void Quarter<TL, TD, TU>(int i, in QuarterTerms k, double[] peers, double[] experience)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var yes = TL.AsDouble(TL.ConstantBits(ulong.MaxValue));
        var no = TL.Constant(0);
        var zero = TL.Constant(0);
        var one = TL.Constant(1);
        var joint = TL.Constant(Levels.Joint);
        var delegated = TL.Constant(Levels.Delegated);
        var quarter = TL.Constant(k.Quarter);
        var keys = TL.LoadBits(_keys, i);
        var level = TL.Load(_level, i);
        var quarters = TL.Load(_quartersAtLevel, i);
        var pendingLevel = TL.Load(_pendingLevel, i);
        var pendingEffective = TL.Load(_pendingEffective, i);
        var exposureJoin = TL.Load(_exposureJoin, i);
        var exposureDelegate1 = TL.Load(_exposureDelegate1, i);
        var exposureDelegate2 = TL.Load(_exposureDelegate2, i);
        var exposureHandBack = TL.Load(_exposureHandBack, i);
        var inSpecialMeasures = TL.Equal(TL.Load(_specialMeasures, i), one);
        var timeline = _setup.Timeline;

        // An approved move due now takes effect if the CCG is still eligible for it; a lapsed one leaves the quarter
        // counting at the CCG's level.
        var due = TL.Equal(pendingEffective, quarter);
        var stillEligible = TL.Select(TL.Equal(pendingLevel, joint), MayJoin<TL, TD, TU>(inSpecialMeasures, timeline, yes),
            TL.Select(TL.Equal(pendingLevel, delegated), MayDelegate<TL, TD, TU>(inSpecialMeasures, timeline, yes), yes));
        var moves = TL.And(due, stillEligible);
        level = TL.Select(moves, pendingLevel, level);
        quarters = TL.Select(moves, zero, TL.Select(TL.LessThan(quarters, TL.Constant(short.MaxValue)), TL.Add(quarters, one), quarters));
        pendingEffective = TL.Select(due, TL.Constant(-1), pendingEffective);
        exposureJoin = TL.Select(moves, zero, exposureJoin);
        exposureDelegate1 = TL.Select(moves, zero, exposureDelegate1);
        exposureDelegate2 = TL.Select(moves, zero, exposureDelegate2);
        exposureHandBack = TL.Select(moves, zero, exposureHandBack);

        // Finance reverts to the CCG's own level with a shock; special measures; capacity; LMC stance.
        var f = _assumptions.Finance;
        var finance = TL.Load(_finance, i);
        // Box-Muller gives two independent normals per draw: an odd quarter draws the shocks of itself and the next.
        TD shock;
        if (k.Quarter % 2 == 1)
        {
            shock = KeyedDraws.NormalPair<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.FinanceShock)), out var next);
            TL.Store(next, _spareShock, i);
        }
        else
        {
            shock = TL.Load(_spareShock, i);
        }
        finance = TL.Add(TL.Add(finance, TL.Multiply(TL.Constant(f.Reversion), TL.Subtract(TL.Load(_ownFinance, i), finance))), TL.Multiply(TL.Constant(f.ShockSd), shock));
        inSpecialMeasures = TL.Select(inSpecialMeasures,
            TL.LessThanOrEqual(finance, TL.Constant(f.SpecialMeasuresExitAbove)), TL.LessThan(finance, TL.Constant(f.SpecialMeasuresBelow)));
        var c = _assumptions.Capacity;
        var capacity = TL.Load(_capacity, i);
        var target = TL.Multiply(TL.Load(_ownCapacity, i), TL.Constant(1 + k.RunningCostChange));
        var load = TL.Select(TL.Equal(level, delegated), TL.Constant(c.DelegatedLoad), TL.Select(TL.Equal(level, joint), TL.Constant(c.JointLoad), zero));
        capacity = TL.Add(TL.Subtract(TL.Add(capacity, TL.Multiply(TL.Constant(c.Recovery), TL.Subtract(target, capacity))), load), TL.Constant(k.Support));
        capacity = TL.Select(TL.LessThan(capacity, zero), zero, TL.Select(TL.LessThan(one, capacity), one, capacity));
        var peer = TL.Load(peers, i);
        var lmc = TL.Load(_lmc, i);
        var notSupportive = TL.LessThan(lmc, one);
        if (TL.Any(notSupportive))
        {
            var u = KeyedDraws.Uniform<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.LmcSoften)));
            lmc = TL.Select(TL.And(notSupportive, TL.LessThan(u, TL.Multiply(TL.Constant(_assumptions.Lmc.SoftenRate), peer))), TL.Add(lmc, one), lmc);
        }

        var mayJoin = MayJoin<TL, TD, TU>(inSpecialMeasures, timeline, yes);
        var mayDelegate = MayDelegate<TL, TD, TU>(inSpecialMeasures, timeline, yes);
        var mandated = k.Mandate ? mayDelegate : no;
        // A mandate moves every eligible CCG to delegated.
        var toDelegated = TL.And(mandated, Not<TL, TD, TU>(TL.Equal(level, delegated)));
        level = TL.Select(toDelegated, delegated, level);
        quarters = TL.Select(toDelegated, zero, quarters);
        pendingEffective = TL.Select(toDelegated, TL.Constant(-1), pendingEffective);
        exposureJoin = TL.Select(toDelegated, zero, exposureJoin);
        exposureDelegate1 = TL.Select(toDelegated, zero, exposureDelegate1);
        exposureDelegate2 = TL.Select(toDelegated, zero, exposureDelegate2);
        exposureHandBack = TL.Select(toDelegated, zero, exposureHandBack);

        // Otherwise, with no application pending, this quarter's rates add to the exposure.
        var deciding = TL.And(Not<TL, TD, TU>(mandated), TL.LessThan(pendingEffective, zero));
        var atLevel1 = TL.And(deciding, TL.Equal(level, one));
        var atJoint = TL.And(deciding, TL.Equal(level, joint));
        var atDelegated = TL.And(deciding, TL.Equal(level, delegated));
        var joinOpen = TL.And(atLevel1, mayJoin);
        var delegate1Open = TL.And(atLevel1, mayDelegate);
        var delegate2Open = TL.And(atJoint, mayDelegate);
        var handBackOpen = _behaviour.HandBackEnabled ? atDelegated : no;
        if (TL.Any(TL.Or(TL.Or(joinOpen, delegate1Open), TL.Or(delegate2Open, handBackOpen))))
        {
            var rawFinance = finance;
            var x = new DriverValues<TD>
            {
                One = one,
                Pressure = TL.Constant(k.Pressure),
                Finance = TL.Select(TL.LessThan(rawFinance, zero), TL.Multiply(rawFinance, TL.Constant(1 - k.RiskSharing)), rawFinance),
                Lmc = lmc,
                Capacity = capacity,
                Conflict = TL.Load(_conflict, i),
                PeerShareDelegated = peer,
                ExperienceAtJoint = _usesExperience
                    ? TL.Select(TL.And(TL.Equal(level, joint), Not<TL, TD, TU>(TL.Equal(quarters, zero))), TL.Load(experience, i), zero)
                    : zero,
                Deprivation = TL.Constant(_deprivation),
            };
            // One exponential serves the move open at each level (join at 1, delegate at 2, hand back at 3), a
            // second the move from 1 straight to 3: two per register instead of four.
            var eta = TL.Select(atLevel1, Predictor<TL, TD, TU>(joinOpen, _terms[0], x, i),
                TL.Select(atJoint, Predictor<TL, TD, TU>(delegate2Open, _terms[2], x, i), Predictor<TL, TD, TU>(handBackOpen, _terms[3], x, i)));
            var open = TL.Or(TL.Or(joinOpen, delegate2Open), handBackOpen);
            var rate = TL.Any(open) ? TL.Select(open, DeterministicMath.Exp<TL, TD, TU>(eta), zero) : zero;
            exposureJoin = TL.Add(exposureJoin, TL.Select(joinOpen, rate, zero));
            exposureDelegate2 = TL.Add(exposureDelegate2, TL.Select(delegate2Open, rate, zero));
            exposureHandBack = TL.Add(exposureHandBack, TL.Select(handBackOpen, rate, zero));
            if (TL.Any(delegate1Open))
            {
                var rate1 = DeterministicMath.Exp<TL, TD, TU>(Predictor<TL, TD, TU>(delegate1Open, _terms[1], x, i));
                exposureDelegate1 = TL.Add(exposureDelegate1, TL.Select(delegate1Open, rate1, zero));
            }
        }

        if (k.Effective >= 0 && TL.Any(deciding))
        {
            // A window: apply with probability 1 - exp(-total exposure), for a move in proportion to its exposure.
            var total = TL.Add(TL.Add(TL.Add(exposureJoin, exposureDelegate1), exposureDelegate2), exposureHandBack);
            var stay = DeterministicMath.Exp<TL, TD, TU>(DeterministicMath.Negate<TL, TD, TU>(total));
            var scale = TL.Divide(TL.Subtract(one, stay), total);
            var pDelegate1 = TL.Multiply(exposureDelegate1, scale);
            var u = KeyedDraws.Uniform<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.Decision)));
            var fromLevel1 = TL.Select(TL.LessThan(u, pDelegate1), delegated,
                TL.Select(TL.LessThan(u, TL.Add(pDelegate1, TL.Multiply(exposureJoin, scale))), joint, zero));
            var fromJoint = TL.Select(TL.LessThan(u, TL.Multiply(exposureDelegate2, scale)), delegated, zero);
            var fromDelegated = TL.Select(TL.LessThan(u, TL.Multiply(exposureHandBack, scale)), joint, zero);
            var applied = TL.Select(TL.Equal(level, one), fromLevel1, TL.Select(TL.Equal(level, joint), fromJoint, TL.Select(TL.Equal(level, delegated), fromDelegated, zero)));
            applied = TL.Select(TL.And(deciding, TL.LessThan(zero, total)), applied, zero);
            exposureJoin = TL.Select(deciding, zero, exposureJoin);
            exposureDelegate1 = TL.Select(deciding, zero, exposureDelegate1);
            exposureDelegate2 = TL.Select(deciding, zero, exposureDelegate2);
            exposureHandBack = TL.Select(deciding, zero, exposureHandBack);

            // NHS England approves an application to delegate with the scenario's probability.
            var toDelegate = TL.Equal(applied, delegated);
            var approved = yes;
            if (TL.Any(toDelegate))
            {
                var a = KeyedDraws.Uniform<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.Approval)));
                approved = TL.Or(Not<TL, TD, TU>(toDelegate), TL.LessThan(a, TL.Constant(k.Approval)));
            }
            var goes = TL.And(Not<TL, TD, TU>(TL.Equal(applied, zero)), approved);
            if (k.Effective == k.Quarter)
            {
                level = TL.Select(goes, applied, level);
                quarters = TL.Select(goes, zero, quarters);
            }
            else
            {
                pendingLevel = TL.Select(goes, applied, pendingLevel);
                pendingEffective = TL.Select(goes, TL.Constant(k.Effective), pendingEffective);
            }
        }

        TL.Store(level, _level, i);
        TL.Store(quarters, _quartersAtLevel, i);
        TL.Store(finance, _finance, i);
        TL.Store(TL.And(inSpecialMeasures, one), _specialMeasures, i);
        TL.Store(capacity, _capacity, i);
        TL.Store(lmc, _lmc, i);
        TL.Store(pendingLevel, _pendingLevel, i);
        TL.Store(pendingEffective, _pendingEffective, i);
        TL.Store(exposureJoin, _exposureJoin, i);
        TL.Store(exposureDelegate1, _exposureDelegate1, i);
        TL.Store(exposureDelegate2, _exposureDelegate2, i);
        TL.Store(exposureHandBack, _exposureHandBack, i);
    }

    /// <summary>Every driver's value for a register of replications (<see cref="DecisionRule.Drivers"/> for one).</summary>
    private struct DriverValues<TD>
    {
        public TD One, Pressure, Finance, Lmc, Capacity, Conflict, PeerShareDelegated, ExperienceAtJoint, Deprivation;

        public readonly TD this[Driver driver] => driver switch
        {
            Driver.One => One,
            Driver.Pressure => Pressure,
            Driver.Finance => Finance,
            Driver.Lmc => Lmc,
            Driver.Capacity => Capacity,
            Driver.Conflict => Conflict,
            Driver.PeerShareDelegated => PeerShareDelegated,
            Driver.ExperienceAtJoint => ExperienceAtJoint,
            _ => Deprivation,
        };
    }

    /// <summary>A move's linear predictor, the sum of its terms in table order; 0 when no lane has the move open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TD Predictor<TL, TD, TU>(TD open, Term[] terms, in DriverValues<TD> x, int i)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var eta = TL.Constant(0);
        if (!TL.Any(open)) return eta;
        foreach (var t in terms) eta = TL.Add(eta, TL.Multiply(TL.Load(_coefficients, t.Coefficient * _n + i), x[t.Driver]));
        return eta;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Not<TL, TD, TU>(TD mask) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        TL.AsDouble(TL.Xor(TL.AsBits(mask), TL.ConstantBits(ulong.MaxValue)));

    /// <summary>Special measures bar joining unless the scenario allows it (<see cref="Eligibility"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD MayJoin<TL, TD, TU>(TD inSpecialMeasures, PolicyTimeline timeline, TD yes) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        timeline.SpecialMeasuresMayJoin ? yes : Not<TL, TD, TU>(inSpecialMeasures);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD MayDelegate<TL, TD, TU>(TD inSpecialMeasures, PolicyTimeline timeline, TD yes) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged =>
        timeline.SpecialMeasuresMayDelegate ? yes : Not<TL, TD, TU>(inSpecialMeasures);

    /// <summary>The share of CCGs delegated at the end of the previous quarter in this CCG's peer scope, per replication.</summary>
    private void PeerShares(WorldSnapshot world, int previousQuarter, double[] peer)
    {
        var plan = _setup.Mergers;
        switch (_behaviour.PeerScope)
        {
            case PeerScope.National:
                for (var r = 0; r < _n; r++) peer[r] = (double)world.DelegatedNational[r] / plan.Existing[previousQuarter];
                break;
            case PeerScope.Region:
                var inRegion = plan.ExistingByRegion[previousQuarter * world.Regions + _region];
                for (var r = 0; r < _n; r++) peer[r] = (double)world.DelegatedByRegion[r * world.Regions + _region] / inRegion;
                break;
            default:
                var inFootprint = plan.ExistingByFootprint[previousQuarter * world.Footprints + _footprint];
                for (var r = 0; r < _n; r++) peer[r] = (double)world.DelegatedByFootprint[r * world.Footprints + _footprint] / inFootprint;
                break;
        }
    }

    /// <summary>
    /// This CCG carries on as the CCG a merger forms: it takes the level the aggregator found for it, long-run
    /// finance and capacity weighted by its predecessors' 2015 registered patients (which it draws itself: they are
    /// pure functions of each predecessor's key), and finance and capacity at those levels; its deprivation is weighted
    /// the same way. Its pending application lapses and its exposure restarts; its LMC stance and conflict concern
    /// stay its own.
    /// </summary>
    private void Merge(int r, MergerEvent merger, byte mergedLevel)
    {
        var ccgs = _setup.Scenario.Population.Ccgs;
        var replicationKey = KeyedRandom.ReplicationKey(_setup.Seed, _firstReplication + r);
        double finance = 0, capacity = 0, deprivation = 0, patients = 0;
        foreach (var c in merger.Founding)
        {
            var a = CcgAttributes.Draw(_assumptions, ccgs[c], KeyedRandom.CcgKey(replicationKey, c));
            finance += a.LongRunFinance * ccgs[c].RegisteredPatients;
            capacity += a.LongRunCapacity * ccgs[c].RegisteredPatients;
            deprivation += (ccgs[c].Deprivation ?? 0) * ccgs[c].RegisteredPatients;
            patients += ccgs[c].RegisteredPatients;
        }
        _deprivation = deprivation / patients;
        _ownFinance[r] = _finance[r] = finance / patients;
        _ownCapacity[r] = _capacity[r] = capacity / patients;
        _pendingEffective[r] = -1;
        _exposureJoin[r] = _exposureDelegate1[r] = _exposureDelegate2[r] = _exposureHandBack[r] = 0;
        if (mergedLevel != _level[r]) _quartersAtLevel[r] = 0;
        _level[r] = mergedLevel;
    }
}
