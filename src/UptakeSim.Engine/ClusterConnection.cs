using System.Text.RegularExpressions;
using Npgsql;
using StackExchange.Redis;

namespace UptakeSim.Engine;

/// <summary>A connection string that cannot name a cluster: bad input, reported as it is written.</summary>
public sealed class ClusterConnectionException(string message) : Exception(message);

/// <summary>The cluster (its membership store, or every silo) cannot be reached.</summary>
public sealed class ClusterUnavailableException(string message) : Exception(message)
{
    /// <summary>Why a silo could not join or a client could not connect, in one line: the drivers' own messages advise
    /// connection-string settings that do not apply here.</summary>
    public static ClusterUnavailableException Because(Exception failure, ClusterConnection connection, string whatFailed) => new(failure.GetBaseException() switch
    {
        RedisConnectionException redis => $"{whatFailed}: cannot reach Redis at {connection} ({redis.FailureType}); is redis-server running there, and its port open to this machine?",
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } =>
            $"{whatFailed}: the database at {connection} has no cluster tables yet; a silo creates them when it starts (or run src/UptakeSim.Engine/Schema/membership-postgres.sql)",
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } postgres =>
            $"{whatFailed}: PostgreSQL at {connection} refused the user name or password in the cluster address ({postgres.SqlState})",
        PostgresException postgres => $"{whatFailed}: PostgreSQL at {connection} refused: {connection.Hide(postgres.MessageText)} ({postgres.SqlState})",
        NpgsqlException or System.Net.Sockets.SocketException or TimeoutException when connection.Store == MembershipStore.PostgreSql =>
            $"{whatFailed}: cannot reach PostgreSQL at {connection}; is the server running there, and its port open to this machine?",
        var other => $"{whatFailed} at {connection}: {connection.Hide(ClusterConnection.Mask(other.Message.Split('\n')[0].Trim()))}",
    });
}

/// <summary>Where a cluster keeps its membership: which silos are up, at which addresses.</summary>
public enum MembershipStore
{
    Redis,
    PostgreSql,
}

