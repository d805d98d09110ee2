using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Adapters.Indicators;

/// <summary>Summed counts of a unit's subtree, and what went into them.</summary>
public sealed record IndicatorTotals(
    IReadOnlyDictionary<string, long> Values, int ReportingUnits, DateOnly? EarliestPeriod, DateOnly? LatestPeriod)
{
    public static readonly IndicatorTotals Empty = new(new Dictionary<string, long>(), 0, null, null);
}

/// <summary>The figures of one unit, rolled up over its descendants.</summary>
/// <param name="PartialPredecessors">When restated: units that went only partly into this one; their
/// figures are not counted, since no split key says how much of them belongs here.</param>
public sealed record UnitIndicators(AdminUnit Unit, IndicatorTotals Totals, IReadOnlyList<AdminUnit> PartialPredecessors);

/// <summary>Which periods a query covers: a stock as of a date, or flows over whole months.</summary>
public abstract record PeriodSelection
{
    public sealed record AsOf(DateOnly Date) : PeriodSelection;

    /// <summary>Months <paramref name="From"/> to <paramref name="To"/> inclusive, each as its first day.</summary>
    public sealed record Months(DateOnly From, DateOnly To) : PeriodSelection;
}

/// <summary>
/// Roll-ups of the observation store. A unit's figure for an indicator and period is its own report
/// when it has one, otherwise the sum of its descendants' figures: a province's own total wins over its
/// communes' reports, and nothing is counted twice. Among sources reporting the same figure the
/// configured priority decides. Stocks take each unit's latest report on or before the date; flows sum
/// the months. Restating onto today's map adds the figures of every unit version that went whole into
/// the unit (full lineage, transitively); units that went into it only in part are listed, not summed.
/// </summary>
public sealed class IndicatorQueries(NpgsqlDataSource dataSource, IUnitRegistry units, TimeProvider clock, IndicatorOptions options)
{
    private const string Tree = """
        with recursive tree(id, code, valid_from, valid_to, path) as (
            select u.id, u.code, u.valid_from, u.valid_to, array[u.id]
              from admin_unit u where u.id = any(@roots)
            union all
            select c.id, c.code, c.valid_from, c.valid_to, t.path || c.id
              from tree t join admin_unit c on c.parent_code = t.code
             where c.valid_from < t.valid_to and t.valid_from < c.valid_to
               and c.valid_from < @window_to and @window_from < c.valid_to
               and cardinality(t.path) < 4
        )
        """;

    /// <summary>Latest report on or before the date per unit and indicator; an ancestor's report shadows its descendants'.</summary>
    public const string StockSql = Tree + """
        , reports as (
            select distinct on (o.indicator, o.unit_id) o.indicator, o.unit_id, o.period_start, o.value, t.path
              from observation o join tree t on t.id = o.unit_id
             where o.indicator = any(@indicators) and o.period_start <= @period_to and o.disaggregation = ''
             order by o.indicator, o.unit_id, o.period_start desc, array_position(@sources, o.source) nulls last
        ), ancestry as (
            select r.indicator, r.unit_id, unnest(r.path[1:cardinality(r.path) - 1]) as ancestor_id from reports r
        ), shadowed as (
            select distinct x.indicator, x.unit_id
              from ancestry x join reports a on a.unit_id = x.ancestor_id and a.indicator = x.indicator
        )
        select r.path[1] as root_id, r.indicator, sum(r.value)::bigint as total,
               count(distinct r.unit_id)::int as units, min(r.period_start) as earliest, max(r.period_start) as latest
          from reports r left join shadowed s using (indicator, unit_id)
         where s.unit_id is null
         group by grouping sets ((r.path[1], r.indicator), (r.path[1]))
        """;

