using System.Net;

namespace UptakeSim.Engine.Tests;

public class ClusterConnectionTests
{
    [Fact]
    public void A_bare_redis_address_gets_the_default_port_and_ids()
    {
        var connection = ClusterConnection.Parse("redis://10.0.0.5");
        Assert.Equal(new ClusterConnection("10.0.0.5", 6379, null, null, "uptakesim", "uptakesim"), connection);
        Assert.Equal("redis://10.0.0.5:6379", connection.ToString());
    }

    [Fact]
    public void Port_credentials_and_ids_are_read_and_the_password_is_never_shown()
    {
        var connection = ClusterConnection.Parse("redis://ops:s%40cret@redis.lab:6380?cluster=nightly&service=uptake-v2");
        Assert.Equal(new ClusterConnection("redis.lab", 6380, "ops", "s@cret", "nightly", "uptake-v2"), connection);
        Assert.Equal("redis://redis.lab:6380?cluster=nightly&service=uptake-v2", connection.ToString());
        var endpoint = Assert.IsType<DnsEndPoint>(connection.RedisOptions().EndPoints.Single());
        Assert.Equal(("redis.lab", 6380), (endpoint.Host, endpoint.Port));
        Assert.Equal("s@cret", connection.RedisOptions().Password);
        Assert.Null(ClusterConnection.Parse("redis://:pw@h").User);
    }

    [Theory]
    [InlineData("postgres://db/uptake", "PostgreSQL clustering is not supported yet")]
    [InlineData("postgresql://db/uptake", "PostgreSQL clustering is not supported yet")]
    [InlineData("localhost:6379", "expected a Redis address")]
    [InlineData("http://10.0.0.5:6379", "expected a Redis address")]
    [InlineData("redis://", "expected a Redis address")]
    [InlineData("redis://h:99999", "expected a Redis address")]
    [InlineData("redis://h/2", "unexpected '/2' after the host")]
    [InlineData("redis://h?clutser=a", "unknown setting 'clutser'")]
    [InlineData("redis://h?cluster=a%20b", "'cluster' needs a value of letters")]
    [InlineData("redis://h?service=", "'service' needs a value of letters")]
    [InlineData("redis://secret@h", "expected user:password or :password before '@'")]
    public void A_bad_connection_string_says_what_is_wrong_and_what_is_expected(string text, string problem)
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Parse(text));
        Assert.Contains(problem, error.Message);
        Assert.Contains("expected redis://[[user]:password@]host[:port][?cluster=ID&service=ID]", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void An_error_quotes_the_connection_string_without_its_password()
    {
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Parse("redis://ops:hunter2@h?clutser=a"));
        Assert.StartsWith("cluster 'redis://***@h?clutser=a': unknown setting 'clutser'", error.Message);
    }
}
