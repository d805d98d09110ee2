using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>Writes files in the sources' real formats, as the agencies' systems produce them.</summary>
public static class SourceFiles
{
    public const string PoliceHeader =
        "Mã ĐVHC,Tên đơn vị,Ngày số liệu,Số hồ sơ thu nhận,Số thẻ đã sản xuất,Số thẻ đã trả,Số tài khoản ĐDĐT mức 1,Số tài khoản ĐDĐT mức 2,Số công dân thuộc diện cấp,Lượt thu nhận lưu động,Lượt thu nhận tại nhà";

    /// <summary>UTF-8 with BOM, CRLF line ends; <paramref name="header"/> as given (e.g. in NFD or odd case).</summary>
    public static byte[] PoliceCsv(string header, params string[] rows)
    {
        var text = string.Join("\r\n", new[] { header }.Concat(rows)) + "\r\n";
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }

    /// <summary>
    /// A workbook with title rows above the header and a total row below the data, as a spreadsheet
    /// program saves it: text in the shared-strings table, dates as serial numbers with a date format.
    /// A string starting with an apostrophe is text as typed so (without the apostrophe).
    /// </summary>
    public static byte[] PoliceXlsx(IEnumerable<object?[]> rows, bool withTotal = true)
    {
        var header = PoliceHeader.Split(',');
        var sheetRows = new List<(int Row, object?[] Cells)>
        {
            (1, ["CÔNG AN THÀNH PHỐ HÀ NỘI"]),
            (2, ["BÁO CÁO TIẾN ĐỘ CẤP CĂN CƯỚC VÀ ĐỊNH DANH ĐIỆN TỬ"]),
            (4, header),
        };
        var r = 5;
        var totals = new long[header.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                totals[c] += row[c] switch { long n => n, int n => n, _ => 0 };
            }

            sheetRows.Add((r++, row));
        }

        if (withTotal)
        {
            sheetRows.Add((r, [null, "Tổng cộng", null, .. totals.Skip(3).Cast<object?>()]));
            sheetRows.Add((r + 2, [null, null, null, null, null, null, null, "Người lập biểu"]));
        }

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()), new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var stringIndex = new Dictionary<string, int>();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var (rowNumber, cells) in sheetRows)
            {
                var row = new Row { RowIndex = (uint)rowNumber };
                for (var c = 0; c < cells.Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{rowNumber}";
                    Cell? cell = cells[c] switch
                    {
                        null => null,
                        DateTime d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToOADate()) },
                        long n => new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                        int n => new Cell { CellReference = reference, CellValue = new CellValue(n) },
                        var other => SharedText(reference, other.ToString()!.TrimStart('\'')),
                    };
                    if (cell is not null)
                    {
                        row.Append(cell);
                    }
                }

                data.Append(row);
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Tiến độ CCCD" }));

            Cell SharedText(string reference, string text)
            {
                if (!stringIndex.TryGetValue(text, out var index))
                {
                    index = stringIndex[text] = stringIndex.Count;
                    strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                }

                return new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index) };
            }
        }

        return stream.ToArray();
    }

    public static byte[] OneStopJson(params string[] items) =>
        Encoding.UTF8.GetBytes("[" + string.Join(",", items) + "]");

    public static string OneStopItem(string code, string month, int inPerson, int online, int postal, int carried,
        int early, int onTime, int late, int pendingInTime, int pendingOverdue, int verySatisfied, int satisfied, int dissatisfied) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            maDonVi = code,
            kyBaoCao = month,
            tiepNhan = new { trucTiep = inPerson, trucTuyen = online, buuChinh = postal, kyTruocChuyenSang = carried },
            daGiaiQuyet = new { truocHan = early, dungHan = onTime, quaHan = late },
            dangGiaiQuyet = new { trongHan = pendingInTime, quaHan = pendingOverdue },
            danhGia = new { ratHaiLong = verySatisfied, haiLong = satisfied, khongHaiLong = dissatisfied },
        });

    public static byte[] PortalXml(string period, params string[] units) =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BaoCaoTTHC ky=\"{period}\">{string.Concat(units)}</BaoCaoTTHC>");

    public static string PortalUnit(string code, int received, int online, int resolved, int inTime, int late, string percent) =>
        $"<DonVi ma=\"{code}\"><TiepNhan>{received}</TiepNhan><TrucTuyen>{online}</TrucTuyen><DaGiaiQuyet>{resolved}</DaGiaiQuyet><DungHan>{inTime}</DungHan><TreHan>{late}</TreHan><TyLeDungHan>{percent}</TyLeDungHan></DonVi>";
}
