using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Spreadsheets;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using static DanVan.Adapters.Spreadsheets.CellKind;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// The past-dialogues workbook: the template the hub publishes, and a filled one read back into the
/// RecordPastDialogues request it stands for, so that it is checked and recorded by exactly the same
/// code. Violations of that request, which name <c>dialogues[i]</c>, are given back as the rows they
/// came from (<c>rows[N]</c>, N the row number Excel shows).
/// </summary>
public static class PastDialogueWorkbook
{
    public const string HeldOn = "Ngày tổ chức";
    public const string Level = "Cấp";
    public const string UnitCode = "Mã đơn vị";
    public const string UnitName = "Tên đơn vị";
    public const string Kind = "Loại (định kỳ/đột xuất)";
    public const string Title = "Tên hội nghị";
    public const string Chair = "Chủ trì";
    public const string Venue = "Địa điểm";
    public const string Received = "Số ý kiến tiếp nhận";
    public const string Answered = "Đã trả lời tại hội nghị";
    public const string Resolved = "Đã giải quyết";
    public const string StillOpen = "Còn tồn";
    public const string Notes = "Ghi chú";

    // RecordPastDialogues takes at most 1,000 dialogues.
    private const int MaxRows = 1000;

    private static readonly (ReportColumn Column, string Help)[] Columns =
    [
        (new("STT", 6, WholeNumber), "Số thứ tự (không bắt buộc)."),
        (new(HeldOn, 14, CellKind.Date), "Bắt buộc. Ngày hội nghị được tổ chức, dạng ngày/tháng/năm (ví dụ 15/06/2023); không sau ngày hôm nay."),
        (new(Level, 12), "Cấp xã, Cấp huyện hoặc Cấp tỉnh, như đơn vị vào ngày tổ chức; để đối chiếu."),
        (new(UnitCode, 11), "Bắt buộc. Mã đơn vị hành chính (mã Tổng cục Thống kê) vào ngày tổ chức: 2 chữ số cấp tỉnh, 3 chữ số cấp huyện, 5 chữ số cấp xã."),
        (new(UnitName, 28), "Tên đơn vị, để đối chiếu."),
        (new(Kind, 14), "Bắt buộc: định kỳ hoặc đột xuất."),
        (new(Title, 40), "Không bắt buộc; để trống là \"Hội nghị đối thoại định kỳ\" hoặc \"Hội nghị đối thoại đột xuất\"."),
        (new(Chair, 28), "Người chủ trì (chức danh); để trống là các đồng chủ trì theo quy định."),
        (new(Venue, 30), "Địa điểm; để trống là hội trường UBND của đơn vị."),
        (new(Received, 12, WholeNumber), "Số ý kiến, kiến nghị tiếp nhận tại hội nghị."),
        (new(Answered, 12, WholeNumber), "Số ý kiến đã trả lời ngay tại hội nghị."),
        (new(Resolved, 12, WholeNumber), "Số ý kiến đã giải quyết sau hội nghị."),
        (new(StillOpen, 12, WholeNumber), "Số ý kiến còn tồn, đang giải quyết. Đã trả lời, đã giải quyết và còn tồn cộng lại không quá số tiếp nhận."),
        (new(Notes, 40), "Tóm tắt biên bản, ghi chú."),
    ];

    private static readonly string[] Read = [HeldOn, Level, UnitCode, Kind, Title, Chair, Venue, Received, Answered, Resolved, StillOpen, Notes];

    /// <summary>The empty template for a unit's dialogues: its heading, the header row, and a sheet explaining each column.</summary>
    public static byte[] Template(Adapters.Units.AdminUnit unit, DateTimeOffset now) => ReportWorkbookWriter.Write(new ReportWorkbook(
        "Danh sách hội nghị đối thoại đã tổ chức", $"{unit.Name} (mã {unit.Code}) và các đơn vị trực thuộc, như vào ngày tổ chức", "các hội nghị đã tổ chức, mỗi dòng một hội nghị",
        "Mẫu nhập liệu của hệ thống DanVan", now,
        [
            new ReportSheet("Hội nghị đã tổ chức", [new ReportTable(null, Columns.Select(c => c.Column).ToList(), [])]),
            new ReportSheet("Hướng dẫn", [new ReportTable(null, [new("Cột", 26), new("Cách ghi", 100)],
                Columns.Select(c => (IReadOnlyList<object?>)[c.Column.Header, c.Help]).ToList())]),
        ]));

