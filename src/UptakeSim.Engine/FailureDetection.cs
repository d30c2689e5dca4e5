using Orleans.Configuration;

namespace UptakeSim.Engine;

/// <summary>How fast the silos of a cluster notice that one of them has gone.</summary>
public static class FailureDetection
{
    /// <summary>
    /// How quickly the silos agree that one of them died (its process killed, its machine gone), after which the client
    /// runs its batches again elsewhere: about 3-6 s, measured, also when two of three silos die at once.
    /// <list type="bullet">
    /// <item>Probes: Orleans' defaults miss three probes at 5 s (about 15 s); two missed probes at 1.5 s take about 3-5 s.
    /// A silo merely busy with batches still answers probes within that time.</item>
    /// <item>Votes: a silo is declared dead on two votes, or on the votes of half the silos still writing their
    /// "I am alive" time to the store. Orleans' defaults count a silo as writing for 90 s (three missed writes at 30 s)
    /// after it died, so with two of three silos killed the survivor's one vote fell short for a minute and a half.
    /// Writing every 2 s and allowing two missed writes brings that down to about 4 s, at one small store write per silo
    /// every 2 s.</item>
    /// <item>Indirect probes (asking another silo to probe a silent one) are off: the survivor of three would keep asking
    /// the other dead silo, and an unanswered indirect probe counts for nothing, so it never voted at all.</item>
    /// </list>
    /// </summary>
    public static ISiloBuilder ConfigureFailureDetection(this ISiloBuilder silo) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1.5);
            o.NumMissedProbesLimit = 2;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedTableIAmAliveLimit = 2;
            o.EnableIndirectProbes = false;
        });
}
