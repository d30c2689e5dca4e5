using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Clustering.Redis;
using Orleans.Runtime;

namespace UptakeSim.Engine;

/// <summary>Where a silo listens: its port for other silos, its gateway port for clients, and the address both are
/// advertised at and bound to (null: advertised at this host's first network address, as Orleans picks it, and bound
/// to every address).</summary>
public sealed record SiloEndpoints(int SiloPort = SiloEndpoints.DefaultSiloPort, int GatewayPort = SiloEndpoints.DefaultGatewayPort, IPAddress? Address = null)
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
}

/// <summary>A port a silo was asked to listen on is taken: bad input, in one line.</summary>
public sealed class SiloPortInUseException(string message) : Exception(message);

/// <summary>Why a silo's run ended.</summary>
public enum SiloEnd
{
    /// <summary>SIGINT/SIGTERM, or the cluster declared it dead: it has stopped.</summary>
    Stopped,

    /// <summary>Its entry vanished from the membership store (a Redis restarted empty, a database restored): the
    /// cluster can no longer find it, and it must join again as a new silo.</summary>
    Forgotten,
}

/// <summary>
/// A silo that joins the cluster whose membership lives in Redis or PostgreSQL: what <c>uptakesim silo</c> runs on
/// each machine. It hosts batch and CCG grains for whichever clients connect; it stops gracefully (leaving the cluster
/// at once) on SIGINT/SIGTERM.
/// </summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    /// <summary>How often a silo checks that the membership store still holds its entry.</summary>
    public static readonly TimeSpan RegistrationCheckPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Stopping must not wait on a store that is gone for longer than this (the whole stop stays within 10 s).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(7);

    private readonly IHost _host;
    private readonly ClusterConnection _connection;
    private readonly IMembershipTable _membership;
    private bool _forgotten;

    private ClusterSilo(IHost host, ClusterConnection connection, TimeSpan startTime)
    {
        _host = host;
        _connection = connection;
        StartTime = startTime;
        Address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        _membership = host.Services.GetRequiredService<IMembershipTable>();
    }

    public SiloAddress Address { get; }

    public TimeSpan StartTime { get; }

    public static async Task<ClusterSilo> StartAsync(ClusterConnection connection, SiloEndpoints endpoints, LogLevel orleansLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        // Orleans would start beside a silo that holds the port, advertise the same address and have the cluster
        // declare the healthy silo dead: a port in use is refused before anything joins.
        CheckFree(endpoints.SiloPort, "--port", endpoints.Address);
        CheckFree(endpoints.GatewayPort, "--gateway-port", endpoints.Address);
        var clock = Stopwatch.StartNew();
        var builder = ClusterLogging.HostBuilder(orleansLogLevel);
        // The host's own stop (on SIGTERM) must not wait longer than ours on a store that is gone.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = StopTimeout);
        builder.UseOrleans(silo =>
        {
            // With an address, both ports are bound to it alone: --address 127.0.0.1 keeps the silo off the network.
            if (endpoints.Address is { } address) silo.ConfigureEndpoints(address, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: false);
            else silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseMembership(connection)
                .ConfigureUptakeSim()
                .ConfigureFailureDetection();
        });
        var host = builder.Build();
        try
        {
            await ClusterMembership.CheckStoreAsync(connection, cancellationToken);
            await ClusterMembership.EnsureSchemaAsync(connection, cancellationToken);
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw ClusterUnavailableException.Because(e, connection, "the silo could not join the cluster");
        }
        return new ClusterSilo(host, connection, clock.Elapsed);
    }

    /// <summary>Throws <see cref="SiloPortInUseException"/> when <paramref name="port"/> cannot be listened on.</summary>
    private static void CheckFree(int port, string option, IPAddress? address)
    {
        var listener = new TcpListener(address ?? IPAddress.Any, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new SiloPortInUseException($"{option}: port {port} is {(e.SocketErrorCode == SocketError.AccessDenied ? "not open to this user" : "in use (another silo on this machine?)")}; expected a free port (every silo on one machine needs its own {option})");
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Completes when the silo has stopped (after SIGINT/SIGTERM, or when the cluster declared it dead), or
    /// when the membership store no longer holds its entry.</summary>
    public async Task<SiloEnd> WaitAsync()
    {
        using var stopped = new CancellationTokenSource();
        // Stopping is awaited here, not stopped: DisposeAsync stops the host within its timeout.
        var stopping = new TaskCompletionSource();
        using var registration = _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        var shutdown = stopping.Task;
        var forgotten = UntilForgottenAsync(stopped.Token);
        var first = await Task.WhenAny(shutdown, forgotten);
        await stopped.CancelAsync();
        await first;
        _forgotten = first == forgotten && await forgotten;
        return _forgotten ? SiloEnd.Forgotten : SiloEnd.Stopped;
    }

    /// <summary>True once the store has answered twice in a row without this silo's entry. A store that cannot be
    /// reached says nothing: the silo keeps serving its clients meanwhile.</summary>
    private async Task<bool> UntilForgottenAsync(CancellationToken stopped)
    {
        using var timer = new PeriodicTimer(RegistrationCheckPeriod);
        var misses = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopped))
            {
                try
                {
                    var row = await _membership.ReadRowAsync(Address, stopped).WaitAsync(RegistrationCheckPeriod * 2, stopped);
                    misses = row.Members.Any(m => m.Item1.SiloAddress.Equals(Address)) ? 0 : misses + 1;
                }
                catch (Exception e) when (e is RedisClusteringException or ArgumentOutOfRangeException
                    || e.GetBaseException() is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UndefinedTable })
                {
                    // The store answered without the cluster's table version: Redis says "the table version is missing",
                    // Orleans' ADO.NET table fails to read the first of no rows, and a database restored without the
                    // cluster's tables has none (joining again creates them).
                    misses++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    misses = 0;
                }
                if (misses == 2) return true;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped meanwhile.
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        if (_forgotten)
        {
            try
            {
                // Orleans' stop (graceful or not) retries reading the cluster's table until it finds it: recreate the
                // tables if a database was restored without them, and the table's version (not its entries), so that
                // this silo can record that it has gone, and the next can join.
                await ClusterMembership.EnsureSchemaAsync(_connection, timeout.Token);
                await _membership.InitializeMembershipTableAsync(tryInitTableVersion: true, timeout.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store has gone again meanwhile: the stop below gives up after its timeout.
            }
        }
        try
        {
            // Orleans' stop can outlast its token while it retries a store that is gone: waited for at most the timeout.
            await _host.StopAsync(timeout.Token).WaitAsync(StopTimeout + TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // It could not say goodbye to a store that is gone.
        }
        // Disposed, within bounds, so its ports are free for the silo that joins again in this process.
        await Task.Run(_host.Dispose).WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
