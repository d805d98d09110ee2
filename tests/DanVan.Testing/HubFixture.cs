namespace DanVan.Testing;

/// <summary>A test class's own database (cloned from a template) and a hub started on it.</summary>
public abstract class HubFixture(DatabaseContent content) : Xunit.IAsyncLifetime
{
    public HubHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateAsync(content).WaitAsync(Timeouts.Startup);
        Host = await HubHost.StartAsync(ConnectionString);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A hub on the real administrative map.</summary>
public sealed class RealMapHubFixture() : HubFixture(DatabaseContent.RealMap);

/// <summary>A hub on a migrated database holding only the built-in provinces.</summary>
public sealed class MigratedHubFixture() : HubFixture(DatabaseContent.Migrated);
