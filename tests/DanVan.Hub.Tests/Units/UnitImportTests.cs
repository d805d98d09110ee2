using System.Diagnostics;
using Dapper;
using DanVan.Adapters.Units.Import;
using DanVan.Contracts.V1;
using DanVan.Hub.Hosting;
using Npgsql;

namespace DanVan.Hub.Tests.Units;

public sealed class UnitImportTests : HubTest
{
    [Fact]
    public async Task The_command_line_import_loads_the_real_map_once_and_changes_nothing_the_second_time()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Empty).WaitAsync(Timeouts.Startup);

        var first = await RunImportCommandAsync(connectionString);
        var tables = await SnapshotAsync(connectionString);
        var second = await RunImportCommandAsync(connectionString);

        Assert.Matches(@"^units: [1-9]\d* inserted, 0 updated, 0 unchanged; lineage links: [1-9]\d* inserted, 0 updated, 0 unchanged$", first);
        Assert.Matches(@"^units: 0 inserted, 0 updated, [1-9]\d* unchanged; lineage links: 0 inserted, 0 updated, [1-9]\d* unchanged$", second);
        Assert.Equal(tables, await SnapshotAsync(connectionString));
    }

    [Fact]
    public async Task Two_imports_running_at_once_write_the_map_once()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Migrated).WaitAsync(Timeouts.Startup);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var map = UnitImporter.BuildMap(RepoPaths.SharedUnitsDir);

        var results = await Task.WhenAll(
            new UnitMapWriter(dataSource).WriteAsync(map, CancellationToken.None),
            new UnitMapWriter(dataSource).WriteAsync(map, CancellationToken.None)).WaitAsync(Timeouts.Startup);

        Assert.Equal(map.Units.Count - 98, results.Sum(r => r.Units.Inserted));
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(map.Units.Count, await connection.ExecuteScalarAsync<int>("select count(*) from admin_unit"));
        Assert.Equal(map.Links.Count, await connection.ExecuteScalarAsync<int>("select count(*) from unit_lineage"));
    }

    [Fact]
    public async Task A_hub_started_with_a_units_folder_loads_the_map_and_a_restart_changes_nothing()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Empty).WaitAsync(Timeouts.Startup);
        var unitsDir = $"--DanVan:UnitsDir={RepoPaths.SharedUnitsDir}";

        string tables;
        await using (var hub = await StartHubAsync(connectionString, unitsDir))
        {
            var unit = await new AdminUnitService.AdminUnitServiceClient(hub.CallInvoker).GetUnitAsync(new GetUnitRequest
            {
                Code = "00004", AsOf = new Google.Type.Date { Year = 2025, Month = 8, Day = 1 },
            });
            Assert.Equal("Phường Ba Đình", unit.Unit.Name);
            tables = await SnapshotAsync(connectionString);
        }

        await using (var again = await StartHubAsync(connectionString, unitsDir))
        {
            Assert.Equal(tables, await SnapshotAsync(connectionString));
            Assert.Contains(again.Logs.Entries, e => e.Message.StartsWith("Administrative map from", StringComparison.Ordinal)
                                                     && e.Message.Contains("units 0 new, 0 changed"));
        }
    }

    private static async Task<string> SnapshotAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var units = await connection.QueryAsync<string>("select md5(string_agg(u::text, '|' order by id)) from admin_unit u");
        var links = await connection.QueryAsync<string>("select md5(string_agg(l::text, '|' order by predecessor_id, successor_id)) from unit_lineage l");
        return units.Single() + links.Single();
    }

    private static async Task<string> RunImportCommandAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__DanVan"] = connectionString, ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(typeof(HubApplication).Assembly.Location);
        start.ArgumentList.Add("import-units");
        start.ArgumentList.Add(RepoPaths.SharedUnitsDir);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeouts.Startup);
        Assert.True(process.ExitCode == 0, $"import-units exited with {process.ExitCode}: {await error}");
        return (await output).Trim().Split('\n')[^1];
    }
}
