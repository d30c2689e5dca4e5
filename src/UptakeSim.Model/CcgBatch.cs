using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model;

/// <summary>
/// One CCG across a batch of replications: its state held slot by slot, one value per replication (structure of arrays),
/// so one call advances the whole batch a quarter, a register of replications at a time. This is the model's rule book
/// for a CCG's quarter (docs/ODD.md, "Process overview and scheduling"); the Orleans grain and the in-process reference
/// kernel both call it. The quarter is written once against <see cref="ILanes{TD,TU}"/> with only IEEE-exact
/// operations and keyed draws, so every register width and every CPU gives the same bits, and a step allocates nothing.
/// Steps must come quarter after quarter from 1: a finance shock of an even quarter is the second normal of the
/// previous quarter's draw. Disposing it hands its state block back to a pool for the next batch.
/// </summary>
public sealed class CcgBatch : IDisposable
{
    // A batch's state blocks reach the large-object heap from about 1,600 replications; fresh ones for every batch
    // cost page faults and full collections. The pool keeps what the busiest moment needed (at most 4,096 blocks of a
    // size: 20 batches of 209 CCGs), as a long-lived process would anyway at that moment.
    private static readonly ArrayPool<float> StatePool = ArrayPool<float>.Create(maxArrayLength: 1 << 24, maxArraysPerBucket: 4096);

    private readonly SimulationSetup _setup;
    private readonly PopulationAssumptions _assumptions;
    private readonly BehaviourCoefficients _behaviour;
    private readonly Term[][] _terms;
    private readonly bool _usesExperience;

    /// <summary>With <see cref="PressureTiming.AtWindow"/>: for each move, the coefficients through which pressure acts on it.</summary>
    private readonly int[][]? _pressureAt;
    private readonly double[] _coefficients;
    private readonly int _n;
    private readonly LaneWidth _width;
    private readonly ulong[] _keys;
    private readonly int _ccg;
    private readonly int _firstReplication;
    private readonly int _region;
    private readonly int _footprint;
    private readonly double[] _collective;
    private double _deprivation;

    // log(1 + quarters at level) gathered from the table one replication at a time; a step runs to the end on one
    // thread, so one buffer per thread serves every CCG.
    [ThreadStatic] private static double[]? t_experience;

    /// <summary>The state, one block: slot s of replication r at [s * replications + r], in single precision (a step
    /// computes in double and rounds what it keeps: half the memory to stream through, 52 bytes per replication).
    /// Levels, quarters, stances and the pending application are exact small integers,
    /// so one register carries them beside the continuous state; masks are stored as 0 or 1. One block, not an array
    /// per slot: one bounds check per step.</summary>
    private float[] _state;

    private static class Slot
    {
        public const int Level = 0, QuartersAtLevel = 1, Finance = 2, OwnFinance = 3, SpecialMeasures = 4, Lmc = 5, Capacity = 6,
            OwnCapacity = 7, Conflict = 8,
            // The exposure of the move open at the CCG's level (join at 1, delegate at 2, hand back at 3) and of the
            // move from 1 straight to 3: a move resets both, so no other exposure is ever non-zero.
            Exposure = 9, ExposureDirect = 10,
            // An approved application: its effective quarter * 4 + its level, or -1 for none.
            Pending = 11,
            SpareShock = 12, Count = 13;
    }

    /// <param name="coefficients">Drawn coefficient rows of the batch's replications (see <see cref="BehaviourCoefficients.Draw"/>).</param>
    /// <param name="startLevels">This CCG's level on the first quarter in each replication.</param>
    public CcgBatch(SimulationSetup setup, int ccg, int firstReplication, double[] coefficients, ReadOnlySpan<byte> startLevels)
        : this(setup, ccg, firstReplication, ByCoefficient(coefficients, setup.Scenario.Behaviour.Table.Count),
            CcgStart.Draw(setup, ccg, firstReplication, startLevels.ToArray()), LaneWidths.Best)
    {
    }

