using DanVan.Adapters.Ingest;
using DanVan.Contracts.V1;
using DanVan.Testing;
using Grpc.Core;
using Npgsql;
using NpgsqlTypes;
using BatchOptions = DanVan.Contracts.V1.BatchOptions;
using IngestSummary = DanVan.Contracts.V1.IngestSummary;

namespace DanVan.Bench;

/// <summary>
/// Streams about a million observation rows over gRPC into the hub, against a raw binary COPY of the
/// same rows into the same table of an identical fresh database; then re-sends the same batch. Twice:
/// ID-issuance reports (every commune of today's map, 38 report dates, 8 figures: stocks, which keep
/// no roll-up), and twelve months of procedure statistics of every commune (15 figures: flows, whose
/// report and subtree roll-ups the hub writes in the batch's transaction, so this ratio carries their cost).
/// </summary>
internal static class IngestBenchmark
{
    private const int ReportsPerMessage = 2000;

    // Single runs of either side vary by a fifth on a shared machine; the median of five steadies the ratio.
    private const int Runs = 5;
    private static readonly DateTimeOffset Now = new(2026, 8, 14, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>One kind of report: the rows a raw COPY writes, and the same reports streamed to the hub as one batch.</summary>
    private sealed record Workload(
        string Title, int Reports, List<(string Code, DateOnly Period, string Indicator, long Value)> Rows, Func<CallInvoker, string, Task<IngestSummary>> Send);

    public static async Task RunAsync()
    {
        var communes = await CommunesAsync();
        await RunAsync(IdIssuance(communes), communes);
        await RunAsync(ProcedureStats(communes), communes);
    }

    private static async Task RunAsync(Workload workload, List<(long Id, string Code)> communes)
    {
        Measure.Report($"## Ingest, {workload.Title}: {workload.Reports:N0} reports = {workload.Rows.Count:N0} observation rows");
        var ratios = new List<double>();
        for (var run = 1; run <= Runs; run++)
        {
            var copy = await CopyAsync(communes, workload.Rows);
            var (stream, resend, written) = await StreamAsync(workload);
            var ratio = copy.TotalSeconds / stream.TotalSeconds;
            ratios.Add(ratio);
            Measure.Report($"run {run}: raw COPY {copy.TotalSeconds:F2} s ({workload.Rows.Count / copy.TotalSeconds:N0} rows/s); " +
                           $"gRPC stream {stream.TotalSeconds:F2} s ({workload.Rows.Count / stream.TotalSeconds:N0} rows/s); ratio {ratio:F2}x; " +
                           $"re-send {resend.TotalSeconds:F2} s, rows written by the re-send: {written}");
        }

        Measure.Report($"ingest ratio, {workload.Title} (median of {Runs}): {Measure.Median(ratios):F2}x (target >= 0.6x)");
    }

    private static Workload IdIssuance(List<(long Id, string Code)> communes)
    {
        var messages = communes.SelectMany(c => Enumerable.Range(0, 38).Select(d =>
        {
            var date = new DateOnly(2025, 8, 1).AddDays(d);
            var seed = (c.Code.GetHashCode() & 0xffff) + date.DayNumber;
            return new DanVan.Contracts.V1.IdIssuanceReport
            {
                UnitCode = c.Code, ReportDate = new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day },
                DossiersCollected = 10_000 + seed, CardsProduced = 9_000 + seed, CardsReturned = 8_000 + seed, EidLevel1Accounts = 7_000 + seed,
                EidLevel2Accounts = 6_000 + seed, EligibleCitizens = 12_000 + seed, MobileCollections = seed % 100, HomeCollections = seed % 10,
            };
        })).ToList();
        var rows = messages.SelectMany(m => IndicatorCodes.Values(new DanVan.Adapters.Ingest.IdIssuanceReport(0, m.UnitCode,
                new DateOnly(m.ReportDate.Year, m.ReportDate.Month, m.ReportDate.Day), m.DossiersCollected, m.CardsProduced, m.CardsReturned,
                m.EidLevel1Accounts, m.EidLevel2Accounts, m.EligibleCitizens, m.MobileCollections, m.HomeCollections))
            .Select(v => (m.UnitCode, new DateOnly(m.ReportDate.Year, m.ReportDate.Month, m.ReportDate.Day), v.Indicator, v.Value))).ToList();
        return new Workload("ID issuance (stocks)", messages.Count, rows, (invoker, batchId) => StreamAsync(
            new IdIssuanceService.IdIssuanceServiceClient(invoker).StreamIdIssuanceReports(deadline: DateTime.UtcNow.AddMinutes(30)),
            messages, (chunk, options) => new StreamIdIssuanceReportsRequest { Reports = { chunk }, Options = options }, batchId));
    }

