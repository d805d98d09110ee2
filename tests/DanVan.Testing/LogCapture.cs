using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DanVan.Testing;

public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>
/// Keeps every log entry of a host from Information up, so that tests can fail on unexpected warnings
/// and errors, and while a test is attached writes every entry from Debug up to that test's output.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private volatile ITestOutputHelper? _output;

    public LogCapture() => All.Add(this);

    /// <summary>Every capture made in this process, for the end-of-run scan for personal data and credentials.</summary>
    public static ConcurrentBag<LogCapture> All { get; } = [];

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public int Count => _entries.Count;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes what the host logs to <paramref name="output"/> (a test's), or to nothing once null.</summary>
    public void ForwardTo(ITestOutputHelper? output) => _output = output;

    /// <summary>Fails if a warning or error was logged after entry <paramref name="since"/> that <paramref name="expected"/> does not allow.</summary>
    public void AssertNothingUnexpected(int since = 0, Func<LogEntry, bool>? expected = null)
    {
        var unexpected = _entries.Skip(since)
            .Where(e => e.Level >= LogLevel.Warning && !(expected?.Invoke(e) ?? false))
            .ToList();
        if (unexpected.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The hub logged unexpected warnings or errors:\n" + string.Join("\n", unexpected));
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Information || (logLevel >= LogLevel.Debug && capture._output is not null);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var entry = new LogEntry(logLevel, category, formatter(state, exception), exception);
            if (logLevel >= LogLevel.Information)
            {
                capture._entries.Enqueue(entry);
            }

            try
            {
                capture._output?.WriteLine(entry.ToString());
            }
            catch (InvalidOperationException)
            {
                // The test ended between the check and the write; its output is closed.
            }
        }
    }
}
