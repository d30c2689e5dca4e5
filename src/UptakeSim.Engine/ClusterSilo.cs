using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace UptakeSim.Engine;

/// <summary>Where a silo listens: its port for other silos, its gateway port for clients, and the address both are
/// advertised at (null: this host's first network address, as Orleans picks it).</summary>
public sealed record SiloEndpoints(int SiloPort = SiloEndpoints.DefaultSiloPort, int GatewayPort = SiloEndpoints.DefaultGatewayPort, IPAddress? Address = null)
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
}

/// <summary>
/// A silo that joins the cluster whose membership lives in Redis: what <c>uptakesim silo</c> runs on each machine. It
/// hosts batch and CCG grains for whichever clients connect; it stops gracefully (leaving the cluster at once) on
/// SIGINT/SIGTERM.
/// </summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterSilo(IHost host, TimeSpan startTime)
    {
        _host = host;
        StartTime = startTime;
        Address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    public SiloAddress Address { get; }

    public TimeSpan StartTime { get; }

    public static async Task<ClusterSilo> StartAsync(ClusterConnection connection, SiloEndpoints endpoints, LogLevel orleansLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ClusterLogging.Configure(builder.Logging, orleansLogLevel);
        builder.UseOrleans(silo =>
        {
            if (endpoints.Address is { } address) silo.ConfigureEndpoints(address, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            else silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseRedisClustering(o => o.ConfigurationOptions = connection.RedisOptions())
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (connection.ClusterId, connection.ServiceId))
                .ConfigureUptakeSim()
                .ConfigureFailureDetection();
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw ClusterUnavailableException.Because(e, connection, "the silo could not join the cluster");
        }
        return new ClusterSilo(host, clock.Elapsed);
    }

    /// <summary>Completes when the silo has stopped: after SIGINT/SIGTERM, or when the cluster declared it dead.</summary>
    public Task WaitForShutdownAsync() => _host.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
