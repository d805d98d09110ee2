using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Indicators;

/// <summary>
/// The roll-ups of the flow figures (the procedure statistics), kept by the batch merge in its own
/// transaction (migration 0018):
/// <list type="bullet">
/// <item><c>indicator_report</c>: one row per unit and month holding, for every figure reported, the
/// value of the preferred source (a column per indicator) and the sorted list of the figures present,
/// which is the report's signature;</item>
/// <item><c>indicator_subtree</c>: per unit, month and signature, what <see cref="IndicatorQueries.FlowSql"/>
/// sums over the unit's subtree for that month (an inner unit's own report shadowing its descendants'
/// for the same figure), with the units whose reports went into it.</item>
/// </list>
/// A flow query then reads a few rows per root and month, whatever the number of units below it, and
/// still counts distinct reporting units over the months from the unit lists. The rows follow the
/// source priority and the unit map recorded in <c>indicator_report_state</c>: a batch written under
/// another priority rebuilds them all, a change to the map makes the next batch rebuild the subtree
/// rows, and queries read the facts while either differs.
/// </summary>
internal static class IndicatorReports
{
    private static readonly string[] Flows = IndicatorCodes.ProcedureStats;

    private const string Scale = "10000000000000000000";

    /// <summary>The column holding an indicator's value ("proc.received" → "proc_received").</summary>
    internal static string Column(string indicator) => indicator.Replace('.', '_');

    // A stored value's rank among the sources of its figure, unit and period: its source's priority
    // in @sources·10^19 + the value. Values are non-negative (a check on observation) and bigint, so
    // below 10^19: the least rank has the preferred source, and its remainder is the value. One hashed
    // grouping finds it (sorting a million values by key costs more than the merge itself, and building
    // a (priority, value) array per value three times what this costs).
    private static string Rank(string source, string value) => $"coalesce(array_position(@sources, {source}), 2147483647)::numeric * {Scale} + {value}";

    private static string Aggregates(string[] indicators, string aggregate) =>
        string.Join(",\n                       ", indicators.Select(i => $"{aggregate} filter (where v.indicator = '{i}') as {Column(i)}"));

    /// <summary>
    /// Per unit and period of <paramref name="values"/>, a relation of (unit_id, period_start, indicator,
    /// source, value), the preferred value of each of <paramref name="indicators"/> (null when not reported).
    /// </summary>
    internal static string PreferredPivot(string values, string[] indicators) => $"""
        select v.unit_id, v.period_start,
               {string.Join(",\n               ", indicators.Select(i => $"((min({Rank("v.source", "v.value")}) filter (where v.indicator = '{i}')) % {Scale})::bigint as {Column(i)}"))}
          from {values} v
         group by v.unit_id, v.period_start
        """;

    /// <summary>
    /// For the batch merge (<see cref="BatchWriter"/>), whose own writes are not visible within its
    /// statement: per unit and period of <paramref name="keys"/>, the preferred value of each of
    /// <paramref name="indicators"/> (the parameter <paramref name="parameter"/>) that the store holds
    /// once the merge is done. Two groupings, joined: the values <c>inserted</c> and <c>updated</c>
    /// return, all of the batch's source, one per figure, so their least is theirs; and the stored ones
    /// they leave as they are (other sources', other figures', those sent unchanged), ranked. Stored
    /// values exist only where a row of <paramref name="rollUp"/> does (both as of before the merge), so
    /// a unit and period the batch reports first costs no probe of the store, whose index holds the
    /// merge's new rows, and no ranking: a lateral probe per roll-up row (offset 0 keeps the planner
    /// from turning it into a join that scans that index, new rows and all, when the store looks small).
    /// When the batch holds only these figures, what it returns is not filtered again. The staging
    /// table, which has no index, is not read again.
    /// </summary>
    internal static string MergedPivot(string keys, string rollUp, string parameter, string[] indicators, bool onlyThese)
    {
        var written = onlyThese ? "" : $" where indicator = any({parameter})";
        return $"""
            select unit_id, period_start,
                   {string.Join(",\n                   ", indicators.Select(i => Column(i)).Select(c =>
                       $"case when s.{c} is null then w.{c} when w.{c} is null then (s.{c} % {Scale})::bigint else (least({Rank("@source", $"w.{c}")}, s.{c}) % {Scale})::bigint end as {c}"))}
              from (select v.unit_id, v.period_start,
                           {Aggregates(indicators, "min(v.value)")}
                      from (select unit_id, period_start, indicator, value from inserted{written}
                            union all
                            select unit_id, period_start, indicator, value from updated{written}) v
                     group by v.unit_id, v.period_start) w
              full join (
                    select v.unit_id, v.period_start,
                           {Aggregates(indicators, $"min({Rank("v.source", "v.value")})")}
                      from {keys} k
                      join {rollUp} r on r.unit_id = k.unit_id and r.period_start = k.period_start
                      cross join lateral (
                           select o.indicator, o.source, o.value, o.unit_id, o.period_start from observation o
                            where o.unit_id = k.unit_id and o.period_start = k.period_start
                              and o.disaggregation = '' and o.indicator = any({parameter})
                              and not (o.source = @source and exists (select from updated u
                                                                      where u.unit_id = o.unit_id and u.period_start = o.period_start and u.indicator = o.indicator))
                           offset 0) v
                     group by v.unit_id, v.period_start) s using (unit_id, period_start)
            """;
    }

