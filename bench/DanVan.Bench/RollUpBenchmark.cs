using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Units.Import;
using DanVan.Contracts.V1;
using DanVan.Testing;
using Npgsql;
using AdminLevel = DanVan.Adapters.Units.AdminLevel;
using BatchOptions = DanVan.Contracts.V1.BatchOptions;
using ProcedureStatsReport = DanVan.Contracts.V1.ProcedureStatsReport;

namespace DanVan.Bench;

/// <summary>
/// A province's 12-month procedure statistics over all its communes, through GetProcedureStats (which
/// reads the roll-ups), against the flow query over the facts run directly with Npgsql (what the RPC ran
/// before them); for a province of 100 communes and one of 1,000, to show how the cost grows with the
/// number of units. The two provinces are synthetic (codes 97 and 98)
/// so that their sizes are exactly 10x apart.
/// </summary>
internal static class RollUpBenchmark
{
    private static readonly DateOnly From = new(2024, 7, 1);
    private static readonly DateOnly To = new(2025, 6, 1);

    public static async Task RunAsync()
    {
        Measure.Report("## Roll-up: 12 months of procedure statistics, RPC over the roll-ups vs the facts query through Npgsql");
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Migrated);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await CreateProvinceAsync(dataSource, "97", 100);
        await CreateProvinceAsync(dataSource, "98", 1000);

        await using var hub = await HubHost.StartAsync(connectionString, "--Logging:LogLevel:Default=Warning");
        var client = new ProcedureStatsService.ProcedureStatsServiceClient(hub.CallInvoker);
        await LoadAsync(client, "97", 100);
        await LoadAsync(client, "98", 1000);

        var results = new Dictionary<string, (double Rpc, double Direct)>();
        foreach (var (code, iterations) in new[] { ("97", 150), ("98", 30) })
        {
            var rootId = await ProvinceIdAsync(dataSource, code);
            var request = new GetProcedureStatsRequest
            {
                UnitCode = code,
                FromMonth = new Google.Type.Date { Year = From.Year, Month = From.Month },
                ToMonth = new Google.Type.Date { Year = To.Year, Month = To.Month },
            };

            async Task Rpc() => await client.GetProcedureStatsAsync(request);
            async Task Direct() => await DirectAsync(dataSource, rootId);

            var expected = (await client.GetProcedureStatsAsync(request)).Stats.Totals.Received;
            if (expected != await DirectAsync(dataSource, rootId))
            {
                throw new InvalidOperationException("The RPC and the direct SQL disagree.");
            }

            // A first round of each warms up both paths (JIT, connection pools, plan and page caches).
            await PerCallAsync(Direct, iterations / 3);
            await PerCallAsync(Rpc, iterations / 3);
            var rpcTimes = new List<double>();
            var directTimes = new List<double>();
            for (var round = 0; round < 5; round++)
            {
                directTimes.Add(await PerCallAsync(Direct, iterations));
                rpcTimes.Add(await PerCallAsync(Rpc, iterations));
            }

            var rpc = Measure.Median(rpcTimes);
            var direct = Measure.Median(directTimes);
            results[code] = (rpc, direct);
            Measure.Report($"province {code} ({(code == "97" ? 100 : 1000)} communes, {expected:N0} dossiers received): " +
                           $"RPC {rpc:F2} ms/call, direct SQL {direct:F2} ms/call, ratio {direct / rpc:F2}x");
        }

        Measure.Report($"cost growth for 10x the units: RPC {results["98"].Rpc / results["97"].Rpc:F1}x, direct SQL {results["98"].Direct / results["97"].Direct:F1}x (linear = 10x)");
    }

    private static async Task<double> PerCallAsync(Func<Task> call, int iterations)
    {
        for (var i = 0; i < 10; i++)
        {
            await call();
        }

        var elapsed = await Measure.TimeAsync(async () =>
        {
            for (var i = 0; i < iterations; i++)
            {
                await call();
            }
        });
        return elapsed.TotalMilliseconds / iterations;
    }

    private static async Task<long> DirectAsync(NpgsqlDataSource dataSource, long rootId)
    {
        await using var command = dataSource.CreateCommand(IndicatorQueries.FlowSql);
        command.Parameters.Add(new NpgsqlParameter("roots", new[] { rootId }));
        command.Parameters.Add(new NpgsqlParameter("indicators", IndicatorCodes.ProcedureStats));
        command.Parameters.Add(new NpgsqlParameter("sources", new IndicatorOptions().SourcePriority));
        command.Parameters.Add(new NpgsqlParameter("window_from", From));
        command.Parameters.Add(new NpgsqlParameter("window_to", To.AddMonths(1)));
        command.Parameters.Add(new NpgsqlParameter("period_from", From));
        command.Parameters.Add(new NpgsqlParameter("period_to", To));
        long received = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!reader.IsDBNull(1) && reader.GetString(1) == IndicatorCodes.Received)
            {
                received = reader.GetInt64(2);
            }
        }

        return received;
    }

    private static async Task CreateProvinceAsync(NpgsqlDataSource dataSource, string code, int communes)
    {
        var from = new DateOnly(2024, 1, 1);
        var units = new List<UnitVersion> { new(code, AdminLevel.Province, "tinh", $"Tỉnh Thử Nghiệm {code}", null, from, null) };
        units.AddRange(Enumerable.Range(0, communes).Select(i =>
            new UnitVersion($"{code}{i:D3}", AdminLevel.Commune, "xa", $"Xã Thử Nghiệm {code}-{i}", code, from, null)));
        await new UnitMapWriter(dataSource).WriteAsync(new UnitMap(units, []), CancellationToken.None);
    }

    private static async Task<long> ProvinceIdAsync(NpgsqlDataSource dataSource, string code)
    {
        await using var command = dataSource.CreateCommand("select id from admin_unit where code = @code");
        command.Parameters.AddWithValue("code", code);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task LoadAsync(ProcedureStatsService.ProcedureStatsServiceClient client, string province, int communes)
    {
        var request = new SubmitProcedureStatsRequest { Options = new BatchOptions { BatchId = $"bench-{province}" } };
        for (var i = 0; i < communes; i++)
        {
            for (var month = From; month <= To; month = month.AddMonths(1))
            {
                request.Reports.Add(new ProcedureStatsReport
                {
                    UnitCode = $"{province}{i:D3}",
                    Month = new Google.Type.Date { Year = month.Year, Month = month.Month },
                    ReceivedInPerson = 100 + i % 7, ReceivedOnline = 200 + i % 11, ReceivedPostal = 3, CarriedOver = 10,
                    ResolvedEarly = 150, ResolvedOnTime = 120 + i % 5, ResolvedLate = i % 9,
                    PendingInTime = 20, PendingOverdue = i % 4,
                    RatingVerySatisfied = 90, RatingSatisfied = 60, RatingDissatisfied = i % 6,
                });
            }
        }

        var summary = await client.SubmitProcedureStatsAsync(request, deadline: DateTime.UtcNow.AddMinutes(10));
        if (summary.Inserted != request.Reports.Count)
        {
            throw new InvalidOperationException($"Loading province {province}: {summary}");
        }
    }
}
