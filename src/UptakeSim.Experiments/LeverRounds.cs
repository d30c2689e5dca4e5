using System.Globalization;
using UptakeSim.Model;

namespace UptakeSim.Experiments;

/// <summary>
/// What each application round of a scenario sees of NHS England's levers: the quarters whose rates count towards it
/// (since the previous window; from the first quarter for the first round), the pressure in each and in force at the
/// window (what counts depends on behaviour.pressure_timing), and the approval rate at the window. So an analyst can
/// check that "no push from 2016" removes the push from the round meant.
/// </summary>
public static class LeverRounds
{
    public static IEnumerable<string> Describe(Scenario scenario)
    {
        var horizon = scenario.Horizon;
        var timeline = scenario.Policy.Compile(horizon);
        var atWindow = scenario.Behaviour.PressureTiming == PressureTiming.AtWindow;
        var previous = -1;
        for (var w = 0; w < horizon.Quarters; w++)
        {
            var effective = timeline.EffectiveIfApplying[w];
            if (effective < 0) continue;
            var counted = Enumerable.Range(previous + 1, w - previous).ToArray();
            previous = w;
            var pressures = counted.Select(q => timeline.Pressure[q]).ToArray();
            var goesLive = effective < horizon.Quarters ? horizon.Label(effective) : "after the horizon";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"round {horizon.Label(w)} -> {goesLive}: pressure {(atWindow ? $"{timeline.Pressure[w]:0.##} at the window (pressure_timing: at_window)" : $"{pressures.Average():0.##} on average over the {counted.Length} quarters counted, {horizon.Label(counted[0])}-{horizon.Label(w)} ({string.Join(", ", pressures.Select(p => p.ToString("0.##", CultureInfo.InvariantCulture)))})")}; approval {timeline.Approval[w]:0.##}");
        }
    }
}
