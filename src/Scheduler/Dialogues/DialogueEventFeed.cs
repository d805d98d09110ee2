using Dapper;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

public sealed record DialogueEvent(long Id, string EventType, Guid DialogueId, string UnitCode, DialogueStatus Status, string Message, DateTimeOffset CreatedAt);

/// <summary>
/// The outbox as a feed: events after a given id for a set of subtree roots. The hub's listener on the
/// database's notifications signals every watcher when an event is written (by this instance or
/// another); watchers also re-read on a timer, so a missed notification only delays delivery.
/// </summary>
public sealed class DialogueEventFeed(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("select coalesce(max(id), 0) from dialogue_event", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DialogueEvent>> ReadAsync(IReadOnlyList<long> roots, long afterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition("""
            select e.id, e.event_type as EventType, e.dialogue_id as DialogueId, u.code as UnitCode, e.status, e.message, e.created_at as CreatedAt
              from dialogue_event e join dialogue d on d.id = e.dialogue_id join admin_unit u on u.id = d.unit_id
             where e.id > @afterId and e.unit_path && @roots
             order by e.id limit 500
            """, new { roots = roots.ToArray(), afterId }, cancellationToken: cancellationToken));
        return rows.Select(r => new DialogueEvent(r.Id, r.EventType, r.DialogueId, r.UnitCode, StoredNames.Parse<DialogueStatus>(r.Status), r.Message,
            UtcInstants.From(r.CreatedAt))).ToList();
    }

    /// <summary>Completes when an event may have been written, or after the poll interval.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _signal).Task.WaitAsync(PollInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>Wakes every watcher: an event may have been written.</summary>
    public void Signal() => Interlocked.Exchange(ref _signal, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private sealed class EventRow
    {
        public long Id { get; init; }
        public string EventType { get; init; } = "";
        public Guid DialogueId { get; init; }
        public string UnitCode { get; init; } = "";
        public string Status { get; init; } = "";
        public string Message { get; init; } = "";
        public DateTime CreatedAt { get; init; }
    }
}
