using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using UptakeSim.Model;
using UptakeSim.Runner;

namespace UptakeSim.Engine.Tests;

/// <summary>Orleans' log handed to the command (for its results folder) instead of the console.</summary>
public class LoggingTests
{
    [Fact]
    public void Entries_are_one_line_each_with_time_level_category_and_event_and_the_exception_after_and_the_watchdog_stays_quiet()
    {
        var entries = new List<(LogLevel Level, string Text)>();
        using (var factory = LoggerFactory.Create(logging => OrleansConfiguration.ConfigureQuietLogging(logging, LogLevel.Warning, (level, text) => entries.Add((level, text)))))
        {
            var logger = factory.CreateLogger("Orleans.Runtime.Messaging");
            logger.LogInformation("below the level asked for");
            logger.Log(LogLevel.Warning, new EventId(7), new InvalidOperationException("gone"), "silo {Silo} is\nslow", "S1");
            factory.CreateLogger("Orleans.Runtime.Watchdog").LogWarning("participant check");
        }

        var (level, text) = Assert.Single(entries);
        Assert.Equal(LogLevel.Warning, level);
        var lines = text.Split('\n');
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warn: Orleans\.Runtime\.Messaging\[7\] silo S1 is slow$", lines[0]);
        Assert.Equal("System.InvalidOperationException: gone", lines[1]);
    }

    [Fact]
    public async Task An_in_process_silo_logs_to_the_command_and_from_information_up_when_asked()
    {
        var entries = new ConcurrentQueue<(LogLevel Level, string Text)>();
        await using (var cluster = await EmbeddedCluster.StartAsync(LogLevel.Information, log: (level, text) => entries.Enqueue((level, text))))
        {
            var result = await MonteCarloRun.RunAsync(cluster.Engine, Baseline.Setup(runs: 4), BatchPlan.Auto(4, 1, 4));
            Assert.Equal(4, result.Runs);
        }

        Assert.Contains(entries, e => e.Level == LogLevel.Information && Regex.IsMatch(e.Text, @"^\S+ info: Orleans\.Runtime\.Silo\["));
        Assert.All(entries, e => Assert.True(e.Level >= LogLevel.Information, e.Text));
    }
}
