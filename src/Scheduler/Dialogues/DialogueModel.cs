using DanVan.Adapters.Privacy;
using DanVan.Adapters.Units;

namespace DanVan.Scheduler.Dialogues;

public enum DialogueKind
{
    Periodic,
    AdHoc,
}

public enum DialogueStatus
{
    Proposed,
    Scheduled,
    Announced,
    Held,
    ResultsPublished,
    Closed,
    Cancelled,
}

public enum OpinionStatus
{
    Received,
    Assigned,
    AnsweredAtMeeting,
    InProgress,
    Resolved,
    NotAccepted,
    Transferred,
}

public enum AgendaItemKind
{
    TriggerFact,
    Topic,
    CarriedOpinion,
}

/// <summary>How a dialogue is held.</summary>
public enum DialogueForm
{
    InPerson,
    Online,
    SocialNetwork,
}

/// <summary>Where a dialogue's announcement went out.</summary>
public enum AnnouncementChannel
{
    MassMedia,
    CommuneOffice,
    Loudspeaker,
    Portal,
}

/// <summary>Where a dialogue's results went out.</summary>
public enum ResultsChannel
{
    MassMedia,
    PostedAtOffice,
    VillageHeads,
}

/// <summary>One session of a dialogue held by village cluster, within the dialogue's time.</summary>
public sealed record DialogueSession(string Cluster, IReadOnlyList<string> Villages, DateTimeOffset Start, DateTimeOffset End, string Venue)
{
    public string Cluster { get; } = PersonalDataScrubber.Scrub(Cluster);
    public IReadOnlyList<string> Villages { get; } = Villages.Select(v => PersonalDataScrubber.Scrub(v)).ToList();
    public string Venue { get; } = PersonalDataScrubber.Scrub(Venue);
}

/// <summary>What an announcement stated (time, place, content, how to take part) and where it went out.</summary>
public sealed record AnnouncementDetails(IReadOnlyList<AnnouncementChannel> Channels, string Time, string Place, string Content, string HowToTakePart)
{
    public string Time { get; } = PersonalDataScrubber.Scrub(Time);
    public string Place { get; } = PersonalDataScrubber.Scrub(Place);
    public string Content { get; } = PersonalDataScrubber.Scrub(Content);
    public string HowToTakePart { get; } = PersonalDataScrubber.Scrub(HowToTakePart);
}

/// <summary>The outcome's record of the meeting itself: when it actually ran, who presided, who took the minutes.</summary>
public sealed record OutcomeDetails(DateTimeOffset? ActualStart, DateTimeOffset? ActualEnd, string? PresidingChair, string? MinutesSecretary)
{
    public static readonly OutcomeDetails None = new(null, null, null, null);

    public string? PresidingChair { get; } = PersonalDataScrubber.Scrub(PresidingChair);
    public string? MinutesSecretary { get; } = PersonalDataScrubber.Scrub(MinutesSecretary);
}

/// <summary>A dialogue's start and end, its venue and who chairs it.</summary>
public sealed record DialogueSlot(DateTimeOffset Start, DateTimeOffset End, string Venue, IReadOnlyList<string> CoChairs)
{
    public TimeSpan Duration => End - Start;
}

public sealed record AgendaItem(AgendaItemKind Kind, string Text, Guid? OpinionId);

public sealed record EarlierSlot(DateTimeOffset Start, DateTimeOffset End, string Venue, string Reason, DateTimeOffset ChangedAt);

public sealed record AttendanceCount(string Group, int Count);

