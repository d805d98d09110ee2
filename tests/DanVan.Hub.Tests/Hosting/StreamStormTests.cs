using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Hosting;

/// <summary>
/// The dialogue hub with its connections named, so that they can be counted in pg_stat_activity, a
/// 15 s idle timeout for client streams and room for 400 watchers per client (the default is 100).
/// </summary>
public sealed class StreamStormFixture : DialogueHubFixture
{
    public const string ApplicationName = "danvan-stream-storm";

    protected override string[] Settings =>
    [
        $"--ConnectionStrings:DanVan={new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = ApplicationName }}",
        "--DanVan:Streams:IdleTimeout=00:00:15",
        "--DanVan:Streams:WatchesPerClient=400",
    ];
}

/// <summary>
/// One client opens 200 ingest streams that send one message and then nothing, and 500 watchers that
/// wait; meanwhile another client's calls, streams and watch succeed and health stays SERVING. The hub's
/// PostgreSQL connections, sampled throughout, stay within <see cref="MaxConnections"/>: stalled streams
/// and idle watchers hold none, and the watchers share one listener and one reader.
/// </summary>
public sealed class StreamStormTests(StreamStormFixture fixture, ITestOutputHelper output) : HubTest<StreamStormFixture>(fixture)
{
    private const int StalledStreams = 200;
    private const int Watchers = 500;

    /// <summary>
    /// What the hub may hold whatever its callers do: the notification listener and the event reader (2),
    /// four watcher reads and four batches at once (8), the health check and the audit writer (2),
    /// Hangfire's two workers and its server's own (about 6), a client lookup and the other client's calls
    /// (a few). Measured: 8 before the storm, 12 at most during it; before the limits this storm took the
    /// whole pool (100), and 106 were counted while concurrent lookups of one credential were not yet shared.
    /// </summary>
    private const int MaxConnections = 24;

