using Microsoft.Extensions.Logging;
using UptakeSim.Engine;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>The engine a command runs on: an in-process Orleans silo (the default), a cluster of silos on other
/// processes or machines (<see cref="ClusterSettings"/>), or the plain reference kernel.</summary>
public sealed class EngineSession : IAsyncDisposable
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

    public static async Task<EngineSession> StartAsync(bool referenceEngine, bool verbose, TextWriter output, ClusterConnection? cluster = null)
    {
        if (referenceEngine) return new EngineSession(null, new ReferenceEngine(), TimeSpan.Zero);
        var logLevel = verbose ? LogLevel.Information : LogLevel.Warning;
        if (cluster is not null)
        {
            var client = await ClusterClient.ConnectAsync(cluster, OrleansEngine.DefaultConcurrency, logLevel);
            output.WriteLine($"connected to cluster {cluster.ClusterId} at {cluster} in {client.StartTime.TotalSeconds:F1} s: {client.Engine.ActiveSilos} silo{(client.Engine.ActiveSilos == 1 ? "" : "s")}, up to {client.Engine.MaxConcurrentBatches} batches at once");
            return new EngineSession(client, client.Engine, client.StartTime);
        }
        var embedded = await EmbeddedCluster.StartAsync(logLevel);
        output.WriteLine($"Orleans silo started in {embedded.StartTime.TotalSeconds:F1} s");
        return new EngineSession(embedded, embedded.Engine, embedded.StartTime);
    }

    /// <summary>For the scheduler: says on the console why a batch is run again (typically: a silo died), as a run's report does.</summary>
    public static Action<BatchRetry> ReportRetries(TextWriter errors) => retry =>
        errors.WriteLine($"batch of {Describe(retry)} failed ({retry.Reason.GetBaseException().Message}); running it again from its seed, attempt {retry.NextAttempt} of {BatchScheduler.MaxAttempts}");

    /// <summary>compare's batches are (batch, scenario index) pairs.</summary>
    private static string Describe(BatchRetry retry) => retry.Item is (Batch batch, int scenario)
        ? $"{RunReports.Describe(retry with { Item = batch })} of scenario {scenario + 1}"
        : RunReports.Describe(retry);

    public async ValueTask DisposeAsync()
    {
        if (_orleans is not null) await _orleans.DisposeAsync();
    }
}
