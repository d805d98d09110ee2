using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Hosting;
using DanVan.Hub.Security;
using DanVan.Scheduler.Dialogues;
using Google.Rpc;
using Grpc.Core;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Security;

/// <summary>The audit log, limits, deadlines and the clients command, on a hub of their own.</summary>
public sealed class OperationsTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    [Fact]
    public async Task Every_call_is_audited_with_metadata_only_and_each_client_reads_its_own_calls()
    {
        var credential = await Fixture.Host.CreateClientAsync("audited-agency", ClientKind.Agency, ["units:read"]);
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvokerFor(credential));
        var call = units.GetUnitAsync(new GetUnitRequest { Code = "24" }, new Metadata { { "x-request-id", "req-audit-1" } });
        await call;
        Assert.Equal("req-audit-1", call.GetTrailers().GetValue("x-request-id"));
        await Refused(StatusCode.PermissionDenied, () => new DialogueService.DialogueServiceClient(Fixture.Host.CallInvokerFor(credential))
            .GetDialogueAsync(new GetDialogueRequest { DialogueId = Guid.NewGuid().ToString() }).ResponseAsync);
        await Refused(StatusCode.Unauthenticated, () => new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvokerFor(null))
            .GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync);

        var audit = new AuditService.AuditServiceClient(Fixture.Host.CallInvokerFor(credential));
        ListAuditRecordsResponse own = new();
        await Timeouts.Eventually(async () => (own = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest())).Records
                .Count(r => r.Method.EndsWith("/GetUnit", StringComparison.Ordinal) || r.Method.EndsWith("/GetDialogue", StringComparison.Ordinal)) == 2,
            Timeouts.Call, "the batched audit writer to store the calls");

        var get = own.Records.Single(r => r.RequestId == "req-audit-1");
        Assert.Equal(("audited-agency", "/danvan.v1.AdminUnitService/GetUnit", "OK"), (get.ClientName, get.Method, get.Status));
        Assert.Equal(["24"], get.UnitCodes);
        Assert.Contains(own.Records, r => r.Method.EndsWith("/GetDialogue", StringComparison.Ordinal) && r.Status == "PermissionDenied");
        Assert.All(own.Records, r => Assert.Equal("audited-agency", r.ClientName));
        var others = await Refused(StatusCode.PermissionDenied, () => audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { ClientName = "someone-else" }).ResponseAsync);
        Assert.Equal("SCOPE_MISSING", Reason(others));

        var operatorView = await new AuditService.AuditServiceClient(Fixture.Host.CallInvoker).ListAuditRecordsAsync(new ListAuditRecordsRequest { Method = "/danvan.v1.AdminUnitService/GetUnit" });
        Assert.Contains(operatorView.Records, r => r.ClientName == "" && r.Status == "Unauthenticated");
        Assert.Contains(operatorView.Records, r => r.RequestId == "req-audit-1");
    }

    [Fact]
    public async Task A_call_past_its_deadline_cancels_its_query()
    {
        var dialogues = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker);
        // Holding the planner's lock makes the plan's query wait in PostgreSQL until the deadline passes.
        await using var blocker = new NpgsqlConnection(Fixture.ConnectionString);
        await blocker.OpenAsync();
        await blocker.ExecuteAsync("select pg_advisory_lock(@key)", new { key = DanVan.Adapters.Database.AdvisoryLocks.PeriodicPlan });

        const string waitingForTheLock = """
            select count(*)::int from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid() and query like '%pg_advisory_xact_lock%' and state = 'active'
            """;
        var plan = dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "01", Year = Fixture.Clock.GetUtcNow().Year + 1 },
            deadline: DateTime.UtcNow.AddSeconds(10));

        // The query is seen waiting before the deadline passes, so it is the deadline that must stop it.
        await Timeouts.Eventually(async () => await CountAsync(waitingForTheLock) == 1, Timeouts.Call, "the plan's query to wait for the planner's lock");
        await Refused(StatusCode.DeadlineExceeded, () => plan.ResponseAsync);

        // With the lock still held, only a cancelled query can have stopped waiting for it.
        await Timeouts.Eventually(async () => await CountAsync(waitingForTheLock) == 0, Timeouts.Call, "the plan's waiting query to be cancelled");
        Assert.Equal(0, await CountAsync("select count(*)::int from dialogue"));
    }

    [Fact]
    public async Task A_client_over_its_rate_is_told_when_to_retry()
    {
        await using var hub = await HubHost.StartAsync(Fixture.ConnectionString, "--DanVan:Security:RequestsPerSecond=2", "--DanVan:Security:Burst=3");
        var units = new AdminUnitService.AdminUnitServiceClient(hub.CallInvoker);
        for (var i = 0; i < 3; i++)
        {
            await units.GetUnitAsync(new GetUnitRequest { Code = "01" });
        }

        var error = await Refused(StatusCode.ResourceExhausted, () => units.GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync);

        // The hub's clock stands still: the allowance refills only as the test moves it.
        Assert.Equal("RATE_LIMITED", Reason(error));
        var retryDelay = error.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryDelay);
        hub.Clock.Advance(retryDelay / 2);
        await Refused(StatusCode.ResourceExhausted, () => units.GetUnitAsync(new GetUnitRequest { Code = "01" }).ResponseAsync);
        hub.Clock.Advance(retryDelay);
        await units.GetUnitAsync(new GetUnitRequest { Code = "01" });
        // Another client has its own allowance.
        var other = await hub.CreateClientAsync("second-agency", ClientKind.Agency, ["units:read"]);
        await new AdminUnitService.AdminUnitServiceClient(hub.CallInvokerFor(other)).GetUnitAsync(new GetUnitRequest { Code = "01" });
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_naming_the_field()
    {
        await using var hub = await HubHost.StartAsync(Fixture.ConnectionString, "--DanVan:Ingest:MaxFileBytes=1000");
        var import = new ImportService.ImportServiceClient(hub.CallInvoker);

        var error = await Refused(StatusCode.InvalidArgument, () => import.ImportFileAsync(
            Ingest.IngestTestSupport.File("one-stop-json", new byte[2000])).ResponseAsync);

        Assert.Equal(["content"], Fields(error));
    }

    [Fact]
    public async Task A_batch_over_the_row_limit_and_a_message_over_the_size_limit_are_refused()
    {
        await using var hub = await HubHost.StartAsync(Fixture.ConnectionString, "--DanVan:Ingest:MaxBatchRows=2");
        var ids = new IdIssuanceService.IdIssuanceServiceClient(hub.CallInvoker);
        var request = new SubmitIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = "too-many-rows" } };
        request.Reports.AddRange(Enumerable.Range(0, 3).Select(_ => new IdIssuanceReport { UnitCode = "00004", ReportDate = Ingest.IngestTestSupport.Day(2025, 9, 30), CardsProduced = 1 }));

        var rows = await Refused(StatusCode.InvalidArgument, () => ids.SubmitIdIssuanceReportsAsync(request).ResponseAsync);
        var size = await Refused(StatusCode.ResourceExhausted, () => new ImportService.ImportServiceClient(hub.CallInvoker)
            .ImportFileAsync(Ingest.IngestTestSupport.File("one-stop-json", new byte[33 * 1024 * 1024])).ResponseAsync);

        Assert.Equal(["reports"], Fields(rows));
        Assert.Contains("message", size.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_clients_command_creates_lists_rotates_and_disables_and_each_takes_effect_within_moments()
    {
        var created = await RunClientsAsync("create", "cli-secretary", "--kind", "secretary", "--scopes", "dialogues:write,units:read", "--unit", "00004");
        var credential = created[^1];
        Assert.StartsWith("dv.", credential);
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvokerFor(credential));
        await units.GetUnitAsync(new GetUnitRequest { Code = "01" });

        Assert.Contains(await RunClientsAsync("list"), line => line.StartsWith("cli-secretary\tsecretary\tscopes=dialogues:write,units:read\tunit=00004", StringComparison.Ordinal));

        // The command is another process: the hub hears of the change by a PostgreSQL notification.
        var rotated = (await RunClientsAsync("rotate", "cli-secretary"))[^1];
        await RefusedSoonAsync(StatusCode.Unauthenticated, units);
        var renewed = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvokerFor(rotated));
        await renewed.GetUnitAsync(new GetUnitRequest { Code = "01" });

        await RunClientsAsync("disable", "cli-secretary");
        await RefusedSoonAsync(StatusCode.PermissionDenied, renewed);

        var refused = await RunClientsAsync(expectedExit: 1, "create", "cli-bad", "--kind", "secretary", "--scopes", "import:write", "--unit", "00004");
        Assert.Contains(refused, line => line.Contains("import:write", StringComparison.Ordinal));
    }

    private static Task RefusedSoonAsync(StatusCode code, AdminUnitService.AdminUnitServiceClient units) =>
        Timeouts.Eventually(async () =>
        {
            try
            {
                await units.GetUnitAsync(new GetUnitRequest { Code = "01" });
                return false;
            }
            catch (RpcException e) when (e.StatusCode == code)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(10), $"the change to refuse the credential with {code}");

    private Task<string[]> RunClientsAsync(params string[] args) => RunClientsAsync(0, args);

    private async Task<string[]> RunClientsAsync(int expectedExit, params string[] args)
    {
        var run = await HubCommand.RunAsync(Fixture.ConnectionString, ["clients", .. args]);
        Assert.True(run.ExitCode == expectedExit, $"clients {string.Join(' ', args)} exited with {run.ExitCode}: {run.Error}");
        var lines = (run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 0 && lines[^1].StartsWith("dv.", StringComparison.Ordinal))
        {
            HubHost.IssuedCredentials.Add(lines[^1]);
        }

        return expectedExit == 0 ? run.Lines : lines;
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
