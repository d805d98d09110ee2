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
public sealed class OpinionWorkflow(NpgsqlDataSource dataSource, OpinionStore opinions, DialogueStore dialogues, DialogueOutbox outbox, TimeProvider clock)
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
        var opinion = await opinions.LockAsync(connection, transaction, command.Id, cancellationToken)
            ? (await opinions.ListAsync(connection, transaction, new OpinionFilter.ById(command.Id), cancellationToken)).Single()
            : throw new NotFoundException("opinion", $"No opinion has id {command.Id}.");

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
        await opinions.UpdateAsync(connection, transaction,
            opinion with { Status = status, ResponsibleAgency = agency, DueDate = dueDate, Answer = answer }, VietnamTime.Today(clock), cancellationToken);
        var dialogue = (await dialogues.GetAsync(connection, opinion.DialogueId, forUpdate: false, cancellationToken, transaction))!;
        await outbox.AddAsync(connection, transaction, dialogue, "opinion.updated", $"Opinion \"{opinion.Topic}\" is {Words(status)}.", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await opinions.ListAsync(connection, null, new OpinionFilter.ById(command.Id), cancellationToken)).Single();
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
        var marked = await opinions.MarkOverdueAsync(connection, transaction, today, cancellationToken);
        foreach (var group in marked.GroupBy(m => m.DialogueId))
        {
            var dialogue = (await dialogues.GetAsync(connection, group.Key, forUpdate: false, cancellationToken, transaction))!;
            foreach (var opinion in group)
            {
                await outbox.AddAsync(connection, transaction, dialogue, "escalation.opinion_overdue",
                    $"Opinion \"{opinion.Topic}\" was due on {opinion.DueDate:yyyy-MM-dd} and is still open.", $"opinion-overdue:{opinion.Id}", cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return marked.Count;
    }

    /// <summary>Flags the mandatory dialogues not held by their due date and escalates each once; returns how many.</summary>
    public async Task<int> SweepMandatoryOverdueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var marked = await dialogues.MarkMandatoryOverdueAsync(connection, transaction, VietnamTime.Today(clock), cancellationToken);
        foreach (var id in marked)
        {
            var dialogue = (await dialogues.GetAsync(connection, id, forUpdate: false, cancellationToken, transaction))!;
            await outbox.AddAsync(connection, transaction, dialogue, "escalation.mandatory_overdue",
                $"{dialogue.Title} ({dialogue.Unit.Name}) was requested by the voters and had to be held by {dialogue.MandatoryDueOn:yyyy-MM-dd}; it has not been.",
                $"mandatory-overdue:{id}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return marked.Count;
    }

    private static string Words(OpinionStatus status) => StoredNames.Of(status).Replace('_', ' ');
}
