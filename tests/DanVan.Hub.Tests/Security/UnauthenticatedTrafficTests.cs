using System.Net;
using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using Google.Rpc;
using Grpc.Core;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Security;

/// <summary>
/// Callers without a valid credential are limited too: failed logins lock out their account and their
/// address for a delay that grows, anonymous gRPC calls have an allowance per address, and their
/// refusals are counted in one audit record per address and minute. Each test runs a hub of its own on
/// small limits; its clock stands still unless the test moves it.
/// </summary>
public sealed class UnauthenticatedTrafficTests(MigratedHubFixture fixture) : HubTest<MigratedHubFixture>(fixture)
{
    [Fact]
    public async Task Failed_logins_lock_out_the_account_and_then_the_address_for_longer_each_time()
    {
        await using var hub = await HubHost.StartAsync(Fixture.ConnectionString, "--DanVan:JobWorkers=0",
            "--DanVan:Security:Login:MaxFailuresPerAccount=3", "--DanVan:Security:Login:MaxFailuresPerAddress=6",
            "--DanVan:Security:Login:Lockout=00:00:10", "--DanVan:Security:Login:MaxLockout=00:01:00");
        var first = await hub.CreateClientAsync("login-first", ClientKind.Operator, ["jobs:read"]);
        var second = await hub.CreateClientAsync("login-second", ClientKind.Operator, ["jobs:read"]);
        var guessingFirst = string.Join('.', first.Split('.')[..2]) + ".guessed-secret";

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((HttpStatusCode.Unauthorized, null), await LoginAsync(hub, guessingFirst));
        }

        // The account is locked, even to its own credential; the other account, from the same address, is not.
        Assert.Equal((HttpStatusCode.TooManyRequests, "10"), await LoginAsync(hub, first));
        Assert.Equal((HttpStatusCode.Redirect, null), await LoginAsync(hub, second));

        // One more failure after the lockout: twice as long.
        hub.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await LoginAsync(hub, guessingFirst));
        Assert.Equal((HttpStatusCode.TooManyRequests, "20"), await LoginAsync(hub, first));
        hub.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal((HttpStatusCode.TooManyRequests, "1"), await LoginAsync(hub, first));
        hub.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.Redirect, null), await LoginAsync(hub, first));

        // The address has failed four times; two more, with anything at all, lock it for every account.
        Assert.Equal((HttpStatusCode.Unauthorized, null), await LoginAsync(hub, "not-a-credential"));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await LoginAsync(hub, "dv.0123456789abcdef.guessed"));
        Assert.Equal((HttpStatusCode.TooManyRequests, "10"), await LoginAsync(hub, second));
        hub.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((HttpStatusCode.Redirect, null), await LoginAsync(hub, second));
    }

    [Fact]
    public async Task Anonymous_calls_have_an_allowance_per_address_and_their_refusals_are_counted_per_minute()
    {
        // A minute of its own, so that no other hub on this database audits into it.
        var start = new DateTimeOffset(2026, 2, 2, 10, 0, 30, TimeSpan.FromHours(7));
        await using var hub = await HubHost.StartAsync(Fixture.ConnectionString, new TestClock(start), null, "--DanVan:JobWorkers=0",
            "--DanVan:Security:AnonymousPerSecond=1", "--DanVan:Security:AnonymousBurst=5");
        var operatorUnits = new AdminUnitService.AdminUnitServiceClient(hub.CallInvoker);
        await operatorUnits.GetUnitAsync(new GetUnitRequest { Code = "01" });

        var statuses = new List<StatusCode>();
        foreach (var credential in Enumerable.Repeat<string?>(null, 15).Concat(Enumerable.Repeat("dv.0123456789abcdef.guessed", 5)))
        {
            statuses.Add((await Assert.ThrowsAsync<RpcException>(() => new AdminUnitService.AdminUnitServiceClient(hub.CallInvokerFor(credential))
                .GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(StatusCode.Unauthenticated, 5).Concat(Enumerable.Repeat(StatusCode.ResourceExhausted, 15)), statuses);
        var limited = await Refused(StatusCode.ResourceExhausted, () => new AdminUnitService.AdminUnitServiceClient(hub.CallInvokerFor(null))
            .GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
        // A registered client calling from the same address is not held back by the anonymous allowance.
        await operatorUnits.GetUnitAsync(new GetUnitRequest { Code = "01" });
        hub.Clock.Advance(TimeSpan.FromSeconds(1));
        await Refused(StatusCode.Unauthenticated, () => new AdminUnitService.AdminUnitServiceClient(hub.CallInvokerFor(null))
            .GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync);

        // 22 refusals in the minute: one record counting them. The next minute starts another.
        var minute = new DateTimeOffset(2026, 2, 2, 3, 0, 0, TimeSpan.Zero);
        await Timeouts.Eventually(async () => (await CountsAsync()).Sum() == 22, Timeouts.Call, "the audit writer to count the refusals");
        Assert.Equal([22], await CountsAsync());
        var record = (await new AuditService.AuditServiceClient(hub.CallInvoker).ListAuditRecordsAsync(new ListAuditRecordsRequest { Method = "/danvan.v1.AdminUnitService/GetUnit" }))
            .Records.Single(r => r.Time.ToDateTimeOffset() == minute && r.ClientName == "");
        Assert.Equal((22, "127.0.0.1", "/danvan.v1.AdminUnitService/GetUnit", "*"), (record.Count, record.ClientAddress, record.Method, record.Status));

        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        await Refused(StatusCode.Unauthenticated, () => new AdminUnitService.AdminUnitServiceClient(hub.CallInvokerFor(null))
            .GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync);
        await Timeouts.Eventually(async () => (await CountsAsync(TimeSpan.FromMinutes(2))).Count == 2, Timeouts.Call, "the next minute's record");
        Assert.Equal([22, 1], await CountsAsync(TimeSpan.FromMinutes(2)));

        async Task<List<int>> CountsAsync(TimeSpan? over = null)
        {
            await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
            return (await connection.QueryAsync<int>(
                "select count from audit_record where client_id is null and at >= @from and at < @to order by at",
                new { from = minute.UtcDateTime, to = (minute + (over ?? TimeSpan.FromMinutes(1))).UtcDateTime })).ToList();
        }
    }

    /// <summary>Posts a login; returns the status and the Retry-After it gave, if any.</summary>
    private static async Task<(HttpStatusCode, string?)> LoginAsync(HubHost hub, string credential)
    {
        using var client = hub.WebClientFor(null);
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("credential", credential), new("returnUrl", "/hangfire")]));
        return (response.StatusCode, response.Headers.TryGetValues("Retry-After", out var retry) ? retry.Single() : null);
    }
}
