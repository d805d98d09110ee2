using Dapper;
using Grpc.Health.V1;
using Npgsql;

namespace DanVan.Hub.Tests.Database;

public sealed class MigrationTests
{
    [Fact]
    public async Task Two_hubs_starting_together_on_an_empty_database_both_serve_with_each_migration_applied_once()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Empty).WaitAsync(Timeouts.Startup);

        var hubs = await Task.WhenAll(HubHost.StartAsync(connectionString), HubHost.StartAsync(connectionString))
            .WaitAsync(Timeouts.Startup);
        try
        {
            foreach (var hub in hubs)
            {
                var health = await new Health.HealthClient(hub.CallInvoker).CheckAsync(new HealthCheckRequest());
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
                hub.Logs.AssertNoErrors();
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

    /// <summary>The hub as its own OS process, as operators run it.</summary>
    private sealed class HubProcess : IDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly Grpc.Net.Client.GrpcChannel _channel;

        public HubProcess(string connectionString)
        {
            var grpc = $"http://127.0.0.1:{PostgresServer.FreePort()}";
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    typeof(DanVan.Hub.Hosting.HubApplication).Assembly.Location,
                    $"--ConnectionStrings:DanVan={connectionString}", $"--DanVan:GrpcUrl={grpc}",
                    $"--DanVan:WebUrl=http://127.0.0.1:{PostgresServer.FreePort()}", "--DanVan:JobWorkers=1",
                },
            };
            _process = System.Diagnostics.Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
            _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            _channel = Grpc.Net.Client.GrpcChannel.ForAddress(grpc);
        }

        public string Output
        {
            get { lock (_output) { return _output.ToString(); } }
        }

        public async Task<bool> IsServingAsync()
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The hub process exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                var health = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                return health.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            }
            catch (Grpc.Core.RpcException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            _channel.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
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
