using System.Globalization;
using ClosedXML.Excel;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The police's CCCD progress report as an Excel workbook: the first sheet, possibly with title rows
/// above the header and a total row ("Tổng cộng") or signatures below the data. The header row is the
/// one with the unit-code column; total rows are not data and are skipped, as are blank rows and rows
/// with neither a unit code nor any figure. Row numbers are the sheet's. Spreadsheets often turn a
/// code column into numbers and drop leading zeros: a 4-digit number can only be a commune code and
/// gets its zero back; a shorter one is ambiguous (4 could be province 04 or commune 00004) and is
/// refused with the advice to format the column as text.
/// </summary>
public sealed class PoliceXlsxAdapter : ISourceAdapter
{
    public string Format => "police-cccd-xlsx";

    public string Source => PoliceReportTable.Source;

    public ParsedSource Parse(ReadOnlyMemory<byte> content)
    {
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(content.ToArray(), writable: false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw UnreadableContent.Because("the file is not an .xlsx workbook");
        }

        using (workbook)
        {
            var sheet = workbook.Worksheets.FirstOrDefault() ?? throw UnreadableContent.Because("the workbook has no sheet");
            var used = sheet.RangeUsed();
            if (used is null)
            {
                throw UnreadableContent.Because("the first sheet is empty");
            }

            var lastColumn = used.LastColumn().ColumnNumber();
            PoliceReportTable? table = null;
            foreach (var row in sheet.Rows(1, used.LastRow().RowNumber()))
            {
                var cells = Enumerable.Range(1, lastColumn).Select(c => CellText(row.Cell(c))).ToList();
                if (table is not null)
                {
                    table.RestoreCodeDigits(cells);
                }

                if (table is null)
                {
                    if (cells.Any(PoliceReportTable.IsHeaderCell))
                    {
                        table = PoliceReportTable.FromHeader(cells);
                    }

                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace) || cells.Any(IsTotalLabel) || !cells.Any(c => c?.Any(char.IsAsciiDigit) == true))
                {
                    continue;
                }

                table.AddRow(row.RowNumber(), cells);
            }

            return (table ?? throw UnreadableContent.Because("no header row with the column 'Mã ĐVHC' on the first sheet")).Result();
        }
    }

    private static bool IsTotalLabel(string? cell) =>
        cell is not null && SourceValues.HeaderKey(cell) is var key && (key.StartsWith("tổng cộng", StringComparison.Ordinal) || key == "tổng");

    private static string? CellText(IXLCell cell) => cell.DataType switch
    {
        XLDataType.DateTime => cell.GetDateTime().ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        XLDataType.Number => cell.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => cell.GetString(),
    };
}