/// <summary>
/// Where an UptakeSim cluster keeps its membership, and which cluster it is:
/// <c>redis://[[user]:password@]host[:port][?cluster=ID&amp;service=ID]</c> (<c>rediss://</c> for TLS) or
/// <c>postgres://user[:password]@host[:port]/database[?cluster=ID&amp;service=ID&amp;sslmode=MODE]</c>. Every silo and client
/// of one cluster must use the same store and the same ids; the ids default to "uptakesim", so one store can hold
/// several clusters. A password may hold any character (also '/', '#', '?', '@' and ':'): it ends at the last '@'.
/// <see cref="SslMode"/> is PostgreSQL's sslmode, or "require" for Redis over TLS.
/// </summary>
public sealed partial record ClusterConnection(
    MembershipStore Store, string Host, int Port, string? User, string? Password, string? Database, string ClusterId, string ServiceId,
    string? SslMode = null)
{
    public const string DefaultId = "uptakesim";
    public const int DefaultRedisPort = 6379;
    public const int DefaultPostgresPort = 5432;
    public const string Form = "redis://[[user]:password@]host[:port][?cluster=ID&service=ID] or postgres://user:password@host[:port]/database[?cluster=ID&service=ID]";

    /// <summary>How long to try to reach the store before saying it cannot be reached (a store on a private network
    /// answers in milliseconds; a wrong port or host should be reported at once, not after the drivers' retries).</summary>
    public static readonly TimeSpan StoreConnectTimeout = TimeSpan.FromSeconds(1.5);

    private static readonly string[] SslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

    public static ClusterConnection Parse(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal) is var end and > 0 ? text[..end].ToLowerInvariant() : "";
        var store = scheme switch
        {
            "redis" or "rediss" => MembershipStore.Redis,
            "postgres" or "postgresql" => MembershipStore.PostgreSql,
            _ => throw Bad(text, "expected a redis://, rediss:// or postgres:// address"),
        };
        var rest = text[(scheme.Length + 3)..];
        // The credentials end at the last '@', so that a password may hold any character, '@', '/', '?' and '#' too.
        var at = rest.LastIndexOf('@');
        var userInfo = at >= 0 ? rest[..at] : null;
        if (!Uri.TryCreate($"{scheme}://{rest[(at + 1)..]}", UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
        {
            throw Bad(text, "expected a host name or IP address, then an optional port from 1 to 65535");
        }
        if (uri.Fragment.Length > 0) throw Bad(text, $"unexpected '{uri.Fragment}'");

        string? database = null;
        var path = uri.AbsolutePath.Trim('/');
        if (store == MembershipStore.Redis && path.Length > 0) throw Bad(text, $"unexpected '/{path}' after the host");
        if (store == MembershipStore.PostgreSql)
        {
            if (path.Length == 0 || path.Contains('/')) throw Bad(text, "expected the database's name after the host, as in postgres://user:password@host/database");
            database = Uri.UnescapeDataString(path);
        }

        var clusterId = DefaultId;
        var serviceId = DefaultId;
        string? sslMode = scheme == "rediss" ? "require" : null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, "");
            switch (key)
            {
                case "cluster" or "service" when !IdPattern().IsMatch(value):
                    throw Bad(text, $"'{key}' needs a value of letters, digits, '.', '_' or '-'");
                case "cluster": clusterId = value; break;
                case "service": serviceId = value; break;
                case "sslmode" when store == MembershipStore.PostgreSql:
                    sslMode = SslModes.Contains(value) ? value : throw Bad(text, $"'sslmode' must be one of {string.Join(", ", SslModes)}");
                    break;
                default:
                    throw Bad(text, $"unknown setting '{key}'; expected cluster or service{(store == MembershipStore.PostgreSql ? " or sslmode" : "")}");
            }
        }

        string? user = null, password = null;
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':');
            if (colon < 0 && store == MembershipStore.Redis) throw Bad(text, "expected user:password or :password before '@'");
            user = colon < 0 ? userInfo : userInfo[..colon];
            password = colon < 0 ? null : userInfo[(colon + 1)..];
            user = user.Length > 0 ? Uri.UnescapeDataString(user) : null;
            password = password is null ? null : Uri.UnescapeDataString(password);
        }
        if (store == MembershipStore.PostgreSql && user is null) throw Bad(text, "expected a user name before '@', as in postgres://user:password@host/database");

        var port = uri.IsDefaultPort || uri.Port < 0 ? (store == MembershipStore.Redis ? DefaultRedisPort : DefaultPostgresPort) : uri.Port;
        return new ClusterConnection(store, uri.IdnHost, port, user, password, database, clusterId, serviceId, sslMode);
    }

    /// <summary>Quotes the connection string as written, but never its password.</summary>
    private static ClusterConnectionException Bad(string text, string problem) =>
        new($"cluster '{Mask(text)}': {problem}; expected {Form}");

    /// <summary>Hides everything before a text's last '@' (after its scheme), the credentials whatever characters they
    /// hold, and the values of its query string (a password may be put there by mistake); the input is cut to 60
    /// characters as every quoted input is.</summary>
    public static string Mask(string text)
    {
        var at = text.LastIndexOf('@');
        var start = text.IndexOf("://", StringComparison.Ordinal) is var s and >= 0 && (at < 0 || s < at) ? s + 3 : 0;
        var masked = at < 0 ? text : $"{text[..start]}***{text[at..]}";
        if (at < 0)
        {
            // No '@': a host and port, or credentials whose '@' is missing (redis://:secret.host:6379), shown as ***.
            var end = text.IndexOfAny(['/', '?', '#'], start) is var e and >= 0 ? e : text.Length;
            if (!HostAndPort().IsMatch(text[start..end])) masked = $"{text[..start]}***{text[end..]}";
        }
        var query = masked.IndexOf('?');
        if (query >= 0)
        {
            masked = masked[..(query + 1)] + string.Join('&', masked[(query + 1)..].Split('&').Select(pair => pair.Split('=', 2) is [var key, _] ? $"{key}=***" : pair));
        }
        return Scenarios.InputText.Printable(masked, Scenarios.InputLimits.MaxQuotedChars);
    }

    /// <summary>A driver's message with this connection's user name and password taken out.</summary>
    public string Hide(string message)
    {
        foreach (var secret in new[] { Password, User }.OfType<string>().Where(v => v.Length > 0)) message = message.Replace(secret, "***", StringComparison.Ordinal);
        return message;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^([A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]*\])(:[0-9]{0,5})?$")]
    private static partial Regex HostAndPort();

    public ConfigurationOptions RedisOptions() => new()
    {
        EndPoints = { { Host, Port } },
        Ssl = SslMode is not null,
        User = User,
        Password = Password,
        ConnectTimeout = (int)StoreConnectTimeout.TotalMilliseconds,
        ConnectRetry = 1,
        AbortOnConnectFail = true,
    };

    public string PostgresConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = User,
            Password = Password,
            Database = Database,
            Timeout = (int)Math.Ceiling(StoreConnectTimeout.TotalSeconds),
            ApplicationName = "uptakesim",
        };
        if (SslMode is { } mode) builder.SslMode = Enum.Parse<SslMode>(mode.Replace("-", ""), ignoreCase: true);
        return builder.ConnectionString;
    }

    /// <summary>Shown on the console and in errors: never the user or password.</summary>
    public override string ToString()
    {
        var settings = new List<string>();
        if (ClusterId != DefaultId || ServiceId != DefaultId) settings.AddRange([$"cluster={ClusterId}", $"service={ServiceId}"]);
        if (SslMode is { } mode && Store == MembershipStore.PostgreSql) settings.Add($"sslmode={mode}");
        var host = Host.Contains(':') ? $"[{Host}]" : Host;
        return (Store == MembershipStore.Redis ? $"{(SslMode is null ? "redis" : "rediss")}://{host}:{Port}" : $"postgres://{host}:{Port}/{Database}")
               + (settings.Count == 0 ? "" : "?" + string.Join("&", settings));
    }
}
