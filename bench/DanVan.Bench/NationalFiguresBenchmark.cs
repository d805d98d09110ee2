using System.Diagnostics;
using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using BatchOptions = DanVan.Contracts.V1.BatchOptions;
using ProcedureStatsReport = DanVan.Contracts.V1.ProcedureStatsReport;

namespace DanVan.Bench;

/// <summary>
/// National figures, in one run: twelve months of procedure statistics of every commune of today's map
/// (3,321), a five-year dialogue summary of the whole country (about 100,000 dialogues before and
/// after the 2025 reform, half with their opinions one by one, half with counts only), and the ID
/// issuance of every commune as of a date after a year of weekly reports. Each asked through the RPCs,
/// which read the roll-ups: in one call for the whole country (ListProcedureStats and
/// ListIdIssuanceProgress without a parent, SummarizeDialogues without a unit), and the flows also as
/// one call per province (34); against the same figures computed by SQL over the fact rows as the hub
/// did before the roll-ups (for the country, the same query over every province at once). Both sides
/// are checked to agree before timing.
/// </summary>
internal static class NationalFiguresBenchmark
{
    // The first twelve months of today's communes, on a clock after them.
    private static readonly DateOnly From = new(2025, 7, 1);
    private static readonly DateOnly To = new(2026, 6, 1);
    private static readonly DateTimeOffset Now = new(2026, 8, 14, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly SummaryFrom = new(2021, 1, 1);
    private static readonly DateOnly SummaryTo = new(2025, 12, 31);

    // Weekly ID-issuance reports of every commune over the same twelve months, asked as of the day after the last.
    private static readonly DateOnly FirstIdReport = new(2025, 7, 7);
    private const int IdReportWeeks = 52;
    private static readonly DateOnly IdAsOf = FirstIdReport.AddDays(7 * IdReportWeeks);

    // DialogueReports.SummarizeAsync as it was before the roll-ups: every held dialogue and opinion of
    // the subtrees of @roots, by the child below the root each was held under.
    private static readonly string SummaryFactsSql = SummaryFacts(
        "(select d.unit_path[p - 1] from unnest(@roots) r, array_position(d.unit_path, r) p where p > 1 limit 1)", "d.unit_path && @roots and ");

    // The same over every dialogue of the country, by the province at the top of each one's path.
    private static readonly string CountrySummaryFactsSql = SummaryFacts("d.unit_path[cardinality(d.unit_path)]", "");

    private static string SummaryFacts(string childId, string scope) => $"""
        with held as (
            select d.id, d.kind, u.level, d.counted_received, d.counted_answered, d.counted_resolved, {childId} as child_id
              from dialogue d join admin_unit u on u.id = d.unit_id
             where {scope}coalesce(d.held_on, (d.starts_at at time zone 'Asia/Ho_Chi_Minh')::date) between @from and @to
               and d.status = any(array['held', 'results_published', 'closed'])
        ), opinions as (
            select o.dialogue_id, count(*)::int as received, count(*) filter (where o.status in ('answered_at_meeting', 'resolved'))::int as resolved
              from opinion o where o.dialogue_id in (select id from held) group by o.dialogue_id
        )
        select h.child_id, h.level,
               count(*) filter (where h.kind = 'periodic')::int, count(*) filter (where h.kind = 'ad_hoc')::int,
               sum(coalesce(o.received, 0) + coalesce(h.counted_received, 0))::int,
               sum(coalesce(o.resolved, 0) + coalesce(h.counted_answered, 0) + coalesce(h.counted_resolved, 0))::int
          from held h left join opinions o on o.dialogue_id = h.id
         group by h.child_id, h.level
         order by 2, 1;
        select count(*)::int from dialogue d where {scope}d.status = 'proposed';
        """;

    // Twice a year in every unit on the map of the day (spread over 60 days), 2021 to 2025.
    private const string LoadDialoguesSql = """
        insert into dialogue (id, unit_id, unit_path, kind, status, title, starts_at, ends_at, venue, co_chairs, plan_year, held_on,
                              counted_received, counted_answered, counted_resolved, counted_open)
        select gen_random_uuid(), u.id, unit_ancestry(u.id, x.day), case when u.id % 5 = 0 then 'ad_hoc' else 'periodic' end, 'closed',
               'Hội nghị đối thoại', x.day + time '08:00' - interval '7 hours', x.day + time '10:00' - interval '7 hours', 'Hội trường',
               array['chair'], case when u.id % 5 = 0 then null else extract(year from x.day)::int end, x.day,
               case when u.id % 2 = 0 then 12 + u.id % 9 end, case when u.id % 2 = 0 then 4 end,
               case when u.id % 2 = 0 then 5 end, case when u.id % 2 = 0 then 2 end
          from generate_series(0, 9) s(k)
         cross join admin_unit u
         cross join lateral (select (date '2021-01-05' + s.k * 182 + (u.id % 60)::int) as day) x
         where u.valid_from <= x.day and x.day < u.valid_to;
        insert into opinion (id, dialogue_id, unit_id, topic, content, status)
        select gen_random_uuid(), d.id, d.unit_id, 'Đất đai', 'Kiến nghị về cấp giấy chứng nhận',
               (array['received', 'answered_at_meeting', 'resolved', 'in_progress', 'not_accepted'])[1 + n % 5]
          from dialogue d cross join generate_series(1, 2 + (d.unit_id % 9)::int) n
         where d.counted_received is null;
        """;

    public static async Task RunAsync()
    {
        Measure.Report("## National figures: roll-ups through the RPCs vs the same figures by SQL over the facts");
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var hub = await HubHost.StartAsync(connectionString, new TestClock(Now), null, "--Logging:LogLevel:Default=Warning");
        var today = new DateOnly(Now.Year, Now.Month, Now.Day);
        var provinces = await ProvincesAsync(dataSource, today);

        var loading = Stopwatch.StartNew();
        var procedures = new ProcedureStatsService.ProcedureStatsServiceClient(hub.CallInvoker);
        var reports = await LoadProceduresAsync(dataSource, procedures, today);
        var idIssuance = new IdIssuanceService.IdIssuanceServiceClient(hub.CallInvoker);
        var idReports = await LoadIdIssuanceAsync(dataSource, idIssuance, today);
        var dialogues = await LoadDialoguesAsync(dataSource);
        Measure.Report($"loaded {reports:N0} procedure reports and {idReports:N0} ID-issuance reports through the hub " +
                       $"and {dialogues.Dialogues:N0} dialogues with {dialogues.Opinions:N0} opinions in {loading.Elapsed.TotalSeconds:F0} s");

        var registry = hub.Services.GetRequiredService<IUnitRegistry>();
        var dialogueClient = new DialogueService.DialogueServiceClient(hub.CallInvoker);
        var roots = new Dictionary<string, long[]>();
        foreach (var (code, _) in provinces)
        {
            roots[code] = await registry.WithFullPredecessorsAsync(await registry.GetAsync(code, today, CancellationToken.None), CancellationToken.None);
        }

        async Task<decimal> ProceduresRpc()
        {
            decimal received = 0;
            foreach (var (code, _) in provinces)
            {
                var response = await procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
                {
                    UnitCode = code, FromMonth = new Google.Type.Date { Year = From.Year, Month = From.Month },
                    ToMonth = new Google.Type.Date { Year = To.Year, Month = To.Month },
                });
                received += response.Stats.Totals.Received;
            }

            return received;
        }

        async Task<decimal> ProceduresFacts()
        {
            decimal received = 0;
            foreach (var (_, id) in provinces)
            {
                received += await ProcedureFactsAsync(dataSource, [id]);
            }

            return received;
        }

        async Task<(int, int, int)> DialoguesRpc()
        {
            var (held, received, resolved) = (0, 0, 0);
            foreach (var (code, _) in provinces)
            {
                var summary = await dialogueClient.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
                {
                    UnitCode = code,
                    StartDate = new Google.Type.Date { Year = SummaryFrom.Year, Month = SummaryFrom.Month, Day = SummaryFrom.Day },
                    EndDate = new Google.Type.Date { Year = SummaryTo.Year, Month = SummaryTo.Month, Day = SummaryTo.Day },
                });
                (held, received, resolved) = (held + summary.PeriodicHeld + summary.AdHocHeld, received + summary.OpinionsReceived, resolved + summary.OpinionsResolved);
            }

            return (held, received, resolved);
        }

