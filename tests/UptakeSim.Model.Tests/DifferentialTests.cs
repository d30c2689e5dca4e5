using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using UptakeSim.Model.Kernel;
using UptakeSim.TestSupport;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Model.Tests;

/// <summary>
/// The kernel against an oracle: <see cref="Oracle"/> is the quarter of docs/ODD.md written out for one replication
/// and one CCG at a time, in plain C#, independently of the kernel's code (only the keyed draws, the deterministic
/// exp and log, the coefficient draws and the start mix, which are not the rules under test, are shared). On random
/// scenarios (levers, windows, eligibility, mandate, hand-back, peer scope, coefficients) every CCG's level in every
/// quarter and replication must be the same.
/// </summary>
public class DifferentialTests
{
    [Property(MaxTest = 60, Replay = "(20150401,20211231)")]
    public Property The_kernel_and_the_oracle_give_every_ccg_the_same_level_in_every_quarter(
        PositiveInt size, PositiveInt horizon, NormalFloat pressure, bool mandate, bool smMayDelegate, bool smMayJoin, bool handBack, byte scope, NormalFloat intercept,
        PositiveInt seed, bool atWindow, bool barLifted)
    {
        var ccgs = 6 + size.Get % 30;
        var quarters = 4 + horizon.Get % 14;
        var random = new Random(seed.Get);
        var windows = Enumerable.Range(0, 1 + random.Next(3)).Select(_ =>
        {
            var apply = Q("2015Q1").Plus(random.Next(quarters));
            return new ApplicationWindow(apply, apply.Plus(random.Next(5)), random.Next(2) == 0);
        }).ToArray();
        var policy = Policy(
            pressure: Schedule.Constant(Math.Clamp(pressure.Get, -3, 3)), windows: windows, smMayDelegate: smMayDelegate,
            support: Schedule.Constant(random.NextDouble() * 0.05), runningCost: Schedule.Constant(-random.NextDouble() * 0.3),
            riskSharing: Schedule.Constant(random.NextDouble()), mandate: mandate ? Q("2015Q1").Plus(1 + random.Next(quarters)) : null)
            with
        {
            SpecialMeasuresMayJoin = smMayJoin,
            Approval = Schedule.Constant(0.5 + random.NextDouble() / 2),
            SpecialMeasuresBarUntil = barLifted ? Q("2015Q1").Plus(random.Next(quarters)) : null,
        };
        var behaviour = BehaviourCoefficients.Default
            .With("intercepts.join", UncertainValue.Normal(Math.Clamp(intercept.Get, -4, 0), 0.5))
            .With("intercepts.delegate_from_level1", UncertainValue.Fixed(-3 + random.NextDouble()))
            .With("peer", UncertainValue.Normal(1, 0.5))
            .With("intercepts.hand_back", UncertainValue.Fixed(-2))
            .With("collective", UncertainValue.Uniform(0, 1.5))
            with
        { HandBackEnabled = handBack, PeerScope = (PeerScope)(scope % 3), PressureTiming = atWindow ? PressureTiming.AtWindow : PressureTiming.Accumulated };
        var level2 = random.Next(ccgs / 3 + 1);
        var level3 = random.Next(ccgs / 3 + 1);
        var finance = new FinanceAssumptions(0.3, 1.2, 0.15, 0.8, -1.0, -0.3);
        var scenario = Synthetic(ccgs, new StartCounts(ccgs - level2 - level3, level2, level3), policy, finance, behaviour, quarters, (ulong)seed.Get);
        var setup = new SimulationSetup(scenario);
        const int replications = 9;

        var kernel = TestScenarios.LevelHistory(setup, 5, replications);
        var oracle = Oracle.LevelHistory(setup, 5, replications);

        var first = Enumerable.Range(0, quarters).SelectMany(q => Enumerable.Range(0, ccgs).SelectMany(c => Enumerable.Range(0, replications)
            .Where(r => kernel[q][c][r] != oracle[q][c][r]).Select(r => $"quarter {q}, CCG {c}, replication {r}: kernel {kernel[q][c][r]}, oracle {oracle[q][c][r]}"))).FirstOrDefault();
        return (first is null).Label(first ?? "");
    }

