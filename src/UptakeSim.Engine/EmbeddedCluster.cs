using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace UptakeSim.Engine;

/// <summary>
/// One silo hosted in this process with localhost clustering, and its co-hosted client: the default way UptakeSim
/// runs on a workstation. Ports are picked free at start, so several runs can share a machine.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host, TimeSpan startTime)
    {
        _host = host;
        StartTime = startTime;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Engine = new OrleansEngine(Grains, OrleansEngine.DefaultConcurrency);
    }

    public IGrainFactory Grains { get; }

    public OrleansEngine Engine { get; }

    public TimeSpan StartTime { get; }

    /// <param name="log">Where Orleans' log entries go (see <see cref="OrleansLogLines"/>); null: stderr.</param>
    public static async Task<EmbeddedCluster> StartAsync(LogLevel orleansLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default, Action<LogLevel, string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        OrleansConfiguration.ConfigureQuietLogging(builder.Logging, orleansLogLevel, log);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort())
            .ConfigureUptakeSim());
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedCluster(host, clock.Elapsed);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
