using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;
using static DanVan.Adapters.Privacy.PersonalDataScrubber;

namespace DanVan.Scheduler.Dialogues;

/// <summary>The opinions of a past dialogue known only by number.</summary>
public sealed record OpinionCounts(int Received, int AnsweredAtMeeting, int Resolved, int StillOpen);

/// <summary>A dialogue already held, as recorded afterwards; <see cref="Counts"/> when the archive has no opinions one by one.</summary>
public sealed record PastDialogueEntry(
    string UnitCode, DialogueKind Kind, string Title, DateOnly HeldOn, string? Chair, string? Venue, string Minutes,
    IReadOnlyList<NewOpinion> Opinions, OpinionCounts? Counts)
{
    public string Title { get; } = Scrub(Title);
    public string? Chair { get; } = Scrub(Chair);
    public string? Venue { get; } = Scrub(Venue);
    public string Minutes { get; } = Scrub(Minutes);

    /// <summary>The actual times and who took the minutes, when the archive has them (who presided is <see cref="Chair"/>).</summary>
    public OutcomeDetails Details { get; init; } = OutcomeDetails.None;
}

/// <summary>One or more past dialogues recorded together, all or nothing, once per request id.</summary>
public sealed record RecordPastDialoguesCommand(string? RequestId, string RequestHash, IReadOnlyList<PastDialogueEntry> Dialogues)
{
    public string? RequestId { get; } = Scrub(RequestId);
}

