using Microsoft.Extensions.Logging;
using UptakeSim.Engine;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>The engine a command runs on: an in-process Orleans silo (the default) or the plain reference kernel.</summary>
public sealed class EngineSession : IAsyncDisposable
{
    private readonly EmbeddedCluster? _cluster;

    private EngineSession(EmbeddedCluster? cluster, IReplicationEngine engine)
    {
        _cluster = cluster;
        Engine = engine;
    }

    public IReplicationEngine Engine { get; }

    public static async Task<EngineSession> StartAsync(bool referenceEngine, bool verbose, TextWriter output)
    {
        if (referenceEngine) return new EngineSession(null, new ReferenceEngine());
        var cluster = await EmbeddedCluster.StartAsync(verbose ? LogLevel.Information : LogLevel.Warning);
        output.WriteLine($"Orleans silo started in {cluster.StartTime.TotalSeconds:F1} s");
        return new EngineSession(cluster, cluster.Engine);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
