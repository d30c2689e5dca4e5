using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace UptakeSim.Engine;

/// <summary>
/// A client of a cluster whose membership lives in Redis or PostgreSQL: how <c>run --cluster</c> and the other commands spread their
/// batches over the silos of several machines.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    /// <summary>How long to wait for a first silo: one started together with the client may not have joined yet.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Stopping a client whose cluster has gone must not hang the command.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private ClusterClient(IHost host, ClusterEngine engine, TimeSpan startTime)
    {
        _host = host;
        Engine = engine;
        StartTime = startTime;
    }

    public ClusterEngine Engine { get; }

    public TimeSpan StartTime { get; }

    /// <param name="log">Where Orleans' log entries go (see <see cref="OrleansLogLines"/>); null: stderr.</param>
    public static async Task<ClusterClient> ConnectAsync(ClusterConnection connection, int batchesPerSilo, LogLevel orleansLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default,
        Action<LogLevel, string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var builder = ClusterLogging.HostBuilder(orleansLogLevel, log);
        builder.UseOrleansClient(client => client
            .UseMembership(connection)
            // Orleans' default (a minute) would leave the client without a gateway for that long when the silos it
            // first knew have all gone, even though silos that joined since could serve it.
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5))
            .UseConnectionRetryFilter(async (exception, cancellation) =>
            {
                // No store at that address will not fix itself in a few seconds; a silo still joining will.
                if (exception.GetBaseException() is RedisConnectionException or NpgsqlException or SocketException || clock.Elapsed > ConnectTimeout) return false;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                return true;
            })
            .ConfigureUptakeSim());
        var host = builder.Build();
        try
        {
            await ClusterMembership.CheckStoreAsync(connection, cancellationToken);
            await host.StartAsync(cancellationToken);
            var engine = await ClusterEngine.StartAsync(host.Services.GetRequiredService<IClusterClient>(), batchesPerSilo);
            return new ClusterClient(host, engine, clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await StopAsync(host);
            throw e.GetBaseException() is SiloUnavailableException
                ? new ClusterUnavailableException($"no silo of cluster {connection.ClusterId} is up at {connection} (waited {ConnectTimeout.TotalSeconds:F0} s); start one with ./run.sh silo --cluster '{connection}'")
                : ClusterUnavailableException.Because(e, connection, "cannot connect to the cluster");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await StopAsync(_host);
    }

    private static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The cluster is gone; nothing is left to say goodbye to.
        }
        host.Dispose();
    }
}
