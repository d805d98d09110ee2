using System.Text;
using System.Xml;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Sources;

namespace DanVan.Adapters.Spreadsheets;

/// <summary>A row of a table read back from a workbook: its row number on the sheet and its cells by column header.</summary>
public sealed record WorkbookRow(int Number, IReadOnlyDictionary<string, string?> Cells)
{
    /// <summary>The trimmed text of the cell under <paramref name="header"/>; null when empty.</summary>
    public string? this[string header] => Cells.TryGetValue(header, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>
/// Reads back the table of a workbook the hub wrote (or its template, filled in): the first sheet, through
/// the same bounded reader that ingest uses on untrusted workbooks. The table starts at the first row that
/// holds every expected header; columns are found by header, so an office may reorder them, and rows
/// with no value are skipped. Dates come as dd/MM/yyyy, numbers in invariant notation.
/// </summary>
public static class ReportWorkbookReader
{
    /// <summary>Throws a <see cref="ValidationException"/> on <c>content</c> for a file that is not such a workbook or holds more than <paramref name="maxRows"/> rows.</summary>
    public static IReadOnlyList<WorkbookRow> ReadTable(ReadOnlyMemory<byte> content, IReadOnlyList<string> headers, IngestOptions limits, int maxRows, CancellationToken cancellationToken)
    {
        var wanted = headers.ToDictionary(Key, h => h, StringComparer.Ordinal);
        Dictionary<int, string>? columns = null;
        var rows = new List<WorkbookRow>();
        try
        {
            foreach (var (number, cells) in WorkbookReader.FirstSheetRows(content, limits, cancellationToken))
            {
                if (columns is null)
                {
                    var found = cells.Select((c, i) => (Index: i, Header: c is null ? null : wanted.GetValueOrDefault(Key(c))))
                        .Where(c => c.Header is not null).ToDictionary(c => c.Index, c => c.Header!);
                    if (found.Count == wanted.Count)
                    {
                        columns = found;
                    }

                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (rows.Count == maxRows)
                {
                    throw new ValidationException([new FieldViolation("content", ViolationCodes.TooManyEntries, $"holds more than {maxRows:N0} rows")]);
                }

                rows.Add(new WorkbookRow(number, columns.ToDictionary(c => c.Value, c => c.Key < cells.Count ? cells[c.Key] : null, StringComparer.Ordinal)));
            }
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or NotSupportedException)
        {
            throw UnreadableContent.Because("the file is not an .xlsx workbook");
        }

        return columns is null
            ? throw UnreadableContent.Because($"no header row with the columns {string.Join(", ", headers.Select(h => $"'{h}'"))} on the first sheet")
            : rows;
    }

    private static string Key(string header) => header.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
}
