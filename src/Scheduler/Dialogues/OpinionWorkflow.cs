using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Privacy;
using DanVan.Adapters.Time;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>A change to an opinion; its text is scrubbed of ID and phone numbers as it is made.</summary>
public sealed record UpdateOpinionCommand(Guid Id, OpinionStatus? Status, string? ResponsibleAgency, DateOnly? DueDate, string? Answer)
{
    public string? ResponsibleAgency { get; } = PersonalDataScrubber.Scrub(ResponsibleAgency);
    public string? Answer { get; } = PersonalDataScrubber.Scrub(Answer);
}

/// <summary>
/// Opinions raised at dialogues: received → assigned → answered at the meeting / in progress →
/// resolved / not accepted / transferred. Answered at the meeting and resolved count as resolved;
/// received, assigned and in progress are open and are carried onto the unit's next dialogue.
/// </summary>
public sealed class OpinionWorkflow(NpgsqlDataSource dataSource, DialogueStore store, TimeProvider clock)
{
    private static readonly Dictionary<OpinionStatus, OpinionStatus[]> Allowed = new()
    {
        [OpinionStatus.Received] = [OpinionStatus.Assigned, OpinionStatus.AnsweredAtMeeting, OpinionStatus.NotAccepted, OpinionStatus.Transferred],
        [OpinionStatus.Assigned] = [OpinionStatus.AnsweredAtMeeting, OpinionStatus.InProgress, OpinionStatus.Resolved, OpinionStatus.NotAccepted, OpinionStatus.Transferred],
        [OpinionStatus.InProgress] = [OpinionStatus.Resolved, OpinionStatus.NotAccepted, OpinionStatus.Transferred],
        [OpinionStatus.AnsweredAtMeeting] = [],
        [OpinionStatus.Resolved] = [],
        [OpinionStatus.NotAccepted] = [],
        [OpinionStatus.Transferred] = [],
    };

    public static bool IsOpen(OpinionStatus status) => status is OpinionStatus.Received or OpinionStatus.Assigned or OpinionStatus.InProgress;

    /// <summary>The open statuses as an SQL list (as in the migration's index <c>opinion_open_idx</c>).</summary>
    public const string OpenStatusesSql = "('received', 'assigned', 'in_progress')";

    /// <summary>The statuses that count as resolved, as an SQL list.</summary>
    public const string ResolvedStatusesSql = "('answered_at_meeting', 'resolved')";

    public static bool CanMove(OpinionStatus from, OpinionStatus to) => Allowed[from].Contains(to);