    private static Workload ProcedureStats(List<(long Id, string Code)> communes)
    {
        // Every part and total given, consistent, so the hub stores exactly the 15 figures the COPY writes.
        var messages = communes.SelectMany((c, n) => Enumerable.Range(0, 12).Select(m =>
        {
            var month = new DateOnly(2025, 7, 1).AddMonths(m);
            var (inPerson, online, early, onTime, late) = (100L + n % 7, 200L + n % 11 + m, 150L, 120L + n % 5, (long)(n % 9));
            return new DanVan.Contracts.V1.ProcedureStatsReport
            {
                UnitCode = c.Code, Month = new Google.Type.Date { Year = month.Year, Month = month.Month },
                ReceivedInPerson = inPerson, ReceivedOnline = online, ReceivedPostal = 3, Received = inPerson + online + 3, CarriedOver = 10,
                ResolvedEarly = early, ResolvedOnTime = onTime, ResolvedInTime = early + onTime, ResolvedLate = late, Resolved = early + onTime + late,
                PendingInTime = 20, PendingOverdue = n % 4, RatingVerySatisfied = 90, RatingSatisfied = 60, RatingDissatisfied = n % 6,
            };
        })).ToList();
        var rows = messages.SelectMany(m => IndicatorCodes.Values(new DanVan.Adapters.Ingest.ProcedureStatsReport(0, m.UnitCode,
                new DateOnly(m.Month.Year, m.Month.Month, 1), m.ReceivedInPerson, m.ReceivedOnline, m.ReceivedPostal, m.Received, m.CarriedOver,
                m.ResolvedEarly, m.ResolvedOnTime, m.ResolvedInTime, m.ResolvedLate, m.Resolved, m.PendingInTime, m.PendingOverdue,
                m.RatingVerySatisfied, m.RatingSatisfied, m.RatingDissatisfied))
            .Select(v => (m.UnitCode, new DateOnly(m.Month.Year, m.Month.Month, 1), v.Indicator, v.Value))).ToList();
        return new Workload("procedure statistics (flows, with their roll-ups)", messages.Count, rows, (invoker, batchId) => StreamAsync(
            new ProcedureStatsService.ProcedureStatsServiceClient(invoker).StreamProcedureStats(deadline: DateTime.UtcNow.AddMinutes(30)),
            messages, (chunk, options) => new StreamProcedureStatsRequest { Reports = { chunk }, Options = options }, batchId));
    }

    /// <summary>Sends <paramref name="reports"/> as one batch, <see cref="ReportsPerMessage"/> a message, the batch id in the first.</summary>
    private static async Task<IngestSummary> StreamAsync<TReport, TRequest>(
        AsyncClientStreamingCall<TRequest, IngestSummary> call, List<TReport> reports, Func<TReport[], BatchOptions?, TRequest> message, string batchId)
    {
        using (call)
        {
            foreach (var (chunk, i) in reports.Chunk(ReportsPerMessage).Select((c, i) => (c, i)))
            {
                await call.RequestStream.WriteAsync(message(chunk, i == 0 ? new BatchOptions { BatchId = batchId } : null));
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
    }

    private static async Task<List<(long Id, string Code)>> CommunesAsync()
    {
        await using var connection = new NpgsqlConnection(await TestDatabases.CreateAsync(DatabaseContent.RealMap));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, code from admin_unit where level = 3 and valid_from = '2025-07-01' order by code", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return result;
    }

    /// <summary>The baseline: the same rows, binary COPY straight into the observation table.</summary>
    private static async Task<TimeSpan> CopyAsync(List<(long Id, string Code)> communes, List<(string Code, DateOnly Period, string Indicator, long Value)> rows)
    {
        var ids = communes.ToDictionary(c => c.Code, c => c.Id);
        await using var connection = new NpgsqlConnection(await TestDatabases.CreateAsync(DatabaseContent.RealMap));
        await connection.OpenAsync();
        return await Measure.TimeAsync(async () =>
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var importer = await connection.BeginBinaryImportAsync(
                "copy observation (indicator, unit_id, period_start, source, value, batch_id, created_batch_id) from stdin (format binary)"))
            {
                foreach (var (code, period, indicator, value) in rows)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(indicator, NpgsqlDbType.Text);
                    await importer.WriteAsync(ids[code], NpgsqlDbType.Bigint);
                    await importer.WriteAsync(period, NpgsqlDbType.Date);
                    await importer.WriteAsync("police", NpgsqlDbType.Text);
                    await importer.WriteAsync(value, NpgsqlDbType.Bigint);
                    await importer.WriteAsync("copy", NpgsqlDbType.Text);
                    await importer.WriteAsync("copy", NpgsqlDbType.Text);
                }

                await importer.CompleteAsync();
            }

            await transaction.CommitAsync();
        });
    }

    /// <summary>The hub: the same rows as typed reports over a client stream, then the same batch again.</summary>
    private static async Task<(TimeSpan First, TimeSpan Resend, long RowsWritten)> StreamAsync(Workload workload)
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap);
        await using var hub = await HubHost.StartAsync(connectionString, new TestClock(Now), null, "--Logging:LogLevel:Default=Warning");

        IngestSummary summary = null!;
        var elapsed = await Measure.TimeAsync(async () => summary = await workload.Send(hub.CallInvoker, "bench-1m"));
        if (summary.Inserted != workload.Reports)
        {
            throw new InvalidOperationException($"expected {workload.Reports} inserted, got {summary}");
        }

        // Rows the re-send writes are those stamped after the newest stamp the first send left.
        DateTime beforeResend;
        await using (var stamps = new NpgsqlConnection(connectionString))
        {
            await stamps.OpenAsync();
            await using var newest = new NpgsqlCommand("select max(updated_at) from observation", stamps);
            beforeResend = (DateTime)(await newest.ExecuteScalarAsync())!;
        }

        var resend = await Measure.TimeAsync(async () => summary = await workload.Send(hub.CallInvoker, "bench-1m"));
        if (summary.Unchanged != workload.Reports)
        {
            throw new InvalidOperationException($"expected every row unchanged on re-send, got {summary}");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var written = new NpgsqlCommand(
            "select (select count(*) from observation where updated_at > @since) + (select count(*) from observation_audit)", connection)
        {
            Parameters = { new("since", beforeResend) },
        };
        return (elapsed, resend, (long)(await written.ExecuteScalarAsync())!);
    }
}
