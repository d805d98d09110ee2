using System.ComponentModel.DataAnnotations;
using Dapper;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Adapters.Indicators;

/// <summary>
/// Summed counts of a unit's subtree, and what went into them. Sums are decimal (summed as numeric in
/// the database), so no total overflows, even over values stored before their plausible bounds were checked.
/// </summary>
/// <param name="Values">Each indicator's total over the subtree.</param>
/// <param name="ReportingUnits">Units of the subtree that reported any of the figures.</param>
/// <param name="EarliestPeriod">The first period (day or month) the figures cover, or null when none.</param>
/// <param name="LatestPeriod">The last period they cover, or null when none.</param>
/// <param name="Reports">The same figures again, grouped by which indicators each report carried, so that a
/// rate can take its numerator and denominator from the same reports (see <see cref="Rates.Of(string, IndicatorTotals)"/>).</param>
/// <param name="UnitReports">How many reporting units carried which sets of indicators.</param>
public sealed record IndicatorTotals(
    IReadOnlyDictionary<string, decimal> Values, int ReportingUnits, DateOnly? EarliestPeriod, DateOnly? LatestPeriod,
    IReadOnlyList<ReportGroup> Reports, IReadOnlyList<UnitReportSets> UnitReports)
{
    public static readonly IndicatorTotals Empty = new(new Dictionary<string, decimal>(), 0, null, null, [], []);
}

/// <summary>The summed figures of every report (a unit's figures for one period) that carried exactly <paramref name="Indicators"/>.</summary>
public sealed record ReportGroup(IReadOnlySet<string> Indicators, IReadOnlyDictionary<string, decimal> Values);

/// <summary><paramref name="Units"/> units whose reports carried, between them, the indicator sets <paramref name="Sets"/> (one set a report).</summary>
public sealed record UnitReportSets(IReadOnlyList<IReadOnlySet<string>> Sets, int Units);

/// <summary>The figures of one unit, rolled up over its descendants.</summary>
/// <param name="Unit">The unit, as of the query's date.</param>
/// <param name="Totals">Its figures and those of every unit below it.</param>
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

/// <summary>One unit's own figure for an indicator and month (the month's first day).</summary>
public sealed record MonthlyFigure(long UnitId, DateOnly Month, string Indicator, long Value);