    /// <summary>Per month, one report per unit and indicator; an ancestor's report shadows its descendants' for that month.</summary>
    public const string FlowSql = Tree + """
        , reports as (
            select distinct on (o.indicator, o.unit_id, o.period_start) o.indicator, o.unit_id, o.period_start, o.value, t.path
              from observation o join tree t on t.id = o.unit_id
             where o.indicator = any(@indicators) and o.period_start between @period_from and @period_to
               and o.disaggregation = ''
             order by o.indicator, o.unit_id, o.period_start, array_position(@sources, o.source) nulls last
        ), ancestry as (
            select r.indicator, r.unit_id, r.period_start, unnest(r.path[1:cardinality(r.path) - 1]) as ancestor_id from reports r
        ), shadowed as (
            select distinct x.indicator, x.unit_id, x.period_start
              from ancestry x join reports a
                on a.unit_id = x.ancestor_id and a.indicator = x.indicator and a.period_start = x.period_start
        )
        select r.path[1] as root_id, r.indicator, sum(r.value)::bigint as total,
               count(distinct r.unit_id)::int as units, min(r.period_start) as earliest, max(r.period_start) as latest
          from reports r left join shadowed s using (indicator, unit_id, period_start)
         where s.unit_id is null
         group by grouping sets ((r.path[1], r.indicator), (r.path[1]))
        """;

    /// <summary>
    /// One unit's figures. Without restating, <paramref name="code"/> means the unit valid on
    /// <paramref name="unitDate"/>; restated, it means today's unit.
    /// </summary>
    public async Task<UnitIndicators> GetAsync(string code, DateOnly unitDate, PeriodSelection periods, string[] indicators, bool restate, CancellationToken cancellationToken)
    {
        var target = await units.FindAsync(code, restate ? VietnamTime.Today(clock) : unitDate, cancellationToken)
            ?? throw new NotFoundException("admin unit",
                $"No administrative unit had code {code} on {(restate ? VietnamTime.Today(clock) : unitDate):yyyy-MM-dd}.");

        var (windowFrom, windowTo) = Window(periods);
        List<AdminUnit> roots = [target];
        List<AdminUnit> partial = [];
        if (restate)
        {
            foreach (var (predecessor, full) in await PredecessorsAsync(target, cancellationToken))
            {
                if (Overlaps(predecessor, windowFrom, windowTo))
                {
                    (full ? roots : partial).Add(predecessor);
                }
            }
        }

        roots = roots.Where(r => Overlaps(r, windowFrom, windowTo)).ToList();
        var totals = await RollUpAsync(roots, periods, indicators, cancellationToken);
        return new UnitIndicators(target, Combine(roots.Select(r => totals.GetValueOrDefault(r.Id, IndicatorTotals.Empty))), partial);
    }

    /// <summary>The figures of each child of <paramref name="parent"/> (valid on <paramref name="unitDate"/>), each rolled up over its own subtree.</summary>
    public async Task<IReadOnlyList<UnitIndicators>> ListChildrenAsync(AdminUnit parent, DateOnly unitDate, PeriodSelection periods, string[] indicators, CancellationToken cancellationToken)
    {
        var children = new List<AdminUnit>();
        string? after = null;
        while (true)
        {
            var page = await units.ListAsync(new UnitListFilter(parent.Code, null, unitDate, null), after, 1000, cancellationToken);
            children.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].Code;
        }