    private static string Columns(string prefix = "") => string.Join(", ", Flows.Select(i => prefix + Column(i)));

    private static string ValuesOf(string row) => string.Join(", ", Flows.Select(i => $"('{i}', {row}.{Column(i)})"));

    /// <summary>Whether a flow query for <paramref name="indicators"/> can read the roll-ups: they hold exactly the procedure statistics.</summary>
    public static bool Cover(IEnumerable<string> indicators) => indicators.ToHashSet(StringComparer.Ordinal).SetEquals(Flows);

    /// <summary>The rows of <paramref name="pivot"/> (unit_id, period_start and a column per flow) with the figures present, listed bytewise: the report's signature.</summary>
    private static string Signed(string pivot) => $"""
        select p.unit_id, p.period_start,
               array_remove(array[{string.Join(", ", Flows.Order(StringComparer.Ordinal).Select(i => $"case when p.{Column(i)} is not null then '{i}' end"))}], null),
               {Columns("p.")}
          from ({pivot}) p
        """;

    /// <summary>
    /// Locks the state row, so that batches of different sources update the rows one after the other,
    /// and says whether the rows follow <c>@sources</c> and whether the subtree rows follow the map;
    /// <see cref="RebuildSql"/> or <see cref="RebuildSubtreesSql"/> follows in the same transaction
    /// when not.
    /// </summary>
    public const string SyncSql = "select source_priority is not distinct from @sources, map_current from indicator_report_state for update";

    /// <summary>The units and months whose report rows a batch rewrote: created with the staging table, filled by the merge.</summary>
    public const string CreateChangedSql = "create temp table ingest_changed (unit_id bigint, period_start date) on commit drop";

    public static readonly string RebuildSubtreesSql = $"""
        delete from indicator_subtree;
        {WriteSubtrees("indicator_report")};
        update indicator_report_state set map_current = true;
        """;

    public static readonly string RebuildSql = $"""
        delete from indicator_report;
        insert into indicator_report (unit_id, period_start, indicators, {Columns()})
        {Signed(PreferredPivot($"(select unit_id, period_start, indicator, source, value from observation where disaggregation = '' and indicator in ({string.Join(", ", Flows.Select(i => $"'{i}'"))}))", Flows))};
        update indicator_report_state set source_priority = @sources;
        """ + RebuildSubtreesSql;

    /// <summary>
    /// A data-modifying CTE for the batch merge: recomputes the report rows of the units and months
    /// whose flow figures it changed (the merge's own <c>changes</c>: all of them when the batch holds
    /// only flows, else those with <c>flow_values</c>) by <see cref="MergedPivot"/>, and notes those
    /// units and months in <c>ingest_changed</c> for <see cref="UpdateSubtreesSql"/>.
    /// </summary>
    public static string UpsertChangedSql(bool onlyFlows) => $"""
        , changed_flows as (
            select unit_id, period_start from changes{(onlyFlows ? "" : " where flow_values > 0")}
        ), reports_written as (
            insert into indicator_report (unit_id, period_start, indicators, {Columns()})
            {Signed(MergedPivot("changed_flows", "indicator_report", "@flows", Flows, onlyFlows))}
            on conflict (unit_id, period_start) do update
               set indicators = excluded.indicators, {string.Join(", ", Flows.Select(i => $"{Column(i)} = excluded.{Column(i)}"))}
            returning unit_id, period_start
        ), changed_noted as (
            insert into ingest_changed select unit_id, period_start from reports_written
        )
        """;