/// <summary>
/// Records dialogues that were held before anyone entered them. Each is stored closed — the archive
/// is the whole record of it — against the unit version valid on its held date (so a district of
/// 2023 is found through its own ancestors and the units it went into), without bookings: an archive
/// does not reserve anyone's past time. Its slot is the held day at the default hour, so lists and
/// summaries place it on that day.
/// </summary>
public sealed class PastDialogues(
    NpgsqlDataSource dataSource, DialogueStore store, OpinionStore opinions, DialogueOutbox outbox, IUnitRegistry units,
    DialogueOptions options, TimeProvider clock)
{
    /// <summary>The hour of the day a past dialogue's slot is put at: its archive gives only the day.</summary>
    private static readonly TimeOnly DefaultHour = new(8, 0);

    public async Task<IReadOnlyList<Dialogue>> RecordAsync(RecordPastDialoguesCommand command, string field, CancellationToken cancellationToken)
    {
        if (command.RequestId is not null && await FindAsync(command, cancellationToken) is { } existing)
        {
            return existing;
        }

        var today = VietnamTime.Today(clock);
        var violations = new List<FieldViolation>();
        var resolved = new List<(PastDialogueEntry Entry, AdminUnit Unit)>();
        for (var i = 0; i < command.Dialogues.Count; i++)
        {
            var entry = command.Dialogues[i];
            var prefix = field == "dialogue" ? field : $"{field}[{i}]";
            if (entry.HeldOn > today)
            {
                violations.Add(new FieldViolation($"{prefix}.held_on", ViolationCodes.HeldOnInFuture, $"{entry.HeldOn:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})"));
                continue;
            }

            if (await units.FindAsync(entry.UnitCode, entry.HeldOn, cancellationToken) is { } unit)
            {
                resolved.Add((entry, unit));
            }
            else
            {
                violations.Add(new FieldViolation($"{prefix}.unit_code", ViolationCodes.UnitNotValidOnDate,
                    $"no administrative unit had code {entry.UnitCode} on {entry.HeldOn:yyyy-MM-dd}"));
            }
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = new List<Dialogue>();
        try
        {
            for (var i = 0; i < resolved.Count; i++)
            {
                recorded.Add(await InsertAsync(connection, transaction, resolved[i].Entry, resolved[i].Unit, RequestKey(command, i), command.RequestHash, cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "dialogue_request_id_key")
        {
            // The same request arrived twice at once and the other copy won: answer with its dialogues.
            await transaction.RollbackAsync(cancellationToken);
            return (await FindAsync(command, cancellationToken))!;
        }

        return recorded;
    }

    private async Task<Dialogue> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PastDialogueEntry entry, AdminUnit unit, string? requestId, string requestHash,
        CancellationToken cancellationToken)
    {
        var start = SlotRules.FromLocal(entry.HeldOn, DefaultHour);
        var slot = new DialogueSlot(start, start + options.DefaultDuration,
            string.IsNullOrWhiteSpace(entry.Venue) ? CoChairs.DefaultVenue(unit) : entry.Venue,
            entry.Chair is null ? options.CoChairsFor(unit.Code) : [entry.Chair]);
        var id = Guid.CreateVersion7();
        await store.InsertAsync(connection, transaction, new NewDialogue(
            id, unit, await units.AncestryAsync(unit, entry.HeldOn, cancellationToken), entry.Kind, DialogueStatus.Closed, entry.Title, slot,
            entry.Kind == DialogueKind.Periodic ? entry.HeldOn.Year : null, null, null, requestId, requestHash, null, []), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update dialogue set held_on = @heldOn, minutes = @minutes, armed_sequence = sequence,
                   actual_start = @actualStart, actual_end = @actualEnd, presiding_chair = @Chair, minutes_secretary = @secretary,
                   counted_received = @received, counted_answered = @answered, counted_resolved = @resolved, counted_open = @open
             where id = @id
            """, new
        {
            id, heldOn = entry.HeldOn, minutes = entry.Minutes, entry.Chair,
            actualStart = entry.Details.ActualStart, actualEnd = entry.Details.ActualEnd, secretary = entry.Details.MinutesSecretary,
            received = entry.Counts?.Received, answered = entry.Counts?.AnsweredAtMeeting, resolved = entry.Counts?.Resolved, open = entry.Counts?.StillOpen,
        }, transaction, cancellationToken: cancellationToken));
        var dialogue = (await store.GetAsync(connection, id, forUpdate: false, cancellationToken, transaction))!;
        if (entry.Opinions.Count > 0)
        {
            await opinions.AddAsync(connection, transaction, dialogue, entry.Opinions, entry.HeldOn.AddDays(options.OpinionDueDays), cancellationToken);
            dialogue = (await store.GetAsync(connection, id, forUpdate: false, cancellationToken, transaction))!;
        }

        var opinionCount = entry.Counts?.Received ?? entry.Opinions.Count;
        await outbox.AddAsync(connection, transaction, dialogue, "dialogue.recorded", $"{dialogue.Title} held on {entry.HeldOn:yyyy-MM-dd} with {opinionCount} opinions, recorded.", null, cancellationToken);
        return dialogue;
    }

    // One dialogue of a list is stored under the request id and its position, so the list is recognised whole.
    private static string? RequestKey(RecordPastDialoguesCommand command, int index) =>
        command.RequestId is null ? null : command.Dialogues.Count == 1 ? command.RequestId : $"{command.RequestId}#{index}";

    private async Task<IReadOnlyList<Dialogue>?> FindAsync(RecordPastDialoguesCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var keys = Enumerable.Range(0, command.Dialogues.Count).Select(i => RequestKey(command, i)!).ToArray();
        var found = (await connection.QueryAsync<(string RequestId, Guid Id, string? RequestHash)>(new CommandDefinition(
            "select request_id, id, request_hash from dialogue where request_id = any(@keys) or request_id = @first",
            new { keys, first = command.RequestId }, cancellationToken: cancellationToken))).ToList();
        if (found.Count == 0)
        {
            return null;
        }

        if (found.Count != keys.Length || found.Any(f => f.RequestHash != command.RequestHash))
        {
            throw new ConflictException("REQUEST_ID_REUSED", $"request_id {command.RequestId} was already used for a different request.");
        }

        var byKey = found.ToDictionary(f => f.RequestId, f => f.Id);
        var dialogues = new List<Dialogue>();
        foreach (var key in keys)
        {
            dialogues.Add((await store.GetAsync(connection, byKey[key], forUpdate: false, cancellationToken))!);
        }

        return dialogues;
    }
}
