using Dapper;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

public sealed record LevelSummary(AdminLevel Level, int PeriodicHeld, int AdHocHeld, int OpinionsReceived, int OpinionsResolved);

public sealed record DialogueSummary(AdminUnit Unit, IReadOnlyList<LevelSummary> Levels, int ProposalsPending)
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

    /// <summary>Dialogues held from <paramref name="from"/> to <paramref name="to"/> (inclusive) in the unit's subtree, with their opinions.</summary>
    public async Task<DialogueSummary> SummarizeAsync(string code, DateOnly from, DateOnly to, DateOnly today, CancellationToken cancellationToken)
    {
        var (unit, roots) = await ScopeAsync(code, today, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var levels = await connection.QueryAsync<LevelRow>(new CommandDefinition($"""
            with held as (
                select d.id, d.kind, u.level from dialogue d join admin_unit u on u.id = d.unit_id
                 where d.unit_path && @roots and d.held_on between @from and @to
                   and d.status = any(@heldStatuses)
            ), opinions as (
                select h.level, count(*)::int as received, count(*) filter (where o.status in {OpinionWorkflow.ResolvedStatusesSql})::int as resolved
                  from held h join opinion o on o.dialogue_id = h.id group by h.level
            ), dialogues as (
                select level, count(*) filter (where kind = @periodic)::int as periodic, count(*) filter (where kind = @adHoc)::int as ad_hoc
                  from held group by level
            )
            select coalesce(d.level, o.level) as Level, coalesce(d.periodic, 0) as PeriodicHeld, coalesce(d.ad_hoc, 0) as AdHocHeld,
                   coalesce(o.received, 0) as OpinionsReceived, coalesce(o.resolved, 0) as OpinionsResolved
              from dialogues d full join opinions o on o.level = d.level
             order by 1
            """, new
        {
            roots = roots.ToArray(), from, to,
            heldStatuses = HeldStatuses, periodic = StoredNames.Of(DialogueKind.Periodic), adHoc = StoredNames.Of(DialogueKind.AdHoc),
        }, cancellationToken: cancellationToken));
        var pending = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from dialogue where unit_path && @roots and status = @proposed",
            new { roots = roots.ToArray(), proposed = StoredNames.Of(DialogueStatus.Proposed) }, cancellationToken: cancellationToken));
        return new DialogueSummary(unit, levels.Select(l => new LevelSummary((AdminLevel)l.Level, l.PeriodicHeld, l.AdHocHeld, l.OpinionsReceived, l.OpinionsResolved)).ToList(), pending);
    }

    private sealed class LevelRow
    {
        public short Level { get; init; }
        public int PeriodicHeld { get; init; }
        public int AdHocHeld { get; init; }
        public int OpinionsReceived { get; init; }
        public int OpinionsResolved { get; init; }
    }
}