        var totals = await RollUpAsync(children, periods, indicators, cancellationToken);
        return children.Select(c => new UnitIndicators(c, totals.GetValueOrDefault(c.Id, IndicatorTotals.Empty), [])).ToList();
    }

    private async Task<Dictionary<long, IndicatorTotals>> RollUpAsync(IReadOnlyList<AdminUnit> roots, PeriodSelection periods, string[] indicators, CancellationToken cancellationToken)
    {
        if (roots.Count == 0)
        {
            return [];
        }

        var (windowFrom, windowTo) = Window(periods);
        var (sql, periodFrom, periodTo) = periods switch
        {
            PeriodSelection.AsOf a => (StockSql, a.Date, a.Date),
            PeriodSelection.Months m => (FlowSql, m.From, m.To),
            _ => throw new ArgumentException("Unknown period selection", nameof(periods)),
        };

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RollUpRow>(new CommandDefinition(sql, new
        {
            roots = roots.Select(r => r.Id).ToArray(),
            indicators,
            sources = options.SourcePriority,
            window_from = ToDate(windowFrom),
            window_to = ToDate(windowTo),
            period_from = ToDate(periodFrom),
            period_to = ToDate(periodTo),
        }, cancellationToken: cancellationToken));

        return rows.GroupBy(r => r.root_id).ToDictionary(g => g.Key, g =>
        {
            var overall = g.Single(r => r.indicator is null);
            return new IndicatorTotals(
                g.Where(r => r.indicator is not null).ToDictionary(r => r.indicator!, r => r.total),
                overall.units,
                overall.earliest,
                overall.latest);
        });
    }

    /// <summary>Every unit version that went into <paramref name="unit"/>, with whether all of it did (every link full).</summary>
    private async Task<IReadOnlyList<(AdminUnit Unit, bool Full)>> PredecessorsAsync(AdminUnit unit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Code, DateTime From, bool Full)>(new CommandDefinition("""
            with recursive walk(id, all_full, depth) as (
                select @id::bigint, true, 0
                union all
                select l.predecessor_id, w.all_full and l.kind = 'full', w.depth + 1
                  from walk w join unit_lineage l on l.successor_id = w.id
                 where w.depth < 16
            )
            select u.code, u.valid_from, bool_or(w.all_full)
              from walk w join admin_unit u on u.id = w.id
             where w.depth > 0
             group by u.id
            """, new { id = unit.Id }, cancellationToken: cancellationToken));

        var result = new List<(AdminUnit, bool)>();
        foreach (var (code, from, full) in rows)
        {
            // Looked up on their first day: the registry answers by code and date.
            var first = DateOnly.FromDateTime(from);
            var predecessor = await units.FindAsync(code, first, cancellationToken);
            if (predecessor is not null)
            {
                result.Add((predecessor, full));
            }
        }

        return result;
    }

    private static IndicatorTotals Combine(IEnumerable<IndicatorTotals> parts)
    {
        var list = parts.Where(p => p.ReportingUnits > 0).ToList();
        if (list.Count == 0)
        {
            return IndicatorTotals.Empty;
        }

        var values = new Dictionary<string, long>();
        foreach (var (indicator, value) in list.SelectMany(p => p.Values))
        {
            values[indicator] = values.GetValueOrDefault(indicator) + value;
        }

        return new IndicatorTotals(values, list.Sum(p => p.ReportingUnits), list.Min(p => p.EarliestPeriod), list.Max(p => p.LatestPeriod));
    }

    private static (DateOnly From, DateOnly To) Window(PeriodSelection periods) => periods switch
    {
        PeriodSelection.AsOf a => (a.Date, a.Date.AddDays(1)),
        PeriodSelection.Months m => (m.From, m.To.AddMonths(1)),
        _ => throw new ArgumentException("Unknown period selection", nameof(periods)),
    };

    private static bool Overlaps(AdminUnit unit, DateOnly from, DateOnly to) =>
        (unit.ValidFrom ?? DateOnly.MinValue) < to && from < (unit.ValidTo ?? DateOnly.MaxValue);

    private static DateTime ToDate(DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    // Parameter names match the SQL's column names, which is how Dapper maps them.
    private sealed record RollUpRow(long root_id, string? indicator, long total, int units, DateOnly earliest, DateOnly latest);
}

/// <summary>Settings of indicator queries, section <c>DanVan:Indicators</c>.</summary>
public sealed class IndicatorOptions
{
    /// <summary>When several sources report the same figure, the first in this list wins; unlisted sources come last.</summary>
    public string[] SourcePriority { get; set; } = ["police", "one-stop", "portal"];
}
