using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;
using static DanVan.Adapters.Privacy.PersonalDataScrubber;

namespace DanVan.Scheduler.Dialogues;

// The commands and entry points below are where the domain receives a caller's text: it is scrubbed
// of ID and phone numbers there, once, so no caller (gRPC or the web app) can store or log one.

public sealed record ScheduleDialogueCommand(
    string? RequestId, string RequestHash, string UnitCode, DialogueKind Kind, string Title, DateTimeOffset Start, TimeSpan? Duration,
    string? Venue, IReadOnlyList<string> CoChairs, IReadOnlyList<string> Topics, string? OverrideReason)
{
    public string? RequestId { get; } = Scrub(RequestId);
    public string Title { get; } = Scrub(Title);
    public string? Venue { get; } = Scrub(Venue);
    public IReadOnlyList<string> CoChairs { get; } = CoChairs.Select(c => Scrub(c)).ToList();
    public IReadOnlyList<string> Topics { get; } = Topics.Select(t => Scrub(t)).ToList();
    public string? OverrideReason { get; } = Scrub(OverrideReason);

    public DialogueForm Form { get; init; }

    /// <summary>Sessions by village cluster, each within the dialogue's time.</summary>
    public IReadOnlyList<DialogueSession> Sessions { get; init; } = [];
}

/// <summary>An announcement: its full text (optional) and what the law requires it to state, through which channels.</summary>
public sealed record AnnounceDialogueCommand(Guid Id, string? Text, AnnouncementDetails Details, string? OverrideReason)
{
    public string? Text { get; } = Scrub(Text);
    public string? OverrideReason { get; } = Scrub(OverrideReason);
}

public sealed record RescheduleDialogueCommand(Guid Id, DateTimeOffset Start, TimeSpan? Duration, string? Venue, string Reason, string? OverrideReason)
{
    public string? Venue { get; } = Scrub(Venue);
    public string Reason { get; } = Scrub(Reason);
    public string? OverrideReason { get; } = Scrub(OverrideReason);
}

public sealed record RecordOutcomeCommand(Guid Id, DateOnly HeldOn, IReadOnlyList<AttendanceCount> Attendance, string Minutes, IReadOnlyList<NewOpinion> Opinions)
{
    public IReadOnlyList<AttendanceCount> Attendance { get; } = Attendance.Select(a => a with { Group = Scrub(a.Group) }).ToList();
    public string Minutes { get; } = Scrub(Minutes);

    /// <summary>The actual times, who presided and who took the minutes, as far as given.</summary>
    public OutcomeDetails Details { get; init; } = OutcomeDetails.None;
}

