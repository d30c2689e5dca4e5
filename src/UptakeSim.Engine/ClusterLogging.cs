using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace UptakeSim.Engine;

/// <summary>Logging for the silos and clients of a cluster: Orleans' warnings and errors, less what UptakeSim reports itself.</summary>
public static class ClusterLogging
{
    /// <summary>
    /// When a silo dies, Orleans logs a warning or an error (with a stack trace) for every message that was on its way
    /// to it: hundreds on the other silos, a few on clients. UptakeSim says in one line per batch what it runs again,
    /// and in one line why a client could not connect or a silo could not start. The probe warnings that lead to a
    /// silo's death declaration stay. <c>--verbose</c> shows everything.
    /// </summary>
    private static void Configure(ILoggingBuilder logging, LogLevel orleansLogLevel, Action<LogLevel, string>? log)
    {
        OrleansConfiguration.ConfigureQuietLogging(logging, orleansLogLevel, log);
        if (orleansLogLevel < LogLevel.Warning) return;
        string[] reportedByUptakeSim =
        [
            "Orleans.Runtime.Messaging", "Orleans.Messaging", "Orleans.Runtime.CallbackData", "Polly", "Orleans.Runtime.Silo", "Microsoft.Extensions.Hosting",
        ];
        foreach (var category in reportedByUptakeSim) logging.AddFilter(category, LogLevel.Critical);
    }

    /// <summary>An empty host for a silo or a client of a cluster, logging as <see cref="Configure"/> says, to
    /// <paramref name="log"/> when given (see <see cref="OrleansLogLines"/>), else to stderr.</summary>
    public static HostApplicationBuilder HostBuilder(LogLevel orleansLogLevel, Action<LogLevel, string>? log = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Configure(builder.Logging, orleansLogLevel, log);
        return builder;
    }
}
