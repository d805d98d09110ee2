using Microsoft.Extensions.Logging;
using Xunit;

namespace DanVan.Testing;

/// <summary>What a test class's fixture gives its tests: a running hub, and a fresh start for each test.</summary>
public interface IHubFixture
{
    HubHost Host { get; }

    /// <summary>Readies the hub for the next test; returns the position in its log where the test's entries start.</summary>
    int BeginTest();
}

/// <summary>
/// The base of every test that runs a hub, after grpc-dotnet's functional tests: while a test runs, the
/// log of each hub it watches goes to the test's output at Debug level (so a failure shows what the hub
/// did), and the test fails if such a hub logged a warning or an error the test did not declare
/// expected (<see cref="IsExpectedLog"/>, <see cref="Expect"/>).
/// </summary>
public abstract class HubTest : IDisposable
{
    private readonly List<(HubHost Host, int Mark)> _watched = [];
    private readonly List<Func<LogEntry, bool>> _expected = [];

    /// <summary>Forwards <paramref name="host"/>'s log to this test's output and checks it when the test ends.</summary>
    protected HubHost Watch(HubHost host)
    {
        _watched.Add((host, host.Logs.Count));
        host.Logs.ForwardTo(TestContext.Current.TestOutputHelper);
        return host;
    }

    /// <summary>Starts a hub of the test's own (on <paramref name="connectionString"/>), watched like the fixture's.</summary>
    protected async Task<HubHost> StartHubAsync(string connectionString, params string[] settings) =>
        Watch(await HubHost.StartAsync(connectionString, settings));

    // Hangfire logs through one provider for the whole process, the last host's: its warnings may come
    // from another test's hub (one whose database a test stopped), so they say nothing of this one.
    private static bool FromAnotherHub(LogEntry entry) =>
        entry.Level == LogLevel.Warning && entry.Category.StartsWith("Hangfire.", StringComparison.Ordinal);

    /// <summary>Warnings or errors every test of the class provokes on purpose.</summary>
    protected virtual bool IsExpectedLog(LogEntry entry) => false;

    /// <summary>Warnings or errors the current test provokes on purpose.</summary>
    protected void Expect(Func<LogEntry, bool> expected) => _expected.Add(expected);

    public void Dispose()
    {
        foreach (var (host, _) in _watched)
        {
            host.Logs.ForwardTo(null);
        }

        foreach (var (host, mark) in _watched)
        {
            host.Logs.AssertNothingUnexpected(mark, e => IsExpectedLog(e) || _expected.Exists(expected => expected(e)) || FromAnotherHub(e));
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>A test class sharing one hub (its fixture's) among its tests.</summary>
public abstract class HubTest<TFixture> : HubTest, IClassFixture<TFixture>
    where TFixture : class, IHubFixture
{
    protected HubTest(TFixture fixture)
    {
        Fixture = fixture;
        LogMark = fixture.BeginTest();
        Watch(fixture.Host);
    }

    protected TFixture Fixture { get; }

    /// <summary>The position in the fixture hub's log where this test's entries start.</summary>
    protected int LogMark { get; }
}
