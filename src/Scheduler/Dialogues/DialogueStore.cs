using System.Text.Json;
using Dapper;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Npgsql;

namespace DanVan.Scheduler.Dialogues;

/// <summary>What to list: the dialogues of units whose id is in <see cref="UnitIds"/> (or, with descendants, below them).</summary>
public sealed record DialogueFilter(
    IReadOnlyList<long> UnitIds, bool IncludeDescendants, DateOnly? From, DateOnly? To, DialogueKind? Kind, DialogueStatus? Status);

/// <summary>A new dialogue's stored fields.</summary>
public sealed record NewDialogue(
    Guid Id, AdminUnit Unit, IReadOnlyList<long> UnitPath, DialogueKind Kind, DialogueStatus Status, string Title,
    DialogueSlot? Slot, int? PlanYear, string? TriggerRule, string? TriggerPeriod, string? RequestId, string? RequestHash,
    string? OverrideReason, IReadOnlyList<AgendaItem> Agenda);

/// <summary>
/// Reads and writes dialogues, their bookings, agenda, slot history and events. Writers pass the
/// connection and transaction of the change they are part of, so that a change and its event commit together.
/// </summary>
public sealed class DialogueStore(NpgsqlDataSource dataSource, IUnitRegistry units)
{
    private const string Columns = """
        d.id, d.unit_id as UnitId, d.unit_path as UnitPath, d.kind, d.status, d.title, d.starts_at as StartsAt, d.ends_at as EndsAt,
        d.venue, d.co_chairs as CoChairs, d.plan_year as PlanYear, d.trigger_rule as TriggerRule, d.trigger_period as TriggerPeriod,
        d.request_hash as RequestHash, d.cancel_reason as CancelReason, d.override_reason as OverrideReason,
        d.announced_at as AnnouncedAt, d.announcement, d.held_on as HeldOn, d.attendance::text as Attendance, d.minutes,
        d.results, d.results_published_at as ResultsPublishedAt, d.sequence, d.created_at as CreatedAt, d.updated_at as UpdatedAt
        """;

