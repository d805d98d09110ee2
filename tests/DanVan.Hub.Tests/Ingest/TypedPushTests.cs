using Dapper;
using DanVan.Contracts.V1;
using Grpc.Core;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

public sealed class TypedPushTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    private readonly IdIssuanceService.IdIssuanceServiceClient _ids = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_streamed_batch_is_applied_when_the_stream_completes_and_counts_rows_across_messages()
    {
        var communes = await CommunesAsync("20");
        using var call = _ids.StreamIdIssuanceReports();
        await call.RequestStream.WriteAsync(new StreamIdIssuanceReportsRequest
        {
            Options = new BatchOptions { BatchId = "stream-1" },
            Reports = { Report(communes[0], 100), Report(communes[1], 200) },
        });
        await call.RequestStream.WriteAsync(new StreamIdIssuanceReportsRequest { Reports = { Report(communes[2], 300), Report("99999", 1) } });
        await call.RequestStream.CompleteAsync();

        var summary = await call.ResponseAsync;

        Assert.Equal((4, 3, 1), (summary.Received, summary.Inserted, summary.Rejected));
        Assert.Equal((4, "UNKNOWN_UNIT"), (summary.Problems.Single().Row, summary.Problems.Single().Code));
        var province = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "20", AsOf = Day(2025, 10, 1) })).Progress;
        Assert.Equal(600, province.Totals.DossiersCollected);
    }

    [Fact]
    public async Task A_stream_broken_before_it_completes_writes_nothing()
    {
        var communes = await CommunesAsync("22");
        var before = await StoreStateAsync(Fixture.ConnectionString);
        using var cancel = new CancellationTokenSource();
        using var call = _ids.StreamIdIssuanceReports(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new StreamIdIssuanceReportsRequest
        {
            Options = new BatchOptions { BatchId = "stream-broken" },
            Reports = { Report(communes[0], 100), Report(communes[1], 200) },
        });

        cancel.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await Timeouts.Eventually(async () => await ScalarAsync<int>(Fixture.ConnectionString,
            "select count(*) from pg_stat_activity where state = 'idle in transaction' and datname = current_database()") == 0,
            Timeouts.Call, "the broken batch's transaction to end");
        Assert.Equal(before, await StoreStateAsync(Fixture.ConnectionString));
    }

    [Fact]
    public async Task A_hub_process_killed_mid_stream_held_no_transaction_writes_nothing_and_the_same_batch_is_then_applied_whole()
    {
        var communes = await CommunesAsync("33");
        var reports = communes.SelectMany(c => Enumerable.Range(1, 60).Select(d => Report(c, 1000 + d, new DateOnly(2025, 7, 31).AddDays(d)))).ToList();
        StreamIdIssuanceReportsRequest Part(int index) => new()
        {
            Options = index == 0 ? new BatchOptions { BatchId = "killed-mid-stream" } : null,
            Reports = { reports.Skip(index * 90).Take(90) },
        };
        var before = await StoreStateAsync(Fixture.ConnectionString);
        const string killedHub = "danvan-killed-hub";
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { ApplicationName = killedHub }.ConnectionString;
        const string killedHubSessions = $"select count(*) from pg_stat_activity where application_name = '{killedHub}'";

        using (var hub = new HubProcess(connectionString))
        {
            await Timeouts.Eventually(hub.IsServingAsync, Timeouts.Startup, "the hub process to serve");
            using var call = new IdIssuanceService.IdIssuanceServiceClient(hub.CallInvokerFor(Fixture.Host.Credential)).StreamIdIssuanceReports();
            await call.RequestStream.WriteAsync(Part(0));
            // The batch's first message makes the hub read the unit map, then give the connection back:
            // while it waits for the rest, it has begun nothing of the batch in the database.
            await Timeouts.Eventually(async () => await ScalarAsync<int>(Fixture.ConnectionString,
                $"{killedHubSessions} and state = 'idle' and query like 'select predecessor_id, successor_id%'") == 1,
                Timeouts.Call, "the hub process to have read the unit map for the batch");
            Assert.Equal(0, await ScalarAsync<int>(Fixture.ConnectionString, $"{killedHubSessions} and query like '%ingest_staging%'"));

            hub.Kill();

            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }

        await Timeouts.Eventually(async () => await ScalarAsync<int>(Fixture.ConnectionString, killedHubSessions) == 0,
            Timeouts.Call, "PostgreSQL to end the killed hub's sessions");
        Assert.Equal(before, await StoreStateAsync(Fixture.ConnectionString));

        using var resend = _ids.StreamIdIssuanceReports();
        await resend.RequestStream.WriteAsync(Part(0));
        await resend.RequestStream.WriteAsync(Part(1));
        await resend.RequestStream.CompleteAsync();
        var summary = await resend.ResponseAsync;

        Assert.Equal((180, 180, true), (summary.Received, summary.Inserted, summary.Applied));
    }

    [Fact]
    public async Task The_same_batch_sent_twice_at_once_is_applied_once()
    {
        var communes = await CommunesAsync("24");
        var request = new SubmitIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = "twice-at-once" } };
        request.Reports.AddRange(communes.Select((c, i) => Report(c, 10 * (i + 1))));

        var results = await Task.WhenAll(
            _ids.SubmitIdIssuanceReportsAsync(request).ResponseAsync,
            _ids.SubmitIdIssuanceReportsAsync(request).ResponseAsync);

        Assert.Equal([0, 3], results.Select(r => r.Inserted).Order());
        Assert.Equal([0, 3], results.Select(r => r.Unchanged).Order());
        Assert.Equal(9, await ScalarAsync<int>(Fixture.ConnectionString,
            "select count(*) from observation where batch_id = 'twice-at-once'"));
    }

    [Fact]
    public async Task Two_batches_of_one_source_with_the_same_values_at_once_are_merged_one_after_the_other()
    {
        var communes = await CommunesAsync("38");
        SubmitIdIssuanceReportsRequest Batch(string id, long collected) => new()
        {
            Options = new BatchOptions { BatchId = id, Source = "merge-race" },
            Reports = { communes.Select(c => Report(c, collected)) },
        };
        var mergeLock = new { Class = DanVan.Adapters.Database.AdvisoryLocks.IngestMerge };
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("select pg_advisory_xact_lock(@Class, hashtext('merge-race'))", mergeLock, transaction);

        var first = _ids.SubmitIdIssuanceReportsAsync(Batch("race-a", 100)).ResponseAsync;
        var second = _ids.SubmitIdIssuanceReportsAsync(Batch("race-b", 200)).ResponseAsync;
        await Timeouts.Eventually(async () => await ScalarAsync<int>(Fixture.ConnectionString, """
            select count(*) from pg_locks
             where locktype = 'advisory' and objsubid = 2 and classid::bigint = @Class and not granted
               and database = (select oid from pg_database where datname = current_database())
            """, mergeLock) == 2, Timeouts.Call, "both batches to wait for the merge lock");
        await transaction.RollbackAsync();
        var summaries = await Task.WhenAll(first, second);

        Assert.Equal([(3, 0), (0, 3)], summaries.Select(s => (s.Inserted, s.Updated)).OrderByDescending(s => s.Inserted));
        Assert.Equal(9, await ScalarAsync<int>(Fixture.ConnectionString, "select count(*) from observation where source = 'merge-race'"));
        Assert.Equal(9, await ScalarAsync<int>(Fixture.ConnectionString, "select count(*) from observation_audit where source = 'merge-race'"));
    }

    [Fact]
    public async Task All_or_nothing_applies_nothing_when_a_row_is_rejected_and_the_valid_rows_otherwise()
    {
        var communes = await CommunesAsync("25");
        SubmitProcedureStatsRequest Request(bool allOrNothing) => new()
        {
            Options = new BatchOptions { BatchId = "mixed-" + allOrNothing, AllOrNothing = allOrNothing },
            Reports =
            {
                new ProcedureStatsReport { UnitCode = communes[0], Month = Month(2025, 9), Received = 10, ReceivedOnline = 4 },
                new ProcedureStatsReport { UnitCode = communes[1], Month = Month(2025, 9), Received = 10, ReceivedOnline = 40 },
            },
        };

        var atomic = await _procedures.SubmitProcedureStatsAsync(Request(true));
        var lenient = await _procedures.SubmitProcedureStatsAsync(Request(false));

        Assert.Equal((2, 0, 1, false), (atomic.Received, atomic.Inserted, atomic.Rejected, atomic.Applied));
        Assert.Equal((2, 1, 1, true), (lenient.Received, lenient.Inserted, lenient.Rejected, lenient.Applied));
        Assert.Equal("received_online", lenient.Problems.Single().Field);
    }

    [Fact]
    public async Task Personal_data_in_a_source_row_is_never_stored_or_logged()
    {
        var communes = await CommunesAsync("31");
        var header = SourceFiles.PoliceHeader + ",Người báo cáo,Số điện thoại,Số CCCD người báo cáo";
        var csv = SourceFiles.PoliceCsv(header,
            $"{communes[0]},Xã Một,30/09/2025,100,90,80,70,60,150,1,1,Nguyễn Văn An,0912 345 678,001099012345",
            $"{communes[1]},Xã Hai,30/09/2025,0987654321,90,80,70,60,150,1,1,Trần Thị Bình,+84 912 345 679,036188012346");

        var summary = await new ImportService.ImportServiceClient(Fixture.Host.CallInvoker).ImportFileAsync(File("police-cccd-csv", csv));

        Assert.Equal((2, 1, 1), (summary.Received, summary.Inserted, summary.Rejected));
        var problem = summary.Problems.Single();
        Assert.Equal("dossiers_collected", problem.Field);
        Assert.DoesNotContain("0987654321", problem.Message);
        Assert.Contains("[số điện thoại đã ẩn]", problem.Message);

        var dump = await ScalarAsync<string>(Fixture.ConnectionString, """
            select string_agg(t::text, '|') from (
                select o::text as t from observation o union all select b::text from ingest_batch b
                union all select a::text from observation_audit a) x
            """);
        foreach (var secret in new[] { "Nguyễn Văn An", "Trần Thị Bình", "0912 345 678", "345 679", "001099012345", "036188012346", "0987654321" })
        {
            Assert.DoesNotContain(secret, dump);
            Assert.DoesNotContain(Fixture.Host.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static IdIssuanceReport Report(string code, long collected, DateOnly? date = null)
    {
        var day = date ?? new DateOnly(2025, 9, 30);
        return new()
        {
            UnitCode = code, ReportDate = Day(day.Year, day.Month, day.Day),
            DossiersCollected = collected, CardsProduced = collected / 2, CardsReturned = collected / 4,
        };
    }

    private async Task<List<string>> CommunesAsync(string province)
    {
        var list = await new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker).ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = province, Level = AdminLevel.Commune, AsOf = Day(2025, 8, 1), PageSize = 3,
        });
        return list.Units.Select(u => u.Code).ToList();
    }
}