    [Fact]
    public void The_oracle_is_not_trivially_equal_moves_happen_in_every_direction_the_rules_allow()
    {
        var policy = Policy(windows: [new ApplicationWindow(Q("2015Q2"), Q("2015Q2"), true)], mandate: Q("2017Q1"));
        var behaviour = BehaviourCoefficients.Default.With("intercepts.hand_back", UncertainValue.Fixed(-1)) with { HandBackEnabled = true };
        var setup = new SimulationSetup(Synthetic(30, new StartCounts(20, 5, 5), policy, behaviour: behaviour, quarters: 12));
        var oracle = Oracle.LevelHistory(setup, 0, 10);
        var kernel = TestScenarios.LevelHistory(setup, 0, 10);

        var moves = Enumerable.Range(1, 11).SelectMany(q => Enumerable.Range(0, 30).SelectMany(c => Enumerable.Range(0, 10)
            .Select(r => (oracle[q - 1][c][r], oracle[q][c][r])))).Where(m => m.Item1 != m.Item2).Distinct().ToArray();
        Assert.Contains(((byte)1, (byte)2), moves);
        Assert.Contains(((byte)1, (byte)3), moves);
        Assert.Contains(((byte)2, (byte)3), moves);
        Assert.Contains(((byte)3, (byte)2), moves);
        Assert.Equal(kernel.SelectMany(q => q.SelectMany(c => c)), oracle.SelectMany(q => q.SelectMany(c => c)));
    }

    /// <summary>The quarter of docs/ODD.md (section 3), one replication and one CCG at a time, with the kernel's
    /// single-precision state between quarters (section 4, "Stochasticity").</summary>
    private static class Oracle
    {
        private sealed class Ccg
        {
            public byte Level;
            public int Quarters;
            public float Finance, OwnFinance, Capacity, OwnCapacity, Conflict, SpareShock, Exposure, ExposureDirect;
            public bool SpecialMeasures;
            public int Lmc;
            public int PendingLevel, PendingQuarter = -1;
            public double Deprivation, Collective;
            public ulong Key;
        }

        public static byte[][][] LevelHistory(SimulationSetup setup, int first, int replications)
        {
            var scenario = setup.Scenario;
            var a = scenario.Assumptions;
            var t = setup.Timeline;
            var table = scenario.Behaviour.Table;
            var rows = scenario.Behaviour.Draw(setup.Seed, first, replications);
            var starts = StartMix.Assign(setup, first, replications, rows);
            var history = Enumerable.Range(0, setup.Quarters).Select(_ => Enumerable.Range(0, setup.Ccgs).Select(_ => new byte[replications]).ToArray()).ToArray();
            for (var r = 0; r < replications; r++)
            {
                var b = rows.AsSpan(r * table.Count, table.Count).ToArray();
                var ccgs = Enumerable.Range(0, setup.Ccgs).Select(c =>
                {
                    var record = scenario.Population.Ccgs[c];
                    var key = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(setup.Seed, first + r), c);
                    var at = CcgAttributes.Draw(a, record, key);
                    return new Ccg
                    {
                        Level = starts[c].Levels[r],
                        Key = key,
                        Finance = (float)at.Finance,
                        OwnFinance = (float)at.LongRunFinance,
                        SpecialMeasures = at.SpecialMeasures,
                        Lmc = (int)at.Lmc,
                        Capacity = (float)at.LongRunCapacity,
                        OwnCapacity = (float)at.LongRunCapacity,
                        Conflict = (float)at.Conflict,
                        Deprivation = record.Deprivation ?? 0,
                        Collective = FootprintInclination.Of(setup.Seed, first + r, record.Footprint),
                    };
                }).ToArray();
                for (var c = 0; c < ccgs.Length; c++) history[0][c][r] = ccgs[c].Level;
                for (var q = 1; q < setup.Quarters; q++)
                {
                    // Peers as they were at the end of the previous quarter (synchronous update).
                    var peers = ccgs.Select((_, c) => PeerShare(setup, ccgs, c)).ToArray();
                    foreach (var (ccg, c) in ccgs.Select((x, c) => (x, c))) Quarter(setup, ccg, q, peers[c], b, table, a, t);
                    for (var c = 0; c < ccgs.Length; c++) history[q][c][r] = ccgs[c].Level;
                }
            }
            return history;
        }

