using Microsoft.AspNetCore.Builder;

namespace DanVan.Testing;

/// <summary>A test class's own database (cloned from a template) and a hub started on it, on a clock the tests own.</summary>
public abstract class HubFixture(DatabaseContent content) : Xunit.IAsyncLifetime, IHubFixture
{
    /// <summary>Settings added to the hub's command line.</summary>
    protected virtual string[] Settings => [];

    /// <summary>Changes to the hub's services before it is built.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>The instant the hub's clock shows at the start of each test.</summary>
    public virtual DateTimeOffset StartsAt => HubHost.DefaultStart;

    public HubHost Host { get; private set; } = null!;

    public TestClock Clock => Host.Clock;

    public string ConnectionString { get; private set; } = null!;

    /// <summary>
    /// Called as each test of the class begins: the clock goes back to <see cref="StartsAt"/> whatever
    /// earlier tests did with it. Returns the position in the hub's log from which the test's own entries start.
    /// </summary>
    public int BeginTest()
    {
        Clock.Set(StartsAt);
        return Host.Logs.Count;
    }

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateAsync(content).WaitAsync(Timeouts.Startup);
        Host = await HubHost.StartAsync(ConnectionString, new TestClock(StartsAt), Configure, Settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A hub on the real administrative map.</summary>
public sealed class RealMapHubFixture() : HubFixture(DatabaseContent.RealMap);

/// <summary>A hub on a migrated database holding only the built-in provinces.</summary>
public sealed class MigratedHubFixture() : HubFixture(DatabaseContent.Migrated);

/// <summary>
/// A hub on the real map whose clock starts on Monday 2030-03-04 at 09:00 in Hanoi. The reminder jobs
/// it schedules fall days or months after the real time of the run, so they never come due during it;
/// tests drive those jobs themselves.
/// </summary>
public class DialogueHubFixture() : HubFixture(DatabaseContent.RealMap)
{
    public static readonly DateTimeOffset Start = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(7));

    public override DateTimeOffset StartsAt => Start;
}

/// <summary>The dialogue hub on Monday 2025-03-03 at 09:00, before the 2025 reform of the map.</summary>
public sealed class PreReformDialogueHubFixture : DialogueHubFixture
{
    public override DateTimeOffset StartsAt => new(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(7));
}
