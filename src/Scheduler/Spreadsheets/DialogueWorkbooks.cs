using DanVan.Adapters.Errors;
using DanVan.Adapters.Spreadsheets;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Documents;
using static DanVan.Scheduler.Documents.VietnameseText;

namespace DanVan.Scheduler.Spreadsheets;

/// <summary>An exported workbook and the ASCII name to save it under.</summary>
public sealed record Workbook(byte[] Content, string FileName)
{
    public static string MediaType => ReportWorkbookWriter.MediaType;
}

/// <summary>
/// The dialogue reports and lists an office keeps, as Excel workbooks: the period report (the figures
/// of the paper of the same name), the list of dialogues and the list of opinions. Each reads through
/// the dialogue domain's own queries and is bounded by <see cref="SpreadsheetOptions.MaxRows"/>.
/// </summary>
public sealed class DialogueWorkbooks(
    DialogueDocumentSource papers, DialogueReports reports, DialogueStore dialogues, OpinionStore opinions, SpreadsheetOptions options, TimeProvider clock)
{
    public const string Source = "Hệ thống DanVan: các hội nghị đối thoại và ý kiến, kiến nghị đã ghi nhận";

    private static readonly ReportColumn[] FigureColumns =
    [
        new("Đối thoại định kỳ", 14, CellKind.WholeNumber), new("Đối thoại đột xuất", 14, CellKind.WholeNumber),
        new("Ý kiến tiếp nhận", 14, CellKind.WholeNumber), new("Đã giải quyết", 14, CellKind.WholeNumber), new("Tỷ lệ giải quyết", 12, CellKind.Percent),
    ];

    /// <summary>Báo cáo kết quả công tác đối thoại: the unit's figures by level, then by child unit, for a period.</summary>
    public async Task<Workbook> PeriodReportAsync(string unitCode, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (summary, children) = await papers.PeriodFiguresAsync(unitCode, from, to, cancellationToken);
        var byLevel = new ReportTable("1. Theo cấp", [new("Cấp", 30), .. FigureColumns],
            [.. summary.Levels.Select(l => Figures(Level(l.Level), l.PeriodicHeld, l.AdHocHeld, l.OpinionsReceived, l.OpinionsResolved)),
             Figures("Tổng cộng", summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved)]);
        var tables = new List<ReportTable> { byLevel };
        if (children.Count > 0)
        {
            tables.Add(new ReportTable("2. Theo đơn vị trực thuộc", [new("Đơn vị", 30), .. FigureColumns, new("Mã đơn vị", 10)],
                children.Select(c => (IReadOnlyList<object?>)[.. Figures(c.Unit.Name, c.PeriodicHeld, c.AdHocHeld, c.OpinionsReceived, c.OpinionsResolved), c.Unit.Code]).ToList()));
        }

        Bounded(tables.Sum(t => t.Rows.Count));
        var report = new ReportWorkbook("Báo cáo kết quả công tác đối thoại", UnitLine(summary.Unit), Period(from, to), Source, clock.GetUtcNow(),
            [new ReportSheet("Báo cáo", tables)]);
        return new Workbook(ReportWorkbookWriter.Write(report), $"bao-cao-doi-thoai-{summary.Unit.Code}-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx");
    }

    /// <summary>The dialogues of a unit (and, with descendants, of its subtree) that ListDialogues gives for the same filter, in its order.</summary>
    public async Task<Workbook> DialoguesAsync(string unitCode, DateOnly asOf, bool includeDescendants, DateOnly? from, DateOnly? to, DialogueKind? kind, DialogueStatus? status,
        CancellationToken cancellationToken)
    {
        var (unit, roots) = await reports.ScopeAsync(unitCode, asOf, cancellationToken);
        var found = await dialogues.ListAsync(new DialogueFilter(roots, includeDescendants, from, to, kind, status), null, options.MaxRows + 1, cancellationToken);
        Bounded(found.Count);
        ReportColumn[] columns =
        [
            new("STT", 6, CellKind.WholeNumber), new("Mã đơn vị", 10), new("Đơn vị", 26), new("Tên hội nghị", 50), new("Loại", 10),
            new("Trạng thái", 20), new("Ngày", 12, CellKind.Date), new("Giờ bắt đầu", 10), new("Địa điểm", 36), new("Ngày tổ chức", 12, CellKind.Date),
            new("Mã hội nghị (không sửa)", 38, CellKind.Key, Hidden: true),
        ];
        var rows = found.Select((d, i) => (IReadOnlyList<object?>)
        [
            i + 1, d.Unit.Code, d.Unit.Name, d.Title, Kind(d.Kind), Status(d.Status),
            d.HeldOn ?? (d.Slot is { } s ? LocalDay(s.Start) : null),
            d.Slot is { } slot ? ClockTime(slot.Start) : null, d.Slot?.Venue, d.HeldOn, d.Id.ToString(),
        ]).ToList();
        var report = new ReportWorkbook("Danh sách hội nghị đối thoại", UnitLine(unit) + (includeDescendants ? " và các đơn vị trực thuộc" : ""),
            PeriodOf(from, to), Source, clock.GetUtcNow(), [new ReportSheet("Hội nghị", [new ReportTable(null, columns, rows)])]);
        return new Workbook(ReportWorkbookWriter.Write(report), $"danh-sach-doi-thoai-{unit.Code}.xlsx");
    }

    /// <summary>
    /// The opinions of a unit's subtree that the filter selects, with the columns an agency answers in
    /// (status, answer, due date, responsible agency) and each opinion's id, so that the same workbook
    /// can come back through <see cref="OpinionWorkbookImport"/>.
    /// </summary>
    public async Task<Workbook> OpinionsAsync(string unitCode, DateOnly asOf, OpinionStatus? status, string? agency, DateOnly? dueFrom, DateOnly? dueTo, bool? overdue,
        CancellationToken cancellationToken)
    {
        var (unit, roots) = await reports.ScopeAsync(unitCode, asOf, cancellationToken);
        var found = await opinions.ListAsync(new OpinionFilter.InSubtree(roots, status, agency, dueFrom, dueTo, overdue), options.MaxRows + 1, cancellationToken);
        Bounded(found.Count);
        var rows = found.Select((o, i) => (IReadOnlyList<object?>)
        [
            o.Id.ToString(), i + 1, o.UnitCode, o.Topic, o.Content, LocalDay(o.CreatedAt),
            o.ResponsibleAgency, o.DueDate, Status(o.Status), o.Answer, o.Overdue ? "Quá hạn" : null,
        ]).ToList();
        var report = new ReportWorkbook("Danh sách ý kiến, kiến nghị của Nhân dân", UnitLine(unit) + " và các đơn vị trực thuộc",
            OpinionWorkbookColumns.Describe(status, agency, dueFrom, dueTo, overdue), Source, clock.GetUtcNow(),
            [new ReportSheet("Ý kiến", [new ReportTable(null, OpinionWorkbookColumns.All, rows)])]);
        return new Workbook(ReportWorkbookWriter.Write(report), $"y-kien-{unit.Code}-{VietnamTime.Today(clock):yyyyMMdd}.xlsx");
    }

    private void Bounded(int rows)
    {
        if (rows > options.MaxRows)
        {
            throw new PreconditionFailedException("EXPORT_TOO_LARGE",
                $"The workbook would hold more than {options.MaxRows:N0} rows (DanVan:Spreadsheets:MaxRows); ask for a shorter period or narrower filters.");
        }
    }

    private static IReadOnlyList<object?> Figures(string label, int periodic, int adHoc, int received, int resolved) =>
        [label, periodic, adHoc, received, resolved, received == 0 ? null : (double)resolved / received];

    private static DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).DateTime);

    private static string UnitLine(AdminUnit unit) => $"{unit.Name} (mã {unit.Code})";

    private static string PeriodOf(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        ({ } f, { } t) => Period(f, t),
        ({ } f, null) => $"từ ngày {ShortDate(f)}",
        (null, { } t) => $"đến ngày {ShortDate(t)}",
        _ => "toàn bộ",
    };
}
