using Dapper;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>The dialogues a unit's calendar feed shows.</summary>
public sealed class CalendarDialogues(NpgsqlDataSource dataSource, IUnitRegistry units)
{
    private static readonly string[] UpcomingStatuses =
        Enum.GetValues<DialogueStatus>().Where(Dialogue.IsUpcomingStatus).Select(StoredNames.Of).ToArray();

    /// <summary>
    /// The dialogues with a slot recorded against <paramref name="unitIds"/>, by start then id (at most
    /// <paramref name="limit"/>), each with its agenda as <see cref="DialogueStore.GetAsync"/> gives it (those still to
    /// be held also carry the open opinions of earlier ones), in one query: what a calendar shows.
    /// </summary>
    public async Task<IReadOnlyList<Dialogue>> ListAsync(IReadOnlyList<long> unitIds, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DialogueWithAgendaRow>(new CommandDefinition($"""
            select {DialogueStore.Columns}, a.kinds as AgendaKinds, a.texts as AgendaTexts, a.opinion_ids as AgendaOpinionIds
              from dialogue d cross join lateral (
                   select array_agg(i.kind order by i.part, i.n) as kinds, array_agg(i.text order by i.part, i.n) as texts,
                          array_agg(i.opinion_id::text order by i.part, i.n) as opinion_ids
                     from (select 0 as part, item.position::bigint as n, item.kind, item.text, item.opinion_id
                             from dialogue_agenda_item item where item.dialogue_id = d.id
                           union all
                           select 1, o.seq, @carried, o.topic || ': ' || o.content, o.id
                             from opinion o
                            where d.status = any(@upcoming) and {OpinionStore.CarriedSql("d.unit_id", "d.id", "d.starts_at")}) i) a
             where d.unit_id = any(@ids) and d.starts_at is not null
             order by d.starts_at, d.id
             limit @limit
            """, new
        {
            ids = unitIds.ToArray(),
            limit,
            upcoming = UpcomingStatuses,
            carried = StoredNames.Of(AgendaItemKind.CarriedOpinion),
        }, cancellationToken: cancellationToken))).ToList();

        var unitsById = await units.GetByIdsAsync(rows.Select(r => r.UnitId).Distinct().ToList(), cancellationToken);
        return rows.Select(r => r.ToDialogue(unitsById[r.UnitId]) with { Agenda = r.Agenda() }).ToList();
    }
}
