using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace UptakeSim.Engine;

/// <summary>A connection string that cannot name a cluster: bad input, reported as it is written.</summary>
public sealed class ClusterConnectionException(string message) : Exception(message);

/// <summary>The cluster (its Redis, or every silo) cannot be reached.</summary>
public sealed class ClusterUnavailableException(string message) : Exception(message)
{
    /// <summary>Why a silo could not join or a client could not connect, in one line: Redis' own message advises
    /// connection-string settings that do not apply here.</summary>
    public static ClusterUnavailableException Because(Exception failure, ClusterConnection connection, string whatFailed) => new(failure.GetBaseException() switch
    {
        RedisConnectionException redis => $"{whatFailed}: cannot reach Redis at {connection} ({redis.FailureType}); is redis-server running there, and its port open to this machine?",
        var other => $"{whatFailed} at {connection}: {other.Message}",
    });
}

/// <summary>
/// Where an UptakeSim cluster keeps its membership, and which cluster it is:
/// <c>redis://[[user]:password@]host[:port][?cluster=ID&amp;service=ID]</c>. Every silo and client of one cluster must
/// use the same Redis and the same ids; the ids default to "uptakesim", so one Redis can hold several clusters.
/// </summary>
public sealed partial record ClusterConnection(string Host, int Port, string? User, string? Password, string ClusterId, string ServiceId)
{
    public const string DefaultId = "uptakesim";
    public const int DefaultRedisPort = 6379;
    private const string Form = "redis://[[user]:password@]host[:port][?cluster=ID&service=ID]";

    public static ClusterConnection Parse(string text)
    {
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(text, "PostgreSQL clustering is not supported yet; use a Redis server");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
        {
            throw Bad(text, "expected a Redis address");
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Fragment.Length > 0) throw Bad(text, $"unexpected '{uri.AbsolutePath}{uri.Fragment}' after the host");

        var clusterId = DefaultId;
        var serviceId = DefaultId;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, "");
            if (!IdPattern().IsMatch(value)) throw Bad(text, $"'{key}' needs a value of letters, digits, '.', '_' or '-'");
            switch (key)
            {
                case "cluster": clusterId = value; break;
                case "service": serviceId = value; break;
                default: throw Bad(text, $"unknown setting '{key}'; expected cluster or service");
            }
        }
        var credentials = uri.UserInfo.Split(':', 2);
        if (uri.UserInfo.Length > 0 && credentials.Length == 1) throw Bad(text, "expected user:password or :password before '@'");
        return new ClusterConnection(
            uri.IdnHost, uri.IsDefaultPort ? DefaultRedisPort : uri.Port,
            credentials.Length == 2 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null,
            credentials.Length == 2 ? Uri.UnescapeDataString(credentials[1]) : null,
            clusterId, serviceId);
    }

    /// <summary>Quotes the connection string as written, but never its password.</summary>
    private static ClusterConnectionException Bad(string text, string problem) =>
        new($"cluster '{Credentials().Replace(text, "//***@")}': {problem}; expected {Form}, e.g. redis://10.0.0.5:6379");

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("//[^/?#]*@")]
    private static partial Regex Credentials();

    public ConfigurationOptions RedisOptions() => new()
    {
        EndPoints = { { Host, Port } },
        User = User,
        Password = Password,
    };

    /// <summary>Shown on the console and in errors: never the password.</summary>
    public override string ToString() =>
        $"redis://{Host}:{Port}" + (ClusterId == DefaultId && ServiceId == DefaultId ? "" : $"?cluster={ClusterId}&service={ServiceId}");
}