    public async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewDialogue dialogue, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue (id, unit_id, unit_path, kind, status, title, starts_at, ends_at, venue, co_chairs, plan_year,
                                  trigger_rule, trigger_period, request_id, request_hash, override_reason)
            values (@Id, @UnitId, @UnitPath, @Kind, @Status, @Title, @StartsAt, @EndsAt, @Venue, @CoChairs, @PlanYear,
                    @TriggerRule, @TriggerPeriod, @RequestId, @RequestHash, @OverrideReason)
            """, new
        {
            dialogue.Id,
            UnitId = dialogue.Unit.Id,
            UnitPath = dialogue.UnitPath.ToArray(),
            Kind = StoredNames.Of(dialogue.Kind),
            Status = StoredNames.Of(dialogue.Status),
            dialogue.Title,
            StartsAt = dialogue.Slot?.Start,
            EndsAt = dialogue.Slot?.End,
            Venue = VenueOf(dialogue.Unit, dialogue.Slot),
            CoChairs = CoChairsOf(dialogue.Unit, dialogue.Slot),
            dialogue.PlanYear,
            dialogue.TriggerRule,
            dialogue.TriggerPeriod,
            dialogue.RequestId,
            dialogue.RequestHash,
            dialogue.OverrideReason,
        }, transaction, cancellationToken: cancellationToken));

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_agenda_item (dialogue_id, position, kind, text, opinion_id)
            select @id, p, k, t, null from unnest(@kinds, @texts) with ordinality as a(k, t, p)
            """, new
        {
            id = dialogue.Id,
            kinds = dialogue.Agenda.Select(a => StoredNames.Of(a.Kind)).ToArray(),
            texts = dialogue.Agenda.Select(a => a.Text).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Writes the mutable fields of <paramref name="dialogue"/> and raises its sequence; returns it as stored.</summary>
    public async Task<Dialogue> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dialogue dialogue, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            update dialogue set status = @Status, starts_at = @StartsAt, ends_at = @EndsAt, venue = @Venue, co_chairs = @CoChairs,
                   cancel_reason = @CancelReason, override_reason = @OverrideReason, announced_at = @AnnouncedAt,
                   announcement = @Announcement, held_on = @HeldOn, attendance = @Attendance::jsonb, minutes = @Minutes,
                   results = @Results, results_published_at = @ResultsPublishedAt, sequence = sequence + 1, updated_at = now()
             where id = @Id
            """, new
        {
            dialogue.Id,
            Status = StoredNames.Of(dialogue.Status),
            StartsAt = dialogue.Slot?.Start,
            EndsAt = dialogue.Slot?.End,
            Venue = VenueOf(dialogue.Unit, dialogue.Slot),
            CoChairs = CoChairsOf(dialogue.Unit, dialogue.Slot),
            dialogue.CancelReason,
            dialogue.OverrideReason,
            dialogue.AnnouncedAt,
            dialogue.Announcement,
            dialogue.HeldOn,
            Attendance = dialogue.Attendance.Count == 0 ? null : JsonSerializer.Serialize(dialogue.Attendance),
            dialogue.Minutes,
            dialogue.Results,
            dialogue.ResultsPublishedAt,
        }, transaction, cancellationToken: cancellationToken));
        return (await GetAsync(connection, dialogue.Id, forUpdate: false, cancellationToken, transaction))!;
    }

    /// <summary>
    /// Books the slot's co-chairs and venue for the dialogue, replacing its earlier bookings (none when
    /// <paramref name="slot"/> is null). A clash is FAILED_PRECONDITION naming who or what is taken;
    /// the exclusion constraint settles races between concurrent writers the same way.
    /// </summary>
    public async Task BookAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dialogueId, DialogueSlot? slot, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from dialogue_booking where dialogue_id = @dialogueId", new { dialogueId }, transaction, cancellationToken: cancellationToken));
        if (slot is null)
        {
            return;
        }

        var resources = Resources(slot);
        var taken = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition("""
            select resource from dialogue_booking
             where resource = any(@resources) and during && tstzrange(@start, @end) and dialogue_id <> @dialogueId
             limit 1
            """, new { resources, start = slot.Start, end = slot.End, dialogueId }, transaction, cancellationToken: cancellationToken));
        if (taken is not null)
        {
            throw DoubleBooked(taken);
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into dialogue_booking (dialogue_id, resource, during)
                select @dialogueId, r, tstzrange(@start, @end) from unnest(@resources) r
                """, new { dialogueId, resources, start = slot.Start, end = slot.End }, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            throw DoubleBooked("a co-chair or the venue");
        }
    }

    public static string[] Resources(DialogueSlot slot) => Resources(slot.CoChairs, slot.Venue);

    /// <summary>What a dialogue books: each co-chair and the venue, compared without case or surrounding spaces.</summary>
    public static string[] Resources(IEnumerable<string> coChairs, string venue) =>
        coChairs.Select(c => "chair:" + c.Trim().ToLowerInvariant()).Append("venue:" + venue.Trim().ToLowerInvariant()).Distinct().ToArray();

    public async Task AddSlotChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dialogueId, DialogueSlot earlier, string reason, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_slot_change (dialogue_id, starts_at, ends_at, venue, reason) values (@dialogueId, @Start, @End, @Venue, @reason)
            """, new { dialogueId, earlier.Start, earlier.End, earlier.Venue, reason }, transaction, cancellationToken: cancellationToken));

    /// <summary>Adds an event to the outbox; with a dedup key, only once.</summary>
    public async Task AddEventAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Dialogue dialogue, string eventType, string message, string? dedupKey, CancellationToken cancellationToken) =>
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

    public async Task<Dialogue?> GetAsync(NpgsqlConnection connection, Guid id, bool forUpdate, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<DialogueRow>(new CommandDefinition(
            $"select {Columns} from dialogue d where d.id = @id {(forUpdate ? "for update" : "")}", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var unit = (await units.GetByIdsAsync([row.UnitId], cancellationToken))[row.UnitId];
        var dialogue = row.ToDialogue(unit);

        var agenda = (await connection.QueryAsync<AgendaRow>(new CommandDefinition("""
            select kind, text, opinion_id as OpinionId from dialogue_agenda_item where dialogue_id = @id order by position
            """, new { id }, transaction, cancellationToken: cancellationToken))).Select(a => a.ToItem()).ToList();
        if (dialogue.IsUpcoming)
        {
            agenda.AddRange((await CarriedOpinionsAsync(connection, transaction, dialogue, cancellationToken))
                .Select(o => new AgendaItem(AgendaItemKind.CarriedOpinion, $"{o.Topic}: {o.Content}", o.Id)));
        }

        var slots = await connection.QueryAsync<SlotChangeRow>(new CommandDefinition("""
            select starts_at as Start, ends_at as End, venue, reason, changed_at as ChangedAt
              from dialogue_slot_change where dialogue_id = @id order by id
            """, new { id }, transaction, cancellationToken: cancellationToken));
        var opinions = await OpinionsAsync(connection, transaction, "o.dialogue_id = @id", new { id }, cancellationToken);
        return dialogue with { Agenda = agenda, EarlierSlots = slots.Select(s => s.ToSlot()).ToList(), Opinions = opinions };
    }

    /// <summary>
    /// Unresolved opinions raised at the unit's earlier dialogues: the agenda of its next dialogue
    /// carries them (frozen onto it when it is held).
    /// </summary>
    public async Task<IReadOnlyList<Opinion>> CarriedOpinionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Dialogue dialogue, CancellationToken cancellationToken) =>
        await OpinionsAsync(connection, transaction, $"""
            o.unit_id = @unitId and o.status in {OpinionWorkflow.OpenStatusesSql} and o.dialogue_id <> @id
            and (@start::timestamptz is null or exists (select 1 from dialogue r where r.id = o.dialogue_id and r.starts_at < @start))
            """, new { unitId = dialogue.Unit.Id, id = dialogue.Id, start = dialogue.Slot?.Start }, cancellationToken);

    public async Task<IReadOnlyList<Opinion>> OpinionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<OpinionRow>(new CommandDefinition($"""
            select o.id, o.dialogue_id as DialogueId, u.code as UnitCode, o.topic, o.content, o.responsible_agency as ResponsibleAgency,
                   o.due_date as DueDate, o.status, o.answer, o.overdue_since is not null as Overdue,
                   o.created_at as CreatedAt, o.updated_at as UpdatedAt
              from opinion o join admin_unit u on u.id = o.unit_id
             where {where}
             order by o.seq
            """, parameters, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToOpinion()).ToList();
    }

    /// <summary>
    /// Dialogues matching the filter, by start time (proposals without one last) then id, after the
    /// given key; with their stored agenda (opinions and earlier slots come with <see cref="GetAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<Dialogue>> ListAsync(DialogueFilter filter, (DateTime StartUtc, Guid Id)? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DialogueRow>(new CommandDefinition($"""
            select {Columns} from dialogue d
             where {(filter.IncludeDescendants ? "d.unit_path && @ids" : "d.unit_id = any(@ids)")}
               and (@from::date is null or d.starts_at >= (@from::date)::timestamp at time zone @zone)
               and (@to::date is null or d.starts_at < (@to::date + 1)::timestamp at time zone @zone)
               and (@kind::text is null or d.kind = @kind) and (@status::text is null or d.status = @status)
               and (@afterStart::timestamptz is null or (coalesce(d.starts_at, 'infinity'), d.id) > (@afterStart, @afterId))
             order by coalesce(d.starts_at, 'infinity'), d.id
             limit @limit
            """, new
        {
            ids = filter.UnitIds.ToArray(),
            from = filter.From,
            to = filter.To,
            kind = filter.Kind is { } k ? StoredNames.Of(k) : null,
            status = filter.Status is { } s ? StoredNames.Of(s) : null,
            afterStart = after?.StartUtc,
            afterId = after?.Id ?? Guid.Empty,
            limit,
            zone = VietnamTime.TimeZoneId,
        }, cancellationToken: cancellationToken))).ToList();

        var unitsById = await units.GetByIdsAsync(rows.Select(r => r.UnitId).Distinct().ToList(), cancellationToken);
        var agendas = (await connection.QueryAsync<AgendaRow>(new CommandDefinition("""
            select dialogue_id as DialogueId, kind, text, opinion_id as OpinionId from dialogue_agenda_item
             where dialogue_id = any(@ids) order by dialogue_id, position
            """, new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(a => a.DialogueId, a => a.ToItem());
        return rows.Select(r => r.ToDialogue(unitsById[r.UnitId]) with { Agenda = agendas[r.Id].ToList() }).ToList();
    }

    // A proposal has no slot yet: it is stored with the unit's default venue and co-chairs.
    private static string VenueOf(AdminUnit unit, DialogueSlot? slot) => slot?.Venue ?? CoChairs.DefaultVenue(unit);

    private static string[] CoChairsOf(AdminUnit unit, DialogueSlot? slot) => (slot?.CoChairs ?? CoChairs.Default(unit.Code)).ToArray();

    private static PreconditionFailedException DoubleBooked(string resource) =>
        new("DOUBLE_BOOKED", $"{resource} is already booked for another dialogue at that time.");

    private sealed class DialogueRow
    {
        public Guid Id { get; init; }
        public long UnitId { get; init; }
        public long[] UnitPath { get; init; } = [];
        public string Kind { get; init; } = "";
        public string Status { get; init; } = "";
        public string Title { get; init; } = "";
        public DateTime? StartsAt { get; init; }
        public DateTime? EndsAt { get; init; }
        public string Venue { get; init; } = "";
        public string[] CoChairs { get; init; } = [];
        public int? PlanYear { get; init; }
        public string? TriggerRule { get; init; }
        public string? TriggerPeriod { get; init; }
        public string? RequestHash { get; init; }
        public string? CancelReason { get; init; }
        public string? OverrideReason { get; init; }
        public DateTime? AnnouncedAt { get; init; }
        public string? Announcement { get; init; }
        public DateOnly? HeldOn { get; init; }
        public string? Attendance { get; init; }
        public string? Minutes { get; init; }
        public string? Results { get; init; }
        public DateTime? ResultsPublishedAt { get; init; }
        public int Sequence { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public Dialogue ToDialogue(AdminUnit unit) => new(
            Id, unit, UnitPath, StoredNames.Parse<DialogueKind>(Kind), StoredNames.Parse<DialogueStatus>(Status), Title,
            StartsAt is { } start ? new DialogueSlot(UtcInstants.From(start), UtcInstants.From(EndsAt!.Value), Venue, CoChairs) : null,
            PlanYear, TriggerRule, TriggerPeriod, CancelReason, OverrideReason, UtcInstants.From(AnnouncedAt), Announcement, HeldOn,
            Attendance is null ? [] : JsonSerializer.Deserialize<List<AttendanceCount>>(Attendance)!, Minutes, Results,
            UtcInstants.From(ResultsPublishedAt), Sequence, UtcInstants.From(CreatedAt), UtcInstants.From(UpdatedAt))
        {
            RequestHash = RequestHash,
        };
    }

    private sealed class AgendaRow
    {
        public Guid DialogueId { get; init; }
        public string Kind { get; init; } = "";
        public string Text { get; init; } = "";
        public Guid? OpinionId { get; init; }

        public AgendaItem ToItem() => new(StoredNames.Parse<AgendaItemKind>(Kind), Text, OpinionId);
    }

    private sealed class SlotChangeRow
    {
        public DateTime Start { get; init; }
        public DateTime End { get; init; }
        public string Venue { get; init; } = "";
        public string Reason { get; init; } = "";
        public DateTime ChangedAt { get; init; }

        public EarlierSlot ToSlot() => new(UtcInstants.From(Start), UtcInstants.From(End), Venue, Reason, UtcInstants.From(ChangedAt));
    }

    private sealed class OpinionRow
    {
        public Guid Id { get; init; }
        public Guid DialogueId { get; init; }
        public string UnitCode { get; init; } = "";
        public string Topic { get; init; } = "";
        public string Content { get; init; } = "";
        public string ResponsibleAgency { get; init; } = "";
        public DateOnly? DueDate { get; init; }
        public string Status { get; init; } = "";
        public string Answer { get; init; } = "";
        public bool Overdue { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public Opinion ToOpinion() => new(Id, DialogueId, UnitCode, Topic, Content, ResponsibleAgency, DueDate,
            StoredNames.Parse<OpinionStatus>(Status), Answer, Overdue, UtcInstants.From(CreatedAt), UtcInstants.From(UpdatedAt));
    }
}
