using Dapper;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues.Jobs;

/// <summary>A dialogue changed since its milestone job was last scheduled, and that job.</summary>
public sealed record ChangedDialogue(Guid Id, DialogueStatus Status, DateTimeOffset? Start, int Sequence, string? PendingJobId);

/// <summary>
/// Which milestone job each dialogue has pending and for which of its sequences (the dialogue's
/// <c>armed_sequence</c> and <c>milestone_job_id</c>).
/// </summary>
public sealed class MilestoneSchedule
{
    /// <summary>Up to <paramref name="limit"/> dialogues changed since they were last armed, locked for the caller's transaction.</summary>
    public async Task<IReadOnlyList<ChangedDialogue>> ClaimChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ChangedRow>(new CommandDefinition("""
            select id, status, starts_at as StartsAt, sequence, milestone_job_id as MilestoneJobId from dialogue
             where armed_sequence is distinct from sequence
             order by id limit @limit for update skip locked
            """, new { limit }, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new ChangedDialogue(r.Id, StoredNames.Parse<DialogueStatus>(r.Status),
            UtcInstants.From(r.StartsAt), r.Sequence, r.MilestoneJobId)).ToList();
    }

    /// <summary>Marks the dialogues armed at their current sequence, each with its new pending job (or none).</summary>
    public Task MarkArmedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(Guid Id, string? JobId)> armed, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update dialogue d set armed_sequence = d.sequence, milestone_job_id = a.job_id
              from unnest(@ids, @jobIds) as a(id, job_id)
             where d.id = a.id
            """, new { ids = armed.Select(a => a.Id).ToArray(), jobIds = armed.Select(a => a.JobId).ToArray() },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Records the dialogue's next pending job, unless the dialogue has changed since <paramref name="sequence"/>; returns whether it did.</summary>
    public async Task<bool> RecordNextAsync(NpgsqlConnection connection, Guid dialogueId, int sequence, string jobId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "update dialogue set milestone_job_id = @jobId where id = @dialogueId and sequence = @sequence and armed_sequence = @sequence",
            new { dialogueId, sequence, jobId }, cancellationToken: cancellationToken)) == 1;

    private sealed class ChangedRow
    {
        public Guid Id { get; init; }
        public string Status { get; init; } = "";
        public DateTime? StartsAt { get; init; }
        public int Sequence { get; init; }
        public string? MilestoneJobId { get; init; }
    }
}
