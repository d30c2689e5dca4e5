using UptakeSim.Model;

namespace UptakeSim.Bench;

/// <summary>
/// A fixed measure of what plain C# costs for the model's quarter: the obvious loop, replication by replication,
/// quarter by quarter, CCG by CCG, one double at a time, with Math.Exp, Math.Log and a Box-Muller normal (Math.Cos),
/// a start mix ranked like the model's, the scenario's parameters, windows, approval and peer scope. It leaves out
/// mergers and regional start quotas, and its numbers are
/// not the model's (the model's draws are deterministic and vectorised): <c>bench</c> times it beside the engines,
/// never uses its results, and only checks that it ran (<see cref="Result.Delegated"/>). It is written out here, the
/// obvious way, on purpose: a yardstick that called the model's rules would measure them, not plain C#.
/// </summary>
public static class ScalarYardstick
{
    /// <summary>What the loop computed: CCG-quarters simulated and the sum over replications and quarters of the
    /// number of delegated CCGs (so the work cannot be optimised away).</summary>
    public readonly record struct Result(long CcgQuarters, long Delegated);

    public static Result Run(SimulationSetup setup, int replications)
    {
        var scenario = setup.Scenario;
        var a = scenario.Assumptions;
        var t = setup.Timeline;
        var behaviour = scenario.Behaviour;
        var terms = behaviour.Table.Terms;
        var population = scenario.Population.Ccgs;
        var n = setup.Ccgs;
        var level = new byte[n];
        var quartersAtLevel = new int[n];
        var finance = new double[n];
        var ownFinance = new double[n];
        var specialMeasures = new bool[n];
        var lmc = new int[n];
        var capacity = new double[n];
        var ownCapacity = new double[n];
        var conflict = new double[n];
        var exposure = new double[n * 4];
        var pendingLevel = new byte[n];
        var pendingEffective = new int[n];
        var keys = new ulong[n];
        var delegateScore = new double[n];
        var joinScore = new double[n];
        var order = new int[n];
        var delegatedInFootprint = new int[setup.Footprints];
        var delegatedInRegion = new int[setup.Regions];
        var x = new double[(int)Driver.Collective + 1];
        long delegatedTotal = 0;

        for (var r = 0; r < replications; r++)
        {
            var b = behaviour.Draw(setup.Seed, r, 1);
            var replicationKey = KeyedRandom.ReplicationKey(setup.Seed, r);
            for (var c = 0; c < n; c++)
            {
                keys[c] = KeyedRandom.CcgKey(replicationKey, c);
                var attributes = CcgAttributes.From(a, population[c], new CcgAttributes.Draws(
                    BoxMuller(KeyedRandom.Bits(keys[c], -1, DrawPurpose.Finance)), BoxMuller(KeyedRandom.Bits(keys[c], -1, DrawPurpose.Capacity)),
                    BoxMuller(KeyedRandom.Bits(keys[c], -1, DrawPurpose.Conflict)), KeyedRandom.Uniform(keys[c], -1, DrawPurpose.LmcStance)));
                Drivers(x, Levels.GreaterInvolvement, 0, attributes.Finance, (int)attributes.Lmc, attributes.LongRunCapacity, attributes.Conflict, 0, population[c].Deprivation ?? 0, 0, 0);
                delegateScore[c] = Predictor(terms[1], b, x) - Math.Log(-Math.Log(KeyedRandom.Uniform(keys[c], -1, DrawPurpose.StartDelegated) + 1e-300));
                joinScore[c] = Predictor(terms[0], b, x) - Math.Log(-Math.Log(KeyedRandom.Uniform(keys[c], -1, DrawPurpose.StartJoint) + 1e-300));
                level[c] = Levels.GreaterInvolvement;
                quartersAtLevel[c] = 0;
                finance[c] = ownFinance[c] = attributes.LongRunFinance;
                specialMeasures[c] = attributes.SpecialMeasures;
                lmc[c] = (int)attributes.Lmc;
                capacity[c] = ownCapacity[c] = attributes.LongRunCapacity;
                conflict[c] = attributes.Conflict;
                pendingEffective[c] = -1;
            }
            // The start mix: the highest-scoring CCGs start delegated, then joint (no regional quotas).
            Promote(level, delegateScore, order, a.Start.Level3, Levels.Delegated);
            Promote(level, joinScore, order, a.Start.Level2, Levels.Joint);
            Array.Clear(exposure);
            var delegatedNational = Tally(level, population, delegatedInFootprint, delegatedInRegion);

            for (var q = 1; q < setup.Quarters; q++)
            {
                var effective = t.EffectiveIfApplying[q];
                for (var c = 0; c < n; c++)
                {
                    var key = keys[c];
                    if (pendingEffective[c] == q)
                    {
                        level[c] = pendingLevel[c];
                        quartersAtLevel[c] = 0;
                        pendingEffective[c] = -1;
                    }
                    else
                    {
                        quartersAtLevel[c]++;
                    }
                    var f = a.Finance;
                    finance[c] += f.Reversion * (ownFinance[c] - finance[c]) + f.ShockSd * BoxMuller(KeyedRandom.Bits(key, q, DrawPurpose.FinanceShock));
                    specialMeasures[c] = specialMeasures[c] ? finance[c] <= f.SpecialMeasuresExitAbove : finance[c] < f.SpecialMeasuresBelow;
                    var k = a.Capacity;
                    var load = level[c] switch { Levels.Delegated => k.DelegatedLoad, Levels.Joint => k.JointLoad, _ => 0.0 };
                    capacity[c] = Math.Clamp(capacity[c] + k.Recovery * (ownCapacity[c] * (1 + t.RunningCostChange[q]) - capacity[c]) - load + t.Support[q], 0, 1);
                    var peer = behaviour.PeerScope switch
                    {
                        PeerScope.National => (double)delegatedNational / n,
                        PeerScope.Region => (double)delegatedInRegion[population[c].Region] / setup.RegionSizes[population[c].Region],
                        _ => (double)delegatedInFootprint[population[c].Footprint] / setup.FootprintSizes[population[c].Footprint],
                    };
                    if (lmc[c] < 1 && KeyedRandom.Uniform(key, q, DrawPurpose.LmcSoften) < a.Lmc.SoftenRate * peer) lmc[c]++;
                    var mayJoin = !specialMeasures[c] || !t.BarsJoining(q);
                    var mayDelegate = !specialMeasures[c] || !t.BarsDelegating(q);
                    if (t.MandateApplies(q) && mayDelegate)
                    {
                        level[c] = Levels.Delegated;
                        continue;
                    }
                    if (pendingEffective[c] >= 0) continue;

                    Drivers(x, level[c], quartersAtLevel[c], finance[c], lmc[c], capacity[c], conflict[c], peer, population[c].Deprivation ?? 0, t.Pressure[q], t.RiskSharing[q]);
                    var e = exposure.AsSpan(c * 4, 4);
                    switch (level[c])
                    {
                        case Levels.GreaterInvolvement:
                            if (mayJoin) e[0] += Math.Exp(Predictor(terms[0], b, x));
                            if (mayDelegate) e[1] += Math.Exp(Predictor(terms[1], b, x));
                            break;
                        case Levels.Joint:
                            if (mayDelegate) e[2] += Math.Exp(Predictor(terms[2], b, x));
                            break;
                        default:
                            if (behaviour.HandBackEnabled) e[3] += Math.Exp(Predictor(terms[3], b, x));
                            break;
                    }
                    if (effective < 0) continue;
                    var total = e[0] + e[1] + e[2] + e[3];
                    var scale = total > 0 ? (1 - Math.Exp(-total)) / total : 0;
                    var u = KeyedRandom.Uniform(key, q, DrawPurpose.Decision);
                    byte target = level[c] switch
                    {
                        Levels.GreaterInvolvement => u < e[1] * scale ? Levels.Delegated : u < (e[1] + e[0]) * scale ? Levels.Joint : (byte)0,
                        Levels.Joint => u < e[2] * scale ? Levels.Delegated : (byte)0,
                        _ => u < e[3] * scale ? Levels.Joint : (byte)0,
                    };
                    e.Clear();
                    if (target == 0) continue;
                    if (target == Levels.Delegated && KeyedRandom.Uniform(key, q, DrawPurpose.Approval) >= t.Approval[q]) continue;
                    if (effective == q)
                    {
                        level[c] = target;
                        quartersAtLevel[c] = 0;
                    }
                    else
                    {
                        pendingLevel[c] = target;
                        pendingEffective[c] = effective;
                    }
                }
                delegatedNational = Tally(level, population, delegatedInFootprint, delegatedInRegion);
                delegatedTotal += delegatedNational;
            }
        }
        return new Result((long)replications * n * setup.Quarters, delegatedTotal);
    }