    /// <summary>The request a filled template stands for, and the sheet row of each of its dialogues; cells that do not read are violations of their rows.</summary>
    public static (RecordPastDialoguesRequest Request, IReadOnlyList<int> Rows) Parse(string requestId, ReadOnlyMemory<byte> content, IngestOptions limits, CancellationToken cancellationToken)
    {
        var rows = ReportWorkbookReader.ReadTable(content, Read, limits, MaxRows, cancellationToken);
        var v = new Violations();
        var request = new RecordPastDialoguesRequest { RequestId = requestId };
        foreach (var row in rows)
        {
            var field = $"rows[{row.Number}]";
            var kind = row[Kind] is not { } k ? DialogueKind.Unspecified
                : Fold(k) == "định kỳ" ? DialogueKind.Periodic
                : Fold(k) == "đột xuất" ? DialogueKind.AdHoc
                : Refuse(v, $"{field}.kind", ViolationCodes.ChoiceUnknown, $"'{k}' is neither \"định kỳ\" nor \"đột xuất\"", DialogueKind.Unspecified);
            var dialogue = new PastDialogue
            {
                UnitCode = Code(row[UnitCode], row[Level]),
                Kind = kind,
                Title = row[Title] ?? (kind == DialogueKind.AdHoc ? "Hội nghị đối thoại đột xuất" : "Hội nghị đối thoại định kỳ"),
                HeldOn = Date(v, row[HeldOn], $"{field}.held_on"),
                Chair = row[Chair] ?? "",
                Venue = row[Venue] ?? "",
                Minutes = row[Notes] ?? "",
            };
            string?[] counts = [row[Received], row[Answered], row[Resolved], row[StillOpen]];
            if (counts.Any(c => c is not null))
            {
                dialogue.OpinionCounts = new OpinionCounts
                {
                    Received = Count(v, counts[0], $"{field}.opinion_counts.received"),
                    AnsweredAtMeeting = Count(v, counts[1], $"{field}.opinion_counts.answered_at_meeting"),
                    Resolved = Count(v, counts[2], $"{field}.opinion_counts.resolved"),
                    StillOpen = Count(v, counts[3], $"{field}.opinion_counts.still_open"),
                };
            }

            request.Dialogues.Add(dialogue);
        }

        v.ThrowIfAny();
        return (request, rows.Select(r => r.Number).ToList());
    }

    /// <summary>The violations of the request as the rows of the workbook: <c>dialogues[i].x</c> → <c>rows[N].x</c>, the list itself → <c>content</c>.</summary>
    public static ValidationException AsRows(ValidationException e, IReadOnlyList<int> rows) => new(e.Violations.Select(v => v with
    {
        Field = v.Field == "dialogues" ? "content"
            : v.Field.StartsWith("dialogues[", StringComparison.Ordinal) && v.Field.IndexOf(']', StringComparison.Ordinal) is var end and > 10
              && int.TryParse(v.Field.AsSpan(10, end - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < rows.Count
                ? $"rows[{rows[i]}]{v.Field[(end + 1)..]}"
                : v.Field,
    }).ToList());

    // Excel turns a code typed into a number cell into a number ("00004" → 4): the level gives back its length.
    private static string Code(string? code, string? level) => code is { Length: < 5 } && code.All(char.IsAsciiDigit) && level is not null
        ? Fold(level) switch
        {
            "cấp xã" => code.PadLeft(5, '0'),
            "cấp huyện" => code.PadLeft(3, '0'),
            "cấp tỉnh" => code.PadLeft(2, '0'),
            _ => code,
        }
        : code ?? "";

    private static Google.Type.Date? Date(Violations v, string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Refuse<Google.Type.Date?>(v, field, ViolationCodes.DateInvalid, $"'{text}' is not a date (dd/mm/yyyy)", null);
        }

        return PlausibleDates.Contains(date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : Refuse<Google.Type.Date?>(v, field, ViolationCodes.DateOutOfRange, PlausibleDates.Description, null);
    }

    private static int Count(Violations v, string? text, string field) =>
        text is null ? 0
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : Refuse(v, field, ViolationCodes.NumberInvalid, $"'{text}' is not a whole number", 0);

    private static T Refuse<T>(Violations v, string field, string code, string description, T value)
    {
        v.Add(field, code, description);
        return value;
    }

    private static string Fold(string text) => string.Join(' ', text.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
