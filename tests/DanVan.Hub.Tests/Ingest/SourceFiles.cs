using System.Text;
using ClosedXML.Excel;

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

    /// <summary>A workbook with title rows above the header and a total row below the data.</summary>
    public static byte[] PoliceXlsx(IEnumerable<object?[]> rows, bool withTotal = true)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Tiến độ CCCD");
        sheet.Cell(1, 1).Value = "CÔNG AN THÀNH PHỐ HÀ NỘI";
        sheet.Cell(2, 1).Value = "BÁO CÁO TIẾN ĐỘ CẤP CĂN CƯỚC VÀ ĐỊNH DANH ĐIỆN TỬ";
        var header = PoliceHeader.Split(',');
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(4, c + 1).Value = header[c];
        }

        var r = 5;
        var totals = new long[header.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (row[c])
                {
                    case null: break;
                    case DateTime d: cell.Value = d; break;
                    case long n: cell.Value = n; totals[c] += n; break;
                    case int n: cell.Value = n; totals[c] += n; break;
                    // Text as typed with a leading apostrophe, so the spreadsheet keeps it as text.
                    case string text when text.StartsWith('\''): cell.SetValue(text[1..]); cell.DataType = XLDataType.Text; break;
                    default: cell.Value = row[c]!.ToString(); break;
                }
            }

            r++;
        }

        if (withTotal)
        {
            sheet.Cell(r, 2).Value = "Tổng cộng";
            for (var c = 3; c < header.Length; c++)
            {
                sheet.Cell(r, c + 1).Value = totals[c];
            }

            sheet.Cell(r + 2, 8).Value = "Người lập biểu";
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
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