        private static double[] Drivers(Ccg ccg, double finance, double capacity, double peer, double pressure, double riskSharing)
        {
            var x = new double[(int)Driver.Collective + 1];
            x[(int)Driver.One] = 1;
            x[(int)Driver.Pressure] = pressure;
            x[(int)Driver.Finance] = finance < 0 ? finance * (1 - riskSharing) : finance;
            x[(int)Driver.Lmc] = ccg.Lmc;
            x[(int)Driver.Capacity] = capacity;
            x[(int)Driver.Conflict] = ccg.Conflict;
            x[(int)Driver.PeerShareDelegated] = peer;
            x[(int)Driver.ExperienceAtJoint] = ccg.Level == Levels.Joint && ccg.Quarters != 0 ? DeterministicMath.Log(1 + ccg.Quarters) : 0;
            x[(int)Driver.Deprivation] = ccg.Deprivation;
            x[(int)Driver.Collective] = ccg.Collective;
            return x;
        }

        /// <summary>One quarter's rates of the moves open to the CCG, added to its exposures.</summary>
        private static void Accrue(Ccg ccg, double[] x, double[] b, CoefficientTable table, bool mayJoin, bool mayDelegate, bool handBack, ref double exposure, ref double direct)
        {
            double Rate(int move) => DeterministicMath.Exp(table.Terms[move].Aggregate(0.0, (eta, term) => eta + b[term.Coefficient] * x[(int)term.Driver]));
            switch (ccg.Level)
            {
                case Levels.GreaterInvolvement:
                    if (mayJoin) exposure += Rate(0);
                    if (mayDelegate) direct += Rate(1);
                    break;
                case Levels.Joint:
                    if (mayDelegate) exposure += Rate(2);
                    break;
                default:
                    if (handBack) exposure += Rate(3);
                    break;
            }
        }

        private static double PeerShare(SimulationSetup setup, Ccg[] ccgs, int c)
        {
            var population = setup.Scenario.Population.Ccgs;
            Func<int, bool> inScope = setup.Scenario.Behaviour.PeerScope switch
            {
                PeerScope.National => _ => true,
                PeerScope.Region => i => population[i].Region == population[c].Region,
                _ => i => population[i].Footprint == population[c].Footprint,
            };
            var scope = Enumerable.Range(0, ccgs.Length).Where(inScope).ToArray();
            return (double)scope.Count(i => ccgs[i].Level == Levels.Delegated) / scope.Length;
        }

