using DanVan.Adapters.Ingest;
using BatchOptions = DanVan.Contracts.V1.BatchOptions;
using IdIssuanceReport = DanVan.Contracts.V1.IdIssuanceReport;
using DanVan.Contracts.V1;
using DanVan.Testing;
using Npgsql;
using NpgsqlTypes;

namespace DanVan.Bench;

/// <summary>
/// Streams about 1,000,000 observation rows (126,198 ID-issuance reports of 8 figures: every commune of
/// today's map, 38 report dates) over gRPC into the hub, against a raw binary COPY of the same rows into
/// the same table of an identical fresh database; then re-sends the same batch.
/// </summary>
internal static class IngestBenchmark
{
    private const int Dates = 38;
    private const int ReportsPerMessage = 2000;

    public static async Task RunAsync()
    {
        var communes = await CommunesAsync();
        var reports = communes.SelectMany(c => Enumerable.Range(0, Dates).Select(d => Report(c.Code, new DateOnly(2025, 8, 1).AddDays(d)))).ToList();
        var rows = reports.Count * 8;
        Measure.Report($"## Ingest: {reports.Count:N0} reports = {rows:N0} observation rows");

        var ratios = new List<double>();
        for (var run = 1; run <= 3; run++)
        {
            var copy = await CopyAsync(communes, reports);
            var (stream, resend, written) = await StreamAsync(reports);
            var ratio = copy.TotalSeconds / stream.TotalSeconds;
            ratios.Add(ratio);
            Measure.Report($"run {run}: raw COPY {copy.TotalSeconds:F2} s ({rows / copy.TotalSeconds:N0} rows/s); " +
                           $"gRPC stream {stream.TotalSeconds:F2} s ({rows / stream.TotalSeconds:N0} rows/s); ratio {ratio:F2}x; " +
                           $"re-send {resend.TotalSeconds:F2} s, rows written by the re-send: {written}");
        }

        Measure.Report($"ingest ratio (median of 3): {Measure.Median(ratios):F2}x (target >= 0.5x, stretch 0.7x)");
    }

    private static IdIssuanceReport Report(string code, DateOnly date)
    {
        var seed = (code.GetHashCode() & 0xffff) + date.DayNumber;
        return new IdIssuanceReport
        {
            UnitCode = code,
            ReportDate = new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day },
            DossiersCollected = 10_000 + seed, CardsProduced = 9_000 + seed, CardsReturned = 8_000 + seed,
            EidLevel1Accounts = 7_000 + seed, EidLevel2Accounts = 6_000 + seed, EligibleCitizens = 12_000 + seed,
            MobileCollections = seed % 100, HomeCollections = seed % 10,
        };
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
    private static async Task<TimeSpan> CopyAsync(List<(long Id, string Code)> communes, List<IdIssuanceReport> reports)
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
                foreach (var report in reports)
                {
                    var date = new DateOnly(report.ReportDate.Year, report.ReportDate.Month, report.ReportDate.Day);
                    var record = new DanVan.Adapters.Ingest.IdIssuanceReport(0, report.UnitCode, date, report.DossiersCollected,
                        report.CardsProduced, report.CardsReturned, report.EidLevel1Accounts, report.EidLevel2Accounts,
                        report.EligibleCitizens, report.MobileCollections, report.HomeCollections);
                    foreach (var (indicator, value) in IndicatorCodes.Values(record))
                    {
                        await importer.StartRowAsync();
                        await importer.WriteAsync(indicator, NpgsqlDbType.Text);
                        await importer.WriteAsync(ids[report.UnitCode], NpgsqlDbType.Bigint);
                        await importer.WriteAsync(date, NpgsqlDbType.Date);
                        await importer.WriteAsync("police", NpgsqlDbType.Text);
                        await importer.WriteAsync(value, NpgsqlDbType.Bigint);
                        await importer.WriteAsync("copy", NpgsqlDbType.Text);
                        await importer.WriteAsync("copy", NpgsqlDbType.Text);
                    }
                }

                await importer.CompleteAsync();
            }

            await transaction.CommitAsync();
        });
    }

    /// <summary>The hub: the same rows as typed reports over a client stream, then the same batch again.</summary>
    private static async Task<(TimeSpan First, TimeSpan Resend, long RowsWritten)> StreamAsync(List<IdIssuanceReport> reports)
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap);
        await using var hub = await HubHost.StartAsync(connectionString, "--Logging:LogLevel:Default=Warning");
        var client = new IdIssuanceService.IdIssuanceServiceClient(hub.CallInvoker);

        async Task<DanVan.Contracts.V1.IngestSummary> SendAsync()
        {
            using var call = client.StreamIdIssuanceReports(deadline: DateTime.UtcNow.AddMinutes(30));
            var first = true;
            foreach (var chunk in reports.Chunk(ReportsPerMessage))
            {
                var message = new StreamIdIssuanceReportsRequest { Reports = { chunk } };
                if (first)
                {
                    message.Options = new BatchOptions { BatchId = "bench-1m" };
                    first = false;
                }

                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }

        DanVan.Contracts.V1.IngestSummary summary = null!;
        var elapsed = await Measure.TimeAsync(async () => summary = await SendAsync());
        if (summary.Inserted != reports.Count)
        {
            throw new InvalidOperationException($"expected {reports.Count} inserted, got {summary}");
        }

        // Rows the re-send writes are those stamped after the newest stamp the first send left.
        DateTime beforeResend;
        await using (var stamps = new NpgsqlConnection(connectionString))
        {
            await stamps.OpenAsync();
            await using var newest = new NpgsqlCommand("select max(updated_at) from observation", stamps);
            beforeResend = (DateTime)(await newest.ExecuteScalarAsync())!;
        }

        var resend = await Measure.TimeAsync(async () => summary = await SendAsync());
        if (summary.Unchanged != reports.Count)
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
