using DanVan.Adapters.Indicators;
using DanVan.Hub.Ingest;
using DanVan.Hub.Rpc;
using DanVan.Hub.Units;
using DanVan.Scheduler.Dialogues;
using Google.Protobuf.WellKnownTypes;
using Proto = DanVan.Contracts.V1;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// Dialogue domain types to and from the contract's messages. Enums go through explicit tables, so
/// that reordering or adding a value on either side cannot silently change what goes on the wire
/// (a round-trip test covers every value).
/// </summary>
internal static class DialogueMapping
{
    private const string ResolutionRateDefinition = "opinions answered at the meeting or resolved / opinions received, at dialogues held in the period";

    public static Proto.Dialogue ToProto(this Dialogue d)
    {
        var proto = new Proto.Dialogue
        {
            DialogueId = d.Id.ToString(),
            Unit = d.Unit.ToProto(),
            Kind = ToProto(d.Kind),
            Status = ToProto(d.Status),
            Title = d.Title,
            TriggerRule = d.TriggerRule ?? "",
            TriggerPeriod = d.TriggerPeriod ?? "",
            CancelReason = d.CancelReason ?? "",
            OverrideReason = d.OverrideReason ?? "",
            Announcement = d.Announcement ?? "",
            Results = d.Results ?? "",
            Sequence = d.Sequence,
            CreateTime = Timestamp.FromDateTimeOffset(d.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(d.UpdatedAt),
            AnnounceTime = Time(d.AnnouncedAt),
            ResultsPublishTime = Time(d.ResultsPublishedAt),
            Form = ToProto(d.Form),
            Mandatory = d.Mandatory,
            MandatoryDueDate = d.MandatoryDueOn is { } due ? ProtoDates.ToProto(due) : null,
            Overdue = d.Overdue,
        };
        proto.Invitees.AddRange(d.Invitees);
        proto.Sessions.AddRange(d.Sessions.Select(s =>
        {
            var session = new Proto.DialogueSession
            {
                Cluster = s.Cluster,
                StartTime = Timestamp.FromDateTimeOffset(s.Start),
                EndTime = Timestamp.FromDateTimeOffset(s.End),
                Venue = s.Venue,
            };
            session.Villages.AddRange(s.Villages);
            return session;
        }));
        if (d.AnnouncementDetails is { } announced)
        {
            proto.AnnouncementDetails = new Proto.DialogueAnnouncement
            {
                Time = announced.Time,
                Place = announced.Place,
                Content = announced.Content,
                HowToTakePart = announced.HowToTakePart,
            };
            proto.AnnouncementDetails.Channels.AddRange(announced.Channels.Select(ToProto));
        }

        proto.ResultsChannels.AddRange(d.ResultsChannels.Select(ToProto));
        if (d.Slot is { } slot)
        {
            proto.StartTime = Timestamp.FromDateTimeOffset(slot.Start);
            proto.EndTime = Timestamp.FromDateTimeOffset(slot.End);
            proto.Venue = slot.Venue;
            proto.CoChairs.AddRange(slot.CoChairs);
        }

        proto.Agenda.AddRange(d.Agenda.Select(a => new Proto.AgendaItem
        {
            Kind = ToProto(a.Kind),
            Text = a.Text,
            OpinionId = a.OpinionId?.ToString() ?? "",
        }));
        proto.EarlierSlots.AddRange(d.EarlierSlots.Select(s => new Proto.EarlierSlot
        {
            StartTime = Timestamp.FromDateTimeOffset(s.Start),
            EndTime = Timestamp.FromDateTimeOffset(s.End),
            Venue = s.Venue,
            Reason = s.Reason,
            ChangeTime = Timestamp.FromDateTimeOffset(s.ChangedAt),
        }));
        if (d.HeldOn is { } heldOn)
        {
            var details = d.OutcomeDetails;
            proto.Outcome = new Proto.DialogueOutcome
            {
                HeldOn = ProtoDates.ToProto(heldOn),
                Minutes = d.Minutes ?? "",
                ActualStartTime = Time(details.ActualStart),
                ActualEndTime = Time(details.ActualEnd),
                PresidingChair = details.PresidingChair ?? "",
                MinutesSecretary = details.MinutesSecretary ?? "",
            };
            proto.Outcome.Attendance.AddRange(d.Attendance.Select(a => new Proto.Attendance { Group = a.Group, Count = a.Count }));
        }

        proto.Opinions.AddRange(d.Opinions.Select(o => o.ToProto()));
        return proto;
    }

    public static Proto.Opinion ToProto(this Opinion o)
    {
        var proto = new Proto.Opinion
        {
            OpinionId = o.Id.ToString(),
            DialogueId = o.DialogueId.ToString(),
            UnitCode = o.UnitCode,
            Topic = o.Topic,
            Content = o.Content,
            ResponsibleAgency = o.ResponsibleAgency,
            Status = ToProto(o.Status),
            Answer = o.Answer,
            Overdue = o.Overdue,
            CreateTime = Timestamp.FromDateTimeOffset(o.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(o.UpdatedAt),
        };
        if (o.DueDate is { } due)
        {
            proto.DueDate = ProtoDates.ToProto(due);
        }

        return proto;
    }

    /// <summary>A unit's summary, with its unit.</summary>
    public static Proto.SummarizeDialoguesResponse ToProto(this DialogueSummary summary)
    {
        var response = ((DialogueFigures)summary).ToProto();
        response.Unit = summary.Unit.ToProto();
        return response;
    }

    /// <summary>The figures alone: the whole country's summary, which has no unit.</summary>
    public static Proto.SummarizeDialoguesResponse ToProto(this DialogueFigures summary)
    {
        var response = new Proto.SummarizeDialoguesResponse
        {
            PeriodicHeld = summary.PeriodicHeld,
            AdHocHeld = summary.AdHocHeld,
            OpinionsReceived = summary.OpinionsReceived,
            OpinionsResolved = summary.OpinionsResolved,
            ProposalsPending = summary.ProposalsPending,
            ResolutionRate = (summary.OpinionsReceived == 0
                ? null
                : new Rate("resolution_rate", summary.OpinionsResolved, summary.OpinionsReceived, ResolutionRateDefinition)).ToProto(),
        };
        response.Levels.AddRange(summary.Levels.Select(ToProto));
        response.Children.AddRange(summary.Children.Select(c =>
        {
            var child = new Proto.ChildSummary
            {
                Unit = c.Unit.ToProto(),
                PeriodicHeld = c.PeriodicHeld,
                AdHocHeld = c.AdHocHeld,
                OpinionsReceived = c.OpinionsReceived,
                OpinionsResolved = c.OpinionsResolved,
            };
            child.Levels.AddRange(c.Levels.Select(ToProto));
            return child;
        }));
        return response;
    }

    public static Proto.LevelSummary ToProto(LevelSummary level) => new()
    {
        Level = UnitMapping.ToProto(level.Level),
        PeriodicHeld = level.PeriodicHeld,
        AdHocHeld = level.AdHocHeld,
        OpinionsReceived = level.OpinionsReceived,
        OpinionsResolved = level.OpinionsResolved,
    };

    public static Proto.PlanPeriodicDialoguesResponse ToProto(this PlanResult plan)
    {
        var response = new Proto.PlanPeriodicDialoguesResponse
        {
            UnitsConsidered = plan.UnitsConsidered,
            UnitsAlreadyPlanned = plan.UnitsAlreadyPlanned,
            DueDate = ProtoDates.ToProto(plan.DueDate),
            HolidaysProvisional = plan.HolidaysProvisional,
        };
        response.Planned.AddRange(plan.Planned.Select(p => new Proto.PlannedDialogue
        {
            UnitCode = p.Unit.Code,
            UnitName = p.Unit.Name,
            StartTime = Timestamp.FromDateTimeOffset(p.Slot.Start),
            EndTime = Timestamp.FromDateTimeOffset(p.Slot.End),
            Venue = p.Slot.Venue,
            DialogueId = p.DialogueId?.ToString() ?? "",
        }));
        response.UnitsWithoutDialogue.AddRange(plan.UnitsWithoutDialogue.Select(u => new Proto.UnitWithoutDialogue
        {
            UnitCode = u.Unit.Code,
            UnitName = u.Unit.Name,
            Reason = u.Reason,
        }));
        return response;
    }

    public static Proto.WatchDialoguesResponse ToProto(this DialogueEvent e) => new()
    {
        EventId = e.Id,
        EventType = e.EventType,
        DialogueId = e.DialogueId.ToString(),
        UnitCode = e.UnitCode,
        Status = ToProto(e.Status),
        Message = e.Message,
        EventTime = Timestamp.FromDateTimeOffset(e.CreatedAt),
    };

    public static Proto.DialogueKind ToProto(DialogueKind kind) => kind switch
    {
        DialogueKind.Periodic => Proto.DialogueKind.Periodic,
        DialogueKind.AdHoc => Proto.DialogueKind.AdHoc,
        _ => throw Contract.Unmapped(kind),
    };

    public static DialogueKind? ToDomain(Proto.DialogueKind kind) => kind switch
    {
        Proto.DialogueKind.Periodic => DialogueKind.Periodic,
        Proto.DialogueKind.AdHoc => DialogueKind.AdHoc,
        _ => null,
    };

    public static Proto.DialogueStatus ToProto(DialogueStatus status) => status switch
    {
        DialogueStatus.Proposed => Proto.DialogueStatus.Proposed,
        DialogueStatus.Scheduled => Proto.DialogueStatus.Scheduled,
        DialogueStatus.Announced => Proto.DialogueStatus.Announced,
        DialogueStatus.Held => Proto.DialogueStatus.Held,
        DialogueStatus.ResultsPublished => Proto.DialogueStatus.ResultsPublished,
        DialogueStatus.Closed => Proto.DialogueStatus.Closed,
        DialogueStatus.Cancelled => Proto.DialogueStatus.Cancelled,
        _ => throw Contract.Unmapped(status),
    };

    public static DialogueStatus? ToDomain(Proto.DialogueStatus status) => status switch
    {
        Proto.DialogueStatus.Proposed => DialogueStatus.Proposed,
        Proto.DialogueStatus.Scheduled => DialogueStatus.Scheduled,
        Proto.DialogueStatus.Announced => DialogueStatus.Announced,
        Proto.DialogueStatus.Held => DialogueStatus.Held,
        Proto.DialogueStatus.ResultsPublished => DialogueStatus.ResultsPublished,
        Proto.DialogueStatus.Closed => DialogueStatus.Closed,
        Proto.DialogueStatus.Cancelled => DialogueStatus.Cancelled,
        _ => null,
    };

    public static Proto.OpinionStatus ToProto(OpinionStatus status) => status switch
    {
        OpinionStatus.Received => Proto.OpinionStatus.Received,
        OpinionStatus.Assigned => Proto.OpinionStatus.Assigned,
        OpinionStatus.AnsweredAtMeeting => Proto.OpinionStatus.AnsweredAtMeeting,
        OpinionStatus.InProgress => Proto.OpinionStatus.InProgress,
        OpinionStatus.Resolved => Proto.OpinionStatus.Resolved,
        OpinionStatus.NotAccepted => Proto.OpinionStatus.NotAccepted,
        OpinionStatus.Transferred => Proto.OpinionStatus.Transferred,
        _ => throw Contract.Unmapped(status),
    };

    public static OpinionStatus? ToDomain(Proto.OpinionStatus status) => status switch
    {
        Proto.OpinionStatus.Received => OpinionStatus.Received,
        Proto.OpinionStatus.Assigned => OpinionStatus.Assigned,
        Proto.OpinionStatus.AnsweredAtMeeting => OpinionStatus.AnsweredAtMeeting,
        Proto.OpinionStatus.InProgress => OpinionStatus.InProgress,
        Proto.OpinionStatus.Resolved => OpinionStatus.Resolved,
        Proto.OpinionStatus.NotAccepted => OpinionStatus.NotAccepted,
        Proto.OpinionStatus.Transferred => OpinionStatus.Transferred,
        _ => null,
    };

    public static Proto.AgendaItemKind ToProto(AgendaItemKind kind) => kind switch
    {
        AgendaItemKind.TriggerFact => Proto.AgendaItemKind.TriggerFact,
        AgendaItemKind.Topic => Proto.AgendaItemKind.Topic,
        AgendaItemKind.CarriedOpinion => Proto.AgendaItemKind.CarriedOpinion,
        _ => throw Contract.Unmapped(kind),
    };

    public static Proto.DialogueForm ToProto(DialogueForm form) => form switch
    {
        DialogueForm.InPerson => Proto.DialogueForm.InPerson,
        DialogueForm.Online => Proto.DialogueForm.Online,
        DialogueForm.SocialNetwork => Proto.DialogueForm.SocialNetwork,
        _ => throw Contract.Unmapped(form),
    };

    public static DialogueForm? ToDomain(Proto.DialogueForm form) => form switch
    {
        Proto.DialogueForm.InPerson => DialogueForm.InPerson,
        Proto.DialogueForm.Online => DialogueForm.Online,
        Proto.DialogueForm.SocialNetwork => DialogueForm.SocialNetwork,
        _ => null,
    };

    public static Proto.AnnouncementChannel ToProto(AnnouncementChannel channel) => channel switch
    {
        AnnouncementChannel.MassMedia => Proto.AnnouncementChannel.MassMedia,
        AnnouncementChannel.CommuneOffice => Proto.AnnouncementChannel.CommuneOffice,
        AnnouncementChannel.Loudspeaker => Proto.AnnouncementChannel.Loudspeaker,
        AnnouncementChannel.Portal => Proto.AnnouncementChannel.Portal,
        _ => throw Contract.Unmapped(channel),
    };

    public static AnnouncementChannel? ToDomain(Proto.AnnouncementChannel channel) => channel switch
    {
        Proto.AnnouncementChannel.MassMedia => AnnouncementChannel.MassMedia,
        Proto.AnnouncementChannel.CommuneOffice => AnnouncementChannel.CommuneOffice,
        Proto.AnnouncementChannel.Loudspeaker => AnnouncementChannel.Loudspeaker,
        Proto.AnnouncementChannel.Portal => AnnouncementChannel.Portal,
        _ => null,
    };

    public static Proto.ResultsChannel ToProto(ResultsChannel channel) => channel switch
    {
        ResultsChannel.MassMedia => Proto.ResultsChannel.MassMedia,
        ResultsChannel.PostedAtOffice => Proto.ResultsChannel.PostedAtOffice,
        ResultsChannel.VillageHeads => Proto.ResultsChannel.VillageHeads,
        _ => throw Contract.Unmapped(channel),
    };

    public static ResultsChannel? ToDomain(Proto.ResultsChannel channel) => channel switch
    {
        Proto.ResultsChannel.MassMedia => ResultsChannel.MassMedia,
        Proto.ResultsChannel.PostedAtOffice => ResultsChannel.PostedAtOffice,
        Proto.ResultsChannel.VillageHeads => ResultsChannel.VillageHeads,
        _ => null,
    };

    private static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
