using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using StackExchange.Redis;

namespace UptakeSim.Engine;

/// <summary>Where the silos and clients of a cluster keep and read its membership: Redis, or a PostgreSQL database
/// through Orleans' ADO.NET clustering.</summary>
public static class ClusterMembership
{
    private const string PostgresInvariant = "Npgsql";

    /// <summary>UptakeSim's membership tables and queries for PostgreSQL (Schema/ in the source, embedded).</summary>
    private const string SchemaScript = "membership-postgres.sql";

    public static ISiloBuilder UseMembership(this ISiloBuilder silo, ClusterConnection connection)
    {
        _ = connection.Store switch
        {
            MembershipStore.Redis => silo.UseRedisClustering(o => o.ConfigurationOptions = connection.RedisOptions()),
            _ => silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, connection.PostgresConnectionString())),
        };
        return silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (connection.ClusterId, connection.ServiceId));
    }

    public static IClientBuilder UseMembership(this IClientBuilder client, ClusterConnection connection)
    {
        _ = connection.Store switch
        {
            MembershipStore.Redis => client.UseRedisClustering(o => o.ConfigurationOptions = connection.RedisOptions()),
            _ => client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, connection.PostgresConnectionString())),
        };
        return client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (connection.ClusterId, connection.ServiceId));
    }

    /// <summary>
    /// Connects to the store once before Orleans starts: a store that cannot be reached is then reported in
    /// <see cref="ClusterConnection.StoreConnectTimeout"/>, in one line, rather than after Orleans' start-up and its
    /// own logged failure. A silo on PostgreSQL also creates the schema there (<see cref="EnsureSchemaAsync"/>).
    /// </summary>
    public static async Task CheckStoreAsync(ClusterConnection connection, CancellationToken cancellationToken = default)
    {
        if (connection.Store == MembershipStore.Redis)
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(connection.RedisOptions());
            return;
        }
        await using var database = new NpgsqlConnection(connection.PostgresConnectionString());
        await database.OpenAsync(cancellationToken);
    }

    /// <summary>
    /// Orleans' ADO.NET clustering reads its queries from the database, and its package does not create them: creates
    /// UptakeSim's membership tables and queries (<see cref="SchemaScript"/>, also for a database administrator to run
    /// by hand) when the database lacks them. Silos starting together take turns under an advisory lock. Nothing to do
    /// for Redis.
    /// </summary>
    public static async Task EnsureSchemaAsync(ClusterConnection connection, CancellationToken cancellationToken = default)
    {
        if (connection.Store != MembershipStore.PostgreSql) return;
        await using var database = new NpgsqlConnection(connection.PostgresConnectionString());
        await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(database, "SELECT pg_advisory_xact_lock(7001867)", cancellationToken);
        // Only when missing: a role that may use the tables but not create any (an administrator ran the script) still starts.
        if (!await ExistsAsync(database, "uptakesim_membership", cancellationToken) || !await ExistsAsync(database, "orleansquery", cancellationToken))
        {
            await ExecuteAsync(database, Script(SchemaScript), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection database, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", database);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Script(string name)
    {
        using var stream = typeof(ClusterMembership).Assembly.GetManifestResourceStream($"UptakeSim.Engine.Schema.{name}")
                           ?? throw new InvalidOperationException($"the build did not embed Schema/{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
