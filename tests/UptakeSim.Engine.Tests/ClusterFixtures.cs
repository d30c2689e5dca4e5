using Orleans.TestingHost;
using UptakeSim.Engine;

namespace UptakeSim.Engine.Tests;

/// <summary>A real in-process Orleans cluster configured as UptakeSim's silos and clients are.</summary>
public abstract class ClusterFixture(short silos) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo.ConfigureUptakeSim());
        builder.ConfigureClient(client => client.ConfigureUptakeSim());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public OrleansEngine Engine(int concurrency = 4) => new(Cluster.Client, concurrency);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class OneSiloCluster() : ClusterFixture(1);

public sealed class ThreeSiloCluster() : ClusterFixture(3);

[CollectionDefinition(nameof(OneSiloCluster))]
public sealed class OneSiloCollection : ICollectionFixture<OneSiloCluster>;

[CollectionDefinition(nameof(ThreeSiloCluster))]
public sealed class ThreeSiloCollection : ICollectionFixture<ThreeSiloCluster>;
