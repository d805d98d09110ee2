using Dapper;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// Writes dialogue events to the outbox (<c>dialogue_event</c>) in the transaction of the change they
/// report, so that a change and its event commit together; <see cref="DialogueEventFeed"/> reads them out.
/// </summary>
public sealed class DialogueOutbox
{
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
}