    /// <param name="coefficientColumns">The batch's coefficients by coefficient, then replication (<see cref="ByCoefficient"/>),
    /// shared read-only by every CCG of the batch.</param>
    /// <param name="start">This CCG's level and attribute draws on the first quarter (<see cref="StartMix"/>).</param>
    /// <param name="width">Register width; every width gives the same results, <see cref="LaneWidths.Best"/> is the fastest.</param>
    public CcgBatch(SimulationSetup setup, int ccg, int firstReplication, double[] coefficientColumns, CcgStart start, LaneWidth width)
    {
        _setup = setup;
        _assumptions = setup.Scenario.Assumptions;
        _behaviour = setup.Scenario.Behaviour;
        _terms = _behaviour.Table.Terms;
        _usesExperience = _terms.Any(move => move.Any(t => t.Driver == Driver.ExperienceAtJoint));
        _pressureAt = _behaviour.PressureTiming == PressureTiming.AtWindow
            ? [.. _terms.Select(move => move.Where(t => t.Driver == Driver.Pressure).Select(t => t.Coefficient).ToArray())]
            : null;
        _coefficients = coefficientColumns;
        _width = width;
        _ccg = ccg;
        _firstReplication = firstReplication;
        var record = setup.Scenario.Population.Ccgs[ccg];
        _region = record.Region;
        _footprint = record.Footprint;
        _deprivation = record.Deprivation ?? 0;
        _collective = start.Collective;
        var n = _n = start.Levels.Length;
        if (coefficientColumns.Length != n * _behaviour.Table.Count)
            throw new ArgumentException("coefficients do not match the batch", nameof(coefficientColumns));
        if (start.Keys.Length != n || start.AttributeDraws.Length != CcgStart.DrawsPerReplication * n || start.Collective.Length != n)
            throw new ArgumentException("keys or attribute draws do not match the batch", nameof(start));
        // A copy: the start levels are also the batch's first tally, and Level is rewritten by every step.
        Level = start.Levels.ToArray();
        _keys = start.Keys;
        _state = StatePool.Rent(Slot.Count * n);
        Array.Clear(_state, 0, Slot.Count * n);
        var (finance, capacity, conflict, lmc) = CcgStart.Slices(start.AttributeDraws, n);
        for (var r = 0; r < n; r++)
        {
            var a = CcgAttributes.From(_assumptions, record, new CcgAttributes.Draws(finance[r], capacity[r], conflict[r], lmc[r]));
            At(Slot.Level, r) = start.Levels[r];
            At(Slot.OwnFinance, r) = (float)a.LongRunFinance;
            At(Slot.Finance, r) = (float)a.Finance;
            At(Slot.SpecialMeasures, r) = a.SpecialMeasures ? 1 : 0;
            At(Slot.Lmc, r) = (int)a.Lmc;
            At(Slot.OwnCapacity, r) = At(Slot.Capacity, r) = (float)a.LongRunCapacity;
            At(Slot.Conflict, r) = (float)a.Conflict;
            At(Slot.Pending, r) = -1;
        }
    }

    private Span<float> SlotOf(int slot) => _state.AsSpan(slot * _n, _n);

    private ref float At(int slot, int replication) => ref _state[slot * _n + replication];

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

    /// <summary>Finance in each replication (surplus + / deficit -, % of allocation; a copy, for inspection).</summary>
    public double[] Finance => Array.ConvertAll(SlotOf(Slot.Finance).ToArray(), v => (double)v);

    /// <summary>Whether the CCG is in special measures in each replication (a copy, for inspection).</summary>
    public bool[] SpecialMeasures => Array.ConvertAll(SlotOf(Slot.SpecialMeasures).ToArray(), v => v == 1);

