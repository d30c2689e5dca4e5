using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace UptakeSim.Engine;

/// <summary>
/// A client of a cluster whose membership lives in Redis: how <c>run --cluster</c> and the other commands spread their
/// batches over the silos of several machines.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
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

    public static async Task<ClusterClient> ConnectAsync(ClusterConnection connection, int batchesPerSilo, LogLevel orleansLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        OrleansConfiguration.ConfigureQuietLogging(builder.Logging, orleansLogLevel);
        FailureDetection.QuietAboutLostSilos(builder.Logging, orleansLogLevel);
        builder.UseOrleansClient(client => client
            .UseRedisClustering(o => o.ConfigurationOptions = connection.RedisOptions())
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (connection.ClusterId, connection.ServiceId))
            // Orleans' default (a minute) would leave the client without a gateway for that long when the silos it
            // first knew have all gone, even though silos that joined since could serve it.
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5))
            .ConfigureUptakeSim());
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            var engine = await ClusterEngine.StartAsync(host.Services.GetRequiredService<IClusterClient>(), batchesPerSilo);
            return new ClusterClient(host, engine, clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await StopAsync(host);
            throw new ClusterUnavailableException($"cannot connect to the cluster at {connection}: {e.GetBaseException().Message} (is a silo running? ./run.sh silo --cluster {connection})");
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
