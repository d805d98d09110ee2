using DanVan.Adapters.Spreadsheets;
using DanVan.Scheduler.Dialogues;
using static DanVan.Scheduler.Documents.VietnameseText;

namespace DanVan.Scheduler.Spreadsheets;

/// <summary>The columns of the opinions workbook: those an office reads, and those an agency answers in and the import reads back.</summary>
public static class OpinionWorkbookColumns
{
    public const string Id = "Mã ý kiến (không sửa)";
    public const string Agency = "Cơ quan chịu trách nhiệm";
    public const string DueDate = "Hạn giải quyết";
    public const string Status = "Trạng thái";
    public const string Answer = "Nội dung trả lời";

    /// <summary>What the import reads; the other columns are for the reader.</summary>
    public static readonly IReadOnlyList<string> Answered = [Id, Status, Answer, DueDate, Agency];

    /// <summary>The id comes first, hidden: the row's key for the import, not for the reader.</summary>
    public static readonly IReadOnlyList<ReportColumn> All =
    [
        new(Id, 38, CellKind.Key, Hidden: true), new("STT", 6, CellKind.WholeNumber), new("Mã đơn vị", 10), new("Lĩnh vực", 18),
        new("Nội dung ý kiến, kiến nghị", 60), new("Ngày tiếp nhận", 12, CellKind.Date), new(Agency, 30), new(DueDate, 12, CellKind.Date),
        new(Status, 22), new(Answer, 60), new("Quá hạn", 10),
    ];

    private static readonly Dictionary<string, OpinionStatus> ByName =
        Enum.GetValues<OpinionStatus>().ToDictionary(s => Key(Status(s)), s => s, StringComparer.Ordinal);

    /// <summary>The status a cell names (its Vietnamese name as the export writes it, in any case); null when it names none.</summary>
    public static OpinionStatus? ParseStatus(string text) => ByName.TryGetValue(Key(text), out var status) ? status : null;

    /// <summary>The statuses' names, for a message about a cell that names none.</summary>
    public static string StatusNames => string.Join(", ", Enum.GetValues<OpinionStatus>().Select(s => $"\"{Status(s)}\""));

    /// <summary>The filters of an export in words, where a report gives its period.</summary>
    public static string Describe(OpinionStatus? status, string? agency, DateOnly? dueFrom, DateOnly? dueTo, bool? overdue)
    {
        var parts = new List<string>();
        if (status is { } s)
        {
            parts.Add($"trạng thái \"{Status(s)}\"");
        }

        if (agency is not null)
        {
            parts.Add($"cơ quan \"{agency}\"");
        }

        if (dueFrom is not null || dueTo is not null)
        {
            parts.Add("hạn giải quyết" + (dueFrom is { } f ? $" từ ngày {ShortDate(f)}" : "") + (dueTo is { } t ? $" đến ngày {ShortDate(t)}" : ""));
        }

        if (overdue is { } o)
        {
            parts.Add(o ? "quá hạn" : "chưa quá hạn");
        }

        return parts.Count == 0 ? "tất cả ý kiến, kiến nghị" : string.Join("; ", parts);
    }

    private static string Key(string text) => string.Join(' ', text.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
