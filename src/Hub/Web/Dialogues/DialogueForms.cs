namespace DanVan.Hub.Web.Dialogues;

// What the dialogue page's forms post, as typed (dates yyyy-MM-dd, times HH:mm, local to Vietnam);
// each is turned into the RPC's request and checked by the RPC's own validator.

public sealed class SlotForm
{
    public string? Date { get; set; }
    public string? Time { get; set; }
    public string? Venue { get; set; }
    public string? Reason { get; set; }
    public string? OverrideReason { get; set; }
}

public sealed class AnnounceForm
{
    public string? Time { get; set; }
    public string? Place { get; set; }
    public string? Content { get; set; }
    public string? HowToTakePart { get; set; }
    public string? Text { get; set; }
    public string? OverrideReason { get; set; }
    public bool MassMedia { get; set; }
    public bool CommuneOffice { get; set; }
    public bool Loudspeaker { get; set; }
    public bool Portal { get; set; }
}

public sealed class ReasonForm
{
    public string? Reason { get; set; }
}

public sealed class ResultsForm
{
    public string? Results { get; set; }
    public bool MassMedia { get; set; }
    public bool PostedAtOffice { get; set; }
    public bool VillageHeads { get; set; }
}

public sealed class CloseForm
{
    public bool Confirm { get; set; }
}

public sealed class AttendanceRow
{
    public string? Group { get; set; }
    public string? Count { get; set; }
}

public sealed class OpinionRow
{
    public string? Topic { get; set; }
    public string? Content { get; set; }
    public string? Agency { get; set; }
    public string? Due { get; set; }
    public string? Status { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Topic) && string.IsNullOrWhiteSpace(Content) && string.IsNullOrWhiteSpace(Agency)
        && string.IsNullOrWhiteSpace(Due) && string.IsNullOrWhiteSpace(Status);
}

public sealed class OutcomeForm
{
    /// <summary>Blank opinion rows the form shows at first; "add rows" posts a larger number back, saving nothing.</summary>
    public const int BlankRows = 5;

    public string? HeldOn { get; set; }
    public string? ActualStart { get; set; }
    public string? ActualEnd { get; set; }
    public string? PresidingChair { get; set; }
    public string? MinutesSecretary { get; set; }
    public List<AttendanceRow> Attendance { get; set; } = [];
    public string? Minutes { get; set; }
    public List<OpinionRow> Opinions { get; set; } = [];

    /// <summary>Set by the "add rows" button: the number of rows to show, nothing saved.</summary>
    public int? Rows { get; set; }
}
