using Microsoft.Extensions.Logging;
using UptakeSim.Engine;
using UptakeSim.Experiments.Commands;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>The engine a command runs on: an in-process Orleans silo (the default), a cluster of silos on other
/// processes or machines (<see cref="ClusterSettings"/>), or the plain reference kernel.</summary>
public sealed class EngineSession : IEngineSession
{
    private readonly IAsyncDisposable? _orleans;

    private EngineSession(IAsyncDisposable? orleans, IReplicationEngine engine, TimeSpan startTime)
    {
        _orleans = orleans;
        Engine = engine;
        StartTime = startTime;
    }

    public IReplicationEngine Engine { get; }

    /// <summary>How long the silo took to start, or the client to connect to the cluster.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Starts the engine, saying so on <paramref name="output"/> before and after (the silo takes a second or
    /// more). Orleans' log goes to <paramref name="log"/> when given (from Warning up, <c>-v</c>: from Information), else
    /// to stderr, as for <c>bench</c>, which writes no results.</summary>
    public static async Task<EngineSession> StartAsync(EngineChoice choice, TextWriter output, OrleansLog? log = null)
    {
        if (choice.Reference) return new EngineSession(null, new ReferenceEngine(), TimeSpan.Zero);
        var logLevel = choice.Verbose ? LogLevel.Information : LogLevel.Warning;
        Action<LogLevel, string>? toLog = null;
        if (log is not null)
        {
            log.Write($"Orleans' own log, from {logLevel} up{(choice.Verbose ? "" : " (-v: from Information)")}", warning: false);
            toLog = (level, entry) => log.Write(entry, level >= LogLevel.Warning);
        }
        if (choice.Cluster is { } cluster)
        {
            output.WriteLine($"connecting to cluster {cluster.ClusterId} at {cluster}...");
            var client = await ClusterClient.ConnectAsync(cluster, OrleansEngine.DefaultConcurrency, logLevel, log: toLog);
            output.WriteLine($"connected to cluster {cluster.ClusterId} in {client.StartTime.TotalSeconds:F1} s: {client.Engine.ActiveSilos} silo{(client.Engine.ActiveSilos == 1 ? "" : "s")}, up to {client.Engine.MaxConcurrentBatches} batches at once");
            return new EngineSession(client, client.Engine, client.StartTime);
        }
        output.WriteLine("starting the Orleans silo (in this process)...");
        var embedded = await EmbeddedCluster.StartAsync(logLevel, log: toLog);
        output.WriteLine($"Orleans silo started in {embedded.StartTime.TotalSeconds:F1} s");
        return new EngineSession(embedded, embedded.Engine, embedded.StartTime);
    }

    public async ValueTask DisposeAsync()
    {
        if (_orleans is not null) await _orleans.DisposeAsync();
    }
}

/// <summary>Which engine: the reference kernel, a cluster (resolved before anything runs), or an in-process silo.</summary>
public sealed record EngineChoice(bool Reference, bool Verbose, ClusterConnection? Cluster);
