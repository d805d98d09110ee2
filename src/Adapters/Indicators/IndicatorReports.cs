using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Indicators;

/// <summary>
/// The <c>indicator_report</c> roll-up: one row per unit and period holding, for every indicator
/// reported, the value of the preferred source (a column per indicator), and the sorted list of the
/// indicators present, which is the report's signature. A flow query then reads one row per unit and
/// month instead of one row per indicator and source, and sums columns instead of values. The rows
/// follow the source priority recorded in <c>indicator_report_state</c>; a batch written under another
/// priority rebuilds them all first, and queries read the facts while the two differ.
/// </summary>
internal static class IndicatorReports
{
    private static readonly string[] All = [.. IndicatorCodes.IdIssuance, .. IndicatorCodes.ProcedureStats];

    /// <summary>The column holding an indicator's value ("proc.received" → "proc_received").</summary>
    private static string Column(string indicator) => indicator.Replace('.', '_');

    private static string Columns(string prefix = "") => string.Join(", ", All.Select(i => prefix + Column(i)));

    /// <summary>
    /// One row per unit and period from <paramref name="values"/>, a relation of (unit_id,
    /// period_start, indicator, source, value): the preferred source's value of each indicator, picked
    /// as the least (priority, value) pair in one hashed grouping (sorting a million values by key
    /// costs more than the merge itself); the indicators present listed bytewise.
    /// </summary>
    private static string Pivot(string values) => $"""
        select p.unit_id, p.period_start,
               array_remove(array[{string.Join(", ", All.Order(StringComparer.Ordinal).Select(i => $"case when p.{Column(i)} is not null then '{i}' end"))}], null),
               {Columns("p.")}
          from (select v.unit_id, v.period_start,
                       {string.Join(",\n                       ", All.Select(i =>
                           $"(min(array[coalesce(array_position(@sources, v.source), 2147483647)::bigint, v.value]) filter (where v.indicator = '{i}'))[2] as {Column(i)}"))}
                  from {values} v
                 group by v.unit_id, v.period_start) p
        """;

    /// <summary>
    /// Whether the rows follow <c>@sources</c>; when the recorded priority differs (none is recorded
    /// until the first batch), every row is recomputed from the observations. Locks the state row, so that batches of
    /// different sources update the rows one after the other. True when they follow it already; when
    /// false, <see cref="RebuildSql"/> follows in the same transaction.
    /// </summary>
    public const string SyncSql = "select source_priority is not distinct from @sources from indicator_report_state for update";

    public static readonly string RebuildSql = $"""
        delete from indicator_report;
        insert into indicator_report (unit_id, period_start, indicators, {Columns()})
        {Pivot("(select unit_id, period_start, indicator, source, value from observation where disaggregation = '')")};
        update indicator_report_state set source_priority = @sources;
        """;

    /// <summary>
    /// A data-modifying CTE for the batch merge (<see cref="BatchWriter"/>): recomputes the rows of the
    /// units and periods in <c>changes</c> from what the store holds once the merge is done, since the
    /// merge's own writes are not visible within its statement: the values <c>inserted</c> and
    /// <c>updated</c> return, and the stored values they leave as they are (other sources', other
    /// indicators', and those sent unchanged). The staging table, which has no index, is not read again.
    /// </summary>
    public static readonly string UpsertChangedSql = $"""
        , merged_values as (
            select o.unit_id, o.period_start, o.indicator, o.source, o.value
              from changes k join observation o on o.unit_id = k.unit_id and o.period_start = k.period_start
             where o.disaggregation = ''
               and not (o.source = @source and exists (select from updated u
                                                       where u.unit_id = o.unit_id and u.period_start = o.period_start and u.indicator = o.indicator))
            union all
            select i.unit_id, i.period_start, i.indicator, @source, i.value from inserted i
            union all
            select u.unit_id, u.period_start, u.indicator, @source, u.value from updated u
        ), reports_written as (
            insert into indicator_report (unit_id, period_start, indicators, {Columns()})
            {Pivot("merged_values")}
            on conflict (unit_id, period_start) do update
               set indicators = excluded.indicators, {string.Join(", ", All.Select(i => $"{Column(i)} = excluded.{Column(i)}"))}
        )
        """;

