using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DanVan.Testing;

/// <summary>A test class's own database (cloned from a template) and a hub started on it.</summary>
public abstract class HubFixture(DatabaseContent content) : Xunit.IAsyncLifetime
{
    /// <summary>Settings added to the hub's command line.</summary>
    protected virtual string[] Settings => [];

    /// <summary>Changes to the hub's services before it is built.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public HubHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateAsync(content).WaitAsync(Timeouts.Startup);
        Host = await HubHost.StartAsync(ConnectionString, Configure, Settings);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A hub on the real administrative map.</summary>
public sealed class RealMapHubFixture() : HubFixture(DatabaseContent.RealMap);

/// <summary>A hub on a migrated database holding only the built-in provinces.</summary>
public sealed class MigratedHubFixture() : HubFixture(DatabaseContent.Migrated);

/// <summary>
/// A hub on the real map whose clock the tests move: it starts on Monday 2030-03-04 at 09:00 in
/// Hanoi, far enough ahead that the reminder jobs Hangfire schedules from it never come due during a
/// run, so tests drive those jobs themselves.
/// </summary>
public class DialogueHubFixture() : HubFixture(DatabaseContent.RealMap)
{
    public static readonly DateTimeOffset Start = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(7));

    public FakeTimeProvider Clock { get; } = new(Start.ToUniversalTime());

    protected DialogueHubFixture(DateTimeOffset start) : this() => Clock = new(start.ToUniversalTime());

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>The dialogue hub on Monday 2025-03-03 at 09:00, before the 2025 reform of the map.</summary>
public sealed class PreReformDialogueHubFixture() : DialogueHubFixture(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(7)));
