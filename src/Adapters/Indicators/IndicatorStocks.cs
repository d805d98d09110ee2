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

    /// <summary>
    /// The units and days whose stock figures a batch changed, each with the preferred value of each
    /// figure reported that day: created with the staging table, filled by the merge.
    /// </summary>
    public static readonly string CreateChangedSql =
        $"create temp table ingest_stock_days (unit_id bigint, period_start date, {string.Join(", ", Stocks.Select(i => $"{Column(i)} bigint"))}) on commit drop";

    /// <summary>
    /// A data-modifying CTE for the batch merge (<see cref="BatchWriter"/>): for the units and days
    /// whose stock figures it changed (the merge's own <c>changes</c>: all of them when the batch holds
    /// only stocks, else those that wrote other figures than flows, since every other figure is a
    /// stock), each figure's preferred value that day by <see cref="IndicatorReports.MergedPivot"/>,
    /// into <c>ingest_stock_days</c> for <see cref="UpdateSql"/>.
    /// </summary>
    public static string UpsertChangedSql(bool onlyStocks) => $"""
        , changed_stocks as (
            select unit_id, period_start from changes{(onlyStocks ? "" : " where touched_values > flow_values")}
        ), stock_days_noted as (
            insert into ingest_stock_days (unit_id, period_start, {string.Join(", ", Stocks.Select(Column))})
            {IndicatorReports.MergedPivot("changed_stocks", "indicator_stock", "@stocks", Stocks, onlyStocks)}
        )
        """;

    /// <summary>
    /// After the merge, in its transaction: the rows of each changed unit from its first changed day
    /// on, from its row before that day, its stored days after it that the batch left as they were (the
    /// figures reported on a row's own day are those whose day it holds), and the days the batch
    /// changed. Observations are never deleted, so no day is removed.
    /// </summary>
    public static readonly string UpdateSql = Carry($"""
        with changed as (
            select unit_id, min(period_start) as since from ingest_stock_days group by unit_id
        ), days as (
            select p.unit_id, p.period_start, false as written, {Pairs("p", i => $"p.{Column(i)}_on")}
              from changed c cross join lateral (
                   select * from indicator_stock s where s.unit_id = c.unit_id and s.period_start < c.since
                    order by s.period_start desc limit 1) p
            union all
            select s.unit_id, s.period_start, true,
                   {string.Join(", ", Stocks.Select(i => $"case when s.{Column(i)}_on = s.period_start then {Pair($"s.{Column(i)}_on", $"s.{Column(i)}")} end"))}
              from changed c join indicator_stock s on s.unit_id = c.unit_id and s.period_start >= c.since
             where not exists (select from ingest_stock_days d where d.unit_id = s.unit_id and d.period_start = s.period_start)
            union all
            select d.unit_id, d.period_start, true, {Pairs("d", _ => "d.period_start")} from ingest_stock_days d
        )
        """);

    /// <summary>All rows again, from every stored stock figure (a batch under another source priority).</summary>
    public static readonly string RebuildSql = "delete from indicator_stock;\n" + Carry($"""
        with reported as (
            {IndicatorReports.PreferredPivot($"(select * from observation where disaggregation = '' and indicator in ({string.Join(", ", Stocks.Select(i => $"'{i}'"))}))", Stocks)}
        ), days as (
            select r.unit_id, r.period_start, true as written, {Pairs("r", _ => "r.period_start")} from reported r
        )
        """);

    private static string Pair(string day, string value) => $"array[({day} - {Epoch})::bigint, {value}]";

    private static string Pairs(string row, Func<string, string> day) =>
        string.Join(", ", Stocks.Select(i => $"case when {row}.{Column(i)} is not null then {Pair(day(i), $"{row}.{Column(i)}")} end as {Column(i)}"));

    /// <summary>
    /// Writes the rows of <paramref name="days"/> (CTEs ending in <c>days</c>: unit_id, period_start,
    /// written, and per figure its (day, value) pair reported that day, or carried in for a row not
    /// written): per unit, the days in order, each figure's latest pair so far.
    /// </summary>
    private static string Carry(string days) => $"""
        {days}, carried as (
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
