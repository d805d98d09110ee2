using Dapper;
using Grpc.Health.V1;
using Npgsql;

namespace DanVan.Hub.Tests.Database;

public sealed class MigrationTests : HubTest
{
    [Fact]
    public async Task Two_hubs_starting_together_on_an_empty_database_both_serve_with_each_migration_applied_once()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Empty).WaitAsync(Timeouts.Startup);

        var hubs = await Task.WhenAll(StartHubAsync(connectionString), StartHubAsync(connectionString))
            .WaitAsync(Timeouts.Startup);
        try
        {
            foreach (var hub in hubs)
            {
                var health = await new Health.HealthClient(hub.CallInvoker).CheckAsync(new HealthCheckRequest());
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            }

            await using var connection = new NpgsqlConnection(connectionString);
            var versions = (await connection.QueryAsync<int>("select version from schema_version order by version")).ToList();
            Assert.Equal(DanVan.Hub.Database.DatabaseMigrator.Migrations.Select(m => m.Version), versions);
            Assert.Equal(34 + 64, await connection.ExecuteScalarAsync<int>("select count(*) from admin_unit"));
            Assert.True(await connection.ExecuteScalarAsync<bool>("select to_regclass('hangfire.job') is not null"));
        }
        finally
        {
            await Task.WhenAll(hubs.Select(h => h.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Two_hub_processes_starting_together_on_an_empty_database_both_serve_with_the_schema_applied_once()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Empty).WaitAsync(Timeouts.Startup);
        var hubs = Enumerable.Range(0, 2).Select(_ => new HubProcess(connectionString)).ToList();
        try
        {
            foreach (var hub in hubs)
            {
                await Timeouts.Eventually(hub.IsServingAsync, Timeouts.Startup, "a hub process to serve");
            }

            await using var connection = new NpgsqlConnection(connectionString);
            var versions = (await connection.QueryAsync<int>("select version from schema_version order by version")).ToList();
            Assert.Equal(DanVan.Hub.Database.DatabaseMigrator.Migrations.Select(m => m.Version), versions);
        }
        finally
        {
            foreach (var hub in hubs)
            {
                hub.Dispose();
            }
        }

        Assert.All(hubs, h => Assert.DoesNotContain("\"LogLevel\":\"Error\"", h.Output));
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_the_start()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Migrated).WaitAsync(Timeouts.Startup);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync("update schema_version set checksum = 'edited' where version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HubHost.StartAsync(connectionString))
            .WaitAsync(Timeouts.Startup);

        Assert.Contains("changed after it was applied", error.Message);
    }
}
