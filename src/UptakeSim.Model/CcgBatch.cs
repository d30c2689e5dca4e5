namespace UptakeSim.Model;

/// <summary>
/// One CCG across a batch of replications: its state held as arrays, one slot per replication, so one call
/// advances the whole batch a quarter. This is the model's rule book for a CCG's quarter (docs/ODD.md, "Process
/// overview and scheduling"); the Orleans grain and the in-process reference kernel both call it.
/// </summary>
public sealed class CcgBatch
{
    private readonly SimulationSetup _setup;
    private readonly PopulationAssumptions _assumptions;
    private readonly BehaviourCoefficients _behaviour;
    private readonly Term[][] _terms;
    private readonly int _coefficientCount;
    private readonly double[] _coefficients;
    private readonly ulong[] _keys;
    private readonly int _ccg;
    private readonly int _firstReplication;
    private readonly int _region;
    private readonly int _footprint;
    private readonly short[] _quartersAtLevel;
    private readonly double[] _finance;
    private readonly double[] _ownFinance;
    private readonly bool[] _specialMeasures;
    private readonly LmcStance[] _lmc;
    private readonly double[] _capacity;
    private readonly double[] _ownCapacity;
    private readonly double[] _conflict;
    private readonly MoveRates[] _exposure;
    private readonly byte[] _pendingLevel;
    private readonly short[] _pendingEffective;
    private readonly double[] _drivers = new double[DecisionRule.DriverCount];
    private double _deprivation;

