using Dapper;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// Writes dialogue events to the outbox (<c>dialogue_event</c>) in the transaction of the change they
/// report, so that a change and its event commit together; <see cref="DialogueEventFeed"/> reads them out.
/// </summary>
public sealed class DialogueOutbox(NpgsqlDataSource dataSource)
{
    private const string SelectEvents = """
        select e.id, e.event_type as EventType, e.dialogue_id as DialogueId, u.code as UnitCode, e.status, e.message,
               e.created_at as CreatedAt, e.unit_path as UnitPath
          from dialogue_event e join dialogue d on d.id = e.dialogue_id join admin_unit u on u.id = d.unit_id
        """;

    /// <summary>Adds an event to the outbox; with a dedup key, only once.</summary>
    public async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Dialogue dialogue, string eventType, string message, string? dedupKey, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_event (dialogue_id, unit_path, event_type, status, message, dedup_key)
            values (@id, @path, @eventType, @status, @message, @dedupKey)
            on conflict (dedup_key) do nothing
            """, new
        {
            id = dialogue.Id,
            path = dialogue.UnitPath.ToArray(),
            eventType,
            status = StoredNames.Of(dialogue.Status),
            message,
            dedupKey,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>One <c>dialogue.planned</c> event for each of a plan's new dialogues, as stored.</summary>
    public async Task AddPlannedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> dialogueIds, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_event (dialogue_id, unit_path, event_type, status, message)
            select d.id, d.unit_path, 'dialogue.planned', d.status,
                   d.title || ' planned for ' || to_char(d.starts_at at time zone @zone, 'YYYY-MM-DD HH24:MI') || '.'
              from dialogue d where d.id = any(@ids)
            """, new { ids = dialogueIds.ToArray(), zone = VietnamTime.TimeZoneId }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));

    /// <summary>The id of the latest event, 0 when there is none.</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("select coalesce(max(id), 0) from dialogue_event", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="afterId"/>, in order, each with the
    /// unit path it was raised on; only those under one of <paramref name="roots"/> unless that is null.
    /// </summary>
    public async Task<IReadOnlyList<(DialogueEvent Event, long[] UnitPath)>> ReadAsync(long afterId, long[]? roots, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            SelectEvents + (roots is null ? " where e.id > @afterId" : " where e.id > @afterId and e.unit_path && @roots") + " order by e.id limit @limit",
            new { afterId, roots, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => (r.ToEvent(), r.UnitPath)).ToList();
    }

    private sealed class EventRow
    {
        public long Id { get; init; }
        public string EventType { get; init; } = "";
        public Guid DialogueId { get; init; }
        public string UnitCode { get; init; } = "";
        public string Status { get; init; } = "";
        public string Message { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public long[] UnitPath { get; init; } = [];

        public DialogueEvent ToEvent() =>
            new(Id, EventType, DialogueId, UnitCode, StoredNames.Parse<DialogueStatus>(Status), Message, UtcInstants.From(CreatedAt));
    }
}