    /// <summary>After the merge, in its transaction: the subtree rows of every unit above (and at) the units and months it changed.</summary>
    public static readonly string UpdateSubtreesSql = WriteSubtrees("ingest_changed");

    /// <summary>
    /// Recomputes the subtree rows of every (unit, month) whose subtree holds a report row of
    /// <paramref name="changed"/> (a relation of unit_id and period_start): up the map from each changed
    /// unit to every unit whose tree, as <see cref="IndicatorQueries"/> walks it for that month, reaches
    /// it; then down each such unit's tree for that month over the report rows, exactly as the flow
    /// query over the facts shadows and groups them. A unit no unit was ever under (a commune) has no
    /// subtree rows: its report rows are its subtree (<see cref="FlowSql"/> reads them). Rows of a key
    /// that no longer occurs are removed; the others are written over.
    /// </summary>
    private static string WriteSubtrees(string changed) => $"""
        with recursive changed as (
            select distinct unit_id, period_start from {changed}
        ), up(origin, id, code, parent_code, valid_from, valid_to, below_from, below_to, depth) as (
            -- Up from each changed unit once, whatever its months: the units below an ancestor on the
            -- way (below_from, below_to: where all of them are valid) must be valid in a month for the
            -- ancestor's tree to reach the changed unit that month.
            select u.id, u.id, u.code, u.parent_code, u.valid_from, u.valid_to, '-infinity'::date, 'infinity'::date, 1
              from admin_unit u where u.id in (select unit_id from changed)
            union all
            select x.origin, p.id, p.code, p.parent_code, p.valid_from, p.valid_to,
                   greatest(x.below_from, x.valid_from), least(x.below_to, x.valid_to), x.depth + 1
              from up x join admin_unit p on p.code = x.parent_code
             where p.valid_from < x.valid_to and x.valid_from < p.valid_to and x.depth < 4
        ), affected as (
            select distinct x.id as root_id, c.period_start
              from up x join changed c on c.unit_id = x.origin
             where x.below_from < (c.period_start + interval '1 month')::date and c.period_start < x.below_to
               and (x.depth > 1 or exists (select from admin_unit k where k.parent_code = x.code))
        ), tree(root_id, period_start, id, code, valid_from, valid_to, path) as (
            select a.root_id, a.period_start, u.id, u.code, u.valid_from, u.valid_to, array[u.id]
              from affected a join admin_unit u on u.id = a.root_id
            union all
            select t.root_id, t.period_start, c.id, c.code, c.valid_from, c.valid_to, t.path || c.id
              from tree t join admin_unit c on c.parent_code = t.code
             where c.valid_from < t.valid_to and t.valid_from < c.valid_to
               and c.valid_from < (t.period_start + interval '1 month')::date and t.period_start < c.valid_to
               and cardinality(t.path) < 4
        ), rows as materialized (
            -- Whether the unit has a child in the tree (the recursion's own condition): a probe per
            -- report row, cheaper than listing the tree's parents.
            select t.root_id, t.path,
                   cardinality(t.path) < 4 and exists (
                       select from admin_unit c
                        where c.parent_code = t.code and c.valid_from < t.valid_to and t.valid_from < c.valid_to
                          and c.valid_from < (t.period_start + interval '1 month')::date and t.period_start < c.valid_to) as inner_node,
                   r.*
              from tree t join indicator_report r on r.unit_id = t.id and r.period_start = t.period_start
        ), inner_rows as materialized (
            -- Only reports of inner nodes of a tree can shadow; usually there are none.
            select r.root_id, r.period_start, r.unit_id, r.indicators from rows r where r.inner_node
        ), shadowing as (
            select r.root_id, r.period_start, r.path, array_agg(i) as shadowed
              from inner_rows a join rows r on r.root_id = a.root_id and r.period_start = a.period_start
                                         and a.unit_id = any(r.path[1:cardinality(r.path) - 1])
             cross join unnest(a.indicators) i
             group by r.root_id, r.period_start, r.path
        ), judged as (
            select r.*, s.shadowed from rows r left join shadowing s using (root_id, period_start, path)
        ), kept as (
            select j.root_id, j.period_start, j.unit_id, array_to_string(j.indicators, ',') as signature, {Columns("j.")}
              from judged j where j.shadowed is null
            union all
            select j.root_id, j.period_start, j.unit_id, string_agg(c.indicator, ',' order by c.indicator collate "C"),
                   {string.Join(", ", Flows.Select(i => $"max(c.value) filter (where c.indicator = '{i}')"))}
              from judged j cross join lateral (values {ValuesOf("j")}) c(indicator, value)
             where j.shadowed is not null and c.value is not null and not c.indicator = any(j.shadowed)
             group by j.root_id, j.period_start, j.unit_id
        ), computed as (
            select k.root_id, k.period_start, k.signature, array_agg(k.unit_id) as units,
                   {string.Join(", ", Flows.Select(i => $"sum(k.{Column(i)}) as {Column(i)}"))}
              from kept k group by k.root_id, k.period_start, k.signature
        ), written as (
            insert into indicator_subtree (root_id, period_start, signature, units, {Columns()})
            select * from computed
            on conflict (root_id, period_start, signature) do update
               set units = excluded.units, {string.Join(", ", Flows.Select(i => $"{Column(i)} = excluded.{Column(i)}"))}
        )
        delete from indicator_subtree s using affected a
         where s.root_id = a.root_id and s.period_start = a.period_start
           and not exists (select from computed c where c.root_id = s.root_id and c.period_start = s.period_start and c.signature = s.signature)
        """;

