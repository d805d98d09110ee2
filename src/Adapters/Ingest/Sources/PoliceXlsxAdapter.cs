using System.Xml;
using Microsoft.Extensions.Options;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The police's CCCD progress report as an Excel workbook: the first sheet, possibly with title rows
/// above the header and a total row ("Tổng cộng") or signatures below the data. The header row is the
/// one with the unit-code column; total rows are not data and are skipped, as are blank rows and rows
/// with neither a unit code nor any figure. Row numbers are the sheet's. Spreadsheets often turn a
/// code column into numbers and drop leading zeros: a 4-digit number can only be a commune code and
/// gets its zero back; a shorter one is ambiguous (4 could be province 04 or commune 00004) and is
/// refused with the advice to format the column as text. The sheet is streamed within the limits of
/// <see cref="WorkbookReader"/> and <see cref="IngestOptions"/>.
/// </summary>
public sealed class PoliceXlsxAdapter(IOptions<IngestOptions> options) : ISourceAdapter
{
    public string Format => "police-cccd-xlsx";

    public string Source => PoliceReportTable.Source;

    public IReadOnlyList<SourceRecord> Parse(ReadOnlyMemory<byte> content, RowProblems problems, CancellationToken cancellationToken)
    {
        PoliceReportTable? table = null;
        try
        {
            foreach (var (row, cells) in WorkbookReader.FirstSheetRows(content, options.Value, cancellationToken))
            {
                if (table is null)
                {
                    if (cells.Any(PoliceReportTable.IsHeaderCell))
                    {
                        table = PoliceReportTable.FromHeader(cells, problems);
                    }

                    continue;
                }

                table.RestoreCodeDigits(cells);
                if (cells.All(string.IsNullOrWhiteSpace) || cells.Any(IsTotalLabel) || !cells.Any(c => c?.Any(char.IsAsciiDigit) == true))
                {
                    continue;
                }

                table.AddRow(row, cells);
            }
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or NotSupportedException)
        {
            throw UnreadableContent.Because("the file is not an .xlsx workbook");
        }

        return (table ?? throw UnreadableContent.Because("no header row with the column 'Mã ĐVHC' on the first sheet")).Records;
    }

    private static bool IsTotalLabel(string? cell) =>
        cell is not null && SourceValues.HeaderKey(cell) is var key && (key.StartsWith("tổng cộng", StringComparison.Ordinal) || key == "tổng");
}
