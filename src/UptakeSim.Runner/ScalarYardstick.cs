using UptakeSim.Model;

namespace UptakeSim.Runner;

/// <summary>
/// A fixed measure of what plain C# costs for the model's quarter: the obvious loop, replication by replication,
/// quarter by quarter, CCG by CCG, one double at a time, with Math.Exp, Math.Log and a Box-Muller normal (Math.Cos),
/// a start mix ranked like the model's, the scenario's parameters, windows, approval and peer scope. It leaves out
/// mergers and regional start quotas, and its numbers are
/// not the model's (the model's draws are deterministic and vectorised): <c>bench</c> times it beside the engines,
/// never uses its results, and only checks that it ran (<see cref="Result.Delegated"/>).
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
        Span<double> x = stackalloc double[DecisionRule.DriverCount];
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
                var situation = new CcgSituation(Levels.GreaterInvolvement, 0, attributes.Finance, attributes.SpecialMeasures, attributes.Lmc,
                    attributes.LongRunCapacity, attributes.Conflict, 0, population[c].Deprivation ?? 0);
                DecisionRule.Drivers(situation, 0, 0, 0, x);
                delegateScore[c] = DecisionRule.Predictor(terms[1], b, x) - Math.Log(-Math.Log(KeyedRandom.Uniform(keys[c], -1, DrawPurpose.StartDelegated) + 1e-300));
                joinScore[c] = DecisionRule.Predictor(terms[0], b, x) - Math.Log(-Math.Log(KeyedRandom.Uniform(keys[c], -1, DrawPurpose.StartJoint) + 1e-300));
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
                    finance[c] = a.Finance.Next(finance[c], ownFinance[c], BoxMuller(KeyedRandom.Bits(key, q, DrawPurpose.FinanceShock)));
                    specialMeasures[c] = a.Finance.InSpecialMeasures(specialMeasures[c], finance[c]);
                    capacity[c] = a.Capacity.Next(capacity[c], ownCapacity[c], level[c], t.RunningCostChange[q], t.Support[q]);
                    var peer = behaviour.PeerScope switch
                    {
                        PeerScope.National => (double)delegatedNational / n,
                        PeerScope.Region => (double)delegatedInRegion[population[c].Region] / setup.RegionSizes[population[c].Region],
                        _ => (double)delegatedInFootprint[population[c].Footprint] / setup.FootprintSizes[population[c].Footprint],
                    };
                    if (lmc[c] < 1 && KeyedRandom.Uniform(key, q, DrawPurpose.LmcSoften) < a.Lmc.SoftenRate * peer) lmc[c]++;
                    var may = t.EligibilityOf(specialMeasures[c]);
                    if (t.MandateApplies(q) && may.MayDelegate)
                    {
                        level[c] = Levels.Delegated;
                        continue;
                    }
                    if (pendingEffective[c] >= 0) continue;

                    var situation = new CcgSituation(level[c], quartersAtLevel[c], finance[c], specialMeasures[c], (LmcStance)lmc[c], capacity[c], conflict[c], peer,
                        population[c].Deprivation ?? 0);
                    DecisionRule.Drivers(situation, t.Pressure[q], t.RiskSharing[q], Math.Log(1 + quartersAtLevel[c]), x);
                    var e = exposure.AsSpan(c * 4, 4);
                    switch (level[c])
                    {
                        case Levels.GreaterInvolvement:
                            if (may.MayJoin) e[0] += Math.Exp(DecisionRule.Predictor(terms[0], b, x));
                            if (may.MayDelegate) e[1] += Math.Exp(DecisionRule.Predictor(terms[1], b, x));
                            break;
                        case Levels.Joint:
                            if (may.MayDelegate) e[2] += Math.Exp(DecisionRule.Predictor(terms[2], b, x));
                            break;
                        default:
                            if (behaviour.HandBackEnabled) e[3] += Math.Exp(DecisionRule.Predictor(terms[3], b, x));
                            break;
                    }
                    if (effective < 0) continue;
                    var total = e[0] + e[1] + e[2] + e[3];
                    var scale = total > 0 ? (1 - Math.Exp(-total)) / total : 0;
                    var p = new MoveProbabilities(1 - total * scale, e[0] * scale, e[1] * scale, e[2] * scale, e[3] * scale);
                    var target = DecisionRule.Choose(level[c], p, KeyedRandom.Uniform(key, q, DrawPurpose.Decision));
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