    private static void Drivers(double[] x, byte level, int quartersAtLevel, double finance, int lmc, double capacity, double conflict, double peer, double deprivation,
        double pressure, double riskSharing)
    {
        x[(int)Driver.One] = 1;
        x[(int)Driver.Pressure] = pressure;
        x[(int)Driver.Finance] = finance < 0 ? finance * (1 - riskSharing) : finance;
        x[(int)Driver.Lmc] = lmc;
        x[(int)Driver.Capacity] = capacity;
        x[(int)Driver.Conflict] = conflict;
        x[(int)Driver.PeerShareDelegated] = peer;
        x[(int)Driver.ExperienceAtJoint] = level == Levels.Joint ? Math.Log(1 + quartersAtLevel) : 0;
        x[(int)Driver.Deprivation] = deprivation;
    }

    private static double Predictor(Term[] terms, double[] b, double[] x)
    {
        var eta = 0.0;
        foreach (var t in terms) eta += b[t.Coefficient] * x[(int)t.Driver];
        return eta;
    }

    /// <summary>Standard normal from the two halves of one 64-bit draw, with the platform's log and cosine.</summary>
    private static double BoxMuller(ulong bits)
    {
        var u1 = ((bits >> 32) + 0.5) * (1.0 / 4294967296.0);
        var u2 = (bits & 0xFFFFFFFFUL) * (1.0 / 4294967296.0);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void Promote(byte[] level, double[] score, int[] order, int count, byte to)
    {
        for (var c = 0; c < order.Length; c++) order[c] = c;
        Array.Sort(order, (x, y) => score[y].CompareTo(score[x]));
        foreach (var c in order)
        {
            if (count == 0) return;
            if (level[c] != Levels.GreaterInvolvement) continue;
            level[c] = to;
            count--;
        }
    }

    private static int Tally(byte[] level, IReadOnlyList<CcgRecord> population, int[] byFootprint, int[] byRegion)
    {
        Array.Clear(byFootprint);
        Array.Clear(byRegion);
        var national = 0;
        for (var c = 0; c < level.Length; c++)
        {
            if (level[c] != Levels.Delegated) continue;
            national++;
            byFootprint[population[c].Footprint]++;
            byRegion[population[c].Region]++;
        }
        return national;
    }
}
