using Dapper;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

public sealed record LevelSummary(AdminLevel Level, int PeriodicHeld, int AdHocHeld, int OpinionsReceived, int OpinionsResolved);

/// <summary>The figures of the dialogues held in one child unit's subtree (the child as it was when they were held).</summary>
public sealed record ChildSummary(AdminUnit Unit, IReadOnlyList<LevelSummary> Levels)
{
    public int PeriodicHeld => Levels.Sum(l => l.PeriodicHeld);
    public int AdHocHeld => Levels.Sum(l => l.AdHocHeld);
    public int OpinionsReceived => Levels.Sum(l => l.OpinionsReceived);
    public int OpinionsResolved => Levels.Sum(l => l.OpinionsResolved);
}

/// <summary>
/// The figures of the dialogues held over a period, by level and by child, and the proposals pending:
/// of the whole country as such (its children are the provinces), or of a unit as <see cref="DialogueSummary"/>.
/// </summary>
public record DialogueFigures(IReadOnlyList<LevelSummary> Levels, IReadOnlyList<ChildSummary> Children, int ProposalsPending)
{
    public int PeriodicHeld => Levels.Sum(l => l.PeriodicHeld);
    public int AdHocHeld => Levels.Sum(l => l.AdHocHeld);
    public int OpinionsReceived => Levels.Sum(l => l.OpinionsReceived);
    public int OpinionsResolved => Levels.Sum(l => l.OpinionsResolved);
}

/// <summary>The figures of one unit's subtree.</summary>
public sealed record DialogueSummary(AdminUnit Unit, IReadOnlyList<LevelSummary> Levels, IReadOnlyList<ChildSummary> Children, int ProposalsPending)
    : DialogueFigures(Levels, Children, ProposalsPending);

/// <summary>
/// Which dialogues belong to a unit, and the figures rolled up over them. A unit's dialogues are those
/// recorded against it or (with descendants) below it, and against every unit version that went whole
/// into it — so a province formed in 2025 counts what its predecessor provinces and their districts and
/// communes held before.
/// </summary>
public sealed class DialogueReports(NpgsqlDataSource dataSource, IUnitRegistry units)
{
    /// <summary>The unit valid on <paramref name="date"/> and the ids of itself and its full predecessors.</summary>
    public async Task<(AdminUnit Unit, IReadOnlyList<long> Roots)> ScopeAsync(string code, DateOnly date, CancellationToken cancellationToken)
    {
        var unit = await units.GetAsync(code, date, cancellationToken);
        return (unit, await units.WithFullPredecessorsAsync(unit, cancellationToken));
    }

    /// <summary>
    /// Dialogues held from <paramref name="from"/> to <paramref name="to"/> (inclusive, by the day rule
    /// lists use) in the subtree of the unit valid on <paramref name="asOf"/>, with their opinions: those
    /// stored one by one and those recorded only as counts alike. Broken down by level and by the child
    /// of the unit each was held under. Read from the roll-ups the dialogue and opinion triggers keep
    /// (migration 0019), a few rows per child and level whatever the number of dialogues.
    /// </summary>
    public async Task<DialogueSummary> SummarizeAsync(string code, DateOnly from, DateOnly to, DateOnly asOf, CancellationToken cancellationToken)
    {
        var (unit, roots) = await ScopeAsync(code, asOf, cancellationToken);
        var figures = await FiguresAsync(roots.ToArray(), from, to, cancellationToken);
        return new DialogueSummary(unit, figures.Levels, figures.Children, figures.ProposalsPending);
    }

    /// <summary>
    /// The same figures for the whole country: by level, and by province (each as it was when the
    /// dialogues were held, so the 63 provinces before 2025-07-01 and the 34 after each appear as
    /// themselves), with every proposal pending. Read from the country's own roll-up rows.
    /// </summary>
    public Task<DialogueFigures> SummarizeCountryAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        FiguresAsync(null, from, to, cancellationToken);