    [Fact]
    public async Task Stalled_streams_and_idle_watchers_of_one_client_use_up_neither_the_database_nor_the_others()
    {
        var storm = Fixture.Host.CallInvokerFor(await Fixture.Host.CreateClientAsync("stream-storm", ClientKind.Agency, ["id_issuance:write", "dialogues:read"]));
        var other = Fixture.Host.CallInvoker;
        var commune = (await new AdminUnitService.AdminUnitServiceClient(other).ListUnitsAsync(
            new ListUnitsRequest { ParentCode = "01", Level = AdminLevel.Commune, PageSize = 1 })).Units[0].Code;
        var baseline = await HubConnectionsAsync();
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(sampling.Token);

        // Each stalled stream sends its options and one report, then nothing.
        var stalled = Enumerable.Range(0, StalledStreams)
            .Select(i => StallAsync(new IdIssuanceService.IdIssuanceServiceClient(storm), $"stalled-{i}", commune)).ToList();
        await Timeouts.Eventually(() => Task.FromResult(stalled.Count(t => t.IsCompleted) >= StalledStreams - 8), Timeouts.Call,
            "the streams beyond the client's limit to be refused");

        var watchers = Enumerable.Range(0, Watchers)
            .Select(_ => new DialogueService.DialogueServiceClient(storm).WatchDialogues(new WatchDialoguesRequest { UnitCode = "01" }, deadline: DateTime.UtcNow.Add(Timeouts.Startup)))
            .ToList();
        using var stopWatching = new CancellationTokenSource(Timeouts.Call);
        var firstEvents = watchers.Select(w => FirstEventAsync(w, stopWatching.Token)).ToList();
        await Timeouts.Eventually(() => Task.FromResult(firstEvents.Count(t => t.IsCompleted) >= Watchers - 400), Timeouts.Call,
            "the watchers beyond the client's limit to be refused");
        var during = await HubConnectionsAsync();

        // The other client meanwhile: a read, a stream of its own, health, and a change that reaches every watcher.
        using var ownWatch = new DialogueService.DialogueServiceClient(other).WatchDialogues(new WatchDialoguesRequest { UnitCode = "01" });
        await ownWatch.ResponseHeadersAsync.WaitAsync(Timeouts.Call);
        var unit = await new AdminUnitService.AdminUnitServiceClient(other).GetUnitAsync(new GetUnitRequest { Code = commune });
        Assert.Equal(commune, unit.Unit.Code);
        using (var push = new IdIssuanceService.IdIssuanceServiceClient(other).StreamIdIssuanceReports())
        {
            await push.RequestStream.WriteAsync(new StreamIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = "other-client" }, Reports = { IdReport(commune) } });
            await push.RequestStream.CompleteAsync();
            Assert.True((await push.ResponseAsync.WaitAsync(Timeouts.Call)).Applied);
        }

        var health = await new Health.HealthClient(other).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var dialogue = (await new DialogueService.DialogueServiceClient(other).ScheduleDialogueAsync(Schedule(commune, At(2030, 7, 16, 8)))).Dialogue;
        using var ownEvent = new CancellationTokenSource(Timeouts.Call);
        Assert.True(await ownWatch.ResponseStream.MoveNext(ownEvent.Token));
        Assert.Equal(dialogue.DialogueId, ownWatch.ResponseStream.Current.DialogueId);

        var watched = await Task.WhenAll(firstEvents).WaitAsync(Timeouts.Call);
        sampling.Cancel();
        var (samples, maximum) = await peak.WaitAsync(Timeouts.Call);
        output.WriteLine($"hub connections: {baseline} before the storm, {during} with it in place, at most {maximum} over {samples} samples (bound {MaxConnections})");
        Assert.Equal(400, watched.Count(w => w.Event?.DialogueId == dialogue.DialogueId));
        Assert.All(watched.Where(w => w.Event is null), w => AssertTooManyStreams(w.Error));
        Assert.Equal(Watchers - 400, watched.Count(w => w.Event is null));
        Assert.InRange(maximum, 1, MaxConnections);
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        // The 8 streams let in are ended for idling, and no stalled batch left a trace.
        var outcomes = await Task.WhenAll(stalled).WaitAsync(Timeouts.Call);
        Assert.All(outcomes.Where(e => e.StatusCode != StatusCode.ResourceExhausted), e =>
        {
            Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
            Assert.Equal("STREAM_IDLE", Reason(e));
        });
        Assert.Equal(8, outcomes.Count(e => e.StatusCode == StatusCode.DeadlineExceeded));
        Assert.All(outcomes.Where(e => e.StatusCode == StatusCode.ResourceExhausted), AssertTooManyStreams);
        Assert.Equal(0, await ScalarAsync<int>(Fixture.ConnectionString, "select count(*)::int from ingest_batch where batch_id like 'stalled-%'"));
        health = await new Health.HealthClient(other).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static void AssertTooManyStreams(RpcException? error)
    {
        Assert.NotNull(error);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("TOO_MANY_STREAMS", Reason(error));
        Assert.True(error.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
    }

    /// <summary>Sends one message and waits for the hub's answer, which is an error: refused, or ended for idling.</summary>
    private static async Task<RpcException> StallAsync(IdIssuanceService.IdIssuanceServiceClient client, string batchId, string commune)
    {
        using var call = client.StreamIdIssuanceReports(deadline: DateTime.UtcNow.Add(Timeouts.Startup));
        try
        {
            await call.RequestStream.WriteAsync(new StreamIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = batchId }, Reports = { IdReport(commune) } });
        }
        catch (RpcException)
        {
            // Refused before the message went out; the answer says why.
        }

        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeouts.Startup));
    }

    private static async Task<(WatchDialoguesResponse? Event, RpcException? Error)> FirstEventAsync(AsyncServerStreamingCall<WatchDialoguesResponse> watcher, CancellationToken cancellationToken)
    {
        try
        {
            return await watcher.ResponseStream.MoveNext(cancellationToken) ? (watcher.ResponseStream.Current, null) : (null, null);
        }
        catch (RpcException e)
        {
            return (null, e);
        }
    }

    private static IdIssuanceReport IdReport(string commune) => new()
    {
        UnitCode = commune, ReportDate = Day(2030, 2, 28), DossiersCollected = 100, CardsProduced = 90, CardsReturned = 80,
    };

    private async Task<int> HubConnectionsAsync() => await ScalarAsync<int>(Fixture.ConnectionString,
        $"select count(*)::int from pg_stat_activity where datname = current_database() and application_name = '{StreamStormFixture.ApplicationName}'");

    private async Task<(int Samples, int Maximum)> SamplePeakAsync(CancellationToken cancellationToken)
    {
        var (samples, maximum) = (0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            (samples, maximum) = (samples + 1, Math.Max(maximum, await HubConnectionsAsync()));
            await Task.Delay(100, CancellationToken.None);
        }

        return (samples, maximum);
    }
}