    /// <param name="coefficients">Drawn coefficient rows of the batch's replications (see <see cref="BehaviourCoefficients.Draw"/>).</param>
    /// <param name="startLevels">This CCG's level on the first quarter in each replication.</param>
    public CcgBatch(SimulationSetup setup, int ccg, int firstReplication, double[] coefficients, ReadOnlySpan<byte> startLevels)
    {
        _setup = setup;
        _assumptions = setup.Scenario.Assumptions;
        _behaviour = setup.Scenario.Behaviour;
        _terms = _behaviour.Table.Terms;
        _coefficientCount = _behaviour.Table.Count;
        _coefficients = coefficients;
        _ccg = ccg;
        _firstReplication = firstReplication;
        var record = setup.Scenario.Population.Ccgs[ccg];
        _region = record.Region;
        _footprint = record.Footprint;
        _deprivation = record.Deprivation ?? 0;
        var n = startLevels.Length;
        Level = startLevels.ToArray();
        _keys = new ulong[n];
        _quartersAtLevel = new short[n];
        _finance = new double[n];
        _ownFinance = new double[n];
        _specialMeasures = new bool[n];
        _lmc = new LmcStance[n];
        _capacity = new double[n];
        _ownCapacity = new double[n];
        _conflict = new double[n];
        _exposure = new MoveRates[n];
        _pendingLevel = new byte[n];
        _pendingEffective = new short[n];
        for (var r = 0; r < n; r++)
        {
            _keys[r] = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(setup.Seed, firstReplication + r), ccg);
            var a = CcgAttributes.Draw(_assumptions, record, _keys[r]);
            (_ownFinance[r], _specialMeasures[r], _lmc[r], _ownCapacity[r], _conflict[r]) = (a.LongRunFinance, a.SpecialMeasures, a.Lmc, a.LongRunCapacity, a.Conflict);
            _finance[r] = a.Finance;
            _capacity[r] = a.LongRunCapacity;
            _pendingEffective[r] = -1;
        }
    }

    /// <summary>The level in force in each replication; 0 once the CCG has merged into another.</summary>
    public byte[] Level { get; }

    /// <summary>Finance in each replication (surplus + / deficit -, % of allocation).</summary>
    public ReadOnlySpan<double> Finance => _finance;

    /// <summary>Whether the CCG is in special measures in each replication.</summary>
    public ReadOnlySpan<bool> SpecialMeasures => _specialMeasures;

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
        var leadEvent = -1;
        foreach (var (q, e) in plan.LeadEvents[_ccg])
        {
            if (q == quarter) leadEvent = e;
        }

        var timeline = _setup.Timeline;
        var pressure = timeline.Pressure[quarter];
        var support = timeline.Support[quarter];
        var runningCost = timeline.RunningCostChange[quarter];
        var riskSharing = timeline.RiskSharing[quarter];
        var approval = timeline.Approval[quarter];
        var effective = timeline.EffectiveIfApplying[quarter];
        var mandate = timeline.MandateApplies(quarter);
        var handBack = _behaviour.HandBackEnabled;
        var finance = _assumptions.Finance;
        var capacity = _assumptions.Capacity;
        var lmc = _assumptions.Lmc;
        var replications = Level.Length;

        for (var r = 0; r < replications; r++)
        {
            var key = _keys[r];
            var level = Level[r];
            if (leadEvent >= 0) level = Merge(r, level, plan.Events[quarter][leadEvent], world.MergedLevels[leadEvent * replications + r]);

            var moved = false;
            if (_pendingEffective[r] == quarter)
            {
                _pendingEffective[r] = -1;
                // Eligibility is checked again when the move takes effect.
                moved = timeline.EligibilityOf(_specialMeasures[r]).Allows(_pendingLevel[r]);
                if (moved) Move(r, ref level, _pendingLevel[r]);
            }
            if (!moved && _quartersAtLevel[r] < short.MaxValue) _quartersAtLevel[r]++;

            _finance[r] = finance.Next(_finance[r], _ownFinance[r], KeyedRandom.Normal(key, quarter, DrawPurpose.FinanceShock));
            _specialMeasures[r] = finance.InSpecialMeasures(_specialMeasures[r], _finance[r]);
            _capacity[r] = capacity.Next(_capacity[r], _ownCapacity[r], level, runningCost, support);
            var peer = PeerShare(world, quarter - 1, r);
            if (_lmc[r] != LmcStance.Supportive)
                _lmc[r] = lmc.Soften(_lmc[r], peer, KeyedRandom.Uniform(key, quarter, DrawPurpose.LmcSoften));

            var may = timeline.EligibilityOf(_specialMeasures[r]);
            if (mandate && may.MayDelegate)
            {
                if (level != Levels.Delegated) Move(r, ref level, Levels.Delegated);
            }
            else if (_pendingEffective[r] < 0)
            {
                var b = _coefficients.AsSpan(r * _coefficientCount, _coefficientCount);
                var situation = new CcgSituation(level, _quartersAtLevel[r], _finance[r], _specialMeasures[r], _lmc[r], _capacity[r], _conflict[r], peer, _deprivation);
                DecisionRule.Drivers(situation, pressure, riskSharing, _setup.LogExperience[Math.Min((int)_quartersAtLevel[r], _setup.LogExperience.Length - 1)], _drivers);
                _exposure[r].Add(DecisionRule.Rates(level, _drivers, b, _terms, may, handBack));
                if (effective >= 0)
                {
                    var target = DecisionRule.Choose(level, DecisionRule.Probabilities(_exposure[r]), KeyedRandom.Uniform(key, quarter, DrawPurpose.Decision));
                    _exposure[r] = default;
                    var approved = target != Levels.Delegated || KeyedRandom.Uniform(key, quarter, DrawPurpose.Approval) < approval;
                    if (target != 0 && approved)
                    {
                        if (effective == quarter)
                        {
                            Move(r, ref level, target);
                        }
                        else
                        {
                            _pendingLevel[r] = target;
                            _pendingEffective[r] = (short)effective;
                        }
                    }
                }
            }
            Level[r] = level;
        }
    }

    /// <summary>
    /// This CCG carries on as the CCG a merger forms: it takes the level the aggregator found for it, long-run
    /// finance and capacity weighted by its predecessors' 2015 registered patients (which it draws itself: they are
    /// pure functions of each predecessor's key), and finance and capacity at those levels; its deprivation is weighted
    /// the same way. Its pending application lapses and its exposure restarts; its LMC stance and conflict concern
    /// stay its own.
    /// </summary>
    private byte Merge(int r, byte level, MergerEvent merger, byte mergedLevel)
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
        _exposure[r] = default;
        if (mergedLevel != level) _quartersAtLevel[r] = 0;
        return mergedLevel;
    }

    private void Move(int r, ref byte level, byte target)
    {
        level = target;
        _quartersAtLevel[r] = 0;
        _pendingEffective[r] = -1;
        _exposure[r] = default;
    }

    private double PeerShare(WorldSnapshot world, int previousQuarter, int r)
    {
        var plan = _setup.Mergers;
        return _behaviour.PeerScope switch
        {
            PeerScope.National => (double)world.DelegatedNational[r] / plan.Existing[previousQuarter],
            PeerScope.Region => (double)world.DelegatedByRegion[r * world.Regions + _region] / plan.ExistingByRegion[previousQuarter * world.Regions + _region],
            _ => (double)world.DelegatedByFootprint[r * world.Footprints + _footprint] / plan.ExistingByFootprint[previousQuarter * world.Footprints + _footprint],
        };
    }
}