    /// <summary>The figures of the subtrees of <paramref name="roots"/>, or of the country when null.</summary>
    private async Task<DialogueFigures> FiguresAsync(long[]? roots, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (grains, starts, ends) = Cover(from, to);
        var scope = roots is null ? "r.unit_id is null" : "r.unit_id = any(@roots)";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LevelRow>(new CommandDefinition($"""
            select r.child_id as ChildId, r.level as Level,
                   sum(r.periodic_held)::int as PeriodicHeld, sum(r.ad_hoc_held)::int as AdHocHeld,
                   sum(r.opinions_received)::int as OpinionsReceived, sum(r.opinions_resolved)::int as OpinionsResolved
              from dialogue_rollup r
              join unnest(@grains, @starts, @ends) g(grain, first_day, end_day)
                on r.grain = g.grain and r.period_start >= g.first_day and r.period_start < g.end_day
             where {scope}
             group by r.child_id, r.level
             order by 2, 1
            """, roots is null ? (object)new { grains, starts, ends } : new { roots, grains, starts, ends }, cancellationToken: cancellationToken))).ToList();
        var proposed = StoredNames.Of(DialogueStatus.Proposed);
        var pending = await connection.ExecuteScalarAsync<int>(new CommandDefinition(roots is null
                ? $"select count(*)::int from dialogue where status = '{proposed}'"
                : $"select count(*)::int from dialogue where unit_path && @roots and status = '{proposed}'",
            roots is null ? null : new { roots }, cancellationToken: cancellationToken));

        var levels = rows.GroupBy(r => r.Level).Select(g => Sum((AdminLevel)g.Key, g)).ToList();
        var childIds = rows.Where(r => r.ChildId is not null).Select(r => r.ChildId!.Value).Distinct().ToList();
        var childUnits = await units.GetByIdsAsync(childIds, cancellationToken);
        var children = rows.Where(r => r.ChildId is not null).GroupBy(r => r.ChildId!.Value)
            .Select(g => new ChildSummary(childUnits[g.Key], g.GroupBy(r => r.Level).Select(l => Sum((AdminLevel)l.Key, l)).ToList()))
            .OrderBy(c => c.Unit.Code, StringComparer.Ordinal).ThenBy(c => c.Unit.ValidFrom).ToList();
        return new DialogueFigures(levels, children, pending);
    }

    /// <summary>
    /// The days <paramref name="from"/> to <paramref name="to"/> (inclusive) as the fewest roll-up
    /// periods: the days up to the first whole month, the months up to the first whole year, the whole
    /// years, then the months and days after them. Each is (grain, first day, end exclusive).
    /// </summary>
    internal static (string[] Grains, DateOnly[] Starts, DateOnly[] Ends) Cover(DateOnly from, DateOnly to)
    {
        var end = to.AddDays(1);
        var parts = new List<(string Grain, DateOnly Start, DateOnly End)>();
        var month = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        if (month >= end)
        {
            parts.Add(("day", from, end));
        }
        else
        {
            var lastMonth = new DateOnly(end.Year, end.Month, 1);
            var year = month.Month == 1 ? month : new DateOnly(month.Year + 1, 1, 1);
            var lastYear = new DateOnly(end.Year, 1, 1);
            parts.Add(("day", from, month));
            if (year < lastYear)
            {
                parts.Add(("month", month, year));
                parts.Add(("year", year, lastYear));
                parts.Add(("month", lastYear, lastMonth));
            }
            else
            {
                parts.Add(("month", month, lastMonth));
            }

            parts.Add(("day", lastMonth, end));
        }

        var kept = parts.Where(p => p.Start < p.End).ToList();
        return (kept.Select(p => p.Grain).ToArray(), kept.Select(p => p.Start).ToArray(), kept.Select(p => p.End).ToArray());
    }

    private static LevelSummary Sum(AdminLevel level, IEnumerable<LevelRow> rows) =>
        new(level, rows.Sum(r => r.PeriodicHeld), rows.Sum(r => r.AdHocHeld), rows.Sum(r => r.OpinionsReceived), rows.Sum(r => r.OpinionsResolved));

    private sealed class LevelRow
    {
        public long? ChildId { get; init; }
        public short Level { get; init; }
        public int PeriodicHeld { get; init; }
        public int AdHocHeld { get; init; }
        public int OpinionsReceived { get; init; }
        public int OpinionsResolved { get; init; }
    }
}
