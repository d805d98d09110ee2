using DanVan.Adapters.Units.Import;
using DanVan.Hub.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DanVan.Testing;

/// <summary>What a fresh test database starts with.</summary>
public enum DatabaseContent
{
    /// <summary>Nothing: not even the schema.</summary>
    Empty,

    /// <summary>The migrated schema and the built-in provinces.</summary>
    Migrated,

    /// <summary>The migrated schema and the real administrative map from <c>../shared/data/units</c>.</summary>
    RealMap,
}

/// <summary>
/// One PostgreSQL cluster per test run, and a fresh database per caller cloned from a template that
/// was migrated (and loaded) once, so each test class starts from a known state in milliseconds.
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartSharedAsync);
    private static readonly Dictionary<DatabaseContent, Lazy<Task<string>>> Templates = new()
    {
        [DatabaseContent.Empty] = new(() => Task.FromResult("template1")),
        [DatabaseContent.Migrated] = new(() => BuildTemplateAsync("danvan_migrated", null)),
        [DatabaseContent.RealMap] = new(() => BuildTemplateAsync("danvan_real_map", RepoPaths.SharedUnitsDir)),
    };

    private static int _counter;

    /// <summary>The connection string of every database created for tests in this process.</summary>
    public static System.Collections.Concurrent.ConcurrentBag<string> Created { get; } = [];

    /// <summary>Creates a new database with the given content and returns its connection string.</summary>
    public static async Task<string> CreateAsync(DatabaseContent content)
    {
        var server = await Server.Value;
        var template = await Templates[content].Value;
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await server.CreateDatabaseAsync(name, template);
        Created.Add(server.ConnectionString(name));
        return server.ConnectionString(name);
    }

    /// <summary>
    /// Stops the shared cluster and removes its files, if it was started; at most once. Test assemblies
    /// call it from an assembly fixture: the test runner gives the process only seconds to exit once the
    /// run is over, and removing a cluster that holds dozens of cloned databases takes longer than that.
    /// Other callers (the benchmarks) get it at process exit.
    /// </summary>
    public static async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0 && Server.IsValueCreated)
        {
            await (await Server.Value).DisposeAsync();
        }
    }

    private static int _stopped;

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await PostgresServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().Wait(TimeSpan.FromSeconds(30));
        return server;
    }

    private static async Task<string> BuildTemplateAsync(string name, string? unitsDir)
    {
        var server = await Server.Value;
        await server.CreateDatabaseAsync(name);
        var connectionString = server.ConnectionString(name) + ";Pooling=false";
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
            await new UnitImporter(new UnitMapWriter(dataSource)).ImportAsync(unitsDir, CancellationToken.None);
        }

        return name;
    }
}
