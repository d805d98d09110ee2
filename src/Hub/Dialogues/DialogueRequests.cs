using System.Security.Cryptography;
using DanVan.Adapters.Errors;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Google.Protobuf;
using Domain = DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Dialogues;

internal sealed record ConfirmCommand(Guid Id, DateTimeOffset? Start, string? Venue, string? OverrideReason);

internal sealed record CancelCommand(Guid Id, string Reason);

internal sealed record PublishResultsCommand(Guid Id, string Results, IReadOnlyList<Domain.ResultsChannel> Channels);

/// <summary>A summary of a unit, or of the whole country when <paramref name="UnitCode"/> is null.</summary>
internal sealed record SummaryQuery(string? UnitCode, DateOnly From, DateOnly To, DateOnly AsOf);

internal sealed record WatchQuery(string UnitCode, long AfterEventId);

internal sealed record PlanCommand(string UnitCode, int Year, bool DryRun);

/// <summary>
/// Every DialogueService request checked field by field (all violations together, each with its stable
/// code) and turned into the command or query the domain takes. Nothing here reads the database: rules
/// that need stored state are the domain's.
/// </summary>
internal static class DialogueRequests
{
    private const int MaxText = 4000;
    private const int MaxLongText = 100_000;
    private const int MaxShortText = 300;
    private const int MaxName = 200;
    private const int MaxPastDialogues = 1000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(8);

    public static Domain.ScheduleDialogueCommand Validate(ScheduleDialogueRequest request)
    {
        var v = new Violations();
        var requestId = v.OptionalText(request.RequestId, "request_id", MaxName);
        var unitCode = v.UnitCode(request.UnitCode);
        var kind = v.RequiredChoice(request.Kind, DialogueMapping.ToDomain, "kind", "is required (DIALOGUE_KIND_PERIODIC or DIALOGUE_KIND_AD_HOC)");
        var title = v.RequiredText(request.Title, "title", MaxShortText);
        var start = v.RequiredTime(request.StartTime, "start_time");
        var duration = v.Duration(request.Duration, "duration", MaxDuration);
        var venue = v.OptionalText(request.Venue, "venue", MaxShortText);
        var coChairs = v.Texts(request.CoChairs, "co_chairs", MaxName);
        var topics = v.Texts(request.Topics, "topics", MaxText);
        var overrideReason = v.OptionalText(request.OverrideReason, "override_reason", MaxText);
        var form = v.Choice(request.Form, DialogueMapping.ToDomain, "form") ?? Domain.DialogueForm.InPerson;
        var sessions = Sessions(v, request.Sessions);
        v.ThrowIfAny();
        return new Domain.ScheduleDialogueCommand(
            requestId, Convert.ToHexString(SHA256.HashData(request.ToByteArray())), unitCode, kind, title.Trim(), start, duration, venue,
            coChairs.Select(c => c.Trim()).ToList(), topics.ToList(), overrideReason)
        {
            Form = form,
            Sessions = sessions,
        };
    }

    private static List<Domain.DialogueSession> Sessions(Violations v, Google.Protobuf.Collections.RepeatedField<DialogueSession> given)
    {
        if (given.Count > RequestFields.MaxEntries)
        {
            v.Add("sessions", ViolationCodes.TooManyEntries, $"must have at most {RequestFields.MaxEntries} entries");
        }

        var sessions = new List<Domain.DialogueSession>();
        for (var i = 0; i < given.Count; i++)
        {
            var s = given[i];
            var field = $"sessions[{i}]";
            var cluster = v.RequiredText(s.Cluster, $"{field}.cluster", MaxName);
            var villages = v.Texts(s.Villages, $"{field}.villages", MaxName);
            var start = v.RequiredTime(s.StartTime, $"{field}.start_time");
            var end = v.RequiredTime(s.EndTime, $"{field}.end_time");
            if (s.StartTime is not null && s.EndTime is not null && end <= start)
            {
                v.Add($"{field}.end_time", ViolationCodes.EndBeforeStart, "must be after start_time");
            }

            var venue = v.RequiredText(s.Venue, $"{field}.venue", MaxShortText);
            sessions.Add(new Domain.DialogueSession(cluster.Trim(), villages.Select(x => x.Trim()).ToList(), start, end, venue.Trim()));
        }

        return sessions;
    }