    /// <summary>
    /// Advances every replication into <paramref name="quarter"/>, seeing only <paramref name="world"/> as it was at the
    /// end of the previous quarter. Order within the quarter: a merger this CCG leads sets its level and attributes;
    /// an approved move due now takes effect if the CCG is still eligible; finance, special measures, capacity and LMC
    /// stance move on; a mandate in force moves every eligible CCG to delegated; otherwise the CCG's quarterly rates
    /// add to its exposure and, if an application window is open, it decides whether to apply, and NHSE whether to approve.
    /// </summary>
    public void Step(int quarter, WorldSnapshot world)
    {
        // The kernel reads the state block without bounds checks: a returned block must never be read again.
        ObjectDisposedException.ThrowIf(_state.Length == 0, this);
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
        if (world.Replications != _n) throw new ArgumentException("the world is of another batch", nameof(world));
        var experience = Buffer(ref t_experience, _n);
        if (_usesExperience)
        {
            // log(1 + quarters at level) once the quarter has passed: the table's next entry (a move this quarter sets 0).
            var table = _setup.LogExperience;
            var quarters = SlotOf(Slot.QuartersAtLevel);
            for (var r = 0; r < _n; r++) experience[r] = table[Math.Min((int)quarters[r] + 1, table.Length - 1)];
        }

        var timeline = _setup.Timeline;
        var (peers, peerOffset, peerDivisor) = PeerCounts(world, quarter - 1);
        var k = new QuarterTerms(
            quarter, timeline.Pressure[quarter], timeline.Support[quarter], timeline.RunningCostChange[quarter], timeline.RiskSharing[quarter],
            timeline.Approval[quarter], timeline.EffectiveIfApplying[quarter], timeline.MandateApplies(quarter), peerOffset, peerDivisor);
        var i = _width switch
        {
            LaneWidth.V512 => Registers<Lanes512, Vector512<double>, Vector512<ulong>>(0, k, peers, experience),
            LaneWidth.V256 => Registers<Lanes256, Vector256<double>, Vector256<ulong>>(0, k, peers, experience),
            LaneWidth.V128 => Registers<Lanes128, Vector128<double>, Vector128<ulong>>(0, k, peers, experience),
            _ => 0,
        };
        Registers<ScalarLanes, double, ulong>(i, k, peers, experience);
        var levels = SlotOf(Slot.Level);
        for (var r = 0; r < _n; r++) Level[r] = (byte)levels[r];
    }

    /// <summary>Returns the state block to the pool; the CCG cannot step again.</summary>
    public void Dispose()
    {
        // Exchanged, so a block goes back at most once even if two callers dispose at the same time.
        var state = Interlocked.Exchange(ref _state, []);
        if (state.Length > 0) StatePool.Return(state);
    }

    /// <summary>What the policy says this quarter, the same for every replication, and where the peer counts of this
    /// CCG's scope start in the world's counts, with the number of CCGs in that scope.</summary>
    private readonly record struct QuarterTerms(
        int Quarter, double Pressure, double Support, double RunningCostChange, double RiskSharing, double Approval, int Effective, bool Mandate,
        int PeerOffset, double PeerDivisor);

