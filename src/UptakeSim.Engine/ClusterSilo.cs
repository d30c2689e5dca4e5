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
        OrleansConfiguration.ConfigureQuietLogging(builder.Logging, orleansLogLevel);
        FailureDetection.QuietAboutLostSilos(builder.Logging, orleansLogLevel);
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
            throw new ClusterUnavailableException($"the silo could not join the cluster at {connection}: {e.GetBaseException().Message}");
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

/// <summary>The cluster (its Redis, or every silo) cannot be reached.</summary>
public sealed class ClusterUnavailableException(string message) : Exception(message);

public static class FailureDetection
{
    /// <summary>
    /// When a silo dies, Orleans logs a warning (with a stack trace) for every message that was on its way to it:
    /// hundreds on the other silos, a few on clients. UptakeSim says what happened in one line per batch run again;
    /// the probe warnings that lead to the death declaration stay. <c>--verbose</c> shows everything.
    /// </summary>
    public static void QuietAboutLostSilos(ILoggingBuilder logging, LogLevel orleansLogLevel)
    {
        if (orleansLogLevel < LogLevel.Warning) return;
        foreach (var category in new[] { "Orleans.Runtime.Messaging", "Orleans.Runtime.CallbackData", "Polly" }) logging.AddFilter(category, LogLevel.Error);
    }

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
