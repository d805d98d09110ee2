using Grpc.Health.V1;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace DanVan.Hub.Tests.Database;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_follows_the_database_down_and_back_up_without_restarting_the_hub()
    {
        // A cluster of its own: stopping the shared one would break the other test classes.
        await using var server = await PostgresServer.StartAsync().WaitAsync(Timeouts.Startup);
        await server.CreateDatabaseAsync("danvan");
        await using var hub = await HubHost.StartAsync(server.ConnectionString("danvan"));
        var health = new Health.HealthClient(hub.CallInvoker);
        var units = new DanVan.Contracts.V1.AdminUnitService.AdminUnitServiceClient(hub.CallInvoker);

        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        await server.StopAsync().WaitAsync(Timeouts.Startup);
        await Timeouts.Eventually(async () => (await health.CheckAsync(new HealthCheckRequest())).Status == ServingStatus.NotServing,
            Timeouts.Call, "NOT_SERVING while the database is down");
        var whileDown = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            units.GetUnitAsync(new DanVan.Contracts.V1.GetUnitRequest { Code = "01" }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, whileDown.StatusCode);

        await server.StartAgainAsync().WaitAsync(Timeouts.Startup);
        await Timeouts.Eventually(async () => (await health.CheckAsync(new HealthCheckRequest())).Status == ServingStatus.Serving,
            Timeouts.Call, "SERVING once the database is back");
        var unit = await units.GetUnitAsync(new DanVan.Contracts.V1.GetUnitRequest { Code = "01" });
        Assert.Equal("Thành phố Hà Nội", unit.Unit.Name);

        // While the database was down the health checks and Hangfire's background processes logged
        // their failures; nothing else may have.
        hub.Logs.AssertNoErrors(expected: e =>
            e.Category.StartsWith("Hangfire", StringComparison.Ordinal)
            || e.Category == "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService");
    }
}
