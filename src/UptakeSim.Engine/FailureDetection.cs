using Orleans.Configuration;

namespace UptakeSim.Engine;

/// <summary>How fast the silos of a cluster notice that one of them has gone.</summary>
public static class FailureDetection
{
    /// <summary>
    /// How quickly the silos agree that one of them died (its process killed, its machine gone): Orleans' defaults take
    /// about 15 s (three missed probes at 5 s); two missed probes at 1.5 s declare it dead in about 3-5 s, after which the
    /// client runs its batches again elsewhere. A silo merely busy with batches still answers probes within that time.
    /// </summary>
    public static ISiloBuilder ConfigureFailureDetection(this ISiloBuilder silo) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1.5);
            o.NumMissedProbesLimit = 2;
        });
}