    public static Guid Validate(GetDialogueRequest request) => DialogueId(request.DialogueId);

    public static Guid Validate(CloseDialogueRequest request) => DialogueId(request.DialogueId);

    public static DialogueListQuery Validate(ListDialoguesRequest request)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var from = v.Date(request.StartDate, "start_date");
        var to = v.Date(request.EndDate, "end_date");
        v.EndNotBefore(from, to);
        var kind = v.Choice(request.Kind, DialogueMapping.ToDomain, "kind");
        var status = v.Choice(request.Status, DialogueMapping.ToDomain, "status");
        var pageSize = PageTokens.PageSize(request.PageSize, v);
        var fingerprint = PageTokens.Fingerprint("ListDialogues", request.UnitCode, request.IncludeDescendants, from, to, kind, status);
        var token = PageTokens.Decode(request.PageToken, fingerprint, v);
        var after = token is null ? null : DialogueListQuery.ParseKey(token.LastKey, v);
        v.ThrowIfAny();
        return new DialogueListQuery(unitCode, request.IncludeDescendants, from, to, kind, status, pageSize, fingerprint, after, token?.PinnedDate);
    }

    public static ConfirmCommand Validate(ConfirmDialogueRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var start = v.Time(request.StartTime, "start_time");
        var venue = v.OptionalText(request.Venue, "venue", MaxShortText);
        var overrideReason = v.OptionalText(request.OverrideReason, "override_reason", MaxText);
        v.ThrowIfAny();
        return new ConfirmCommand(id, start, venue, overrideReason);
    }

    /// <summary>
    /// The four items the law requires an announcement to state, and at least one channel, each missing
    /// one a violation of its own: an older client's text alone is refused, since it states none of them
    /// in a form the hub can check.
    /// </summary>
    public static Domain.AnnounceDialogueCommand Validate(AnnounceDialogueRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var text = v.OptionalText(request.Announcement, "announcement", MaxText);
        var overrideReason = v.OptionalText(request.OverrideReason, "override_reason", MaxText);
        var channels = Channels(v, request.Channels, DialogueMapping.ToDomain, "channels");
        if (request.Channels.Count == 0)
        {
            v.Add("channels", ViolationCodes.AnnouncementChannelsRequired, "name at least one channel the announcement went out through");
        }

        var time = Item(v, request.Time, "time", ViolationCodes.AnnouncementTimeRequired, "state when the dialogue takes place");
        var place = Item(v, request.Place, "place", ViolationCodes.AnnouncementPlaceRequired, "state where the dialogue takes place");
        var content = Item(v, request.Content, "content", ViolationCodes.AnnouncementContentRequired, "state what the dialogue is about");
        var howToTakePart = Item(v, request.HowToTakePart, "how_to_take_part", ViolationCodes.AnnouncementParticipationRequired, "state how citizens take part");
        v.ThrowIfAny();
        return new Domain.AnnounceDialogueCommand(id, text, new Domain.AnnouncementDetails(channels, time, place, content, howToTakePart), overrideReason);

        static string Item(Violations v, string value, string field, string code, string description)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                v.Add(field, code, description);
                return "";
            }

            return v.Text(value, field, MaxText).Trim();
        }
    }

    /// <summary>Channels through their enum table, each known and given once.</summary>
    private static List<TDomain> Channels<TProto, TDomain>(Violations v, IReadOnlyList<TProto> given, Func<TProto, TDomain?> map, string field)
        where TProto : struct, System.Enum where TDomain : struct
    {
        var channels = new List<TDomain>();
        for (var i = 0; i < given.Count; i++)
        {
            if (Convert.ToInt32(given[i], System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                v.Add($"{field}[{i}]", ViolationCodes.ChoiceRequired, "is required (a channel, not UNSPECIFIED)");
            }
            else if (v.Choice(given[i], map, $"{field}[{i}]") is { } channel)
            {
                if (channels.Contains(channel))
                {
                    v.Add($"{field}[{i}]", ViolationCodes.ChannelGivenTwice, "is given twice");
                }

                channels.Add(channel);
            }
        }

        return channels.Distinct().ToList();
    }

    public static Domain.RescheduleDialogueCommand Validate(RescheduleDialogueRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var start = v.RequiredTime(request.StartTime, "start_time");
        var duration = v.Duration(request.Duration, "duration", MaxDuration);
        var venue = v.OptionalText(request.Venue, "venue", MaxShortText);
        var reason = v.RequiredText(request.Reason, "reason", MaxText);
        var overrideReason = v.OptionalText(request.OverrideReason, "override_reason", MaxText);
        v.ThrowIfAny();
        return new Domain.RescheduleDialogueCommand(id, start, duration, venue, reason.Trim(), overrideReason);
    }

    public static CancelCommand Validate(CancelDialogueRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var reason = v.RequiredText(request.Reason, "reason", MaxText);
        v.ThrowIfAny();
        return new CancelCommand(id, reason.Trim());
    }

    public static Domain.RecordOutcomeCommand Validate(RecordDialogueOutcomeRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var heldOn = v.RequiredDate(request.HeldOn, "held_on");
        var attendance = new List<Domain.AttendanceCount>();
        for (var i = 0; i < request.Attendance.Count; i++)
        {
            var a = request.Attendance[i];
            var group = v.RequiredText(a.Group, $"attendance[{i}].group", MaxName);
            v.NotNegative(a.Count, $"attendance[{i}].count");
            attendance.Add(new Domain.AttendanceCount(group.Trim(), a.Count));
        }

        var minutes = v.Text(request.Minutes, "minutes", MaxLongText);
        var opinions = Opinions(v, request.Opinions, "opinions");
        var details = OutcomeDetails(v, request.HeldOn is null ? null : heldOn, request.ActualStartTime, request.ActualEndTime,
            request.PresidingChair, request.MinutesSecretary, "");

        v.ThrowIfAny();
        return new Domain.RecordOutcomeCommand(id, heldOn, attendance, minutes, opinions) { Details = details };
    }

    /// <summary>The outcome's actual times (the start on the held day, the end after it), presiding chair and minutes secretary, all optional.</summary>
    private static Domain.OutcomeDetails OutcomeDetails(
        Violations v, DateOnly? heldOn, Google.Protobuf.WellKnownTypes.Timestamp? startTime, Google.Protobuf.WellKnownTypes.Timestamp? endTime,
        string presidingChair, string minutesSecretary, string prefix)
    {
        var start = v.Time(startTime, $"{prefix}actual_start_time");
        var end = v.Time(endTime, $"{prefix}actual_end_time");
        if (start is { } s && heldOn is { } held && held != DateOnly.FromDateTime(Domain.SlotRules.Local(s)))
        {
            v.Add($"{prefix}actual_start_time", ViolationCodes.ActualStartNotOnHeldDay, $"must be on held_on ({held:yyyy-MM-dd}, Asia/Ho_Chi_Minh)");
        }

        if (start is { } from && end is { } to && to <= from)
        {
            v.Add($"{prefix}actual_end_time", ViolationCodes.EndBeforeStart, "must be after actual_start_time");
        }

        var chair = v.OptionalText(presidingChair, $"{prefix}presiding_chair", MaxName);
        var secretary = v.OptionalText(minutesSecretary, $"{prefix}minutes_secretary", MaxName);
        return new Domain.OutcomeDetails(start, end, chair, secretary);
    }

    public static PublishResultsCommand Validate(PublishDialogueResultsRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var results = v.RequiredText(request.Results, "results", MaxLongText);
        var channels = Channels(v, request.Channels, DialogueMapping.ToDomain, "channels");
        v.ThrowIfAny();
        return new PublishResultsCommand(id, results, channels);
    }

    public static Domain.UpdateOpinionCommand Validate(UpdateOpinionRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.OpinionId, "opinion_id");
        var status = v.Choice(request.Status, DialogueMapping.ToDomain, "status");
        var agency = v.OptionalText(request.ResponsibleAgency, "responsible_agency", MaxShortText);
        var due = v.Date(request.DueDate, "due_date");
        var answer = v.OptionalText(request.Answer, "answer", MaxText);
        v.ThrowIfAny();
        return new Domain.UpdateOpinionCommand(id, status, agency, due, answer);
    }

    public static Domain.Triggers.PetitionCommand Validate(RecordPetitionRequest request)
    {
        var v = new Violations();
        var requestId = v.RequiredText(request.RequestId, "request_id", MaxName);
        var unitCode = v.UnitCode(request.UnitCode);
        var receivedOn = v.RequiredDate(request.ReceivedOn, "received_on");
        var subject = v.RequiredText(request.Subject, "subject", MaxText);
        v.AtLeast(request.Signatures, 1, "signatures");
        v.AtLeast(request.RegisteredVoters, 1, "registered_voters");
        if (request.RegisteredVoters >= 1 && request.Signatures > request.RegisteredVoters)
        {
            v.Add("signatures", ViolationCodes.SignaturesExceedVoters, "must not exceed registered_voters");
        }

        v.ThrowIfAny();
        return new Domain.Triggers.PetitionCommand(requestId, unitCode, receivedOn, subject.Trim(), request.Signatures, request.RegisteredVoters);
    }

    public static Domain.RecordPastDialoguesCommand Validate(RecordPastDialogueRequest request)
    {
        var v = new Violations();
        var requestId = v.OptionalText(request.RequestId, "request_id", MaxName);
        var entry = PastDialogue(v, request.Dialogue, "dialogue");
        v.ThrowIfAny();
        return new Domain.RecordPastDialoguesCommand(requestId, Convert.ToHexString(SHA256.HashData(request.ToByteArray())), [entry!]);
    }

    public static Domain.RecordPastDialoguesCommand Validate(RecordPastDialoguesRequest request)
    {
        var v = new Violations();
        var requestId = v.OptionalText(request.RequestId, "request_id", MaxName);
        if (request.Dialogues.Count == 0)
        {
            v.Add("dialogues", ViolationCodes.DialoguesEmpty, "must hold at least one dialogue");
        }
        else if (request.Dialogues.Count > MaxPastDialogues)
        {
            v.Add("dialogues", ViolationCodes.TooManyEntries, $"must hold at most {MaxPastDialogues} dialogues");
        }

        var entries = request.Dialogues.Take(MaxPastDialogues).Select((d, i) => PastDialogue(v, d, $"dialogues[{i}]")).ToList();
        v.ThrowIfAny();
        return new Domain.RecordPastDialoguesCommand(requestId, Convert.ToHexString(SHA256.HashData(request.ToByteArray())), entries.Select(e => e!).ToList());
    }

    private static Domain.PastDialogueEntry? PastDialogue(Violations v, PastDialogue? dialogue, string field)
    {
        if (dialogue is null)
        {
            v.Add(field, ViolationCodes.DialogueRequired, "is required");
            return null;
        }

        var unitCode = v.UnitCode(dialogue.UnitCode, $"{field}.unit_code");
        var kind = v.RequiredChoice(dialogue.Kind, DialogueMapping.ToDomain, $"{field}.kind", "is required (DIALOGUE_KIND_PERIODIC or DIALOGUE_KIND_AD_HOC)");
        var title = v.RequiredText(dialogue.Title, $"{field}.title", MaxShortText);
        var heldOn = v.RequiredDate(dialogue.HeldOn, $"{field}.held_on");
        var chair = v.OptionalText(dialogue.Chair, $"{field}.chair", MaxName);
        var venue = v.OptionalText(dialogue.Venue, $"{field}.venue", MaxShortText);
        var minutes = v.Text(dialogue.Minutes, $"{field}.minutes", MaxLongText);
        var opinions = Opinions(v, dialogue.Opinions, $"{field}.opinions");
        Domain.OpinionCounts? counts = null;
        if (dialogue.OpinionCounts is { } c)
        {
            var countsField = $"{field}.opinion_counts";
            v.NotNegative(c.Received, $"{countsField}.received");
            v.NotNegative(c.AnsweredAtMeeting, $"{countsField}.answered_at_meeting");
            v.NotNegative(c.Resolved, $"{countsField}.resolved");
            v.NotNegative(c.StillOpen, $"{countsField}.still_open");
            if ((long)c.AnsweredAtMeeting + c.Resolved + c.StillOpen > c.Received)
            {
                v.Add(countsField, ViolationCodes.OpinionCountsExceedReceived, "answered_at_meeting, resolved and still_open together must not exceed received");
            }

            if (opinions.Count > 0)
            {
                v.Add(countsField, ViolationCodes.OpinionsAndCounts, "give the opinions one by one or their counts, not both");
            }

            counts = new Domain.OpinionCounts(c.Received, c.AnsweredAtMeeting, c.Resolved, c.StillOpen);
        }

        var details = OutcomeDetails(v, dialogue.HeldOn is null ? null : heldOn, dialogue.ActualStartTime, dialogue.ActualEndTime, "", dialogue.MinutesSecretary, $"{field}.");
        return new Domain.PastDialogueEntry(unitCode, kind, title.Trim(), heldOn, chair, venue, minutes, opinions, counts) { Details = details };
    }

    private static List<Domain.NewOpinion> Opinions(Violations v, Google.Protobuf.Collections.RepeatedField<NewOpinion> given, string field)
    {
        var opinions = new List<Domain.NewOpinion>();
        for (var i = 0; i < given.Count; i++)
        {
            var o = given[i];
            var topic = v.RequiredText(o.Topic, $"{field}[{i}].topic", MaxShortText);
            var content = v.RequiredText(o.Content, $"{field}[{i}].content", MaxText);
            var agency = v.Text(o.ResponsibleAgency, $"{field}[{i}].responsible_agency", MaxShortText);
            var opinion = new Domain.NewOpinion(topic.Trim(), content.Trim(), agency.Trim(), v.Date(o.DueDate, $"{field}[{i}].due_date"), v.Choice(o.Status, DialogueMapping.ToDomain, $"{field}[{i}].status"));
            if (Domain.OpinionWorkflow.CheckRecordable(opinion) is var (broken, code, message))
            {
                v.Add($"{field}[{i}].{broken}", code, message);
            }

            opinions.Add(opinion);
        }

        return opinions;
    }

    /// <summary>Without dates, the summary covers this year up to <paramref name="today"/>; without a unit, the whole country.</summary>
    public static SummaryQuery Validate(SummarizeDialoguesRequest request, DateOnly today)
    {
        var v = new Violations();
        var country = request.UnitCode.Length == 0;
        var unitCode = country ? null : v.UnitCode(request.UnitCode);
        var from = v.Date(request.StartDate, "start_date") ?? new DateOnly(today.Year, 1, 1);
        var to = v.Date(request.EndDate, "end_date") ?? today;
        v.EndNotBefore(from, to);
        var asOf = v.Date(request.AsOf, "as_of") ?? today;
        if (country && request.ByFormerUnits)
        {
            v.Add("by_former_units", ViolationCodes.FormerUnitsOfCountry, "needs a unit_code: the whole country was not formed from units");
        }

        v.ThrowIfAny();
        return new SummaryQuery(unitCode, from, to, asOf);
    }

    public static WatchQuery Validate(WatchDialoguesRequest request)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var after = v.NotNegative(request.AfterEventId, "after_event_id");
        v.ThrowIfAny();
        return new WatchQuery(unitCode, after);
    }

    /// <summary>Without a year, this year (of <paramref name="today"/>).</summary>
    public static PlanCommand Validate(PlanPeriodicDialoguesRequest request, DateOnly today)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var year = v.Year(request.Year, today);

        v.ThrowIfAny();
        return new PlanCommand(unitCode, year, request.DryRun);
    }

    private static Guid DialogueId(string value)
    {
        var v = new Violations();
        var id = v.Id(value, "dialogue_id");
        v.ThrowIfAny();
        return id;
    }
}