/// <summary>
/// Moves dialogues through their lifecycle. Each change locks the dialogue's row, checks the
/// transition against its current state (FAILED_PRECONDITION with the reason otherwise), writes the
/// change, its bookings and its outbox event in one transaction, and has its reminder jobs re-armed.
/// </summary>
public sealed class DialogueLifecycle(
    NpgsqlDataSource dataSource, DialogueStore store, BookingStore bookings, OpinionStore opinions, DialogueOutbox outbox, IUnitRegistry units,
    SlotRules rules, SlotFinder finder, DialogueOptions options, IDialogueMilestones milestones, TimeProvider clock)
{
    public async Task<Dialogue> ScheduleAsync(ScheduleDialogueCommand command, CancellationToken cancellationToken)
    {
        if (command.RequestId is not null && await FindByRequestAsync(command.RequestId, command.RequestHash, cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var date = DateOnly.FromDateTime(SlotRules.Local(command.Start));
        var unit = await units.GetAsync(command.UnitCode, date, cancellationToken);
        var slot = new DialogueSlot(command.Start, command.Start + (command.Duration ?? options.DefaultDuration),
            string.IsNullOrWhiteSpace(command.Venue) ? CoChairs.DefaultVenue(unit) : command.Venue,
            command.CoChairs.Count == 0 ? options.CoChairsFor(unit.Code) : command.CoChairs);
        CheckSessions(slot, command.Sessions);
        rules.Check(unit, slot, now, command.OverrideReason);

        var dialogue = new NewDialogue(
            Guid.CreateVersion7(), unit, await units.AncestryAsync(unit, date, cancellationToken), command.Kind, DialogueStatus.Scheduled,
            command.Title, slot, command.Kind == DialogueKind.Periodic ? date.Year : null, null, null, command.RequestId, command.RequestHash,
            command.OverrideReason, command.Topics.Select(t => new AgendaItem(AgendaItemKind.Topic, t, null)).ToList())
        {
            Form = command.Form,
            Sessions = command.Sessions.OrderBy(s => s.Start).ToList(),
            Invitees = options.InviteesFor(unit.Code),
        };
        try
        {
            return await CreateAsync(dialogue, "dialogue.scheduled", $"{dialogue.Title} scheduled for {SlotRules.Local(slot.Start):yyyy-MM-dd HH:mm}.", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "dialogue_request_id_key")
        {
            // The same request arrived twice at once and the other copy won: answer with its dialogue.
            return (await FindByRequestAsync(command.RequestId!, command.RequestHash, cancellationToken))!;
        }
    }

    /// <summary>Creates a dialogue with its bookings and first event; used by scheduling, proposals and the planner.</summary>
    public async Task<Dialogue> CreateAsync(NewDialogue dialogue, string eventType, string message, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await CreateAsync(connection, transaction, dialogue, eventType, message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        milestones.ArmChanged();
        return created;
    }

    /// <summary>
    /// Creates a dialogue enough voters requested (<see cref="NewDialogue.MandatoryDueOn"/> set) scheduled
    /// on the first free slot after the notice period for the unit's co-chairs and venue; proposed, still
    /// mandatory, when there is none in the next 90 days, for a secretary to place.
    /// </summary>
    public async Task<Dialogue> ScheduleMandatoryAsync(NewDialogue dialogue, string message, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DialogueSlot? slot;
        try
        {
            slot = await FirstFreeSlotAsync(connection, transaction, dialogue.Unit, options.CoChairsFor(dialogue.Unit.Code), CoChairs.DefaultVenue(dialogue.Unit),
                clock.GetUtcNow(), cancellationToken);
        }
        catch (PreconditionFailedException)
        {
            slot = null;
        }

        dialogue = dialogue with { Status = slot is null ? DialogueStatus.Proposed : DialogueStatus.Scheduled, Slot = slot };
        var created = await CreateAsync(connection, transaction, dialogue, slot is null ? "dialogue.proposed" : "dialogue.scheduled",
            slot is null ? $"{message} No free slot in the next 90 days: a secretary must place it." : $"{message} Scheduled for {SlotRules.Local(slot.Start):yyyy-MM-dd HH:mm}.",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        milestones.ArmChanged();
        return created;
    }

    private async Task<Dialogue> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewDialogue dialogue, string eventType, string message, CancellationToken cancellationToken)
    {
        await store.InsertAsync(connection, transaction, dialogue, cancellationToken);
        await bookings.BookAsync(connection, transaction, dialogue.Id, dialogue.Slot, cancellationToken);
        var created = (await store.GetAsync(connection, dialogue.Id, forUpdate: false, cancellationToken, transaction))!;
        await outbox.AddAsync(connection, transaction, created, eventType, message, null, cancellationToken);
        return created;
    }

    public async Task<Dialogue> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await store.GetAsync(connection, id, forUpdate: false, cancellationToken) ?? throw NotFound(id);
    }

    /// <summary>Confirms a proposal: scheduled at <paramref name="start"/>, or at the first free slot after the notice period.</summary>
    public Task<Dialogue> ConfirmAsync(Guid id, DateTimeOffset? start, string? venue, string? overrideReason, CancellationToken cancellationToken)
    {
        venue = Scrub(venue);
        overrideReason = Scrub(overrideReason);
        return ChangeAsync(id, async (dialogue, connection, transaction) =>
        {
            Require(dialogue, "confirmed", DialogueStatus.Proposed);
            var now = clock.GetUtcNow();
            venue = string.IsNullOrWhiteSpace(venue) ? CoChairs.DefaultVenue(dialogue.Unit) : venue;
            var coChairs = options.CoChairsFor(dialogue.Unit.Code);
            DialogueSlot slot;
            if (start is { } chosen)
            {
                slot = new DialogueSlot(chosen, chosen + options.DefaultDuration, venue, coChairs);
                rules.Check(dialogue.Unit, slot, now, overrideReason);
            }
            else
            {
                slot = await FirstFreeSlotAsync(connection, transaction, dialogue.Unit, coChairs, venue, now, cancellationToken);
            }

            await bookings.BookAsync(connection, transaction, dialogue.Id, slot, cancellationToken);
            return (dialogue with { Status = DialogueStatus.Scheduled, Slot = slot, OverrideReason = overrideReason },
                "dialogue.scheduled", $"{dialogue.Title} confirmed for {SlotRules.Local(slot.Start):yyyy-MM-dd HH:mm}.");
        }, cancellationToken);
    }

    /// <summary>
    /// The first free slot for the co-chairs and venue from the end of the notice period on, by the
    /// planner's rules (working days, start times, reception days), within 90 days.
    /// </summary>
    public async Task<DialogueSlot> FirstFreeSlotAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AdminUnit unit, IReadOnlyList<string> coChairs, string venue, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var from = rules.EarliestWithNotice(now);
        var to = from.AddDays(90);
        var busy = await bookings.LoadAsync(connection, transaction, BookingStore.Resources(coChairs, venue),
            SlotRules.FromLocal(from, TimeOnly.MinValue), SlotRules.FromLocal(to.AddDays(1), TimeOnly.MinValue), cancellationToken);
        return finder.Find(unit, coChairs, venue, from, to, from, busy)
            ?? throw new PreconditionFailedException("NO_FREE_SLOT", $"No free slot for the co-chairs and venue between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}.");
    }

    public Task<Dialogue> AnnounceAsync(AnnounceDialogueCommand command, CancellationToken cancellationToken)
    {
        var (id, announcement, overrideReason) = (command.Id, command.Text, command.OverrideReason);
        return ChangeAsync(id, (dialogue, _, _) =>
        {
            Require(dialogue, "announced", DialogueStatus.Scheduled);
            var now = clock.GetUtcNow();
            if (dialogue.Slot!.Start <= now)
            {
                throw new PreconditionFailedException("SLOT_IN_PAST", "The dialogue's time has passed; reschedule it first.");
            }

            if (DateOnly.FromDateTime(SlotRules.Local(dialogue.Slot.Start)) < rules.EarliestWithNotice(now) && string.IsNullOrWhiteSpace(overrideReason ?? dialogue.OverrideReason))
            {
                throw new PreconditionFailedException("INSIDE_NOTICE_PERIOD",
                    $"Announcing now gives less than {options.NoticeDays} days' notice; give an override reason or reschedule.");
            }

            return Task.FromResult((dialogue with
                {
                    Status = DialogueStatus.Announced, AnnouncedAt = now, Announcement = announcement, AnnouncementDetails = command.Details,
                    OverrideReason = overrideReason ?? dialogue.OverrideReason,
                },
                "dialogue.announced", $"{dialogue.Title} announced."));
        }, cancellationToken);
    }

    public Task<Dialogue> RescheduleAsync(RescheduleDialogueCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, async (dialogue, connection, transaction) =>
        {
            Require(dialogue, "rescheduled", DialogueStatus.Scheduled, DialogueStatus.Announced);
            var earlier = dialogue.Slot!;
            var slot = new DialogueSlot(command.Start, command.Start + (command.Duration ?? earlier.Duration),
                string.IsNullOrWhiteSpace(command.Venue) ? earlier.Venue : command.Venue, earlier.CoChairs);
            // Sessions keep their place in the dialogue: they move by as much as its start.
            var shift = slot.Start - earlier.Start;
            var sessions = dialogue.Sessions.Select(s => s with { Start = s.Start + shift, End = s.End + shift }).ToList();
            CheckSessions(slot, sessions);
            rules.Check(dialogue.Unit, slot, clock.GetUtcNow(), command.OverrideReason);
            await bookings.BookAsync(connection, transaction, dialogue.Id, slot, cancellationToken);
            await store.AddSlotChangeAsync(connection, transaction, dialogue.Id, earlier, command.Reason, cancellationToken);
            // A new time needs a new announcement.
            return (dialogue with
                {
                    Status = DialogueStatus.Scheduled, Slot = slot, Sessions = sessions, OverrideReason = command.OverrideReason, AnnouncedAt = null,
                    Announcement = null, AnnouncementDetails = null,
                },
                "dialogue.rescheduled",
                $"{dialogue.Title} moved from {SlotRules.Local(earlier.Start):yyyy-MM-dd HH:mm} to {SlotRules.Local(slot.Start):yyyy-MM-dd HH:mm}: {command.Reason}");
        }, cancellationToken);

    public Task<Dialogue> CancelAsync(Guid id, string reason, CancellationToken cancellationToken)
    {
        reason = Scrub(reason);
        return ChangeAsync(id, async (dialogue, connection, transaction) =>
        {
            Require(dialogue, "cancelled", DialogueStatus.Proposed, DialogueStatus.Scheduled, DialogueStatus.Announced);
            if (dialogue.Mandatory)
            {
                throw new PreconditionFailedException("DIALOGUE_MANDATORY",
                    $"{dialogue.Title} was requested by enough of the voters that it must be held (by {dialogue.MandatoryDueOn:yyyy-MM-dd}); it can be moved, not cancelled.");
            }

            await bookings.BookAsync(connection, transaction, dialogue.Id, null, cancellationToken);
            return (dialogue with { Status = DialogueStatus.Cancelled, CancelReason = reason },
                dialogue.Status == DialogueStatus.Proposed ? "dialogue.dismissed" : "dialogue.cancelled", $"{dialogue.Title} cancelled: {reason}");
        }, cancellationToken);
    }

    public Task<Dialogue> RecordOutcomeAsync(RecordOutcomeCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, async (dialogue, connection, transaction) =>
        {
            Require(dialogue, "held", DialogueStatus.Announced);
            if (dialogue.Slot is { } slot && command.HeldOn < DateOnly.FromDateTime(SlotRules.Local(slot.Start)))
            {
                throw new ValidationException([new FieldViolation("held_on", ViolationCodes.HeldOnBeforeSlot,
                    $"{command.HeldOn:yyyy-MM-dd} is before the day of the dialogue's slot ({SlotRules.Local(slot.Start):yyyy-MM-dd})")]);
            }

            var today = VietnamTime.Today(clock);
            if (command.HeldOn > today)
            {
                throw new PreconditionFailedException("HELD_ON_IN_FUTURE", $"held_on {command.HeldOn:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}).");
            }

            var notRecordable = command.Opinions
                .Select((o, i) => OpinionWorkflow.CheckRecordable(o) is var (field, code, message) ? new FieldViolation($"opinions[{i}].{field}", code, message) : null)
                .OfType<FieldViolation>().ToList();
            if (notRecordable.Count > 0)
            {
                throw new ValidationException(notRecordable);
            }

            await store.FreezeCarriedOpinionsAsync(connection, transaction, dialogue, cancellationToken);
            await opinions.AddAsync(connection, transaction, dialogue, command.Opinions, command.HeldOn.AddDays(options.OpinionDueDays), cancellationToken);
            return (dialogue with { Status = DialogueStatus.Held, HeldOn = command.HeldOn, Attendance = command.Attendance, Minutes = command.Minutes, OutcomeDetails = command.Details },
                "dialogue.held", $"{dialogue.Title} held on {command.HeldOn:yyyy-MM-dd} with {command.Opinions.Count} opinions.");
        }, cancellationToken);

    public Task<Dialogue> PublishResultsAsync(Guid id, string results, IReadOnlyList<ResultsChannel> channels, CancellationToken cancellationToken)
    {
        results = Scrub(results);
        return ChangeAsync(id, (dialogue, _, _) =>
        {
            Require(dialogue, "given results", DialogueStatus.Held);
            return Task.FromResult((dialogue with { Status = DialogueStatus.ResultsPublished, Results = results, ResultsChannels = channels.Distinct().ToList(), ResultsPublishedAt = clock.GetUtcNow() },
                "dialogue.results_published", $"{dialogue.Title}: results published."));
        }, cancellationToken);
    }

    public Task<Dialogue> CloseAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (dialogue, _, _) =>
        {
            Require(dialogue, "closed", DialogueStatus.ResultsPublished);
            return Task.FromResult((dialogue with { Status = DialogueStatus.Closed }, "dialogue.closed", $"{dialogue.Title} closed."));
        }, cancellationToken);

    private async Task<Dialogue> ChangeAsync(
        Guid id, Func<Dialogue, NpgsqlConnection, NpgsqlTransaction, Task<(Dialogue Changed, string EventType, string Message)>> change,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var dialogue = await store.GetAsync(connection, id, forUpdate: true, cancellationToken, transaction) ?? throw NotFound(id);
        var (changed, eventType, message) = await change(dialogue, connection, transaction);
        var saved = await store.SaveAsync(connection, transaction, changed, cancellationToken);
        await outbox.AddAsync(connection, transaction, saved, eventType, message, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        milestones.ArmChanged();
        return saved;
    }

    private async Task<Dialogue?> FindByRequestAsync(string requestId, string requestHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var id = await store.FindByRequestIdAsync(connection, requestId, cancellationToken);
        if (id is null)
        {
            return null;
        }

        var existing = (await store.GetAsync(connection, id.Value, forUpdate: false, cancellationToken))!;
        return existing.RequestHash == requestHash
            ? existing
            : throw new ConflictException("REQUEST_ID_REUSED", $"request_id {requestId} was already used for a different request.");
    }

    /// <summary>Each session lies within the dialogue's time (INVALID_ARGUMENT naming the sessions that do not).</summary>
    private static void CheckSessions(DialogueSlot slot, IReadOnlyList<DialogueSession> sessions)
    {
        var outside = sessions.Select((s, i) => (s, i)).Where(x => x.s.Start < slot.Start || x.s.End > slot.End)
            .Select(x => new FieldViolation($"sessions[{x.i}]", ViolationCodes.SessionOutsideDialogue,
                $"{SlotRules.Local(x.s.Start):yyyy-MM-dd HH:mm}–{SlotRules.Local(x.s.End):HH:mm} is not within the dialogue's {SlotRules.Local(slot.Start):yyyy-MM-dd HH:mm}–{SlotRules.Local(slot.End):yyyy-MM-dd HH:mm}"))
            .ToList();
        if (outside.Count > 0)
        {
            throw new ValidationException(outside);
        }
    }

    private static void Require(Dialogue dialogue, string action, params DialogueStatus[] allowed)
    {
        if (!allowed.Contains(dialogue.Status))
        {
            throw new PreconditionFailedException($"DIALOGUE_{StoredNames.Of(dialogue.Status).ToUpperInvariant()}",
                $"A {StoredNames.Of(dialogue.Status).Replace('_', ' ')} dialogue cannot be {action}.");
        }
    }

    private static NotFoundException NotFound(Guid id) => new("dialogue", $"No dialogue has id {id}.");
}
