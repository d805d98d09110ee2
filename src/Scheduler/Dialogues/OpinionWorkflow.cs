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

    /// <summary>Who asks for the change (a person's user name or a system's client name), kept in the opinion's history.</summary>
    public string ChangedBy { get; init; } = "";
}

/// <summary>One change of a batch, with the row of the workbook (or the position of the list) it came from.</summary>
public sealed record OpinionUpdateRow(int Row, UpdateOpinionCommand Command);

/// <summary>What a batch of changes did: opinions changed, and rows that left their opinion as it was.</summary>
public sealed record OpinionUpdatesResult(int Updated, int Unchanged);

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

    /// <summary>
    /// The rule an opinion recorded with its status would break (the field at fault), by the same rules as a
    /// change from received: received, or a status received may move to that needs no answer yet (an opinion
    /// answered at the meeting is recorded and then answered), and assigned only with its agency.
    /// </summary>
    public static (string Field, string Code, string Message)? CheckRecordable(NewOpinion opinion) => opinion.InitialStatus switch
    {
        var status when status != OpinionStatus.Received && (!CanMove(OpinionStatus.Received, status) || NeedsAnswer(status)) =>
            ("status", ViolationCodes.OpinionStatusNotRecordable, $"An opinion cannot be recorded {Words(status)}; record it received, assigned or transferred."),
        OpinionStatus.Assigned when string.IsNullOrWhiteSpace(opinion.ResponsibleAgency) =>
            ("responsible_agency", ViolationCodes.OpinionNeedsAgency, "An assigned opinion needs a responsible agency."),
        _ => null,
    };

    private static bool NeedsAnswer(OpinionStatus status) => status is OpinionStatus.AnsweredAtMeeting or OpinionStatus.Resolved or OpinionStatus.NotAccepted;

    public async Task<Opinion> UpdateAsync(UpdateOpinionCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var opinion = await opinions.LockAsync(connection, transaction, command.Id, cancellationToken)
            ? (await opinions.ListAsync(connection, transaction, new OpinionFilter.ById(command.Id), cancellationToken)).Single()
            : throw new NotFoundException("opinion", $"No opinion has id {command.Id}.");

        var (changed, broken) = Apply(opinion, command);
        if (broken is not null)
        {
            throw new PreconditionFailedException(broken.Value.Code, broken.Value.Message);
        }

        await SaveAsync(connection, transaction, opinion, changed, command.ChangedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await opinions.ListAsync(connection, null, new OpinionFilter.ById(command.Id), cancellationToken)).Single();
    }

    /// <summary>
    /// Applies many changes at once, all or nothing, each by the rules of <see cref="UpdateAsync"/>: an
    /// opinion that does not exist, lies outside <paramref name="roots"/> (the caller's subtree) or would
    /// break a rule is reported as a violation of its row, and then nothing is changed. A change that
    /// leaves an opinion as it is changes nothing. With a request id the same request is applied once;
    /// sent again it is answered with the first application's result.
    /// </summary>
    public async Task<OpinionUpdatesResult> UpdateManyAsync(
        string? requestId, string requestHash, long[] roots, IReadOnlyList<OpinionUpdateRow> rows, CancellationToken cancellationToken)
    {
        if (requestId is not null && await FindImportAsync(requestId, requestHash, cancellationToken) is { } done)
        {
            return done;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = rows.Select(r => r.Command.Id).Distinct().ToList();
        var under = await opinions.LockUnderAsync(connection, transaction, ids, roots, cancellationToken);
        var current = (await opinions.ListAsync(connection, transaction, new OpinionFilter.ByIds(ids), cancellationToken)).ToDictionary(o => o.Id);
        var violations = new List<FieldViolation>();
        var changes = new List<(Opinion Changed, string ChangedBy)>();
        var seen = new HashSet<Guid>();
        foreach (var row in rows)
        {
            var field = $"rows[{row.Row}]";
            var id = row.Command.Id;
            if (!under.TryGetValue(id, out var inside))
            {
                violations.Add(new FieldViolation($"{field}.opinion_id", ViolationCodes.OpinionUnknown, $"no opinion has id {id}"));
            }
            else if (!inside)
            {
                violations.Add(new FieldViolation($"{field}.opinion_id", ViolationCodes.OpinionOutsideUnit, $"opinion {id} was raised outside the unit the workbook is for"));
            }
            else if (!seen.Add(id))
            {
                violations.Add(new FieldViolation($"{field}.opinion_id", ViolationCodes.OpinionGivenTwice, $"opinion {id} is on more than one row"));
            }
            else if (Apply(current[id], row.Command) is var (changed, broken) && broken is { } b)
            {
                violations.Add(new FieldViolation($"{field}.{b.Field}", b.Code, b.Message));
            }
            else if (changed != current[id])
            {
                changes.Add((changed, row.Command.ChangedBy));
            }
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        foreach (var (changed, changedBy) in changes)
        {
            await SaveAsync(connection, transaction, current[changed.Id], changed, changedBy, cancellationToken);
        }

        var result = new OpinionUpdatesResult(changes.Count, rows.Count - changes.Count);
        if (requestId is not null)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into opinion_import (request_id, request_hash, updated, unchanged) values (@requestId, @requestHash, @updated, @unchanged)",
                    new { requestId, requestHash, updated = result.Updated, unchanged = result.Unchanged }, transaction, cancellationToken: cancellationToken));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // The same request arrived twice at once and the other copy won: answer with what it did.
                await transaction.RollbackAsync(cancellationToken);
                return (await FindImportAsync(requestId, requestHash, cancellationToken))!;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<OpinionUpdatesResult?> FindImportAsync(string requestId, string requestHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<(string Hash, int Updated, int Unchanged)?>(new CommandDefinition(
            "select request_hash, updated, unchanged from opinion_import where request_id = @requestId", new { requestId }, cancellationToken: cancellationToken));
        return found switch
        {
            null => null,
            var (hash, updated, unchanged) when hash == requestHash => new OpinionUpdatesResult(updated, unchanged),
            _ => throw new ConflictException("REQUEST_ID_REUSED", $"request_id {requestId} was already used for a different request."),
        };
    }

    /// <summary>The opinion as the command would leave it, or the rule it would break (with the field at fault).</summary>
    private static (Opinion Changed, (string Field, string Code, string Message)? Broken) Apply(Opinion opinion, UpdateOpinionCommand command)
    {
        var status = command.Status ?? opinion.Status;
        if (status != opinion.Status && !CanMove(opinion.Status, status))
        {
            return (opinion, ("status", ViolationCodes.OpinionTransition, $"An opinion {Words(opinion.Status)} cannot become {Words(status)}."));
        }

        var agency = command.ResponsibleAgency ?? opinion.ResponsibleAgency;
        if (status == OpinionStatus.Assigned && string.IsNullOrWhiteSpace(agency))
        {
            return (opinion, ("responsible_agency", ViolationCodes.OpinionNeedsAgency, "An assigned opinion needs a responsible agency."));
        }

        var answer = command.Answer ?? opinion.Answer;
        if (NeedsAnswer(status) && string.IsNullOrWhiteSpace(answer))
        {
            return (opinion, ("answer", ViolationCodes.OpinionNeedsAnswer, $"An opinion {Words(status)} needs the answer given."));
        }

        return (opinion with { Status = status, ResponsibleAgency = agency, DueDate = command.DueDate ?? opinion.DueDate, Answer = answer }, null);
    }

    /// <summary>Writes the changed opinion, a change of its status into its history (who and when), and the event.</summary>
    private async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Opinion before, Opinion changed, string changedBy, CancellationToken cancellationToken)
    {
        await opinions.UpdateAsync(connection, transaction, changed, VietnamTime.Today(clock), cancellationToken);
        if (changed.Status != before.Status)
        {
            await opinions.AddStatusChangeAsync(connection, transaction,
                new OpinionStatusChange(changed.Id, before.Status, changed.Status, changedBy, clock.GetUtcNow()), cancellationToken);
        }

        var dialogue = (await dialogues.GetAsync(connection, changed.DialogueId, forUpdate: false, cancellationToken, transaction))!;
        await outbox.AddAsync(connection, transaction, dialogue, "opinion.updated", $"Opinion \"{changed.Topic}\" is {Words(changed.Status)}.", null, cancellationToken);
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