    private static string ValuesOf(string row, IEnumerable<string> indicators) =>
        string.Join(", ", indicators.Select(i => $"('{i}', {row}.{Column(i)})"));

    /// <summary>Whether <see cref="FlowSql"/> can answer for <paramref name="indicators"/> (all held in columns).</summary>
    public static bool Covers(IEnumerable<string> indicators) => indicators.All(All.Contains);

    /// <summary>
    /// <see cref="IndicatorQueries.FlowSql"/> over the roll-up rows, with the same result rows: the
    /// same tree, the same shadowing by inner units' reports, the same signatures. A row is kept whole
    /// when no inner unit above it reported any of its indicators that month and it carries nothing
    /// but requested indicators (the usual case); otherwise it is cut indicator by indicator, exactly
    /// as the facts are.
    /// </summary>
    public static readonly string FlowSql = IndicatorQueries.Tree + $"""
        , rows as (
            select t.path, r.* from tree t
             cross join lateral (select * from indicator_report r
                                  where r.unit_id = t.id and r.period_start between @period_from and @period_to
                                    and r.indicators && @indicators) r
        ), inner_rows as materialized (
            -- Materialised: the per-row probe below would otherwise rescan every row of the tree.
            select r.unit_id, r.period_start, r.indicators from rows r
             where r.unit_id in (select t.path[cardinality(t.path) - 1] from tree t where cardinality(t.path) > 1)
        ), judged as (
            select r.*, (select array_agg(i) from inner_rows a cross join unnest(a.indicators) i
                          where a.unit_id = any(r.path[1:cardinality(r.path) - 1]) and a.period_start = r.period_start
                            and i = any(@indicators)) as shadowed,
                   r.indicators <@ @indicators as requested_only
              from rows r
        ), cut as (
            select j.path[1] as root_id, j.unit_id, j.period_start, v.indicator, v.value
              from judged j cross join lateral (values {ValuesOf("j", All)}) v(indicator, value)
             where not (j.shadowed is null and j.requested_only)
               and v.value is not null and v.indicator = any(@indicators) and not v.indicator = any(coalesce(j.shadowed, array[]::text[]))
        ), kept as (
            select j.path[1] as root_id, j.unit_id, j.period_start, array_to_string(j.indicators, ',') as signature, {Columns("j.")}
              from judged j where j.shadowed is null and j.requested_only
            union all
            select c.root_id, c.unit_id, c.period_start, string_agg(c.indicator, ',' order by c.indicator collate "C"),
                   {string.Join(", ", All.Select(i => $"max(c.value) filter (where c.indicator = '{i}')"))}
              from cut c group by c.root_id, c.unit_id, c.period_start
        ), groups as (
            select g.root_id, g.signature, g.earliest, g.latest, v.indicator, v.total
              from (select k.root_id, k.signature, min(k.period_start) as earliest, max(k.period_start) as latest,
                           {string.Join(", ", All.Select(i => $"sum(k.{Column(i)}) as {Column(i)}"))}
                      from kept k group by k.root_id, k.signature) g
             cross join lateral (values {ValuesOf("g", All)}) v(indicator, total)
             where v.total is not null
        )
        select g.root_id, g.indicator, sum(g.total) as total, 0 as units, min(g.earliest) as earliest, max(g.latest) as latest,
               null as signature, null as signatures
          from groups g group by g.root_id, g.indicator
        union all
        select k.root_id, null, 0, count(distinct k.unit_id)::int, min(k.period_start), max(k.period_start), null, null
          from kept k group by k.root_id
        union all
        select g.root_id, g.indicator, g.total, 0, null, null, g.signature, null from groups g
        union all
        select u.root_id, null, 0, count(*)::int, null, null, null, u.signatures
          from (select k.root_id, k.unit_id, string_agg(distinct k.signature, ';') as signatures
                  from kept k group by k.root_id, k.unit_id) u
         group by u.root_id, u.signatures
        """;

    /// <summary>Whether the rows follow <c>@sources</c>, so that <see cref="FlowSql"/> may be read.</summary>
    public const string CurrentSql = "select coalesce((select source_priority = @sources from indicator_report_state), false)";
}