/// <summary>
/// Roll-ups of the observation store. A unit's figure for an indicator and period is its own report
/// when it has one, otherwise the sum of its descendants' figures: a province's own total wins over its
/// communes' reports, and nothing is counted twice. Among sources reporting the same figure the
/// configured priority decides. Stocks take each unit's latest report on or before the date; flows sum
/// the months. Restating onto today's map adds the figures of every unit version that went whole into
/// the unit (full lineage, transitively); units that went into it only in part are listed, not summed.
/// Flows of the procedure statistics are read from the roll-ups the batch merge keeps
/// (<see cref="IndicatorReports"/>), a few rows per root and month, and stocks of the ID issuance from
/// its stock rows (<see cref="IndicatorStocks"/>), one row per unit, with the same result as from the facts.
/// </summary>
public sealed class IndicatorQueries(NpgsqlDataSource dataSource, IUnitRegistry units, TimeProvider clock, IndicatorOptions options)
{
    /// <summary>Each root (<c>@roots</c>) and the units below it valid in the window, with their paths from the root.</summary>
    internal const string Tree = """
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

    /// <summary>
    /// Drops the reports that an ancestor's own report shadows, then sums what remains: per root and
    /// indicator, plus one row per root (indicator null) counting the reporting units. Then the same
    /// figures by report signature (the indicators a unit reported for one period, comma-joined), and
    /// the units per set of signatures (semicolon-joined), from which each rate finds the reports
    /// complete for it. Only reports on
    /// inner nodes of the tree can shadow; usually there are none (sources report communes), and then
    /// each report costs one probe of an empty set, so the cost grows linearly with the reports. Stocks
    /// shadow by indicator; flows by indicator and month.
    /// </summary>
    internal static string ShadowAndSum(bool samePeriod)
    {
        var period = samePeriod ? " and a.period_start = r.period_start" : "";
        return $"""
            , inner_reports as (
                select r.indicator, r.unit_id, r.period_start from reports r
                 where r.unit_id in (select t.path[cardinality(t.path) - 1] from tree t where cardinality(t.path) > 1)
            ), kept as (
                select r.* from reports r
                 where not exists (select 1 from inner_reports a
                                    where a.unit_id = any(r.path[1:cardinality(r.path) - 1]) and a.indicator = r.indicator{period})
            ), signatures as (
                select k.path[1] as root_id, k.unit_id, k.period_start,
                       string_agg(k.indicator, ',' order by k.indicator collate "C") as signature
                  from kept k group by k.path[1], k.unit_id, k.period_start
            ), signed as (
                select s.root_id, s.unit_id, k.indicator, k.value, s.signature
                  from kept k join signatures s on s.root_id = k.path[1] and s.unit_id = k.unit_id and s.period_start = k.period_start
            )
            select k.path[1] as root_id, k.indicator, sum(k.value) as total, 0 as units,
                   min(k.period_start) as earliest, max(k.period_start) as latest, null as signature, null as signatures
              from kept k group by k.path[1], k.indicator
            union all
            select u.root_id, null, 0, count(*)::int, min(u.earliest), max(u.latest), null, null
              from (select k.path[1] as root_id, min(k.period_start) as earliest, max(k.period_start) as latest
                      from kept k group by k.path[1], k.unit_id) u
             group by u.root_id
            union all
            select s.root_id, s.indicator, sum(s.value), 0, null, null, s.signature, null
              from signed s group by s.root_id, s.signature, s.indicator
            union all
            select u.root_id, null, 0, count(*)::int, null, null, null, u.signatures
              from (select s.root_id, s.unit_id, string_agg(distinct s.signature, ';') as signatures
                      from signed s group by s.root_id, s.unit_id) u
             group by u.root_id, u.signatures
            """;
    }

    // Indicator codes are ASCII: sorting them bytewise ("C") is exact and much cheaper than the database's locale.

    /// <summary>Stocks: each unit's latest report on or before the date, per indicator (source priority breaking ties).</summary>
    public static readonly string StockSql = Tree + """
        , reports as (
            select x.indicator, t.id as unit_id, x.period_start, x.value, t.path
              from tree t cross join lateral (
                   select distinct on (o.indicator collate "C") o.indicator, o.period_start, o.value
                     from observation o
                    where o.unit_id = t.id and o.indicator = any(@indicators) and o.period_start <= @period_to
                      and o.disaggregation = ''
                    order by o.indicator collate "C", o.period_start desc, array_position(@sources, o.source) nulls last) x
        )
        """ + ShadowAndSum(samePeriod: false);

    /// <summary>Flows: per month, one report per unit and indicator (source priority deciding).</summary>
    public static readonly string FlowSql = Tree + """
        , reports as (
            select x.indicator, t.id as unit_id, x.period_start, x.value, t.path
              from tree t cross join lateral (
                   select distinct on (o.indicator collate "C", o.period_start) o.indicator, o.period_start, o.value
                     from observation o
                    where o.unit_id = t.id and o.period_start between @period_from and @period_to
                      and o.indicator = any(@indicators) and o.disaggregation = ''
                    order by o.indicator collate "C", o.period_start, array_position(@sources, o.source) nulls last) x
        )
        """ + ShadowAndSum(samePeriod: true);

    /// <summary>
    /// One unit's figures. Without restating, <paramref name="code"/> means the unit valid on
    /// <paramref name="unitDate"/>; restated, it means today's unit.
    /// </summary>
    public async Task<UnitIndicators> GetAsync(string code, DateOnly unitDate, PeriodSelection periods, string[] indicators, bool restate, CancellationToken cancellationToken)
    {
        var target = await units.GetAsync(code, restate ? VietnamTime.Today(clock) : unitDate, cancellationToken);

        var (windowFrom, windowTo) = Window(periods);
        List<AdminUnit> roots = [target];
        List<AdminUnit> partial = [];
        if (restate)
        {
            foreach (var (predecessor, kind) in await units.PredecessorsAsync(target, cancellationToken))
            {
                if (Overlaps(predecessor, windowFrom, windowTo))
                {
                    (kind == LineageKind.Full ? roots : partial).Add(predecessor);
                }
            }
        }

        roots = roots.Where(r => Overlaps(r, windowFrom, windowTo)).ToList();
        var totals = await RollUpAsync(roots, periods, indicators, cancellationToken);
        return new UnitIndicators(target, Combine(roots.Select(r => totals.GetValueOrDefault(r.Id, IndicatorTotals.Empty))), partial);
    }

    /// <summary>
    /// The figures of each child of <paramref name="parent"/> (valid on <paramref name="unitDate"/>), each
    /// rolled up over its own subtree; without a parent, of each province valid on that date (the whole country).
    /// </summary>
    public async Task<IReadOnlyList<UnitIndicators>> ListChildrenAsync(AdminUnit? parent, DateOnly unitDate, PeriodSelection periods, string[] indicators, CancellationToken cancellationToken)
    {
        var children = await units.ListAllAsync(new UnitListFilter(parent?.Code, parent is null ? AdminLevel.Province : null, unitDate, null), cancellationToken);

        var totals = await RollUpAsync(children, periods, indicators, cancellationToken);
        return children.Select(c => new UnitIndicators(c, totals.GetValueOrDefault(c.Id, IndicatorTotals.Empty), [])).ToList();
    }

    /// <summary>
    /// Each unit's own figure (not rolled up) per month from <paramref name="from"/> up to
    /// <paramref name="to"/> (exclusive), for the units valid on <paramref name="validOn"/>: the month's
    /// latest report, the preferred source's when several report it.
    /// </summary>
    public async Task<IReadOnlyList<MonthlyFigure>> MonthlyFiguresAsync(string[] indicators, DateOnly from, DateOnly to, DateOnly validOn, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long UnitId, DateTime Month, string Indicator, long Value)>(new CommandDefinition("""
            select distinct on (o.unit_id, date_trunc('month', o.period_start), o.indicator collate "C")
                   o.unit_id, date_trunc('month', o.period_start)::date, o.indicator, o.value
              from observation o join admin_unit u on u.id = o.unit_id and u.valid_from <= @validOn and @validOn < u.valid_to
             where o.indicator = any(@indicators) and o.disaggregation = '' and o.period_start >= @from and o.period_start < @to
             order by o.unit_id, date_trunc('month', o.period_start), o.indicator collate "C", o.period_start desc,
                      array_position(@sources, o.source) nulls last
            """, new { indicators, from, to, validOn, sources = options.SourcePriority }, cancellationToken: cancellationToken));
        return rows.Select(r => new MonthlyFigure(r.UnitId, DateOnly.FromDateTime(r.Month), r.Indicator, r.Value)).ToList();
    }

    private async Task<Dictionary<long, IndicatorTotals>> RollUpAsync(List<AdminUnit> roots, PeriodSelection periods, string[] indicators, CancellationToken cancellationToken)
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
        (string Query, string Current)? rollUp = periods switch
        {
            PeriodSelection.Months when IndicatorReports.Cover(indicators) => (IndicatorReports.FlowSql, IndicatorReports.CurrentSql),
            PeriodSelection.AsOf when IndicatorStocks.Cover(indicators) => (IndicatorStocks.StockSql, IndicatorStocks.CurrentSql),
            _ => null,
        };
        if (rollUp is { } r && await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(r.Current, new { sources = options.SourcePriority }, cancellationToken: cancellationToken)))
        {
            sql = r.Query;
        }

        var rows = await connection.QueryAsync<RollUpRow>(new CommandDefinition(sql, new
        {
            roots = roots.Select(r => r.Id).ToArray(),
            indicators,
            sources = options.SourcePriority,
            window_from = windowFrom,
            window_to = windowTo,
            period_from = periodFrom,
            period_to = periodTo,
        }, cancellationToken: cancellationToken));

        return rows.GroupBy(r => r.root_id).ToDictionary(g => g.Key, g =>
        {
            var overall = g.Single(r => r.indicator is null && r.signatures is null);
            return new IndicatorTotals(
                g.Where(r => r.indicator is not null && r.signature is null).ToDictionary(r => r.indicator!, r => r.total),
                overall.units,
                overall.earliest,
                overall.latest,
                g.Where(r => r.signature is not null).GroupBy(r => r.signature!)
                    .Select(s => new ReportGroup(Split(s.Key), s.ToDictionary(r => r.indicator!, r => r.total))).ToList(),
                g.Where(r => r.signatures is not null)
                    .Select(r => new UnitReportSets(r.signatures!.Split(';').Select(Split).ToList(), r.units)).ToList());
        });

        static IReadOnlySet<string> Split(string signature) => signature.Split(',').ToHashSet(StringComparer.Ordinal);
    }

    private static IndicatorTotals Combine(IEnumerable<IndicatorTotals> parts)
    {
        var list = parts.Where(p => p.ReportingUnits > 0).ToList();
        if (list.Count == 0)
        {
            return IndicatorTotals.Empty;
        }

        var values = new Dictionary<string, decimal>();
        foreach (var (indicator, value) in list.SelectMany(p => p.Values))
        {
            values[indicator] = values.GetValueOrDefault(indicator) + value;
        }

        return new IndicatorTotals(values, list.Sum(p => p.ReportingUnits), list.Min(p => p.EarliestPeriod), list.Max(p => p.LatestPeriod),
            list.SelectMany(p => p.Reports).ToList(), list.SelectMany(p => p.UnitReports).ToList());
    }

    private static (DateOnly From, DateOnly To) Window(PeriodSelection periods) => periods switch
    {
        PeriodSelection.AsOf a => (a.Date, a.Date.AddDays(1)),
        PeriodSelection.Months m => (m.From, m.To.AddMonths(1)),
        _ => throw new ArgumentException("Unknown period selection", nameof(periods)),
    };

    private static bool Overlaps(AdminUnit unit, DateOnly from, DateOnly to) =>
        (unit.ValidFrom ?? DateOnly.MinValue) < to && from < (unit.ValidTo ?? DateOnly.MaxValue);

    // Parameter names match the SQL's column names, which is how Dapper maps them.
    private sealed record RollUpRow(long root_id, string? indicator, decimal total, int units, DateOnly? earliest, DateOnly? latest, string? signature, string? signatures);
}

/// <summary>Settings of indicator queries, section <c>DanVan:Indicators</c>.</summary>
public sealed class IndicatorOptions : IValidatableObject
{
    /// <summary>When several sources report the same figure, the first in this list wins; unlisted sources come last.</summary>
    public string[] SourcePriority { get; set; } = ["police", "one-stop", "portal"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SourcePriority.Any(string.IsNullOrWhiteSpace) || SourcePriority.Distinct(StringComparer.Ordinal).Count() != SourcePriority.Length)
        {
            yield return new ValidationResult("Source names must be non-empty and listed once each.", [nameof(SourcePriority)]);
        }
    }
}