    /// <summary>
    /// <see cref="IndicatorQueries.FlowSql"/> over the subtree rows, with the same result rows: per
    /// root and indicator, the reporting units, per signature, and the units per set of signatures
    /// (from the unit lists, so a unit reporting in several months counts once).
    /// </summary>
    public static readonly string FlowSql = $"""
        with rows as (
            select s.root_id, s.period_start, s.signature, s.units, {Columns("s.")}
              from indicator_subtree s where s.root_id = any(@roots) and s.period_start between @period_from and @period_to
            union all
            select r.unit_id, r.period_start, array_to_string(r.indicators, ','), array[r.unit_id], {Columns("r.")}
              from indicator_report r join admin_unit u on u.id = r.unit_id
             where r.unit_id = any(@roots) and r.period_start between @period_from and @period_to
               and not exists (select from admin_unit c where c.parent_code = u.code)
        ), members as (
            select r.root_id, u.unit_id, r.signature from rows r cross join unnest(r.units) u(unit_id)
        ), groups as (
            select g.root_id, g.signature, g.earliest, g.latest, v.indicator, v.total
              from (select r.root_id, r.signature, min(r.period_start) as earliest, max(r.period_start) as latest,
                           {string.Join(", ", Flows.Select(i => $"sum(r.{Column(i)}) as {Column(i)}"))}
                      from rows r group by r.root_id, r.signature) g
             cross join lateral (values {ValuesOf("g")}) v(indicator, total)
             where v.total is not null
        )
        select g.root_id, g.indicator, sum(g.total) as total, 0 as units, min(g.earliest) as earliest, max(g.latest) as latest,
               null as signature, null as signatures
          from groups g group by g.root_id, g.indicator
        union all
        select p.root_id, null, 0, u.units, p.earliest, p.latest, null, null
          from (select r.root_id, min(r.period_start) as earliest, max(r.period_start) as latest from rows r group by r.root_id) p
          join (select m.root_id, count(distinct m.unit_id)::int as units from members m group by m.root_id) u on u.root_id = p.root_id
        union all
        select g.root_id, g.indicator, g.total, 0, null, null, g.signature, null from groups g
        union all
        select u.root_id, null, 0, count(*)::int, null, null, null, u.signatures
          from (select m.root_id, m.unit_id, string_agg(distinct m.signature, ';') as signatures
                  from members m group by m.root_id, m.unit_id) u
         group by u.root_id, u.signatures
        """;

    /// <summary>Whether the rows follow <c>@sources</c> and the map, so that <see cref="FlowSql"/> may be read.</summary>
    public const string CurrentSql = "select coalesce((select source_priority = @sources and map_current from indicator_report_state), false)";
}
