namespace UptakeSim.Model;

/// <summary>
/// A round in which CCGs may apply to move up (decided in <see cref="Apply"/>), and when approved moves take effect.
/// In 2015-2017 applications were made once a year for an April start; <see cref="RepeatYearly"/> repeats the round
/// every four quarters to the end of the horizon.
/// </summary>
public sealed record ApplicationWindow(Quarter Apply, Quarter Effective, bool RepeatYearly = false);

/// <summary>
/// NHS England's levers, as analysts configure them in a scenario (docs/ODD.md, "Input data: the levers"):
/// national pressure to delegate, application rounds, eligibility, managerial support (capacity added per quarter),
/// change in running-cost allowance (fraction of the 2015 allowance, e.g. -0.2), financial risk sharing
/// (0..1 of a deficit's weight that NHSE carries), the chance that NHSE approves an application for delegation
/// (<see cref="Approval"/>, by the quarter of application) and a mandate date from which every eligible CCG is delegated.
/// </summary>
public sealed record NhsePressurePolicy(
    Schedule Pressure,
    IReadOnlyList<ApplicationWindow> Windows,
    bool SpecialMeasuresMayDelegate,
    Schedule Support,
    Schedule RunningCostChange,
    Schedule RiskSharing,
    Quarter? Mandate)
{
    /// <summary>Probability that an application for delegation is approved (2015: 64 of 77). Joining is always approved.</summary>
    public Schedule Approval { get; init; } = Schedule.Constant(1);

    /// <summary>Whether CCGs in special measures may move to joint (the seeds: they stayed at Level 1).</summary>
    public bool SpecialMeasuresMayJoin { get; init; }

    /// <summary>The quarter from which special measures no longer bar any move (null: they bar throughout). NHS England
    /// stated the bar for the first round (November 2014); whether it held later is not in the record, so the
    /// alternatives are named (docs/ODD.md, "Structural alternatives").</summary>
    public Quarter? SpecialMeasuresBarUntil { get; init; }

    public PolicyTimeline Compile(Horizon horizon)
    {
        var effective = new int[horizon.Quarters];
        Array.Fill(effective, -1);
        foreach (var window in Windows)
        {
            var lag = window.Effective.Ordinal - window.Apply.Ordinal;
            for (var apply = window.Apply; ; apply = apply.Plus(4))
            {
                var index = horizon.IndexOf(apply);
                if (apply.Ordinal > horizon.Last.Ordinal) break;
                if (index >= 0) effective[index] = Math.Min(index + lag, horizon.Quarters);
                if (!window.RepeatYearly) break;
            }
        }
        var mandateFrom = Mandate is { } m ? Math.Max(0, m.Ordinal - horizon.Start.Ordinal) : int.MaxValue;
        return new PolicyTimeline(
            Pressure.Resolve(horizon), effective, SpecialMeasuresMayDelegate, Support.Resolve(horizon),
            RunningCostChange.Resolve(horizon), RiskSharing.Resolve(horizon), mandateFrom)
        {
            Approval = Approval.Resolve(horizon),
            SpecialMeasuresMayJoin = SpecialMeasuresMayJoin,
            BarLiftedFrom = SpecialMeasuresBarUntil is { } until ? Math.Max(0, until.Ordinal - horizon.Start.Ordinal) : int.MaxValue,
        };
    }
}

/// <summary>The policy resolved to one value per quarter of the horizon (indices, not labels).</summary>
/// <param name="EffectiveIfApplying">For each quarter, the quarter index in which a move applied for then takes
/// effect, or -1 when no application window is open. An index equal to the horizon length means "after the horizon".</param>
/// <param name="MandateFrom">First quarter index in which the mandate applies, or int.MaxValue for none.</param>
public sealed record PolicyTimeline(
    double[] Pressure,
    int[] EffectiveIfApplying,
    bool SpecialMeasuresMayDelegate,
    double[] Support,
    double[] RunningCostChange,
    double[] RiskSharing,
    int MandateFrom)
{
    public double[] Approval { get; init; } = [];

    public bool SpecialMeasuresMayJoin { get; init; }

    /// <summary>First quarter index from which special measures bar nothing, or int.MaxValue.</summary>
    public int BarLiftedFrom { get; init; } = int.MaxValue;

    public bool MandateApplies(int quarter) => quarter >= MandateFrom;

    /// <summary>Whether special measures bar joining / delegating in <paramref name="quarter"/>.</summary>
    public bool BarsJoining(int quarter) => !SpecialMeasuresMayJoin && quarter < BarLiftedFrom;

    public bool BarsDelegating(int quarter) => !SpecialMeasuresMayDelegate && quarter < BarLiftedFrom;

}