        private static void Quarter(SimulationSetup setup, Ccg ccg, int q, double peer, double[] b, CoefficientTable table, PopulationAssumptions a, PolicyTimeline t)
        {
            bool MayJoin(bool sm, int quarter) => !sm || !t.BarsJoining(quarter);
            bool MayJoinNow(bool sm) => MayJoin(sm, q);
            bool MayDelegate(bool sm, int quarter) => !sm || !t.BarsDelegating(quarter);
            bool MayDelegateNow(bool sm) => MayDelegate(sm, q);
            var atWindow = setup.Scenario.Behaviour.PressureTiming == PressureTiming.AtWindow;
            double exposure = ccg.Exposure, direct = ccg.ExposureDirect;

            // Rates add up from the first quarter, the start mix's.
            if (q == 1 && !t.MandateApplies(0))
            {
                var x0 = Drivers(ccg, ccg.Finance, ccg.Capacity, peer, atWindow ? 0 : t.Pressure[0], t.RiskSharing[0]);
                Accrue(ccg, x0, b, table, MayJoin(ccg.SpecialMeasures, 0), MayDelegate(ccg.SpecialMeasures, 0), setup.Scenario.Behaviour.HandBackEnabled, ref exposure, ref direct);
            }

            // An approved move due now takes effect if the CCG is still eligible; either way the application ends.
            if (ccg.PendingQuarter == q)
            {
                var eligible = ccg.PendingLevel switch { Levels.Joint => MayJoinNow(ccg.SpecialMeasures), Levels.Delegated => MayDelegateNow(ccg.SpecialMeasures), _ => true };
                if (eligible)
                {
                    ccg.Level = (byte)ccg.PendingLevel;
                    ccg.Quarters = 0;
                    exposure = direct = 0;
                }
                else
                {
                    ccg.Quarters++;
                }
                ccg.PendingQuarter = -1;
            }
            else if (ccg.Quarters < short.MaxValue)
            {
                ccg.Quarters++;
            }

            // Finance: reversion to the CCG's own level plus a shock (two quarters' shocks from one draw).
            double shock;
            if (q % 2 == 1)
            {
                shock = KeyedDraws.NormalPair<ScalarLanes, double, ulong>(KeyedRandom.Bits(ccg.Key, q, DrawPurpose.FinanceShock), out var next);
                ccg.SpareShock = (float)next;
            }
            else
            {
                shock = ccg.SpareShock;
            }
            double finance = ccg.Finance;
            finance = finance + a.Finance.Reversion * (ccg.OwnFinance - finance) + a.Finance.ShockSd * shock;
            ccg.SpecialMeasures = ccg.SpecialMeasures ? finance <= a.Finance.SpecialMeasuresExitAbove : finance < a.Finance.SpecialMeasuresBelow;
            var load = ccg.Level switch { Levels.Delegated => a.Capacity.DelegatedLoad, Levels.Joint => a.Capacity.JointLoad, _ => 0.0 };
            double capacity = ccg.Capacity;
            capacity = Math.Clamp(capacity + a.Capacity.Recovery * (ccg.OwnCapacity * (1 + t.RunningCostChange[q]) - capacity) - load + t.Support[q], 0, 1);
            if (ccg.Lmc < 1 && KeyedRandom.Uniform(ccg.Key, q, DrawPurpose.LmcSoften) < a.Lmc.SoftenRate * peer) ccg.Lmc++;

            var mandated = t.MandateApplies(q) && MayDelegateNow(ccg.SpecialMeasures);
            if (mandated && ccg.Level != Levels.Delegated)
            {
                ccg.Level = Levels.Delegated;
                ccg.Quarters = 0;
                ccg.PendingQuarter = -1;
                exposure = direct = 0;
            }
            var deciding = !mandated && ccg.PendingQuarter < 0;
            if (deciding)
            {
                var x = Drivers(ccg, finance, capacity, peer, atWindow ? 0 : t.Pressure[q], t.RiskSharing[q]);
                Accrue(ccg, x, b, table, MayJoinNow(ccg.SpecialMeasures), MayDelegateNow(ccg.SpecialMeasures), setup.Scenario.Behaviour.HandBackEnabled, ref exposure, ref direct);
                var effective = t.EffectiveIfApplying[q];
                if (effective >= 0)
                {
                    if (atWindow)
                    {
                        // The pressure at the window weighs on the whole exposure, through each move's pressure coefficients.
                        double Factor(int move) => DeterministicMath.Exp(table.Terms[move].Where(term => term.Driver == Driver.Pressure)
                            .Aggregate(0.0, (eta, term) => eta + b[term.Coefficient] * t.Pressure[q]));
                        exposure *= ccg.Level switch { Levels.GreaterInvolvement => Factor(0), Levels.Joint => Factor(2), _ => Factor(3) };
                        direct *= Factor(1);
                    }
                    var total = exposure + direct;
                    var applied = 0;
                    if (total > 0)
                    {
                        var scale = (1 - DeterministicMath.Exp(-total)) / total;
                        var u = KeyedRandom.Uniform(ccg.Key, q, DrawPurpose.Decision);
                        applied = ccg.Level switch
                        {
                            Levels.GreaterInvolvement => u < direct * scale ? Levels.Delegated : u < direct * scale + exposure * scale ? Levels.Joint : 0,
                            Levels.Joint => u < exposure * scale ? Levels.Delegated : 0,
                            _ => u < exposure * scale ? Levels.Joint : 0,
                        };
                    }
                    exposure = direct = 0;
                    if (applied == Levels.Delegated && !(KeyedRandom.Uniform(ccg.Key, q, DrawPurpose.Approval) < t.Approval[q])) applied = 0;
                    if (applied != 0 && effective == q)
                    {
                        ccg.Level = (byte)applied;
                        ccg.Quarters = 0;
                    }
                    else if (applied != 0)
                    {
                        (ccg.PendingLevel, ccg.PendingQuarter) = (applied, effective);
                    }
                }
            }
            (ccg.Finance, ccg.Capacity, ccg.Exposure, ccg.ExposureDirect) = ((float)finance, (float)capacity, (float)exposure, (float)direct);
        }
    }
}