    /// <summary>The quarter for replications [from, from + k * width), as many whole registers as fit; returns where it
    /// stopped. Every array the kernel reads holds at least <see cref="_n"/> values from each offset it uses (the state
    /// block, the coefficient columns, the peer counts of one scope, the experience buffer), so the loop bound is the
    /// only bounds check.</summary>
    private int Registers<TL, TD, TU>(int from, in QuarterTerms k, double[] peers, double[] experience)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        ref var state = ref MemoryMarshal.GetArrayDataReference(_state);
        ref var keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        ref var coefficients = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        ref var peer = ref MemoryMarshal.GetArrayDataReference(peers);
        ref var logExperience = ref MemoryMarshal.GetArrayDataReference(experience);
        var i = from;
        for (; i <= _n - TL.Count; i += TL.Count)
            Quarter<TL, TD, TU>((nuint)i, k, ref state, ref keys, ref coefficients, ref Unsafe.Add(ref peer, k.PeerOffset), ref logExperience);
        return i;
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer;
    }

    /// <summary>One quarter of a register of replications, in the order of docs/ODD.md section 3; each rule is the
    /// domain's own (<see cref="FinanceAssumptions"/>, <see cref="CapacityAssumptions"/>, <see cref="LmcAssumptions"/>,
    /// <see cref="Eligibility"/>, <see cref="DecisionRule"/>); this method holds the state and the keyed draws.</summary>
    private void Quarter<TL, TD, TU>(nuint i, in QuarterTerms k, ref float state, ref ulong keyBase, ref double coefficients, ref double peers, ref double experience)
        where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var n = (nuint)_n;
        var yes = TL.AsDouble(TL.ConstantBits(ulong.MaxValue));
        var no = TL.Constant(0);
        var zero = TL.Constant(0);
        var one = TL.Constant(1);
        var joint = TL.Constant(Levels.Joint);
        var delegated = TL.Constant(Levels.Delegated);
        var keys = TL.LoadBitsUnchecked(ref keyBase, i);
        var level = TL.LoadSingleUnchecked(ref state, Slot.Level * n + i);
        var quarters = TL.LoadSingleUnchecked(ref state, Slot.QuartersAtLevel * n + i);
        var pending = TL.LoadSingleUnchecked(ref state, Slot.Pending * n + i);
        var exposure = TL.LoadSingleUnchecked(ref state, Slot.Exposure * n + i);
        var exposureDirect = TL.LoadSingleUnchecked(ref state, Slot.ExposureDirect * n + i);
        var inSpecialMeasures = TL.Equal(TL.LoadSingleUnchecked(ref state, Slot.SpecialMeasures * n + i), one);
        var timeline = _setup.Timeline;
        var collective = TL.LoadUnchecked(ref MemoryMarshal.GetArrayDataReference(_collective), i);
        // Pressure in the rates as the timing says: each quarter's own, or none until the window.
        var accruedPressure = _pressureAt is null ? k.Pressure : 0;

        // The start mix is in force in the first quarter: its rates count towards the first window, as every later quarter's do.
        if (k.Quarter == 1 && !timeline.MandateApplies(0))
        {
            Unsafe.SkipInit(out DriverValues<TD> x0);
            DecisionRule.Drivers<TL, TD, TU>(ref x0, level, quarters, TL.LoadSingleUnchecked(ref state, Slot.Finance * n + i), TL.LoadSingleUnchecked(ref state, Slot.Lmc * n + i),
                TL.LoadSingleUnchecked(ref state, Slot.Capacity * n + i), TL.LoadSingleUnchecked(ref state, Slot.Conflict * n + i),
                TL.Divide(TL.LoadUnchecked(ref peers, i), TL.Constant(k.PeerDivisor)), zero, _pressureAt is null ? timeline.Pressure[0] : 0, timeline.RiskSharing[0],
                _deprivation, collective);
            DecisionRule.Accrue<TL, TD, TU>(ref exposure, ref exposureDirect, level, Eligibility.MayJoin<TL, TD, TU>(inSpecialMeasures, timeline, 0),
                Eligibility.MayDelegate<TL, TD, TU>(inSpecialMeasures, timeline, 0), TL.LessThan(pending, zero), _behaviour.HandBackEnabled, _terms, x0, ref coefficients, n, i);
        }

        // An approved move due now takes effect if the CCG is still eligible for it; a lapsed one leaves the quarter
        // counting at the CCG's level.
        var dueAt = TL.Constant(k.Quarter * 4.0);
        var due = TL.And(TL.LessThanOrEqual(dueAt, pending), TL.LessThan(pending, TL.Constant(k.Quarter * 4.0 + 4)));
        var pendingLevel = TL.Subtract(pending, dueAt);
        var stillEligible = TL.Select(TL.Equal(pendingLevel, joint), Eligibility.MayJoin<TL, TD, TU>(inSpecialMeasures, timeline, k.Quarter),
            TL.Select(TL.Equal(pendingLevel, delegated), Eligibility.MayDelegate<TL, TD, TU>(inSpecialMeasures, timeline, k.Quarter), yes));
        var moves = TL.And(due, stillEligible);
        level = TL.Select(moves, pendingLevel, level);
        quarters = TL.Select(moves, zero, TL.Select(TL.LessThan(quarters, TL.Constant(short.MaxValue)), TL.Add(quarters, one), quarters));
        pending = TL.Select(due, TL.Constant(-1), pending);
        exposure = TL.Select(moves, zero, exposure);
        exposureDirect = TL.Select(moves, zero, exposureDirect);

        // Finance reverts to the CCG's own level with a shock; special measures; capacity; LMC stance.
        var finance = TL.LoadSingleUnchecked(ref state, Slot.Finance * n + i);
        // Box-Muller gives two independent normals per draw: an odd quarter draws the shocks of itself and the next.
        TD shock;
        if (k.Quarter % 2 == 1)
        {
            shock = KeyedDraws.NormalPair<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.FinanceShock)), out var next);
            TL.StoreSingleUnchecked(next, ref state, Slot.SpareShock * n + i);
        }
        else
        {
            shock = TL.LoadSingleUnchecked(ref state, Slot.SpareShock * n + i);
        }
        finance = _assumptions.Finance.Next<TL, TD, TU>(finance, TL.LoadSingleUnchecked(ref state, Slot.OwnFinance * n + i), shock);
        inSpecialMeasures = _assumptions.Finance.InSpecialMeasures<TL, TD, TU>(inSpecialMeasures, finance);
        var capacity = _assumptions.Capacity.Next<TL, TD, TU>(TL.LoadSingleUnchecked(ref state, Slot.Capacity * n + i), TL.LoadSingleUnchecked(ref state, Slot.OwnCapacity * n + i),
            level, k.RunningCostChange, k.Support);
        var peer = TL.Divide(TL.LoadUnchecked(ref peers, i), TL.Constant(k.PeerDivisor));
        var lmc = TL.LoadSingleUnchecked(ref state, Slot.Lmc * n + i);
        if (TL.Any(TL.LessThan(lmc, one)))
        {
            var u = KeyedDraws.Uniform<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.LmcSoften)));
            lmc = _assumptions.Lmc.Soften<TL, TD, TU>(lmc, peer, u);
        }

        var mayJoin = Eligibility.MayJoin<TL, TD, TU>(inSpecialMeasures, timeline, k.Quarter);
        var mayDelegate = Eligibility.MayDelegate<TL, TD, TU>(inSpecialMeasures, timeline, k.Quarter);
        var mandated = k.Mandate ? mayDelegate : no;
        // A mandate moves every eligible CCG to delegated.
        var toDelegated = TL.And(mandated, Lanes.Not<TL, TD, TU>(TL.Equal(level, delegated)));
        level = TL.Select(toDelegated, delegated, level);
        quarters = TL.Select(toDelegated, zero, quarters);
        pending = TL.Select(toDelegated, TL.Constant(-1), pending);
        exposure = TL.Select(toDelegated, zero, exposure);
        exposureDirect = TL.Select(toDelegated, zero, exposureDirect);

        // Otherwise, with no application pending, this quarter's rates add to the exposure.
        var deciding = TL.And(Lanes.Not<TL, TD, TU>(mandated), TL.LessThan(pending, zero));
        var anyOpen = TL.And(deciding, TL.Or(TL.Or(TL.Equal(level, one), TL.Equal(level, joint)), _behaviour.HandBackEnabled ? TL.Equal(level, delegated) : no));
        if (TL.Any(anyOpen))
        {
            Unsafe.SkipInit(out DriverValues<TD> x);
            DecisionRule.Drivers<TL, TD, TU>(ref x, level, quarters, finance, lmc, capacity, TL.LoadSingleUnchecked(ref state, Slot.Conflict * n + i), peer,
                _usesExperience ? TL.LoadUnchecked(ref experience, i) : zero, accruedPressure, k.RiskSharing, _deprivation, collective);
            DecisionRule.Accrue<TL, TD, TU>(ref exposure, ref exposureDirect, level, mayJoin, mayDelegate, deciding, _behaviour.HandBackEnabled, _terms, x, ref coefficients, n, i);
        }

        if (k.Effective >= 0 && TL.Any(deciding))
        {
            if (_pressureAt is { } pressureAt)
            {
                // The pressure in force at the window weighs on all of the exposure since the last one.
                var atLevel = TL.Select(TL.Equal(level, one), PressureFactor<TL, TD, TU>(pressureAt[0], k.Pressure, ref coefficients, i),
                    TL.Select(TL.Equal(level, joint), PressureFactor<TL, TD, TU>(pressureAt[2], k.Pressure, ref coefficients, i), PressureFactor<TL, TD, TU>(pressureAt[3], k.Pressure, ref coefficients, i)));
                exposure = TL.Multiply(exposure, atLevel);
                exposureDirect = TL.Multiply(exposureDirect, PressureFactor<TL, TD, TU>(pressureAt[1], k.Pressure, ref coefficients, i));
            }
            var u = KeyedDraws.Uniform<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.Decision)));
            var applied = TL.Select(deciding, DecisionRule.Apply<TL, TD, TU>(level, exposure, exposureDirect, u), zero);
            exposure = TL.Select(deciding, zero, exposure);
            exposureDirect = TL.Select(deciding, zero, exposureDirect);

            // NHS England approves an application to delegate with the scenario's probability; joining always.
            var toDelegate = TL.Equal(applied, delegated);
            var approved = yes;
            if (TL.Any(toDelegate))
            {
                var a = KeyedDraws.Uniform<TL, TD, TU>(KeyedDraws.Bits<TL, TD, TU>(keys, KeyedDraws.Offset(k.Quarter, DrawPurpose.Approval)));
                approved = TL.Or(Lanes.Not<TL, TD, TU>(toDelegate), TL.LessThan(a, TL.Constant(k.Approval)));
            }
            var goes = TL.And(Lanes.Not<TL, TD, TU>(TL.Equal(applied, zero)), approved);
            if (k.Effective == k.Quarter)
            {
                level = TL.Select(goes, applied, level);
                quarters = TL.Select(goes, zero, quarters);
            }
            else
            {
                pending = TL.Select(goes, TL.Add(TL.Constant(k.Effective * 4.0), applied), pending);
            }
        }

        TL.StoreSingleUnchecked(level, ref state, Slot.Level * n + i);
        TL.StoreSingleUnchecked(quarters, ref state, Slot.QuartersAtLevel * n + i);
        TL.StoreSingleUnchecked(finance, ref state, Slot.Finance * n + i);
        TL.StoreSingleUnchecked(TL.And(inSpecialMeasures, one), ref state, Slot.SpecialMeasures * n + i);
        TL.StoreSingleUnchecked(capacity, ref state, Slot.Capacity * n + i);
        TL.StoreSingleUnchecked(lmc, ref state, Slot.Lmc * n + i);
        TL.StoreSingleUnchecked(pending, ref state, Slot.Pending * n + i);
        TL.StoreSingleUnchecked(exposure, ref state, Slot.Exposure * n + i);
        TL.StoreSingleUnchecked(exposureDirect, ref state, Slot.ExposureDirect * n + i);
    }

    /// <summary>exp(the pressure coefficients of a move times the pressure): what <see cref="PressureTiming.AtWindow"/> multiplies
    /// the move's exposure by at the window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TD PressureFactor<TL, TD, TU>(int[] coefficients, double pressure, ref double columns, nuint i) where TL : ILanes<TD, TU> where TD : unmanaged where TU : unmanaged
    {
        var eta = TL.Constant(0);
        foreach (var k in coefficients) eta = TL.Add(eta, TL.Multiply(TL.LoadUnchecked(ref columns, (nuint)k * (nuint)_n + i), TL.Constant(pressure)));
        return DeterministicMath.Exp<TL, TD, TU>(eta);
    }

    /// <summary>Where the counts of delegated CCGs at the end of the previous quarter in this CCG's peer scope lie in the
    /// world (one per replication, from the offset), and how many CCGs that scope held: their quotient is the peer share.</summary>
    private (double[] Counts, int Offset, double InScope) PeerCounts(WorldSnapshot world, int previousQuarter)
    {
        var plan = _setup.Mergers;
        return _behaviour.PeerScope switch
        {
            PeerScope.National => (world.DelegatedNational, 0, plan.Existing[previousQuarter]),
            PeerScope.Region => (world.DelegatedByRegion, _region * _n, plan.ExistingByRegion[previousQuarter * world.Regions + _region]),
            _ => (world.DelegatedByFootprint, _footprint * _n, plan.ExistingByFootprint[previousQuarter * world.Footprints + _footprint]),
        };
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
        At(Slot.OwnFinance, r) = At(Slot.Finance, r) = (float)(finance / patients);
        At(Slot.OwnCapacity, r) = At(Slot.Capacity, r) = (float)(capacity / patients);
        At(Slot.Pending, r) = -1;
        At(Slot.Exposure, r) = At(Slot.ExposureDirect, r) = 0;
        if (mergedLevel != At(Slot.Level, r)) At(Slot.QuartersAtLevel, r) = 0;
        At(Slot.Level, r) = mergedLevel;
    }
}
