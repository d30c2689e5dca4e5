using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;

namespace UptakeSim.Engine.Tests;

public class ClusterConnectionTests
{
    private const string ExpectedForms = "expected redis://[[user]:password@]host[:port][?cluster=ID&service=ID] or postgres://user:password@host[:port]/database[?cluster=ID&service=ID]";

    [Fact]
    public void A_bare_redis_address_gets_the_default_port_and_ids()
    {
        var connection = ClusterConnection.Parse("redis://10.0.0.5");
        Assert.Equal(new ClusterConnection(MembershipStore.Redis, "10.0.0.5", 6379, null, null, null, "uptakesim", "uptakesim"), connection);
        Assert.Equal("redis://10.0.0.5:6379", connection.ToString());
    }

    [Fact]
    public void Port_credentials_and_ids_are_read_and_the_password_is_never_shown()
    {
        var connection = ClusterConnection.Parse("redis://ops:s%40cret@redis.lab:6380?cluster=nightly&service=uptake-v2");
        Assert.Equal(new ClusterConnection(MembershipStore.Redis, "redis.lab", 6380, "ops", "s@cret", null, "nightly", "uptake-v2"), connection);
        Assert.Equal("redis://redis.lab:6380?cluster=nightly&service=uptake-v2", connection.ToString());
        var endpoint = Assert.IsType<DnsEndPoint>(connection.RedisOptions().EndPoints.Single());
        Assert.Equal(("redis.lab", 6380), (endpoint.Host, endpoint.Port));
        Assert.Equal("s@cret", connection.RedisOptions().Password);
        Assert.Null(ClusterConnection.Parse("redis://:pw@h").User);
        Assert.False(connection.RedisOptions().Ssl);
    }

    [Fact]
    public void A_rediss_address_connects_to_redis_over_tls()
    {
        var connection = ClusterConnection.Parse("rediss://:pw@redis.lab:6380");
        Assert.Equal(new ClusterConnection(MembershipStore.Redis, "redis.lab", 6380, null, "pw", null, "uptakesim", "uptakesim", "require"), connection);
        Assert.True(connection.RedisOptions().Ssl);
        Assert.Equal("rediss://redis.lab:6380", connection.ToString());
    }

    [Fact]
    public void A_password_may_hold_any_character_unescaped_as_its_credentials_end_at_the_last_at_sign()
    {
        var connection = ClusterConnection.Parse("redis://ops:p/a#s?w@r:d@redis.lab:6380?cluster=nightly");
        Assert.Equal(("ops", "p/a#s?w@r:d", "redis.lab", 6380, "nightly"), (connection.User, connection.Password, connection.Host, connection.Port, connection.ClusterId));
        Assert.Equal("redis://redis.lab:6380?cluster=nightly&service=uptakesim", connection.ToString());
    }

    [Fact]
    public void A_postgres_address_names_its_database_and_becomes_an_npgsql_connection_string()
    {
        var connection = ClusterConnection.Parse("postgres://uptake:s3/cr#t@db.lab:5433/uptakesim?cluster=nightly&service=v2&sslmode=require");
        Assert.Equal(new ClusterConnection(MembershipStore.PostgreSql, "db.lab", 5433, "uptake", "s3/cr#t", "uptakesim", "nightly", "v2", "require"), connection);
        Assert.Equal("postgres://db.lab:5433/uptakesim?cluster=nightly&service=v2&sslmode=require", connection.ToString());
        var npgsql = new NpgsqlConnectionStringBuilder(connection.PostgresConnectionString());
        Assert.Equal(("db.lab", 5433, "uptake", "s3/cr#t", "uptakesim", SslMode.Require), (npgsql.Host, npgsql.Port, npgsql.Username, npgsql.Password, npgsql.Database, npgsql.SslMode));
        Assert.Equal(5432, ClusterConnection.Parse("postgresql://u@db/uptake").Port);
    }

