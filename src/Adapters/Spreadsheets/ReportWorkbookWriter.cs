using System.Globalization;
using DanVan.Adapters.Privacy;
using DanVan.Adapters.Time;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DanVan.Adapters.Spreadsheets;

/// <summary>
/// Writes a <see cref="ReportWorkbook"/> as .xlsx laid out as a Vietnamese report: on every sheet the
/// title (bold), the unit, the period, the source and the time of extraction in Hanoi
/// ("08:00 ngày 12/01/2027"), then each table with its caption, a bold header row and its rows; the
/// panes are frozen below the first table's header so the heading and column names stay in view.
/// Numbers are stored as numbers and dates as dates (day numbers with a date format), so the office
/// can sum and sort them. Every text passes the personal-data scrubber on its way in; keys do not, as
/// the hub issued them.
/// </summary>
public static class ReportWorkbookWriter
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows above the first table: title, unit, period, source, time of extraction, a blank line.</summary>
    public const int HeadingRows = 6;

    private const string Font = "Times New Roman";

    // Cell formats of the style sheet below, by index.
    private const uint TitleStyle = 1, HeaderStyle = 2, TextStyle = 3, IntegerStyle = 4, DecimalStyle = 5, PercentStyle = 6, DateStyle = 7, CaptionStyle = 8, TypedTextStyle = 9;

    public static byte[] Write(ReportWorkbook report)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = package.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var sheet in report.Sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(report, sheet, sheetId == 1);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = sheet.Name });
            }
        }

        return stream.ToArray();
    }

    /// <summary>The time of extraction as the heading shows it: "08:00 ngày 12/01/2027" in Asia/Ho_Chi_Minh.</summary>
    public static string ExtractedAt(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static Worksheet Worksheet(ReportWorkbook report, ReportSheet sheet, bool selected)
    {
        var data = new SheetData();
        uint row = 1;
        Append(data, row++, [Text(report.Title, TitleStyle)]);
        Append(data, row++, [Text("Đơn vị: " + report.Unit, 0)]);
        Append(data, row++, [Text("Kỳ báo cáo: " + report.Period, 0)]);
        Append(data, row++, [Text("Nguồn số liệu: " + report.Source, 0)]);
        Append(data, row++, [Text("Thời điểm trích xuất: " + ExtractedAt(report.ExtractedAt), 0)]);
        row++;

        uint? frozenBelow = null;
        foreach (var table in sheet.Tables)
        {
            if (table.Caption is not null)
            {
                Append(data, row++, [Text(table.Caption, CaptionStyle)]);
            }

            Append(data, row, table.Columns.Select(c => (Cell?)Text(c.Header, HeaderStyle)).ToList());
            frozenBelow ??= row;
            row++;
            foreach (var values in table.Rows)
            {
                if (values.Count != table.Columns.Count)
                {
                    throw new ArgumentException($"A row of \"{table.Caption}\" has {values.Count} values for {table.Columns.Count} columns.", nameof(report));
                }

                Append(data, row++, values.Select((v, i) => Value(v, table.Columns[i].Kind)).ToList());
            }

            row++;
        }

        var worksheet = new Worksheet();
        worksheet.Append(Views(frozenBelow ?? HeadingRows, selected));
        var widths = Widths(sheet);
        if (widths.ChildElements.Count > 0)
        {
            worksheet.Append(widths);
        }

        worksheet.Append(data);
        return worksheet;
    }

    private static SheetViews Views(uint frozenRows, bool selected) => new(new SheetView(
        new Pane { VerticalSplit = frozenRows, TopLeftCell = $"A{frozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
        new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{frozenRows + 1}", SequenceOfReferences = new ListValue<StringValue> { InnerText = $"A{frozenRows + 1}" } })
    {
        TabSelected = selected,
        WorkbookViewId = 0,
    });

    // A column shared by several tables takes the widest of them, and is hidden only if every table hides it.
    // A text column is formatted as text, so that a code typed into a template ("00004") keeps its zeros.
    private static Columns Widths(ReportSheet sheet)
    {
        var columns = new Columns();
        var count = sheet.Tables.Count == 0 ? 0 : sheet.Tables.Max(t => t.Columns.Count);
        for (var i = 0; i < count; i++)
        {
            var at = sheet.Tables.Where(t => i < t.Columns.Count).Select(t => t.Columns[i]).ToList();
            var index = (uint)(i + 1);
            columns.Append(new Column
            {
                Min = index, Max = index, Width = at.Max(c => c.Width), CustomWidth = true,
                Hidden = at.All(c => c.Hidden) ? true : null,
                Style = at.All(c => c.Kind is CellKind.Text or CellKind.Key) ? TypedTextStyle : null,
            });
        }

        return columns;
    }

    private static void Append(SheetData data, uint rowIndex, List<Cell?> cells)
    {
        var row = new Row { RowIndex = rowIndex };
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is { } cell)
            {
                cell.CellReference = ColumnName(i) + rowIndex.ToString(CultureInfo.InvariantCulture);
                row.Append(cell);
            }
        }

        data.Append(row);
    }

    private static Cell? Value(object? value, CellKind kind) => (value, kind) switch
    {
        (null, _) => null,
        (string key, CellKind.Key) => Text(key, TextStyle, scrub: false),
        (string text, CellKind.Text) => Text(text, TextStyle),
        (DateOnly date, CellKind.Date) => Number(date.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
        (_, CellKind.WholeNumber) => Number(Convert.ToDouble(value, CultureInfo.InvariantCulture), IntegerStyle),
        (_, CellKind.Fraction) => Number(Convert.ToDouble(value, CultureInfo.InvariantCulture), DecimalStyle),
        (_, CellKind.Percent) => Number(Convert.ToDouble(value, CultureInfo.InvariantCulture), PercentStyle),
        _ => throw new ArgumentException($"A {value.GetType().Name} is not a value of a {kind} column.", nameof(value)),
    };

    private static Cell Text(string text, uint style, bool scrub = true) => new(new InlineString(new Text(scrub ? PersonalDataScrubber.Scrub(text) : text) { Space = SpaceProcessingModeValues.Preserve }))
    {
        DataType = CellValues.InlineString,
        StyleIndex = style,
    };

    private static Cell Number(double value, uint style) => new(new CellValue(value)) { StyleIndex = style };

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static Stylesheet Styles()
    {
        static Font Font(double size, bool bold)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = size }, new FontName { Val = ReportWorkbookWriter.Font });
            return font;
        }

        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0%" },
                new NumberingFormat { NumberFormatId = 166, FormatCode = "#,##0.0" }) { Count = 3 },
            new Fonts(Font(12, false), Font(14, true), Font(12, true)) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { FontId = 0 },
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center, Horizontal = HorizontalAlignmentValues.Center })
                    { FontId = 2, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { BorderId = 1, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat { NumberFormatId = 3, BorderId = 1, ApplyNumberFormat = true, ApplyBorder = true },
                new CellFormat { NumberFormatId = 166, BorderId = 1, ApplyNumberFormat = true, ApplyBorder = true },
                new CellFormat { NumberFormatId = 165, BorderId = 1, ApplyNumberFormat = true, ApplyBorder = true },
                new CellFormat { NumberFormatId = 164, BorderId = 1, ApplyNumberFormat = true, ApplyBorder = true },
                new CellFormat { FontId = 2, ApplyFont = true },
                new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }) { Count = 10 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
