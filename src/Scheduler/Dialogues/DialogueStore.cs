using System.Text.Json;
using Dapper;
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
    string? OverrideReason, IReadOnlyList<AgendaItem> Agenda)
{
    public DialogueForm Form { get; init; }

    public IReadOnlyList<DialogueSession> Sessions { get; init; } = [];

    public IReadOnlyList<string> Invitees { get; init; } = [];

    /// <summary>Set for a dialogue enough voters requested: the day it must be held by.</summary>
    public DateOnly? MandatoryDueOn { get; init; }
}

/// <summary>
/// Reads and writes dialogues with their agenda and slot history (bookings, opinions and events have
/// stores of their own). Writers pass the connection and transaction of the change they are part of,
/// so that a change and its event commit together.
/// </summary>
public sealed class DialogueStore(NpgsqlDataSource dataSource, IUnitRegistry units, OpinionStore opinions, DialogueOptions options)
{
    /// <summary>
    /// The day a dialogue <c>d</c> falls on in lists and reports alike: its held date once held, its
    /// slot's day (in Vietnam, parameter <c>@zone</c>) before; null for a proposal without a slot.
    /// </summary>
    internal const string DaySql = "coalesce(d.held_on, (d.starts_at at time zone @zone)::date)";

    internal const string Columns = """
        d.id, d.unit_id as UnitId, d.unit_path as UnitPath, d.kind, d.status, d.title, d.starts_at as StartsAt, d.ends_at as EndsAt,
        d.venue, d.co_chairs as CoChairs, d.plan_year as PlanYear, d.trigger_rule as TriggerRule, d.trigger_period as TriggerPeriod,
        d.request_hash as RequestHash, d.cancel_reason as CancelReason, d.override_reason as OverrideReason,
        d.announced_at as AnnouncedAt, d.announcement, d.held_on as HeldOn, d.attendance::text as Attendance, d.minutes,
        d.results, d.results_published_at as ResultsPublishedAt, d.sequence, d.created_at as CreatedAt, d.updated_at as UpdatedAt,
        d.form, d.sessions::text as Sessions, d.invitees, d.mandatory_due_on as MandatoryDueOn, d.overdue,
        d.announcement_channels as AnnouncementChannels, d.announcement_time as AnnouncementTime, d.announcement_place as AnnouncementPlace,
        d.announcement_content as AnnouncementContent, d.announcement_participation as AnnouncementParticipation,
        d.results_channels as ResultsChannels, d.actual_start as ActualStart, d.actual_end as ActualEnd,
        d.presiding_chair as PresidingChair, d.minutes_secretary as MinutesSecretary
        """;