    [Theory]
    [InlineData("postgres://db/uptake", "expected a user name before '@'")]
    [InlineData("postgres://u:pw@db", "expected the database's name after the host")]
    [InlineData("postgres://u:pw@db/a/b", "expected the database's name after the host")]
    [InlineData("postgres://u:pw@db/x?sslmode=sometimes", "'sslmode' must be one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("localhost:6379", "expected a redis://, rediss:// or postgres:// address")]
    [InlineData("http://10.0.0.5:6379", "expected a redis://, rediss:// or postgres:// address")]
    [InlineData("redis://", "expected a host name or IP address")]
    [InlineData("redis://h:99999", "expected a host name or IP address, then an optional port from 1 to 65535")]
    [InlineData("redis://h/2", "unexpected '/2' after the host")]
    [InlineData("redis://h?clutser=a", "unknown setting 'clutser'; expected cluster or service")]
    [InlineData("redis://h?sslmode=require", "unknown setting 'sslmode'; expected cluster or service")]
    [InlineData("redis://h?cluster=a%20b", "'cluster' needs a value of letters")]
    [InlineData("redis://h?service=", "'service' needs a value of letters")]
    [InlineData("redis://secret@h", "expected user:password or :password before '@'")]
    public void A_bad_connection_string_says_what_is_wrong_and_what_is_expected(string text, string problem)
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Parse(text));
        Assert.Contains(problem, error.Message);
        Assert.Contains(ExpectedForms, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Theory]
    [InlineData("redis://ops:hunter2@h?clutser=a", "cluster 'redis://***@h?clutser=***': unknown setting 'clutser'")]
    [InlineData("redis://ops:hun/ter#2?x@h?clutser=a", "cluster 'redis://***@h?clutser=***': unknown setting 'clutser'")]
    [InlineData("postgres://ops:h@:u/n?t#er2@db", "cluster 'postgres://***@db': expected the database's name")]
    [InlineData("ops:hunter2@h", "cluster '***@h': expected a redis://, rediss:// or postgres:// address")]
    public void An_error_quotes_the_connection_string_without_its_credentials(string text, string expected)
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Parse(text));
        Assert.StartsWith(expected, error.Message);
    }

    /// <summary>Whatever a password holds, it is read back as written, and never appears in an error or in the address shown.</summary>
    [Property(MaxTest = 300, Replay = "(20150401,20160401)")]
    public Property Any_password_is_read_as_written_and_never_shown(NonEmptyString password)
    {
        var text = password.Get.Replace("%", "%25");
        var connection = ClusterConnection.Parse($"redis://ops:{text}@redis.lab:6380");
        var error = Record.Exception(() => ClusterConnection.Parse($"redis://ops:{text}@redis.lab:6380?unknown=1"));
        return (connection.Password == password.Get
                && connection.Host == "redis.lab"
                && !connection.ToString().Contains("ops:")
                && error is ClusterConnectionException
                && error.Message.StartsWith("cluster 'redis://***@redis.lab:6380?unknown=***'", StringComparison.Ordinal))
            .ToProperty()
            .Label($"password {password.Get}");
    }

    [Fact]
    public void A_password_put_in_the_query_string_and_the_user_name_in_a_drivers_message_are_never_shown()
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Parse("postgres://alice@db/uptake?password=Sw0rdfish"));
        Assert.DoesNotContain("Sw0rdfish", error.Message);
        Assert.StartsWith("cluster 'postgres://***@db/uptake?password=***': unknown setting 'password'", error.Message);

        var connection = ClusterConnection.Parse("postgres://alice:Sw0rdfish@db/uptake");
        Assert.Equal("password authentication failed for user \"***\"", connection.Hide("password authentication failed for user \"alice\""));
        var refused = ClusterUnavailableException.Because(new Npgsql.PostgresException("password authentication failed for user \"alice\"", "FATAL", "FATAL", "28P01"), connection, "the silo could not join the cluster");
        Assert.Equal("the silo could not join the cluster: PostgreSQL at postgres://db:5432/uptake refused the user name or password in the cluster address (28P01)", refused.Message);
    }

    [Fact]
    public async Task A_silo_refuses_a_port_in_use_before_it_joins_anything()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        // No Redis runs at this address: the port is refused before the store is ever asked.
        var connection = ClusterConnection.Parse("redis://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<SiloPortInUseException>(() => ClusterSilo.StartAsync(connection, new SiloEndpoints(port, 0, System.Net.IPAddress.Loopback)));

        Assert.Equal($"--port: port {port} is in use (another silo on this machine?); expected a free port (every silo on one machine needs its own --port)", error.Message);
    }
}