public sealed record Opinion(
    Guid Id, Guid DialogueId, string UnitCode, string Topic, string Content, string ResponsibleAgency,
    DateOnly? DueDate, OpinionStatus Status, string Answer, bool Overdue, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// An opinion as a caller records it; its text is scrubbed of ID and phone numbers as it is made. Without
/// a status it is received, or assigned when it names an agency; see <see cref="OpinionWorkflow.CheckRecordable"/>.
/// </summary>
public sealed record NewOpinion(string Topic, string Content, string ResponsibleAgency, DateOnly? DueDate, OpinionStatus? Status = null)
{
    public OpinionStatus InitialStatus => Status ?? (ResponsibleAgency.Length == 0 ? OpinionStatus.Received : OpinionStatus.Assigned);

    public string Topic { get; } = PersonalDataScrubber.Scrub(Topic);
    public string Content { get; } = PersonalDataScrubber.Scrub(Content);
    public string ResponsibleAgency { get; } = PersonalDataScrubber.Scrub(ResponsibleAgency);
}

/// <summary>A dialogue conference as stored, with everything a reader of it needs.</summary>
public sealed record Dialogue(
    Guid Id,
    AdminUnit Unit,
    IReadOnlyList<long> UnitPath,
    DialogueKind Kind,
    DialogueStatus Status,
    string Title,
    DialogueSlot? Slot,
    int? PlanYear,
    string? TriggerRule,
    string? TriggerPeriod,
    string? CancelReason,
    string? OverrideReason,
    DateTimeOffset? AnnouncedAt,
    string? Announcement,
    DateOnly? HeldOn,
    IReadOnlyList<AttendanceCount> Attendance,
    string? Minutes,
    string? Results,
    DateTimeOffset? ResultsPublishedAt,
    int Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IReadOnlyList<AgendaItem> Agenda { get; init; } = [];

    public IReadOnlyList<EarlierSlot> EarlierSlots { get; init; } = [];

    public IReadOnlyList<Opinion> Opinions { get; init; } = [];

    /// <summary>Fingerprint of the request that created it, to recognise the same request sent again.</summary>
    public string? RequestHash { get; init; }

    public DialogueForm Form { get; init; }

    /// <summary>Sessions by village cluster, by start time; none when held in one sitting.</summary>
    public IReadOnlyList<DialogueSession> Sessions { get; init; } = [];

    /// <summary>Invited, not booked ("&lt;unit code&gt;:&lt;role&gt;").</summary>
    public IReadOnlyList<string> Invitees { get; init; } = [];

    /// <summary>Requested by enough voters: it cannot be dismissed or cancelled, and must be held by <see cref="MandatoryDueOn"/>.</summary>
    public bool Mandatory => MandatoryDueOn is not null;

    public DateOnly? MandatoryDueOn { get; init; }

    /// <summary>Mandatory and not held by its due date, as the daily sweep found.</summary>
    public bool Overdue { get; init; }

    /// <summary>The announcement's channels and four items; null before it is announced (or for one announced before they were recorded).</summary>
    public AnnouncementDetails? AnnouncementDetails { get; init; }

    public IReadOnlyList<ResultsChannel> ResultsChannels { get; init; } = [];

    public OutcomeDetails OutcomeDetails { get; init; } = OutcomeDetails.None;

    /// <summary>Not yet held: it can still be moved, announced or cancelled.</summary>
    public bool IsUpcoming => IsUpcomingStatus(Status);

    public static bool IsUpcomingStatus(DialogueStatus status) => status is DialogueStatus.Proposed or DialogueStatus.Scheduled or DialogueStatus.Announced;
}

/// <summary>A dialogue changed since its milestone job was last scheduled, and that job.</summary>
public sealed record ChangedDialogue(Guid Id, DialogueStatus Status, DateTimeOffset? Start, int Sequence, string? PendingJobId)
{
    public DateOnly? HeldOn { get; init; }
}

/// <summary>The stored names of the enums, as the database's check constraints spell them.</summary>
public static class StoredNames
{
    public static string Of(DialogueKind kind) => kind == DialogueKind.Periodic ? "periodic" : "ad_hoc";

    public static string Of(DialogueStatus status) => Snake(status.ToString());

    public static string Of(OpinionStatus status) => Snake(status.ToString());

    public static string Of(AgendaItemKind kind) => Snake(kind.ToString());

    public static string Of(DialogueForm form) => Snake(form.ToString());

    public static string Of(AnnouncementChannel channel) => Snake(channel.ToString());

    public static string Of(ResultsChannel channel) => Snake(channel.ToString());

    public static T Parse<T>(string stored) where T : struct, Enum => Enum.Parse<T>(stored.Replace("_", ""), ignoreCase: true);

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
