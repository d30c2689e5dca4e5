using System.Net;
using System.Net.Sockets;

namespace UptakeSim.Engine.Tests;

/// <summary>A membership store that cannot be reached is reported at once, in one line, without the password: no retries
/// that cannot help. (Real Redis and PostgreSQL servers are exercised by .ci/cluster-test.sh.)</summary>
public class ClusterStoreTests
{
    /// <summary>A port on this machine that nothing listens on: connecting is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Theory]
    [InlineData("redis://:pa/ss#w?rd@127.0.0.1:{0}", "cannot connect to the cluster: cannot reach Redis at redis://127.0.0.1:{0} (UnableToConnect)")]
    [InlineData("postgres://uptake:pa/ss#w?rd@127.0.0.1:{0}/uptakesim", "cannot connect to the cluster: cannot reach PostgreSQL at postgres://127.0.0.1:{0}/uptakesim")]
    public async Task A_client_of_an_unreachable_store_says_so_without_the_password(string cluster, string expected)
    {
        var port = ClosedPort();
        var connection = ClusterConnection.Parse(string.Format(cluster, port));
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => ClusterClient.ConnectAsync(connection, batchesPerSilo: 1));
        Assert.StartsWith(string.Format(expected, port), error.Message);
        Assert.DoesNotContain("pa/ss", error.Message);
    }

    [Theory]
    [InlineData("redis://:pa/ss#w?rd@127.0.0.1:{0}", "the silo could not join the cluster: cannot reach Redis at redis://127.0.0.1:{0}")]
    [InlineData("postgres://uptake:pa/ss#w?rd@127.0.0.1:{0}/uptakesim", "the silo could not join the cluster: cannot reach PostgreSQL at postgres://127.0.0.1:{0}/uptakesim")]
    public async Task A_silo_of_an_unreachable_store_says_so_without_the_password(string cluster, string expected)
    {
        var port = ClosedPort();
        var connection = ClusterConnection.Parse(string.Format(cluster, port));
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => ClusterSilo.StartAsync(connection, new SiloEndpoints(ClosedPort(), ClosedPort(), IPAddress.Loopback)));
        Assert.StartsWith(string.Format(expected, port), error.Message);
        Assert.DoesNotContain("pa/ss", error.Message);
    }
}
