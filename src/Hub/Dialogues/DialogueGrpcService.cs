using System.Security.Cryptography;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Ingest;
using DanVan.Hub.Rpc;
using DanVan.Hub.Units;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Dialogues.Triggers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Domain = DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Dialogues;

/// <summary>danvan.v1.DialogueService: validates every field, calls the dialogue domain, maps back.</summary>
public sealed class DialogueGrpcService(
    DialogueLifecycle lifecycle, OpinionWorkflow opinions, PeriodicPlanner planner, DialogueStore store, DialogueReports reports,
    DialogueEventFeed events, Petitions petitions, TimeProvider clock) : DialogueService.DialogueServiceBase
{
    private const int MaxText = 4000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(8);

    public override async Task<ScheduleDialogueResponse> ScheduleDialogue(ScheduleDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Text(request.RequestId, "request_id", v, required: false, max: 200);
        UnitCode(request.UnitCode, v);
        var kind = DialogueMapping.FromProto<Contracts.V1.DialogueKind, Domain.DialogueKind>(request.Kind, "kind", v);
        if (kind is null && request.Kind == Contracts.V1.DialogueKind.Unspecified)
        {
            v.Add("kind", "is required (DIALOGUE_KIND_PERIODIC or DIALOGUE_KIND_AD_HOC)");
        }

        Text(request.Title, "title", v, required: true, max: 300);
        var start = Instant(request.StartTime, "start_time", v, required: true);
        var duration = Duration(request.Duration, "duration", v);
        Text(request.Venue, "venue", v, required: false, max: 300);
        Texts(request.CoChairs, "co_chairs", v, max: 200);
        Texts(request.Topics, "topics", v, max: MaxText);
        Text(request.OverrideReason, "override_reason", v, required: false, max: MaxText);
        v.ThrowIfAny();

        var dialogue = await lifecycle.ScheduleAsync(new ScheduleDialogueCommand(
            Blank(request.RequestId), Convert.ToHexString(SHA256.HashData(request.ToByteArray())), request.UnitCode, kind!.Value, request.Title.Trim(),
            start!.Value, duration, Blank(request.Venue), request.CoChairs.Select(c => c.Trim()).ToList(), request.Topics.ToList(),
            Blank(request.OverrideReason)), context.CancellationToken);
        return new ScheduleDialogueResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<GetDialogueResponse> GetDialogue(GetDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        v.ThrowIfAny();
        return new GetDialogueResponse { Dialogue = (await lifecycle.GetAsync(id, context.CancellationToken)).ToProto() };
    }

    public override async Task<ListDialoguesResponse> ListDialogues(ListDialoguesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        UnitCode(request.UnitCode, v);
        var from = ProtoDates.ToDateOnly(request.StartDate, "start_date", v);
        var to = ProtoDates.ToDateOnly(request.EndDate, "end_date", v);
        DateOrder(from, to, v);
        var kind = DialogueMapping.FromProto<Contracts.V1.DialogueKind, Domain.DialogueKind>(request.Kind, "kind", v);
        var status = DialogueMapping.FromProto<Contracts.V1.DialogueStatus, Domain.DialogueStatus>(request.Status, "status", v);
        var pageSize = PageTokens.PageSize(request.PageSize, v);
        var fingerprint = PageTokens.Fingerprint("ListDialogues", request.UnitCode, request.IncludeDescendants, from, to, kind, status);
        var token = PageTokens.Decode(request.PageToken, fingerprint, v);
        (DateTime, Guid)? after = null;
        if (token is not null)
        {
            var parts = token.LastKey.Split('|');
            if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks is >= 0 && ticks <= DateTime.MaxValue.Ticks && Guid.TryParse(parts[1], out var lastId))
            {
                after = (new DateTime(ticks, DateTimeKind.Utc), lastId);
            }
            else
            {
                v.Add("page_token", "is not a page token issued by this service");
            }
        }

        v.ThrowIfAny();

        var (_, roots) = await reports.ScopeAsync(request.UnitCode, token?.PinnedDate ?? VietnamTime.Today(clock), context.CancellationToken);
        var found = await store.ListAsync(new DialogueFilter(roots, request.IncludeDescendants, from, to, kind, status), after, pageSize + 1, context.CancellationToken);
        var response = new ListDialoguesResponse();
        response.Dialogues.AddRange(found.Take(pageSize).Select(d => d.ToProto()));
        if (found.Count > pageSize)
        {
            var last = found[pageSize - 1];
            var lastStart = last.Slot?.Start.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
            response.NextPageToken = PageTokens.Encode(fingerprint, $"{lastStart.Ticks}|{last.Id}", token?.PinnedDate ?? VietnamTime.Today(clock));
        }

        return response;
    }

    public override async Task<ConfirmDialogueResponse> ConfirmDialogue(ConfirmDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        var start = Instant(request.StartTime, "start_time", v, required: false);
        Text(request.Venue, "venue", v, required: false, max: 300);
        Text(request.OverrideReason, "override_reason", v, required: false, max: MaxText);
        v.ThrowIfAny();
        var dialogue = await lifecycle.ConfirmAsync(id, start, Blank(request.Venue), Blank(request.OverrideReason), context.CancellationToken);
        return new ConfirmDialogueResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<AnnounceDialogueResponse> AnnounceDialogue(AnnounceDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        Text(request.Announcement, "announcement", v, required: true, max: MaxText);
        Text(request.OverrideReason, "override_reason", v, required: false, max: MaxText);
        v.ThrowIfAny();
        var dialogue = await lifecycle.AnnounceAsync(id, request.Announcement.Trim(), Blank(request.OverrideReason), context.CancellationToken);
        return new AnnounceDialogueResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<RescheduleDialogueResponse> RescheduleDialogue(RescheduleDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        var start = Instant(request.StartTime, "start_time", v, required: true);
        var duration = Duration(request.Duration, "duration", v);
        Text(request.Venue, "venue", v, required: false, max: 300);
        Text(request.Reason, "reason", v, required: true, max: MaxText);
        Text(request.OverrideReason, "override_reason", v, required: false, max: MaxText);
        v.ThrowIfAny();
        var dialogue = await lifecycle.RescheduleAsync(new RescheduleDialogueCommand(
            id, start!.Value, duration, Blank(request.Venue), request.Reason.Trim(), Blank(request.OverrideReason)), context.CancellationToken);
        return new RescheduleDialogueResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<CancelDialogueResponse> CancelDialogue(CancelDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        Text(request.Reason, "reason", v, required: true, max: MaxText);
        v.ThrowIfAny();
        return new CancelDialogueResponse { Dialogue = (await lifecycle.CancelAsync(id, request.Reason.Trim(), context.CancellationToken)).ToProto() };
    }

    public override async Task<RecordDialogueOutcomeResponse> RecordDialogueOutcome(RecordDialogueOutcomeRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        var heldOn = ProtoDates.RequiredDate(request.HeldOn, "held_on", v);

        for (var i = 0; i < request.Attendance.Count; i++)
        {
            Text(request.Attendance[i].Group, $"attendance[{i}].group", v, required: true, max: 200);
            if (request.Attendance[i].Count < 0)
            {
                v.Add($"attendance[{i}].count", "must not be negative");
            }
        }

        Text(request.Minutes, "minutes", v, required: false, max: 100_000);
        var newOpinions = new List<Domain.NewOpinion>();
        for (var i = 0; i < request.Opinions.Count; i++)
        {
            var o = request.Opinions[i];
            Text(o.Topic, $"opinions[{i}].topic", v, required: true, max: 300);
            Text(o.Content, $"opinions[{i}].content", v, required: true, max: MaxText);
            Text(o.ResponsibleAgency, $"opinions[{i}].responsible_agency", v, required: false, max: 300);
            newOpinions.Add(new Domain.NewOpinion(o.Topic.Trim(), o.Content.Trim(), o.ResponsibleAgency.Trim(), ProtoDates.ToDateOnly(o.DueDate, $"opinions[{i}].due_date", v)));
        }

        v.ThrowIfAny();
        var dialogue = await lifecycle.RecordOutcomeAsync(new RecordOutcomeCommand(
            id, heldOn!.Value, request.Attendance.Select(a => new AttendanceCount(a.Group.Trim(), a.Count)).ToList(), request.Minutes, newOpinions),
            context.CancellationToken);
        return new RecordDialogueOutcomeResponse { Dialogue = dialogue.ToProto() };
    }

    public override async Task<PublishDialogueResultsResponse> PublishDialogueResults(PublishDialogueResultsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        Text(request.Results, "results", v, required: true, max: 100_000);
        v.ThrowIfAny();
        return new PublishDialogueResultsResponse { Dialogue = (await lifecycle.PublishResultsAsync(id, request.Results, context.CancellationToken)).ToProto() };
    }

    public override async Task<CloseDialogueResponse> CloseDialogue(CloseDialogueRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = DialogueId(request.DialogueId, v);
        v.ThrowIfAny();
        return new CloseDialogueResponse { Dialogue = (await lifecycle.CloseAsync(id, context.CancellationToken)).ToProto() };
    }

    public override async Task<UpdateOpinionResponse> UpdateOpinion(UpdateOpinionRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = Uuid(request.OpinionId, "opinion_id", v);
        var status = DialogueMapping.FromProto<Contracts.V1.OpinionStatus, Domain.OpinionStatus>(request.Status, "status", v);
        Text(request.ResponsibleAgency, "responsible_agency", v, required: false, max: 300);
        var due = ProtoDates.ToDateOnly(request.DueDate, "due_date", v);
        Text(request.Answer, "answer", v, required: false, max: MaxText);
        v.ThrowIfAny();
        var opinion = await opinions.UpdateAsync(new UpdateOpinionCommand(id, status, Blank(request.ResponsibleAgency), due, Blank(request.Answer)), context.CancellationToken);
        return new UpdateOpinionResponse { Opinion = opinion.ToProto() };
    }

    public override async Task<RecordPetitionResponse> RecordPetition(RecordPetitionRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Text(request.RequestId, "request_id", v, required: true, max: 200);
        UnitCode(request.UnitCode, v);
        var receivedOn = ProtoDates.RequiredDate(request.ReceivedOn, "received_on", v);

        Text(request.Subject, "subject", v, required: true, max: MaxText);
        if (request.Signatures < 1)
        {
            v.Add("signatures", "must be at least 1");
        }

        if (request.RegisteredVoters < 1)
        {
            v.Add("registered_voters", "must be at least 1");
        }
        else if (request.Signatures > request.RegisteredVoters)
        {
            v.Add("signatures", "must not exceed registered_voters");
        }

        v.ThrowIfAny();
        var id = await petitions.RecordAsync(new PetitionCommand(request.RequestId, request.UnitCode, receivedOn!.Value, request.Subject.Trim(),
            request.Signatures, request.RegisteredVoters), context.CancellationToken);
        return new RecordPetitionResponse { PetitionId = id.ToString() };
    }

    public override async Task<SummarizeDialoguesResponse> SummarizeDialogues(SummarizeDialoguesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        UnitCode(request.UnitCode, v);
        var today = VietnamTime.Today(clock);
        var from = ProtoDates.ToDateOnly(request.StartDate, "start_date", v) ?? new DateOnly(today.Year, 1, 1);
        var to = ProtoDates.ToDateOnly(request.EndDate, "end_date", v) ?? today;
        DateOrder(from, to, v);
        v.ThrowIfAny();

        var summary = await reports.SummarizeAsync(request.UnitCode, from, to, today, context.CancellationToken);
        var response = new SummarizeDialoguesResponse
        {
            Unit = summary.Unit.ToProto(),
            PeriodicHeld = summary.PeriodicHeld,
            AdHocHeld = summary.AdHocHeld,
            OpinionsReceived = summary.OpinionsReceived,
            OpinionsResolved = summary.OpinionsResolved,
            ProposalsPending = summary.ProposalsPending,
            ResolutionRate = (summary.OpinionsReceived == 0 ? null : new Adapters.Indicators.Rate("resolution_rate", summary.OpinionsResolved, summary.OpinionsReceived,
                "opinions answered at the meeting or resolved / opinions received, at dialogues held in the period")).ToProto(),
        };
        response.Levels.AddRange(summary.Levels.Select(l => new Contracts.V1.LevelSummary
        {
            Level = (Contracts.V1.AdminLevel)(int)l.Level,
            PeriodicHeld = l.PeriodicHeld,
            AdHocHeld = l.AdHocHeld,
            OpinionsReceived = l.OpinionsReceived,
            OpinionsResolved = l.OpinionsResolved,
        }));
        return response;
    }

    public override async Task WatchDialogues(WatchDialoguesRequest request, IServerStreamWriter<WatchDialoguesResponse> responseStream, ServerCallContext context)
    {
        var v = new Violations();
        UnitCode(request.UnitCode, v);
        if (request.AfterEventId < 0)
        {
            v.Add("after_event_id", "must not be negative");
        }

        v.ThrowIfAny();
        var cancellationToken = context.CancellationToken;
        using var subscription = await events.SubscribeAsync(request.UnitCode, VietnamTime.Today(clock), request.AfterEventId, cancellationToken);
        // The headers go out at once so that a watcher knows it is subscribed before the first event.
        await context.WriteResponseHeadersAsync(new Metadata());
        await foreach (var e in subscription.ReadAllAsync(cancellationToken))
        {
            await responseStream.WriteAsync(new WatchDialoguesResponse
            {
                EventId = e.Id,
                EventType = e.EventType,
                DialogueId = e.DialogueId.ToString(),
                UnitCode = e.UnitCode,
                Status = DialogueMapping.ToProto(e.Status),
                Message = e.Message,
                EventTime = Timestamp.FromDateTimeOffset(e.CreatedAt),
            }, cancellationToken);
        }
    }

    public override async Task<PlanPeriodicDialoguesResponse> PlanPeriodicDialogues(PlanPeriodicDialoguesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        UnitCode(request.UnitCode, v);
        var year = request.Year == 0 ? VietnamTime.Today(clock).Year : request.Year;
        if (year is < 2000 or > 2100)
        {
            v.Add("year", "must be between 2000 and 2100");
        }

        v.ThrowIfAny();
        var plan = await planner.PlanAsync(request.UnitCode, year, request.DryRun, context.CancellationToken);
        var response = new PlanPeriodicDialoguesResponse
        {
            UnitsConsidered = plan.UnitsConsidered,
            UnitsAlreadyPlanned = plan.UnitsAlreadyPlanned,
            DueDate = ProtoDates.ToProto(plan.DueDate),
            HolidaysProvisional = plan.HolidaysProvisional,
        };
        response.Planned.AddRange(plan.Planned.Select(p => new Contracts.V1.PlannedDialogue
        {
            UnitCode = p.Unit.Code,
            UnitName = p.Unit.Name,
            StartTime = Timestamp.FromDateTimeOffset(p.Slot.Start),
            EndTime = Timestamp.FromDateTimeOffset(p.Slot.End),
            Venue = p.Slot.Venue,
            DialogueId = p.DialogueId?.ToString() ?? "",
        }));
        response.UnitsWithoutDialogue.AddRange(plan.UnitsWithoutDialogue.Select(u => new Contracts.V1.UnitWithoutDialogue
        {
            UnitCode = u.Unit.Code,
            UnitName = u.Unit.Name,
            Reason = u.Reason,
        }));
        return response;
    }

    private static Guid DialogueId(string value, Violations v) => Uuid(value, "dialogue_id", v);

    private static Guid Uuid(string value, string field, Violations v)
    {
        if (Guid.TryParseExact(value, "D", out var id))
        {
            return id;
        }

        v.Add(field, string.IsNullOrEmpty(value) ? "is required" : "must be an id as returned by this service (a UUID)");
        return Guid.Empty;
    }

    private static void UnitCode(string code, Violations v)
    {
        if (!UnitCodes.IsWellFormed(code))
        {
            v.Add("unit_code", string.IsNullOrEmpty(code) ? "is required" : UnitCodes.FormatDescription);
        }
    }

    private static void Text(string value, string field, Violations v, bool required, int max)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, "is required");
        }
        else if (value.Length > max)
        {
            v.Add(field, $"must be at most {max} characters");
        }
    }

    private static void Texts(IReadOnlyList<string> values, string field, Violations v, int max)
    {
        if (values.Count > 50)
        {
            v.Add(field, "must have at most 50 entries");
        }

        for (var i = 0; i < values.Count; i++)
        {
            Text(values[i], $"{field}[{i}]", v, required: true, max);
        }
    }

    private static DateTimeOffset? Instant(Timestamp? value, string field, Violations v, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                v.Add(field, "is required");
            }

            return null;
        }

        if (value.Nanos is < 0 or > 999_999_999 || value.Seconds < Timestamp.FromDateTime(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Seconds
            || value.Seconds > Timestamp.FromDateTime(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Seconds)
        {
            v.Add(field, "must be a time between 2000 and 2100");
            return null;
        }

        return value.ToDateTimeOffset();
    }

    private static TimeSpan? Duration(Google.Protobuf.WellKnownTypes.Duration? value, string field, Violations v)
    {
        if (value is null)
        {
            return null;
        }

        var duration = value.Seconds is >= 0 and <= 86_400 && value.Nanos is >= 0 and < 1_000_000_000 ? value.ToTimeSpan() : TimeSpan.MinValue;
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
        {
            v.Add(field, $"must be positive and at most {MaxDuration.TotalHours:0} hours");
            return null;
        }

        return duration;
    }

    private static void DateOrder(DateOnly? from, DateOnly? to, Violations v)
    {
        if (from is { } f && to is { } t && t < f)
        {
            v.Add("end_date", "must not be before start_date");
        }
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