    public async Task<Opinion> UpdateAsync(UpdateOpinionCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select 1 from opinion where id = @id for update", new { id = command.Id }, transaction, cancellationToken: cancellationToken));
        var opinion = (await store.OpinionsAsync(connection, transaction, "o.id = @id", new { id = command.Id }, cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException("opinion", $"No opinion has id {command.Id}.");

        var status = command.Status ?? opinion.Status;
        if (status != opinion.Status && !CanMove(opinion.Status, status))
        {
            throw new PreconditionFailedException("OPINION_TRANSITION", $"An opinion {Words(opinion.Status)} cannot become {Words(status)}.");
        }

        var agency = command.ResponsibleAgency ?? opinion.ResponsibleAgency;
        if (status == OpinionStatus.Assigned && string.IsNullOrWhiteSpace(agency))
        {
            throw new PreconditionFailedException("OPINION_NEEDS_AGENCY", "An assigned opinion needs a responsible agency.");
        }

        var answer = command.Answer ?? opinion.Answer;
        if (status is OpinionStatus.AnsweredAtMeeting or OpinionStatus.Resolved or OpinionStatus.NotAccepted && string.IsNullOrWhiteSpace(answer))
        {
            throw new PreconditionFailedException("OPINION_NEEDS_ANSWER", $"An opinion {Words(status)} needs the answer given.");
        }

        var dueDate = command.DueDate ?? opinion.DueDate;
        await connection.ExecuteAsync(new CommandDefinition("""
            update opinion set status = @status, responsible_agency = @agency, due_date = @dueDate, answer = @answer,
                   overdue_since = case when @open and @dueDate::date < @today then overdue_since end, updated_at = now()
             where id = @id
            """, new { id = opinion.Id, status = StoredNames.Of(status), agency, dueDate, answer, open = IsOpen(status), today = VietnamTime.Today(clock) },
            transaction, cancellationToken: cancellationToken));
        var dialogue = (await store.GetAsync(connection, opinion.DialogueId, forUpdate: false, cancellationToken, transaction))!;
        await store.AddEventAsync(connection, transaction, dialogue, "opinion.updated", $"Opinion \"{opinion.Topic}\" is {Words(status)}.", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await store.OpinionsAsync(connection, null, "o.id = @id", new { id = command.Id }, cancellationToken)).Single();
    }

    /// <summary>
    /// Marks open opinions past their due date as overdue and notifies once per opinion; the daily sweep.
    /// Returns how many became overdue.
    /// </summary>
    public async Task<int> SweepOverdueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var today = VietnamTime.Today(clock);
        var marked = (await connection.QueryAsync<OverdueRow>(new CommandDefinition($"""
            update opinion set overdue_since = @today
             where status in {OpenStatusesSql} and due_date < @today and overdue_since is null
            returning id, dialogue_id as DialogueId, topic, due_date as DueDate
            """, new { today }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var group in marked.GroupBy(m => m.DialogueId))
        {
            var dialogue = (await store.GetAsync(connection, group.Key, forUpdate: false, cancellationToken, transaction))!;
            foreach (var opinion in group)
            {
                await store.AddEventAsync(connection, transaction, dialogue, "escalation.opinion_overdue",
                    $"Opinion \"{opinion.Topic}\" was due on {opinion.DueDate:yyyy-MM-dd} and is still open.", $"opinion-overdue:{opinion.Id}", cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return marked.Count;
    }

    /// <summary>Stores the opinions raised at a dialogue; an opinion with an agency is assigned at once.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dialogue dialogue, IReadOnlyList<NewOpinion> opinions, DateOnly defaultDueDate, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into opinion (id, dialogue_id, unit_id, topic, content, responsible_agency, due_date, status)
            select i, @dialogueId, @unitId, t, c, a, d, case when a = '' then 'received' else 'assigned' end
              from unnest(@ids, @topics, @contents, @agencies, @dueDates) with ordinality as x(i, t, c, a, d, n)
             order by n
            """, new
        {
            dialogueId = dialogue.Id,
            unitId = dialogue.Unit.Id,
            ids = opinions.Select(_ => Guid.CreateVersion7()).ToArray(),
            topics = opinions.Select(o => o.Topic).ToArray(),
            contents = opinions.Select(o => o.Content).ToArray(),
            agencies = opinions.Select(o => o.ResponsibleAgency).ToArray(),
            dueDates = opinions.Select(o => o.DueDate ?? defaultDueDate).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Freezes the opinions carried onto a dialogue into its agenda as it is held.</summary>
    public static async Task FreezeCarriedAsync(DialogueStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, Dialogue dialogue, CancellationToken cancellationToken)
    {
        var carried = await store.CarriedOpinionsAsync(connection, transaction, dialogue, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_agenda_item (dialogue_id, position, kind, text, opinion_id)
            select @id, coalesce((select max(position) from dialogue_agenda_item where dialogue_id = @id), 0) + p, 'carried_opinion', t, o
              from unnest(@texts, @opinionIds) with ordinality as x(t, o, p)
            """, new
        {
            id = dialogue.Id,
            texts = carried.Select(o => $"{o.Topic}: {o.Content}").ToArray(),
            opinionIds = carried.Select(o => o.Id).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
    }

    private static string Words(OpinionStatus status) => StoredNames.Of(status).Replace('_', ' ');

    private sealed class OverdueRow
    {
        public Guid Id { get; init; }
        public Guid DialogueId { get; init; }
        public string Topic { get; init; } = "";
        public DateTime DueDate { get; init; }
    }
}
