using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace DanVan.Hub.Tests.Database;

public sealed class HealthTests(ITestOutputHelper output) : HubTest
{
    [Fact]
    public async Task Health_follows_the_database_down_and_back_up_pushing_each_change_to_a_watcher_without_restarting_the_hub()
    {
        // A cluster of its own: stopping the shared one would break the other test classes.
        await using var server = await PostgresServer.StartAsync().WaitAsync(Timeouts.Startup);
        await server.CreateDatabaseAsync("danvan");
        await using var hub = await StartHubAsync(server.ConnectionString("danvan"));
        // While the database is down, the health check says so once, a call and the audit writer find it
        // unavailable, notifications stop, and Hangfire's background processes log their failures.
        Expect(e => e.Category.StartsWith("Hangfire", StringComparison.Ordinal)
                    || e.Category is "DanVan.Hub.Database.DatabaseHealthCheck" or "DanVan.Hub.Database.DatabaseNotifications" or "DanVan.Hub.Security.AuditLog"
                    || (e.Category == "DanVan.Hub.Rpc.ErrorInterceptor" && e.Message.Contains("database unavailable", StringComparison.Ordinal))
                    // The health service may still push a change to the watch as the test ends it; its
                    // write then finds the call complete and grpc-dotnet logs that as an error.
                    || (e.Category == "Grpc.AspNetCore.Server.ServerCallHandler" && e.Exception is InvalidOperationException
                        && e.Message.Contains("'Watch'", StringComparison.Ordinal)));
        var health = new Health.HealthClient(hub.CallInvoker);
        var units = new DanVan.Contracts.V1.AdminUnitService.AdminUnitServiceClient(hub.CallInvoker);
        using var stop = new CancellationTokenSource(Timeouts.Startup);
        using var watch = health.Watch(new HealthCheckRequest { Service = "danvan.v1.AdminUnitService" },
            deadline: DateTime.UtcNow.Add(Timeouts.Startup), cancellationToken: stop.Token);
        ServingStatus? last = null;
        // The next change: the health service may repeat the status it last sent when it re-publishes.
        async Task<ServingStatus> NextAsync()
        {
            do
            {
                Assert.True(await watch.ResponseStream.MoveNext(stop.Token), "the watch ended");
            }
            while (watch.ResponseStream.Current.Status == last);

            last = watch.ResponseStream.Current.Status;
            return last.Value;
        }

        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.Serving, await NextAsync());

        var down = Stopwatch.StartNew();
        await server.StopAsync().WaitAsync(Timeouts.Startup);
        Assert.Equal(ServingStatus.NotServing, await NextAsync());
        output.WriteLine($"NOT_SERVING pushed {down.Elapsed.TotalSeconds:0.0} s after the database stopped");
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        var whileDown = await Assert.ThrowsAsync<RpcException>(() =>
            units.GetUnitAsync(new DanVan.Contracts.V1.GetUnitRequest { Code = "01" }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, whileDown.StatusCode);

        var up = Stopwatch.StartNew();
        await server.StartAgainAsync().WaitAsync(Timeouts.Startup);
        Assert.Equal(ServingStatus.Serving, await NextAsync());
        output.WriteLine($"SERVING pushed {up.Elapsed.TotalSeconds:0.0} s after the database started");
        var unit = await units.GetUnitAsync(new DanVan.Contracts.V1.GetUnitRequest { Code = "01" });
        Assert.Equal("Thành phố Hà Nội", unit.Unit.Name);

        // The health check said so once each way, as a warning without a stack trace; while the
        // database was down only Hangfire's background processes logged their failures besides.
        Assert.Single(hub.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith("DatabaseHealthCheck", StringComparison.Ordinal));
        Assert.Single(hub.Logs.Entries, e => e.Message.Contains("serving again", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_contract_service_has_its_own_health_status_and_an_unknown_one_is_not_found()
    {
        await using var hub = await StartHubAsync(await TestDatabases.CreateAsync(DatabaseContent.Migrated));
        var health = new Health.HealthClient(hub.CallInvokerFor(null));

        foreach (var service in DanVan.Hub.Rpc.Contract.Services)
        {
            Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = service.FullName })).Status);
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "danvan.v1.NoSuchService" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        // Every service of the contract is covered: none is left out of Contract.Services.
        Assert.Equal(
            ["danvan.v1.AdminUnitService", "danvan.v1.AuditService", "danvan.v1.CalendarService", "danvan.v1.DialogueService",
             "danvan.v1.DocumentService", "danvan.v1.IdIssuanceService", "danvan.v1.ImportService", "danvan.v1.ProcedureStatsService"],
            DanVan.Hub.Rpc.Contract.Services.Select(s => s.FullName).Order(StringComparer.Ordinal));
    }
}
