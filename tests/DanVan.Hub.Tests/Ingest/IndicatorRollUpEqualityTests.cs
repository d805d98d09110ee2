using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Contracts.V1;
using Dapper;
using Npgsql;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using BatchOptions = DanVan.Contracts.V1.BatchOptions;
using IdIssuanceReport = DanVan.Contracts.V1.IdIssuanceReport;
using ProcedureStatsReport = DanVan.Contracts.V1.ProcedureStatsReport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// The indicator roll-up rows the batch merge keeps must always equal a recomputation from the facts,
/// and a flow or stock query over them must return exactly what the same query over the facts returns:
/// a fixed-seed random sequence of procedure-statistics and ID-issuance batches, corrections (the same
/// units and periods sent again with changed or partly changed values), a source of lower or higher
/// priority reporting the same figures, reports of inner units that shadow their communes', ID reports
/// dated before ones already stored, reports of only some figures, and identical re-sends, compared
/// after every step.
/// </summary>
public sealed class IndicatorRollUpEqualityTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    private const int Seed = 20261201;
    private const int Operations = 80;

    // Each unit and period's preferred value of each indicator (the hub's default priority), straight
    // from the observations, in the roll-up's shape: the indicators present and their values.
    private const string Recomputed = """
        select w.unit_id, w.period_start, array_agg(w.indicator order by w.indicator collate "C") as indicators,
               array_agg(w.value order by w.indicator collate "C") as values
          from (select distinct on (o.unit_id, o.period_start, o.indicator) o.unit_id, o.period_start, o.indicator, o.value
                  from observation o where o.disaggregation = '' and o.indicator like 'proc.%'
                 order by o.unit_id, o.period_start, o.indicator, array_position(array['police', 'one-stop', 'portal'], o.source) nulls last) w
         group by w.unit_id, w.period_start
        """;

    // Each unit and report day's latest value of each stock figure on or before that day, the preferred
    // source's on the day it was reported, straight from the observations, in the stock rows' shape.
    private const string RecomputedStocks = """
        with stocks as (
            select * from observation o where o.disaggregation = '' and (o.indicator like 'id.%' or o.indicator like 'eid.%')
        ), days as (
            select distinct unit_id, period_start from stocks
        ), latest as (
            select d.unit_id, d.period_start, x.indicator, x.reported_on, x.value
              from days d cross join lateral (
                   select distinct on (o.indicator) o.indicator, o.period_start as reported_on, o.value from stocks o
                    where o.unit_id = d.unit_id and o.period_start <= d.period_start
                    order by o.indicator, o.period_start desc, array_position(array['police', 'one-stop', 'portal'], o.source) nulls last) x
        )
        select unit_id, period_start, array_agg(indicator order by indicator collate "C") as indicators,
               array_agg(reported_on order by indicator collate "C") as days, array_agg(value order by indicator collate "C") as values
          from latest group by unit_id, period_start
        """;

    private static readonly DateOnly[] StockDates =
        [new(2025, 7, 31), new(2025, 8, 1), new(2025, 8, 5), new(2025, 8, 10), new(2025, 8, 20), new(2025, 8, 31), new(2025, 9, 5), new(2025, 9, 30)];

    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);
    private readonly IdIssuanceService.IdIssuanceServiceClient _ids = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task Roll_ups_equal_the_recomputation_and_flow_and_stock_queries_agree_with_the_facts_after_every_step()
    {
        var random = new Random(Seed);
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}, {Operations} random operations");
        var communes = (await CommunesAsync("01", 6)).Concat(await CommunesAsync("79", 4)).ToList();
        // Inner units whose own reports shadow their communes' for the same indicator and month.
        List<string> inner = ["01", "79"];
        // The flow queries are compared for the provinces and for each commune, leaves of the map.
        var roots = await ScalarAsync<long[]>(Fixture.ConnectionString,
            "select array_agg(id order by code) from admin_unit where code = any(@codes) and valid_from <= '2025-08-01' and '2025-08-01' < valid_to",
            new { codes = inner.Concat(communes).ToArray() });
        var counts = new Dictionary<string, int>();
        SubmitProcedureStatsRequest? last = null;

        for (var step = 0; step < Operations; step++)
        {
            var kind = random.Next(12);
            string operation;
            if (step % 20 == 10)
            {
                // Any statement on the map makes the subtree rows stale: queries read the facts, and the
                // next batch rebuilds them all (asserted current again after it).
                await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
                await connection.ExecuteAsync("update admin_unit set name = name where false");
                Assert.False(await ScalarAsync<bool>(Fixture.ConnectionString, IndicatorReports.CurrentSql, new { sources = new IndicatorOptions().SourcePriority }));
                counts["map changed"] = counts.GetValueOrDefault("map changed") + 1;
                kind = 1;
            }

            if (kind == 0 && last is not null)
            {
                var again = await _procedures.SubmitProcedureStatsAsync(last);
                Assert.Equal(0, again.Inserted + again.Updated);
                operation = "identical re-send";
            }
            else if (kind < 8)
            {
                // Mostly the default source; sometimes the portal (lower priority) or the police (higher).
                var source = random.Next(5) switch { 0 => "portal", 1 => "police", _ => "" };
                var provinces = random.Next(6) == 0;
                last = ProcedureBatch(random, provinces ? inner : communes, $"rollup-p{step}", source);
                var summary = await _procedures.SubmitProcedureStatsAsync(last);
                Assert.Equal(0, summary.Rejected);
                operation = (summary.Updated > 0 ? "procedure correction" : "procedure batch") + (provinces ? " of provinces" : "");
                operation += source.Length > 0 ? $" ({source})" : "";
            }
            else
            {
                var source = random.Next(5) switch { 0 => "portal", 1 => "one-stop", _ => "" };
                var provinces = random.Next(6) == 0;
                var summary = await _ids.SubmitIdIssuanceReportsAsync(IdBatch(random, provinces ? inner : communes, $"rollup-i{step}", source));
                Assert.Equal(0, summary.Rejected);
                operation = (summary.Updated > 0 ? "ID correction" : "ID batch") + (provinces ? " of provinces" : "");
                operation += source.Length > 0 ? $" ({source})" : "";
            }

            counts[operation] = counts.GetValueOrDefault(operation) + 1;
            await AssertRollUpsEqualRecomputationAsync(step);
            await AssertFlowQueriesAgreeAsync(step, roots, random);
            await AssertStockQueriesAgreeAsync(step, roots, random);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}")));
        Assert.Contains(counts.Keys, k => k.StartsWith("procedure correction", StringComparison.Ordinal));
        Assert.Contains(counts.Keys, k => k.EndsWith("(police)", StringComparison.Ordinal));
        Assert.Contains(counts.Keys, k => k.EndsWith("(portal)", StringComparison.Ordinal));
        Assert.Contains(counts.Keys, k => k.StartsWith("procedure", StringComparison.Ordinal) && k.Contains(" of provinces", StringComparison.Ordinal));
        Assert.Contains("identical re-send", counts.Keys);
        Assert.Contains(counts.Keys, k => k.StartsWith("ID correction", StringComparison.Ordinal));
        Assert.Contains(counts.Keys, k => k.StartsWith("ID", StringComparison.Ordinal) && k.Contains(" of provinces", StringComparison.Ordinal));
        Assert.Contains(counts.Keys, k => k.StartsWith("ID", StringComparison.Ordinal) && k.EndsWith("(portal)", StringComparison.Ordinal));
        Assert.Contains("map changed", counts.Keys);
    }

    private async Task AssertRollUpsEqualRecomputationAsync(int step)
    {
        var columns = string.Join(", ", IndicatorCodes.ProcedureStats.Select(i => $"('{i}', r.{IndicatorReports.Column(i)})"));
        var differences = await DifferencesAsync(Recomputed, $"""
            select r.unit_id, r.period_start, r.indicators,
                   (select array_agg(v.value order by v.indicator collate "C") from (values {columns}) v(indicator, value)
                     where v.value is not null) as values
              from indicator_report r
            """);
        Assert.True(differences.Count == 0, $"after operation {step} (seed {Seed}): {string.Join("; ", differences)}");
        Assert.True(await ScalarAsync<bool>(Fixture.ConnectionString, "select (select count(*) from indicator_report) = (select count(distinct (unit_id, period_start)) from observation where indicator like 'proc.%')"));

        var stockColumns = string.Join(", ", IndicatorCodes.IdIssuance.Select(i => $"('{i}', s.{IndicatorReports.Column(i)}_on, s.{IndicatorReports.Column(i)})"));
        var stockDifferences = await DifferencesAsync(RecomputedStocks, $"""
            select s.unit_id, s.period_start, array_agg(v.indicator order by v.indicator collate "C") as indicators,
                   array_agg(v.reported_on order by v.indicator collate "C") as days, array_agg(v.value order by v.indicator collate "C") as values
              from indicator_stock s cross join lateral (values {stockColumns}) v(indicator, reported_on, value)
             where v.value is not null
             group by s.unit_id, s.period_start
            """);
        Assert.True(stockDifferences.Count == 0, $"stocks after operation {step} (seed {Seed}): {string.Join("; ", stockDifferences)}");
        Assert.True(await ScalarAsync<bool>(Fixture.ConnectionString, "select (select count(*) from indicator_stock) = (select count(distinct (unit_id, period_start)) from observation where indicator like 'id.%' or indicator like 'eid.%')"));
    }

    // Up to ten rows of one query and not the other, each marked as missing from or extra in the actual rows.
    private async Task<List<string>> DifferencesAsync(string expected, string actual)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        return (await connection.QueryAsync<string>($"""
            with expected as ({expected}), actual as ({actual})
            select 'missing ' || e::text from (select * from expected except select * from actual) e
            union all
            select 'extra ' || a::text from (select * from actual except select * from expected) a
            limit 10
            """)).ToList();
    }

    // The hub's flow query (over the roll-ups) and the same query over the facts, for the provinces and
    // one random range of the months the batches use, must return the same rows.
    private Task AssertFlowQueriesAgreeAsync(int step, long[] roots, Random random)
    {
        var from = new DateOnly(2025, random.Next(6, 9), 1);
        var to = new DateOnly(2025, random.Next(from.Month, 10), 1);
        return AssertQueriesAgreeAsync($"after operation {step} (seed {Seed}), {from:yyyy-MM} to {to:yyyy-MM}",
            IndicatorQueries.FlowSql, IndicatorReports.FlowSql, IndicatorReports.CurrentSql,
            new { roots, indicators = IndicatorCodes.ProcedureStats, window_from = from, window_to = to.AddMonths(1), period_from = from, period_to = to });
    }

    // The hub's stock query (over the stock rows) and the same query over the facts, for the provinces
    // and communes, as of a random day before, between or after the report days, for all the ID figures
    // or some of them, must return the same rows.
    private Task AssertStockQueriesAgreeAsync(int step, long[] roots, Random random)
    {
        var date = StockDates[random.Next(StockDates.Length)];
        string[] indicators = random.Next(3) == 0
            ? [IndicatorCodes.EligibleCitizens, IndicatorCodes.DossiersCollected, IndicatorCodes.CardsReturned]
            : IndicatorCodes.IdIssuance;
        return AssertQueriesAgreeAsync($"after operation {step} (seed {Seed}), as of {date:yyyy-MM-dd}",
            IndicatorQueries.StockSql, IndicatorStocks.StockSql, IndicatorStocks.CurrentSql,
            new { roots, indicators, window_from = date, window_to = date.AddDays(1), period_from = date, period_to = date });
    }

    private async Task AssertQueriesAgreeAsync(string when, string factsSql, string rollUpSql, string currentSql, object query)
    {
        var parameters = new DynamicParameters(query);
        parameters.Add("sources", new IndicatorOptions().SourcePriority);
        async Task<List<string>> Rows(string sql)
        {
            await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
            var rows = await connection.QueryAsync(sql, parameters);
            return rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values)).Order(StringComparer.Ordinal).ToList();
        }

        Assert.True(await ScalarAsync<bool>(Fixture.ConnectionString, currentSql, new { sources = new IndicatorOptions().SourcePriority }));
        var facts = await Rows(factsSql);
        var rollUps = await Rows(rollUpSql);
        Assert.True(facts.SequenceEqual(rollUps), $"{when}: facts [{string.Join("; ", facts)}] roll-ups [{string.Join("; ", rollUps)}]");
    }

    private static SubmitProcedureStatsRequest ProcedureBatch(Random random, List<string> units, string batchId, string source)
    {
        var request = new SubmitProcedureStatsRequest { Options = new BatchOptions { BatchId = batchId, Source = source } };
        // Few units and months, so later batches often correct what earlier ones sent.
        foreach (var (unit, month) in Pick(random, units, [7, 8, 9]))
        {
            var report = new ProcedureStatsReport { UnitCode = unit, Month = Month(2025, month) };
            var received = random.Next(0, 200);
            var resolved = random.Next(0, 200);
            if (random.Next(4) > 0)
            {
                report.Received = received;
            }

            if (random.Next(3) > 0)
            {
                report.ReceivedOnline = random.Next(0, received + 1);
            }

            if (random.Next(4) > 0)
            {
                report.Resolved = resolved;
                report.ResolvedInTime = random.Next(0, resolved + 1);
            }

            if (random.Next(2) > 0)
            {
                report.RatingVerySatisfied = random.Next(0, 50);
                report.RatingSatisfied = random.Next(0, 50);
                report.RatingDissatisfied = random.Next(0, 10);
            }

            if (!report.HasReceived && !report.HasReceivedOnline && !report.HasResolved && !report.HasRatingDissatisfied)
            {
                report.Received = received;
            }

            request.Reports.Add(report);
        }

        return request;
    }

    private static SubmitIdIssuanceReportsRequest IdBatch(Random random, List<string> units, string batchId, string source)
    {
        var request = new SubmitIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = batchId, Source = source } };
        // The 1st of a month shares its key with that month's procedure statistics; days come in any
        // order, so a batch often reports a day before those already stored.
        foreach (var (unit, day) in Pick(random, units, [801, 810, 820, 905]))
        {
            var eligible = random.Next(1000, 5000);
            var collected = random.Next(0, eligible + 1);
            var produced = random.Next(0, collected + 1);
            var report = new IdIssuanceReport { UnitCode = unit, ReportDate = Day(2025, day / 100, day % 100), EligibleCitizens = eligible };
            // Mostly the whole funnel; sometimes only some figures, so that a unit's latest value of
            // one figure is older than of another.
            if (random.Next(4) > 0)
            {
                report.DossiersCollected = collected;
                report.CardsProduced = produced;
            }

            if (random.Next(3) > 0)
            {
                report.CardsReturned = random.Next(0, produced + 1);
                report.EidLevel2Accounts = random.Next(0, eligible + 1);
            }

            request.Reports.Add(report);
        }

        return request;
    }

    private static List<(string Unit, int Period)> Pick(Random random, List<string> units, int[] periods)
    {
        var all = units.SelectMany(c => periods.Select(p => (Unit: c, Period: p))).ToList();
        return all.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(8, all.Count))).ToList();
    }

    private async Task<List<string>> CommunesAsync(string province, int count)
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var list = await units.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = province, Level = AdminLevel.Commune, AsOf = Day(2025, 8, 1), PageSize = count,
        });
        return list.Units.Select(u => u.Code).ToList();
    }
}
