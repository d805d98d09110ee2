using DanVan.Hub.Rpc;
using DanVan.Hub.Units;
using DanVan.Scheduler.Dialogues;
using Google.Protobuf.WellKnownTypes;
using Proto = DanVan.Contracts.V1;

namespace DanVan.Hub.Dialogues;

/// <summary>Dialogue domain types to and from the contract's messages.</summary>
internal static class DialogueMapping
{
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
        };
        if (d.Slot is { } slot)
        {
            proto.StartTime = Timestamp.FromDateTimeOffset(slot.Start);
            proto.EndTime = Timestamp.FromDateTimeOffset(slot.End);
            proto.Venue = slot.Venue;
            proto.CoChairs.AddRange(slot.CoChairs);
        }

        proto.Agenda.AddRange(d.Agenda.Select(a => new Proto.AgendaItem
        {
            Kind = a.Kind switch
            {
                AgendaItemKind.TriggerFact => Proto.AgendaItemKind.TriggerFact,
                AgendaItemKind.Topic => Proto.AgendaItemKind.Topic,
                _ => Proto.AgendaItemKind.CarriedOpinion,
            },
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
            proto.Outcome = new Proto.DialogueOutcome { HeldOn = ProtoDates.ToProto(heldOn), Minutes = d.Minutes ?? "" };
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
            Status = (Proto.OpinionStatus)((int)o.Status + 1),
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

    public static Proto.DialogueStatus ToProto(DialogueStatus status) => (Proto.DialogueStatus)((int)status + 1);

    public static Proto.DialogueKind ToProto(DialogueKind kind) => kind == DialogueKind.Periodic ? Proto.DialogueKind.Periodic : Proto.DialogueKind.AdHoc;

    /// <summary>The domain value of a contract enum, null when unspecified; out-of-range values are violations of <paramref name="field"/>.</summary>
    public static TDomain? FromProto<TProto, TDomain>(TProto value, string field, Adapters.Errors.Violations violations)
        where TProto : struct, System.Enum where TDomain : struct, System.Enum
    {
        var number = Convert.ToInt32(value);
        if (number == 0)
        {
            return null;
        }

        if (!System.Enum.IsDefined(value))
        {
            violations.Add(field, $"{number} is not a valid {typeof(TProto).Name}");
            return null;
        }

        return (TDomain)(object)(number - 1);
    }

    private static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