    public async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewDialogue dialogue, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue (id, unit_id, unit_path, kind, status, title, starts_at, ends_at, venue, co_chairs, plan_year,
                                  trigger_rule, trigger_period, request_id, request_hash, override_reason,
                                  form, sessions, invitees, mandatory, mandatory_due_on)
            values (@Id, @UnitId, @UnitPath, @Kind, @Status, @Title, @StartsAt, @EndsAt, @Venue, @CoChairs, @PlanYear,
                    @TriggerRule, @TriggerPeriod, @RequestId, @RequestHash, @OverrideReason,
                    @Form, @Sessions::jsonb, @Invitees, @Mandatory, @MandatoryDueOn)
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
            Form = StoredNames.Of(dialogue.Form),
            Sessions = SessionsJson(dialogue.Sessions),
            Invitees = dialogue.Invitees.ToArray(),
            Mandatory = dialogue.MandatoryDueOn is not null,
            dialogue.MandatoryDueOn,
        }, transaction, cancellationToken: cancellationToken));

        await AppendAgendaAsync(connection, transaction, dialogue.Id, dialogue.Agenda, cancellationToken);
    }

    /// <summary>A plan's new periodic dialogues, scheduled, all at once; each with its unit's path on its day.</summary>
    public async Task InsertPlannedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PlannedDialogue> planned, int year, Func<AdminUnit, string> title,
        Func<AdminUnit, IReadOnlyList<string>> invitees, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            with planned as (
                select * from unnest(@ids, @unitIds, @titles, @starts, @ends, @venues, @chairs, @invitees)
                       as p(id, unit_id, title, starts_at, ends_at, venue, chairs, invitees)
            )
            insert into dialogue (id, unit_id, unit_path, kind, status, title, starts_at, ends_at, venue, co_chairs, plan_year, invitees)
            select p.id, p.unit_id, unit_ancestry(p.unit_id, (p.starts_at at time zone @zone)::date), @periodic, @scheduled,
                   p.title, p.starts_at, p.ends_at, p.venue, string_to_array(p.chairs, '|'), @year, string_to_array(p.invitees, '|')
              from planned p
            """, new
        {
            ids = planned.Select(p => p.DialogueId!.Value).ToArray(),
            unitIds = planned.Select(p => p.Unit.Id).ToArray(),
            titles = planned.Select(p => title(p.Unit)).ToArray(),
            starts = planned.Select(p => p.Slot.Start).ToArray(),
            ends = planned.Select(p => p.Slot.End).ToArray(),
            venues = planned.Select(p => p.Slot.Venue).ToArray(),
            chairs = planned.Select(p => string.Join('|', p.Slot.CoChairs)).ToArray(),
            invitees = planned.Select(p => string.Join('|', invitees(p.Unit))).ToArray(),
            year,
            zone = VietnamTime.TimeZoneId,
            periodic = StoredNames.Of(DialogueKind.Periodic),
            scheduled = StoredNames.Of(DialogueStatus.Scheduled),
        }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));

    /// <summary>Writes the mutable fields of <paramref name="dialogue"/> and raises its sequence; returns it as stored.</summary>
    public async Task<Dialogue> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dialogue dialogue, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            update dialogue set status = @Status, starts_at = @StartsAt, ends_at = @EndsAt, venue = @Venue, co_chairs = @CoChairs,
                   cancel_reason = @CancelReason, override_reason = @OverrideReason, announced_at = @AnnouncedAt,
                   announcement = @Announcement, held_on = @HeldOn, attendance = @Attendance::jsonb, minutes = @Minutes,
                   results = @Results, results_published_at = @ResultsPublishedAt, sessions = @Sessions::jsonb,
                   announcement_channels = @AnnouncementChannels, announcement_time = @AnnouncementTime, announcement_place = @AnnouncementPlace,
                   announcement_content = @AnnouncementContent, announcement_participation = @AnnouncementParticipation,
                   results_channels = @ResultsChannels, actual_start = @ActualStart, actual_end = @ActualEnd,
                   presiding_chair = @PresidingChair, minutes_secretary = @MinutesSecretary,
                   sequence = sequence + 1, updated_at = now()
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
            Sessions = SessionsJson(dialogue.Sessions),
            AnnouncementChannels = dialogue.AnnouncementDetails?.Channels.Select(StoredNames.Of).ToArray(),
            AnnouncementTime = dialogue.AnnouncementDetails?.Time,
            AnnouncementPlace = dialogue.AnnouncementDetails?.Place,
            AnnouncementContent = dialogue.AnnouncementDetails?.Content,
            AnnouncementParticipation = dialogue.AnnouncementDetails?.HowToTakePart,
            ResultsChannels = dialogue.ResultsChannels.Count == 0 ? null : dialogue.ResultsChannels.Select(StoredNames.Of).ToArray(),
            dialogue.OutcomeDetails.ActualStart,
            dialogue.OutcomeDetails.ActualEnd,
            dialogue.OutcomeDetails.PresidingChair,
            dialogue.OutcomeDetails.MinutesSecretary,
        }, transaction, cancellationToken: cancellationToken));
        return (await GetAsync(connection, dialogue.Id, forUpdate: false, cancellationToken, transaction))!;
    }

    public async Task AddSlotChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dialogueId, DialogueSlot earlier, string reason, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_slot_change (dialogue_id, starts_at, ends_at, venue, reason) values (@dialogueId, @Start, @End, @Venue, @reason)
            """, new { dialogueId, earlier.Start, earlier.End, earlier.Venue, reason }, transaction, cancellationToken: cancellationToken));

    /// <summary>Freezes the opinions carried onto a dialogue into its agenda, as it is held.</summary>
    public async Task FreezeCarriedOpinionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dialogue dialogue, CancellationToken cancellationToken)
    {
        var carried = await opinions.ListAsync(connection, transaction, new OpinionFilter.CarriedOnto(dialogue), cancellationToken);
        await AppendAgendaAsync(connection, transaction, dialogue.Id,
            carried.Select(o => new AgendaItem(AgendaItemKind.CarriedOpinion, $"{o.Topic}: {o.Content}", o.Id)).ToList(), cancellationToken);
    }

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
            agenda.AddRange((await opinions.ListAsync(connection, transaction, new OpinionFilter.CarriedOnto(dialogue), cancellationToken))
                .Select(o => new AgendaItem(AgendaItemKind.CarriedOpinion, $"{o.Topic}: {o.Content}", o.Id)));
        }

        var slots = await connection.QueryAsync<SlotChangeRow>(new CommandDefinition("""
            select starts_at as Start, ends_at as End, venue, reason, changed_at as ChangedAt
              from dialogue_slot_change where dialogue_id = @id order by id
            """, new { id }, transaction, cancellationToken: cancellationToken));
        var raised = await opinions.ListAsync(connection, transaction, new OpinionFilter.RaisedAt(id), cancellationToken);
        return dialogue with { Agenda = agenda, EarlierSlots = slots.Select(s => s.ToSlot()).ToList(), Opinions = raised };
    }

    /// <summary>The id of the dialogue a request with this request id created, if one did.</summary>
    public async Task<Guid?> FindByRequestIdAsync(NpgsqlConnection connection, string requestId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select id from dialogue where request_id = @requestId", new { requestId }, cancellationToken: cancellationToken));

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
               and (@from::date is null or {DaySql} >= @from::date) and (@to::date is null or {DaySql} <= @to::date)
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

    /// <summary>Per unit of <paramref name="unitIds"/>: its periodic dialogues counting towards <paramref name="year"/> (not cancelled), and whether one is by the due date.</summary>
    public async Task<Dictionary<long, (int Count, bool ByDueDate)>> PeriodicCountsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> unitIds, int year, DateOnly dueDate, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(long UnitId, int Count, bool ByDueDate)>(new CommandDefinition("""
            select unit_id, count(*)::int, bool_or(coalesce(held_on, (starts_at at time zone @zone)::date) <= @dueDate)
              from dialogue
             where kind = @periodic and plan_year = @year and status <> @cancelled and unit_id = any(@ids)
             group by unit_id
            """, new
        {
            year, dueDate, ids = unitIds.ToArray(), zone = VietnamTime.TimeZoneId,
            periodic = StoredNames.Of(DialogueKind.Periodic), cancelled = StoredNames.Of(DialogueStatus.Cancelled),
        }, transaction, cancellationToken: cancellationToken)))
        .ToDictionary(e => e.UnitId, e => (e.Count, e.ByDueDate));

    /// <summary>Whether the dialogue lies under one of <paramref name="roots"/>; null when there is no such dialogue.</summary>
    public async Task<bool?> LiesUnderAsync(Guid id, long[] roots, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "select unit_path && @roots from dialogue where id = @id", new { roots, id }, cancellationToken: cancellationToken));
    }

    /// <summary>Whether a trigger rule proposed a dialogue for the unit for <paramref name="period"/>, or for a period less than the cool-down before it.</summary>
    public async Task<bool> HasTriggerProposalAsync(long unitId, string rule, string period, DateOnly month, int cooldownDays, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists (select 1 from dialogue
                            where unit_id = @unitId and trigger_rule = @rule
                              and (trigger_period = @period or to_date(trigger_period, 'YYYY-MM') > @month::date - @cooldown))
            """, new { unitId, rule, period, month, cooldown = cooldownDays }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> dialogues changed since their milestone jobs were last scheduled
    /// (<c>armed_sequence</c> behind <c>sequence</c>), with the job each has pending, locked for the caller's transaction.
    /// </summary>
    public async Task<IReadOnlyList<ChangedDialogue>> ClaimChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ChangedRow>(new CommandDefinition("""
            select id, status, starts_at as StartsAt, sequence, milestone_job_id as MilestoneJobId, held_on as HeldOn from dialogue
             where armed_sequence is distinct from sequence
             order by id limit @limit for update skip locked
            """, new { limit }, transaction, cancellationToken: cancellationToken)))
        .Select(r => r.ToChanged()).ToList();

    /// <summary>Marks the dialogues armed at their current sequence, each with its new pending job (or none).</summary>
    public Task MarkArmedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(Guid Id, string? JobId)> armed, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update dialogue d set armed_sequence = d.sequence, milestone_job_id = a.job_id
              from unnest(@ids, @jobIds) as a(id, job_id)
             where d.id = a.id
            """, new { ids = armed.Select(a => a.Id).ToArray(), jobIds = armed.Select(a => a.JobId).ToArray() },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Records the dialogue's next pending milestone job, unless the dialogue has changed since <paramref name="sequence"/>; returns whether it did.</summary>
    public async Task<bool> RecordNextMilestoneAsync(NpgsqlConnection connection, Guid dialogueId, int sequence, string jobId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "update dialogue set milestone_job_id = @jobId where id = @dialogueId and sequence = @sequence and armed_sequence = @sequence",
            new { dialogueId, sequence, jobId }, cancellationToken: cancellationToken)) == 1;

    private async Task AppendAgendaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dialogueId, IReadOnlyList<AgendaItem> items, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dialogue_agenda_item (dialogue_id, position, kind, text, opinion_id)
            select @id, coalesce((select max(position) from dialogue_agenda_item where dialogue_id = @id), 0) + p, k, t, o
              from unnest(@kinds, @texts, @opinionIds) with ordinality as a(k, t, o, p)
            """, new
        {
            id = dialogueId,
            kinds = items.Select(a => StoredNames.Of(a.Kind)).ToArray(),
            texts = items.Select(a => a.Text).ToArray(),
            opinionIds = items.Select(a => a.OpinionId).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Mandatory dialogues not held by their due date (before <paramref name="today"/>) and not yet
    /// flagged, flagged now, locked for the caller's transaction; their ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> MarkMandatoryOverdueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly today, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition("""
            update dialogue set overdue = true, updated_at = now()
             where mandatory and not overdue and held_on is null and status <> @cancelled and mandatory_due_on < @today
            returning id
            """, new { today, cancelled = StoredNames.Of(DialogueStatus.Cancelled) }, transaction, cancellationToken: cancellationToken))).ToList();

    // A proposal has no slot yet: it is stored with the unit's default venue and co-chairs.
    private string VenueOf(AdminUnit unit, DialogueSlot? slot) => slot?.Venue ?? CoChairs.DefaultVenue(unit);

    private string[] CoChairsOf(AdminUnit unit, DialogueSlot? slot) => (slot?.CoChairs ?? options.CoChairsFor(unit.Code)).ToArray();

    private static string? SessionsJson(IReadOnlyList<DialogueSession> sessions) => sessions.Count == 0 ? null : JsonSerializer.Serialize(sessions);
}
