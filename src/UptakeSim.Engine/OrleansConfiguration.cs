using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using UptakeSim.Model;

namespace UptakeSim.Engine;

/// <summary>What every silo and client of an UptakeSim cluster must agree on.</summary>
public static class OrleansConfiguration
{
    /// <summary>A batch runs for seconds to minutes on a big synthetic population; Orleans' 30 s default is too short.</summary>
    public static readonly TimeSpan BatchCallTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Model types carry no Orleans attributes (the model is plain C#), so they travel as JSON between silos;
    /// all but a batch's trajectories, megabytes of integers, whose binary surrogate Orleans prefers to it
    /// (<see cref="Grains.BatchTrajectoriesConverter"/>).</summary>
    public static void AddModelSerialization(IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type.Namespace == typeof(Scenario).Namespace));

    public static ISiloBuilder ConfigureUptakeSim(this ISiloBuilder silo)
    {
        AddModelSerialization(silo.Services);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = BatchCallTimeout);
        // Every batch activates a batch grain and 209 CCG grains under new keys and deactivates them when done; with
        // the default cache of a million directory entries a 1,000,000-run bench kept them all (peak 504-569 MB
        // against 262 MB with this cap).
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = 10_000);
        return silo;
    }

    public static IClientBuilder ConfigureUptakeSim(this IClientBuilder client)
    {
        AddModelSerialization(client.Services);
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = BatchCallTimeout);
        return client;
    }

    /// <summary>Orleans' own logs from <paramref name="orleansLevel"/> up, to <paramref name="log"/> when given (see
    /// <see cref="OrleansLogLines"/>), else to stderr; without the watchdog's spurious "participant check" warnings that
    /// these shared machines produce.</summary>
    public static void ConfigureQuietLogging(ILoggingBuilder logging, LogLevel orleansLevel = LogLevel.Warning, Action<LogLevel, string>? log = null)
    {
        logging.ClearProviders();
        if (log is null)
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            logging.AddProvider(new OrleansLogLines(log));
        }
        logging.SetMinimumLevel(orleansLevel);
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.None);
    }
}
