using System.Globalization;
using Microsoft.Extensions.Logging;

namespace UptakeSim.Engine;

/// <summary>
/// Orleans' log as plain text entries handed to <c>write</c> with their level, instead of the console: a command that
/// writes results keeps them in its results folder, where they never draw over the live view. An entry is one line
/// (<c>2026-01-31T09:30:00.123Z warn: Category[event] message</c>) and, when an exception came with it, the exception
/// on the lines after.
/// </summary>
public sealed class OrleansLogLines(Action<LogLevel, string> write) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, write);

    public void Dispose()
    {
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(string category, Action<LogLevel, string> write) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            // One entry, one line: a message's own line breaks would otherwise read as entries of their own.
            var message = formatter(state, exception).ReplaceLineEndings(" ");
            write(logLevel, $"{time} {Label(logLevel)}: {category}[{eventId.Id}] {message}" + (exception is null ? "" : $"\n{exception}"));
        }
    }
}
