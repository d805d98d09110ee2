using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Indicators;

/// <summary>
/// The roll-up of the stocks (the ID-issuance figures), kept by the batch merge in its own transaction
/// (migration 0020): <c>indicator_stock</c>, per unit and report date, each figure's latest value on or
/// before that day (the preferred source's on the day it was reported) and that day. A stock query as
/// of a date reads each unit's latest row on or before it (<see cref="StockSql"/>): one row per unit
/// instead of all its reports up to the date, shadowed and summed exactly as
/// <see cref="IndicatorQueries.StockSql"/> does the facts. The rows follow the source priority recorded
/// with the flows' (<see cref="IndicatorReports.SyncSql"/>); the map does not enter them, since they are
/// per unit version.
/// </summary>
internal static class IndicatorStocks
{
    private static readonly string[] Stocks = IndicatorCodes.IdIssuance;

    // A value and the day it was reported as one bigint[] (days since this date, value): over a unit's
    // days in order, the greatest so far is the latest value reported.
    private const string Epoch = "date '2000-01-01'";

    private static string Column(string indicator) => IndicatorReports.Column(indicator);

    private static string Columns() => string.Join(", ", Stocks.Select(i => $"{Column(i)}, {Column(i)}_on"));

    /// <summary>Whether a stock query for <paramref name="indicators"/> can read the roll-up: all of them are stocks.</summary>
    public static bool Cover(IEnumerable<string> indicators) => indicators.All(Stocks.Contains);

    /// <summary>The units and days whose stock figures a batch changed: created with the staging table, filled by the merge.</summary>
    public const string CreateChangedSql = "create temp table ingest_changed_stocks (unit_id bigint, period_start date) on commit drop";

    /// <summary>
    /// A data-modifying CTE for the batch merge (<see cref="BatchWriter"/>): notes the units and days of
    /// its <c>changes</c> that wrote other figures than flows (every other figure is a stock) for
    /// <see cref="UpdateSql"/>.
    /// </summary>
    public const string NoteChangedSql = """
        , stocks_noted as (
            insert into ingest_changed_stocks select unit_id, period_start from changes where touched_values > flow_values
        )
        """;

    /// <summary>After the merge, in its transaction: the rows of the changed units from their first changed day on.</summary>
    public static readonly string UpdateSql = Write("ingest_changed_stocks");

    /// <summary>All rows again, from every stored stock figure (a batch under another source priority).</summary>
    public static readonly string RebuildSql = "delete from indicator_stock;\n" + Write(
        $"(select unit_id, min(period_start) as period_start from observation where disaggregation = '' and indicator in ({string.Join(", ", Stocks.Select(i => $"'{i}'"))}) group by unit_id)");

    /// <summary>
    /// Recomputes, for each unit of <paramref name="changed"/> (a relation of unit_id and period_start),
    /// its rows from its first changed day on: each of its report days from then, the preferred value of
    /// each figure reported that day, carried forward over the days in order from the unit's row before
    /// that day. Observations are never deleted, so every stored row from that day on is rewritten and
    /// none has to be removed.
    /// </summary>
    private static string Write(string changed) => $"""
        with changed as (
            select k.unit_id, min(k.period_start) as since from {changed} k group by k.unit_id
        ), reported as (
            select v.unit_id, v.period_start, {string.Join(", ", Stocks.Select(i => $"{IndicatorReports.Preferred(i)} as {Column(i)}"))}
              from changed c join observation v on v.unit_id = c.unit_id and v.period_start >= c.since
             where v.disaggregation = '' and v.indicator in ({string.Join(", ", Stocks.Select(i => $"'{i}'"))})
             group by v.unit_id, v.period_start
        ), days as (
            select p.unit_id, p.period_start, false as written,
                   {string.Join(", ", Stocks.Select(i => $"case when p.{Column(i)} is not null then array[(p.{Column(i)}_on - {Epoch})::bigint, p.{Column(i)}] end as {Column(i)}"))}
              from changed c cross join lateral (
                   select * from indicator_stock s where s.unit_id = c.unit_id and s.period_start < c.since
                    order by s.period_start desc limit 1) p
            union all
            select r.unit_id, r.period_start, true,
                   {string.Join(", ", Stocks.Select(i => $"case when r.{Column(i)} is not null then array[(r.period_start - {Epoch})::bigint, r.{Column(i)}] end"))}
              from reported r
        ), carried as (
            select d.unit_id, d.period_start, d.written, {string.Join(", ", Stocks.Select(i => $"max(d.{Column(i)}) over days_so_far as {Column(i)}"))}
              from days d
            window days_so_far as (partition by d.unit_id order by d.period_start rows unbounded preceding)
        )
        insert into indicator_stock (unit_id, period_start, {Columns()})
        select c.unit_id, c.period_start, {string.Join(", ", Stocks.Select(i => $"c.{Column(i)}[2], {Epoch} + c.{Column(i)}[1]::int"))}
          from carried c where c.written
        on conflict (unit_id, period_start) do update
           set {string.Join(", ", Stocks.Select(i => $"{Column(i)} = excluded.{Column(i)}, {Column(i)}_on = excluded.{Column(i)}_on"))}
        """;

    /// <summary>
    /// <see cref="IndicatorQueries.StockSql"/> over the roll-up, with the same result rows: each unit's
    /// latest row on or before the date holds, per figure, the latest report and its day.
    /// </summary>
    public static readonly string StockSql = IndicatorQueries.Tree + $"""
        , reports as (
            select x.indicator, t.id as unit_id, x.period_start, x.value, t.path
              from tree t
              cross join lateral (
                   select * from indicator_stock s where s.unit_id = t.id and s.period_start <= @period_to
                    order by s.period_start desc limit 1) s
              cross join lateral (values {string.Join(", ", Stocks.Select(i => $"('{i}', s.{Column(i)}_on, s.{Column(i)})"))}) x(indicator, period_start, value)
             where x.value is not null and x.indicator = any(@indicators)
        )
        """ + IndicatorQueries.ShadowAndSum(samePeriod: false);

    /// <summary>Whether the rows follow <c>@sources</c>, so that <see cref="StockSql"/> may be read.</summary>
    public const string CurrentSql = "select coalesce((select source_priority = @sources from indicator_report_state), false)";
}
