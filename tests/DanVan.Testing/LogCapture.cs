using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DanVan.Testing;

public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>Keeps every log entry of a host so that tests can fail on unexpected errors.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public LogCapture() => All.Add(this);

    /// <summary>Every capture made in this process, for the end-of-run scan for personal data and credentials.</summary>
    public static ConcurrentBag<LogCapture> All { get; } = [];

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public int Count => _entries.Count;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Fails if an error was logged after entry <paramref name="since"/> that <paramref name="expected"/> does not allow.</summary>
    public void AssertNoErrors(int since = 0, Func<LogEntry, bool>? expected = null)
    {
        var errors = _entries.Skip(since)
            .Where(e => e.Level >= LogLevel.Error && !(expected?.Invoke(e) ?? false))
            .ToList();
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The hub logged unexpected errors:\n" + string.Join("\n", errors));
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
