using System.Text.Json;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;

namespace DanVan.Scheduler.Dialogues;

// Rows of the dialogue tables as Dapper reads them, and what they become in the domain.

internal class DialogueRow
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
    public string Form { get; init; } = "in_person";
    public string? Sessions { get; init; }
    public string[] Invitees { get; init; } = [];
    public DateOnly? MandatoryDueOn { get; init; }
    public bool Overdue { get; init; }
    public string[]? AnnouncementChannels { get; init; }
    public string? AnnouncementTime { get; init; }
    public string? AnnouncementPlace { get; init; }
    public string? AnnouncementContent { get; init; }
    public string? AnnouncementParticipation { get; init; }
    public string[]? ResultsChannels { get; init; }
    public DateTime? ActualStart { get; init; }
    public DateTime? ActualEnd { get; init; }
    public string? PresidingChair { get; init; }
    public string? MinutesSecretary { get; init; }

    public Dialogue ToDialogue(AdminUnit unit) => new(
        Id, unit, UnitPath, StoredNames.Parse<DialogueKind>(Kind), StoredNames.Parse<DialogueStatus>(Status), Title,
        StartsAt is { } start ? new DialogueSlot(UtcInstants.From(start), UtcInstants.From(EndsAt!.Value), Venue, CoChairs) : null,
        PlanYear, TriggerRule, TriggerPeriod, CancelReason, OverrideReason, UtcInstants.From(AnnouncedAt), Announcement, HeldOn,
        Attendance is null ? [] : JsonSerializer.Deserialize<List<AttendanceCount>>(Attendance)!, Minutes, Results,
        UtcInstants.From(ResultsPublishedAt), Sequence, UtcInstants.From(CreatedAt), UtcInstants.From(UpdatedAt))
    {
        RequestHash = RequestHash,
        Form = StoredNames.Parse<DialogueForm>(Form),
        Sessions = Sessions is null ? [] : JsonSerializer.Deserialize<List<DialogueSession>>(Sessions)!,
        Invitees = Invitees,
        MandatoryDueOn = MandatoryDueOn,
        Overdue = Overdue,
        // Announced before the four items were recorded: only the text is there.
        AnnouncementDetails = AnnouncementChannels is null ? null : new AnnouncementDetails(
            AnnouncementChannels.Select(StoredNames.Parse<AnnouncementChannel>).ToList(), AnnouncementTime ?? "", AnnouncementPlace ?? "",
            AnnouncementContent ?? "", AnnouncementParticipation ?? ""),
        ResultsChannels = ResultsChannels?.Select(StoredNames.Parse<ResultsChannel>).ToList() ?? [],
        OutcomeDetails = new OutcomeDetails(UtcInstants.From(ActualStart), UtcInstants.From(ActualEnd), PresidingChair, MinutesSecretary),
    };
}

internal sealed class AgendaRow
{
    public Guid DialogueId { get; init; }
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";
    public Guid? OpinionId { get; init; }

    public AgendaItem ToItem() => new(StoredNames.Parse<AgendaItemKind>(Kind), Text, OpinionId);
}

internal sealed class SlotChangeRow
{
    public DateTime Start { get; init; }
    public DateTime End { get; init; }
    public string Venue { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTime ChangedAt { get; init; }

    public EarlierSlot ToSlot() => new(UtcInstants.From(Start), UtcInstants.From(End), Venue, Reason, UtcInstants.From(ChangedAt));
}

/// <summary>A dialogue row with its whole agenda in parallel arrays (null when it has none).</summary>
internal sealed class DialogueWithAgendaRow : DialogueRow
{
    public string[]? AgendaKinds { get; init; }
    public string[]? AgendaTexts { get; init; }
    public string?[]? AgendaOpinionIds { get; init; }

    public IReadOnlyList<AgendaItem> Agenda() => AgendaKinds is null ? [] : AgendaKinds
        .Select((kind, i) => new AgendaItem(StoredNames.Parse<AgendaItemKind>(kind), AgendaTexts![i], AgendaOpinionIds![i] is { } id ? Guid.Parse(id) : null))
        .ToList();
}

internal sealed class ChangedRow
{
    public Guid Id { get; init; }
    public string Status { get; init; } = "";
    public DateTime? StartsAt { get; init; }
    public int Sequence { get; init; }
    public string? MilestoneJobId { get; init; }
    public DateOnly? HeldOn { get; init; }

    public ChangedDialogue ToChanged() => new(Id, StoredNames.Parse<DialogueStatus>(Status), UtcInstants.From(StartsAt), Sequence, MilestoneJobId) { HeldOn = HeldOn };
}
