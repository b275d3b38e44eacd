using System.Globalization;
using ExVenture.Actors.Operator;

namespace ExVenture.Server.Operator;

/// <summary>
/// Feeds <see cref="RecentLogLines"/> from the server's logging (ASP.NET Core's and, through the logger factory,
/// Akka's), under the same level filters as the console, so <c>pbm log peek</c> shows what the console showed.
/// </summary>
public sealed class RecentLogProvider(RecentLogLines lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RecentLogger(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class RecentLogger(RecentLogLines lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss.fff} {Level(logLevel)} {category}: {message}");
            lines.Add(exception is null ? line : $"{line}\n  {exception.GetType().Name}: {exception.Message}");
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
