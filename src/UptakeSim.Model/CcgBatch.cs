namespace UptakeSim.Model;

/// <summary>
/// One CCG across a batch of replications: its state held as arrays, one slot per replication, so one call
/// advances the whole batch a quarter. This is the model's rule book for a CCG's quarter; the Orleans grain and
/// the in-process reference kernel both call it.
/// </summary>
public sealed class CcgBatch
{
    private readonly SimulationSetup _setup;
    private readonly PopulationAssumptions _assumptions;
    private readonly BehaviourCoefficients _behaviour;
    private readonly double[] _coefficients;
    private readonly ulong[] _keys;
    private readonly int _region;
    private readonly int _footprint;
    private readonly short[] _quartersAtLevel;
    private readonly double[] _finance;
    private readonly bool[] _specialMeasures;
    private readonly LmcStance[] _lmc;
    private readonly double[] _capacity;
    private readonly double[] _conflict;
    private readonly byte[] _pendingLevel;
    private readonly short[] _pendingEffective;

    /// <param name="coefficients">Drawn coefficient rows of the batch's replications (see <see cref="BehaviourCoefficients.Draw"/>).</param>
    /// <param name="startLevels">This CCG's level on the first quarter in each replication.</param>
    public CcgBatch(SimulationSetup setup, int ccg, int firstReplication, double[] coefficients, ReadOnlySpan<byte> startLevels)
    {
        _setup = setup;
        _assumptions = setup.Scenario.Assumptions;
        _behaviour = setup.Scenario.Behaviour;
        _coefficients = coefficients;
        var record = setup.Scenario.Population.Ccgs[ccg];
        _region = record.Region;
        _footprint = record.Footprint;
        var n = startLevels.Length;
        Level = startLevels.ToArray();
        _keys = new ulong[n];
        _quartersAtLevel = new short[n];
        _finance = new double[n];
        _specialMeasures = new bool[n];
        _lmc = new LmcStance[n];
        _capacity = new double[n];
        _conflict = new double[n];
        _pendingLevel = new byte[n];
        _pendingEffective = new short[n];
        for (var r = 0; r < n; r++)
        {
            _keys[r] = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(setup.Seed, firstReplication + r), ccg);
            var a = CcgAttributes.Draw(_assumptions, _keys[r]);
            (_finance[r], _specialMeasures[r], _lmc[r], _capacity[r], _conflict[r]) = (a.Finance, a.SpecialMeasures, a.Lmc, a.Capacity, a.Conflict);
            _pendingEffective[r] = -1;
        }
    }

    /// <summary>The level in force in each replication.</summary>
    public byte[] Level { get; }

    /// <summary>
    /// Advances every replication into <paramref name="quarter"/>, seeing only <paramref name="world"/> as it was at the
    /// end of the previous quarter. Order within the quarter: approved moves due now take effect; finance, special
    /// measures, capacity and LMC stance move on; a mandate in force moves every eligible CCG to delegated; otherwise,
    /// if an application window is open, the CCG decides whether to apply.
    /// </summary>
    public void Step(int quarter, WorldSnapshot world)
    {
        var timeline = _setup.Timeline;
        var pressure = timeline.Pressure[quarter];
        var support = timeline.Support[quarter];
        var runningCost = timeline.RunningCostChange[quarter];
        var riskSharing = timeline.RiskSharing[quarter];
        var effective = timeline.EffectiveIfApplying[quarter];
        var mandate = timeline.MandateApplies(quarter);
        var smMayDelegate = timeline.SpecialMeasuresMayDelegate;
        var handBack = _behaviour.HandBackEnabled;
        var finance = _assumptions.Finance;
        var capacity = _assumptions.Capacity;
        var lmc = _assumptions.Lmc;

        for (var r = 0; r < Level.Length; r++)
        {
            var key = _keys[r];
            var level = Level[r];
            if (_pendingEffective[r] == quarter)
            {
                level = _pendingLevel[r];
                _quartersAtLevel[r] = 0;
                _pendingEffective[r] = -1;
            }
            else if (_quartersAtLevel[r] < short.MaxValue)
            {
                _quartersAtLevel[r]++;
            }

            _finance[r] = finance.Next(_finance[r], KeyedRandom.Normal(key, quarter, DrawPurpose.FinanceShock));
            _specialMeasures[r] = finance.InSpecialMeasures(_specialMeasures[r], _finance[r]);
            _capacity[r] = capacity.Next(_capacity[r], level, runningCost, support);
            var peer = PeerShare(world, r);
            if (_lmc[r] != LmcStance.Supportive)
                _lmc[r] = lmc.Soften(_lmc[r], peer, KeyedRandom.Uniform(key, quarter, DrawPurpose.LmcSoften));

            var mayDelegate = DecisionRule.EligibleForDelegation(_specialMeasures[r], smMayDelegate);
            if (mandate && mayDelegate)
            {
                if (level != Levels.Delegated) Move(r, ref level, Levels.Delegated);
            }
            else if (effective >= 0 && _pendingEffective[r] < 0)
            {
                var b = _coefficients.AsSpan(r * BehaviourCoefficients.Count, BehaviourCoefficients.Count);
                var situation = new CcgSituation(level, _quartersAtLevel[r], _finance[r], _specialMeasures[r], _lmc[r], _capacity[r], _conflict[r], peer);
                var shared = DecisionRule.SharedTerms(situation, b, pressure, riskSharing, _setup.LogExperience[Math.Min((int)_quartersAtLevel[r], _setup.LogExperience.Length - 1)]);
                var p = DecisionRule.Probabilities(level, shared, b, mayDelegate, handBack);
                var target = DecisionRule.Choose(level, p, KeyedRandom.Uniform(key, quarter, DrawPurpose.Decision));
                if (target != 0)
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
            Level[r] = level;
        }
    }

    private void Move(int r, ref byte level, byte target)
    {
        level = target;
        _quartersAtLevel[r] = 0;
        _pendingEffective[r] = -1;
    }

    private double PeerShare(WorldSnapshot world, int r) => _behaviour.PeerScope switch
    {
        PeerScope.National => (double)world.DelegatedNational[r] / _setup.Ccgs,
        PeerScope.Region => (double)world.DelegatedByRegion[r * world.Regions + _region] / _setup.RegionSizes[_region],
        _ => (double)world.DelegatedByFootprint[r * world.Footprints + _footprint] / _setup.FootprintSizes[_footprint],
    };
}