        async Task<(int, int, int)> DialoguesFacts()
        {
            var (held, received, resolved) = (0, 0, 0);
            foreach (var (code, _) in provinces)
            {
                var (h, r, s) = await SummaryFactsAsync(dataSource, SummaryFactsSql, roots[code]);
                (held, received, resolved) = (held + h, received + r, resolved + s);
            }

            return (held, received, resolved);
        }

        async Task<decimal> CountryProceduresRpc()
        {
            var response = await procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest
            {
                FromMonth = new Google.Type.Date { Year = From.Year, Month = From.Month },
                ToMonth = new Google.Type.Date { Year = To.Year, Month = To.Month }, PageSize = 100,
            });
            return response.Stats.Sum(s => (decimal)s.Totals.Received);
        }

        Task<decimal> CountryProceduresFacts() => ProcedureFactsAsync(dataSource, provinces.Select(p => p.Id).ToArray());

        async Task<(int, int, int)> CountryDialoguesRpc()
        {
            var summary = await dialogueClient.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
            {
                StartDate = new Google.Type.Date { Year = SummaryFrom.Year, Month = SummaryFrom.Month, Day = SummaryFrom.Day },
                EndDate = new Google.Type.Date { Year = SummaryTo.Year, Month = SummaryTo.Month, Day = SummaryTo.Day },
            });
            return (summary.PeriodicHeld + summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved);
        }

        Task<(int, int, int)> CountryDialoguesFacts() => SummaryFactsAsync(dataSource, CountrySummaryFactsSql, null);

        async Task<decimal> CountryIdIssuanceRpc()
        {
            var response = await idIssuance.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest
            {
                AsOf = new Google.Type.Date { Year = IdAsOf.Year, Month = IdAsOf.Month, Day = IdAsOf.Day }, PageSize = 100,
            });
            return response.Progress.Sum(p => (decimal)p.Totals.CardsProduced);
        }

        Task<decimal> CountryIdIssuanceFacts() => IdIssuanceFactsAsync(dataSource, provinces.Select(p => p.Id).ToArray());

        var procedureFigures = new[] { await CountryProceduresRpc(), await CountryProceduresFacts(), await ProceduresRpc(), await ProceduresFacts() };
        var dialogueFigures = new[] { await CountryDialoguesRpc(), await CountryDialoguesFacts(), await DialoguesRpc(), await DialoguesFacts() };
        var idFigures = new[] { await CountryIdIssuanceRpc(), await CountryIdIssuanceFacts() };
        if (procedureFigures.Distinct().Count() != 1 || dialogueFigures.Distinct().Count() != 1 || idFigures.Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"The RPCs and the facts disagree: received {string.Join(", ", procedureFigures)}; " +
                                                $"dialogues {string.Join(", ", dialogueFigures)}; cards produced {string.Join(", ", idFigures)}.");
        }

        Measure.Report($"national dossiers received {procedureFigures[0]:N0}; dialogues held, opinions received, resolved {dialogueFigures[0]} (all four ways agree); " +
                       $"cards produced as of {IdAsOf:yyyy-MM-dd} {idFigures[0]:N0} (both ways agree)");
        await CompareAsync("12-month procedure statistics, every commune, national in one call", CountryProceduresRpc, CountryProceduresFacts, 3);
        await CompareAsync("5-year dialogue summary, national in one call", CountryDialoguesRpc, CountryDialoguesFacts, 3);
        await CompareAsync($"ID issuance of every commune after {IdReportWeeks} weekly reports, national in one call", CountryIdIssuanceRpc, CountryIdIssuanceFacts, 3);
        await CompareAsync("12-month procedure statistics, every commune, one call per province (34)", ProceduresRpc, ProceduresFacts, 3);
        await CompareAsync("5-year dialogue summary, one call per province (34)", DialoguesRpc, DialoguesFacts, 3);
    }

    private static async Task CompareAsync<T>(string what, Func<Task<T>> rpc, Func<Task<T>> facts, int rounds)
    {
        await rpc();
        await facts();
        var rpcTimes = new List<double>();
        var factTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            factTimes.Add((await Measure.TimeAsync(async () => await facts())).TotalMilliseconds);
            var rpcRound = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                rpcRound.Add((await Measure.TimeAsync(async () => await rpc())).TotalMilliseconds);
            }

            rpcTimes.Add(Measure.Median(rpcRound));
        }

        var (r, f) = (Measure.Median(rpcTimes), Measure.Median(factTimes));
        Measure.Report($"{what}: RPC over roll-ups {r:F1} ms ({1000 / r:F2} figures/s), " +
                       $"SQL over the facts {f:F0} ms ({1000 / f:F2} figures/s); ratio {f / r:F1}x (target >= 10x)");
    }

    private static async Task<List<(string Code, long Id)>> ProvincesAsync(NpgsqlDataSource dataSource, DateOnly today)
    {
        await using var command = dataSource.CreateCommand("select code, id from admin_unit where level = 1 and valid_from <= @d and @d < valid_to order by code");
        command.Parameters.AddWithValue("d", today);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return result;
    }

    private static async Task<List<string>> CommunesAsync(NpgsqlDataSource dataSource, DateOnly today)
    {
        var communes = new List<string>();
        await using var command = dataSource.CreateCommand("select code from admin_unit where level = 3 and valid_from <= @d and @d < valid_to order by code");
        command.Parameters.AddWithValue("d", today);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            communes.Add(reader.GetString(0));
        }

        return communes;
    }

    private static async Task<int> LoadIdIssuanceAsync(NpgsqlDataSource dataSource, IdIssuanceService.IdIssuanceServiceClient client, DateOnly today)
    {
        var count = 0;
        foreach (var chunk in (await CommunesAsync(dataSource, today)).Chunk(200))
        {
            var request = new SubmitIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = $"national-id-{chunk[0]}" } };
            foreach (var (code, i) in chunk.Select((c, i) => (c, i)))
            {
                for (var week = 0; week < IdReportWeeks; week++)
                {
                    var date = FirstIdReport.AddDays(7 * week);
                    request.Reports.Add(new DanVan.Contracts.V1.IdIssuanceReport
                    {
                        UnitCode = code, ReportDate = new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day },
                        EligibleCitizens = 12_000 + i, DossiersCollected = 8_000 + 50 * week + i % 7, CardsProduced = 7_000 + 50 * week,
                        CardsReturned = 6_000 + 45 * week, EidLevel1Accounts = 5_000 + 30 * week, EidLevel2Accounts = 4_000 + 30 * week + i % 3,
                    });
                }
            }

            var summary = await client.SubmitIdIssuanceReportsAsync(request, deadline: DateTime.UtcNow.AddMinutes(10));
            if (summary.Inserted != request.Reports.Count)
            {
                throw new InvalidOperationException($"Loading ID issuance: {summary}");
            }

            count += request.Reports.Count;
        }

        return count;
    }

    private static async Task<int> LoadProceduresAsync(NpgsqlDataSource dataSource, ProcedureStatsService.ProcedureStatsServiceClient client, DateOnly today)
    {
        var count = 0;
        foreach (var chunk in (await CommunesAsync(dataSource, today)).Chunk(500))
        {
            var request = new SubmitProcedureStatsRequest { Options = new BatchOptions { BatchId = $"national-{chunk[0]}" } };
            foreach (var (code, i) in chunk.Select((c, i) => (c, i)))
            {
                for (var month = From; month <= To; month = month.AddMonths(1))
                {
                    request.Reports.Add(new ProcedureStatsReport
                    {
                        UnitCode = code, Month = new Google.Type.Date { Year = month.Year, Month = month.Month },
                        ReceivedInPerson = 100 + i % 7, ReceivedOnline = 200 + i % 11, ReceivedPostal = 3, CarriedOver = 10,
                        ResolvedEarly = 150, ResolvedOnTime = 120 + i % 5, ResolvedLate = i % 9, PendingInTime = 20, PendingOverdue = i % 4,
                        RatingVerySatisfied = 90, RatingSatisfied = 60, RatingDissatisfied = i % 6,
                    });
                }
            }

            var summary = await client.SubmitProcedureStatsAsync(request, deadline: DateTime.UtcNow.AddMinutes(10));
            if (summary.Inserted != request.Reports.Count)
            {
                throw new InvalidOperationException($"Loading procedure statistics: {summary}");
            }

            count += request.Reports.Count;
        }

        return count;
    }

    /// <summary>
    /// Writes the dialogues in bulk with the roll-up triggers off (row by row they would take minutes
    /// here), then computes the roll-ups from them at once, as the migration does for stored dialogues.
    /// </summary>
    private static async Task<(long Dialogues, long Opinions)> LoadDialoguesAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var load = new NpgsqlCommand(
            "alter table dialogue disable trigger dialogue_rollup_changed; alter table opinion disable trigger dialogue_rollup_opinion_changed; " +
            LoadDialoguesSql +
            "; alter table dialogue enable trigger dialogue_rollup_changed; alter table opinion enable trigger dialogue_rollup_opinion_changed; " +
            "select dialogue_rollup_rebuild(); analyze dialogue; analyze opinion; analyze dialogue_rollup", connection) { CommandTimeout = 1800 })
        {
            await load.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("select (select count(*) from dialogue), (select count(*) from opinion)", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The dossiers received over the subtrees of <paramref name="rootIds"/>, by the flow query over the facts.</summary>
    private static Task<decimal> ProcedureFactsAsync(NpgsqlDataSource dataSource, long[] rootIds) =>
        FactsTotalAsync(dataSource, IndicatorQueries.FlowSql, rootIds, IndicatorCodes.ProcedureStats, From, To.AddMonths(1), From, To, IndicatorCodes.Received);

    /// <summary>The cards produced over the subtrees of <paramref name="rootIds"/> as of <see cref="IdAsOf"/>, by the stock query over the facts.</summary>
    private static Task<decimal> IdIssuanceFactsAsync(NpgsqlDataSource dataSource, long[] rootIds) =>
        FactsTotalAsync(dataSource, IndicatorQueries.StockSql, rootIds, IndicatorCodes.IdIssuance, IdAsOf, IdAsOf.AddDays(1), IdAsOf, IdAsOf, IndicatorCodes.CardsProduced);

    /// <summary>The total of <paramref name="indicator"/> over the roots' rows of an indicator query over the facts.</summary>
    private static async Task<decimal> FactsTotalAsync(NpgsqlDataSource dataSource, string sql, long[] rootIds, string[] indicators,
        DateOnly windowFrom, DateOnly windowTo, DateOnly periodFrom, DateOnly periodTo, string indicator)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("roots", rootIds));
        command.Parameters.Add(new NpgsqlParameter("indicators", indicators));
        command.Parameters.Add(new NpgsqlParameter("sources", new IndicatorOptions().SourcePriority));
        command.Parameters.Add(new NpgsqlParameter("window_from", windowFrom));
        command.Parameters.Add(new NpgsqlParameter("window_to", windowTo));
        command.Parameters.Add(new NpgsqlParameter("period_from", periodFrom));
        command.Parameters.Add(new NpgsqlParameter("period_to", periodTo));
        decimal total = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // The per-root total of the indicator: not one of the rows by signature.
            if (!reader.IsDBNull(1) && reader.GetString(1) == indicator && reader.IsDBNull(6))
            {
                total += reader.GetDecimal(2);
            }
        }

        return total;
    }

    private static async Task<(int Held, int Received, int Resolved)> SummaryFactsAsync(NpgsqlDataSource dataSource, string sql, long[]? roots)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (roots is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("roots", roots));
        }

        command.Parameters.Add(new NpgsqlParameter("from", SummaryFrom));
        command.Parameters.Add(new NpgsqlParameter("to", SummaryTo));
        var (held, received, resolved) = (0, 0, 0);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            (held, received, resolved) = (held + reader.GetInt32(2) + reader.GetInt32(3), received + reader.GetInt32(4), resolved + reader.GetInt32(5));
        }

        return (held, received, resolved);
    }
}
