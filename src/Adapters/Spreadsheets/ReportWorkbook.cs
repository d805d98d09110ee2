namespace DanVan.Adapters.Spreadsheets;

/// <summary>How a column's values are written: text, whole numbers, decimals, a share, a date, or a hub-issued key.</summary>
public enum CellKind
{
    Text,
    WholeNumber,

    /// <summary>A number shown with one decimal.</summary>
    Fraction,

    /// <summary>A share between 0 and 1, shown as a percentage with one decimal.</summary>
    Percent,
    Date,

    /// <summary>An id the hub issued (a UUID): written as it is, never scrubbed, so that an import finds the record again.</summary>
    Key,
}

/// <summary>A column of a table: its header, its width in characters of the default font, how its values are written, and whether it is hidden (an id the hub keeps for an import, which the reader need not see).</summary>
public sealed record ReportColumn(string Header, double Width, CellKind Kind = CellKind.Text, bool Hidden = false);

/// <summary>
/// One table of a sheet: an optional caption above it, a bold header row, then its rows. Values are
/// <see cref="string"/> for text and keys, any integer or floating type for numbers and shares,
/// <see cref="DateOnly"/> for dates, and null for an empty cell.
/// </summary>
public sealed record ReportTable(string? Caption, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>A sheet and its tables; its name has at most 31 characters, none of <c>[]:*?/\</c> (Excel's rule).</summary>
public sealed record ReportSheet(string Name, IReadOnlyList<ReportTable> Tables);

/// <summary>
/// A report as an office files it: what it is, for which unit and period, where its figures come from
/// and when they were extracted, then its sheets. The heading is repeated on every sheet.
/// </summary>
public sealed record ReportWorkbook(string Title, string Unit, string Period, string Source, DateTimeOffset ExtractedAt, IReadOnlyList<ReportSheet> Sheets)
{
    /// <summary>Rows of data over every table and sheet.</summary>
    public int RowCount => Sheets.Sum(s => s.Tables.Sum(t => t.Rows.Count));
}
