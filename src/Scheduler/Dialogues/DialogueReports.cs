using Dapper;
using DanVan.Adapters.Time;
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

public sealed record DialogueSummary(AdminUnit Unit, IReadOnlyList<LevelSummary> Levels, IReadOnlyList<ChildSummary> Children, int ProposalsPending)
{
    public int PeriodicHeld => Levels.Sum(l => l.PeriodicHeld);
    public int AdHocHeld => Levels.Sum(l => l.AdHocHeld);
    public int OpinionsReceived => Levels.Sum(l => l.OpinionsReceived);
    public int OpinionsResolved => Levels.Sum(l => l.OpinionsResolved);
}

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

    private static readonly string[] HeldStatuses =
        [StoredNames.Of(DialogueStatus.Held), StoredNames.Of(DialogueStatus.ResultsPublished), StoredNames.Of(DialogueStatus.Closed)];

    /// <summary>
    /// Dialogues held from <paramref name="from"/> to <paramref name="to"/> (inclusive, by the day rule
    /// lists use) in the subtree of the unit valid on <paramref name="asOf"/>, with their opinions: those
    /// stored one by one and those recorded only as counts alike. Broken down by level and by the child
    /// of the unit each was held under.
    /// </summary>
    public async Task<DialogueSummary> SummarizeAsync(string code, DateOnly from, DateOnly to, DateOnly asOf, CancellationToken cancellationToken)
    {
        var (unit, roots) = await ScopeAsync(code, asOf, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LevelRow>(new CommandDefinition($"""
            with held as (
                select d.id, d.kind, u.level, d.counted_received, d.counted_answered, d.counted_resolved,
                       (select d.unit_path[p - 1] from unnest(@roots) r, array_position(d.unit_path, r) p where p > 1 limit 1) as child_id
                  from dialogue d join admin_unit u on u.id = d.unit_id
                 where d.unit_path && @roots and {DialogueStore.DaySql} between @from and @to
                   and d.status = any(@heldStatuses)
            ), opinions as (
                select o.dialogue_id, count(*)::int as received, count(*) filter (where o.status in {OpinionWorkflow.ResolvedStatusesSql})::int as resolved
                  from opinion o where o.dialogue_id in (select id from held) group by o.dialogue_id
            )
            select h.child_id as ChildId, h.level as Level,
                   count(*) filter (where h.kind = @periodic)::int as PeriodicHeld, count(*) filter (where h.kind = @adHoc)::int as AdHocHeld,
                   sum(coalesce(o.received, 0) + coalesce(h.counted_received, 0))::int as OpinionsReceived,
                   sum(coalesce(o.resolved, 0) + coalesce(h.counted_answered, 0) + coalesce(h.counted_resolved, 0))::int as OpinionsResolved
              from held h left join opinions o on o.dialogue_id = h.id
             group by h.child_id, h.level
             order by 2, 1
            """, new
        {
            roots = roots.ToArray(), from, to, zone = VietnamTime.TimeZoneId,
            heldStatuses = HeldStatuses, periodic = StoredNames.Of(DialogueKind.Periodic), adHoc = StoredNames.Of(DialogueKind.AdHoc),
        }, cancellationToken: cancellationToken))).ToList();
        var pending = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from dialogue where unit_path && @roots and status = @proposed",
            new { roots = roots.ToArray(), proposed = StoredNames.Of(DialogueStatus.Proposed) }, cancellationToken: cancellationToken));

        var levels = rows.GroupBy(r => r.Level).Select(g => Sum((AdminLevel)g.Key, g)).ToList();
        var childIds = rows.Where(r => r.ChildId is not null).Select(r => r.ChildId!.Value).Distinct().ToList();
        var childUnits = await units.GetByIdsAsync(childIds, cancellationToken);
        var children = rows.Where(r => r.ChildId is not null).GroupBy(r => r.ChildId!.Value)
            .Select(g => new ChildSummary(childUnits[g.Key], g.GroupBy(r => r.Level).Select(l => Sum((AdminLevel)l.Key, l)).ToList()))
            .OrderBy(c => c.Unit.Code, StringComparer.Ordinal).ToList();
        return new DialogueSummary(unit, levels, children, pending);
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
