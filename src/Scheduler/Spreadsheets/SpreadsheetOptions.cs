using System.ComponentModel.DataAnnotations;

namespace DanVan.Scheduler.Spreadsheets;

/// <summary>Limits of the Excel workbooks, section <c>DanVan:Spreadsheets</c>.</summary>
public sealed class SpreadsheetOptions
{
    /// <summary>
    /// Rows of data one workbook may hold, exported or imported. A workbook is built in memory (about
    /// 1 KB a row of opinions with their texts), so 20,000 rows stay near 20 MB however many offices
    /// export at once, and they cover a province's opinions of a year; a larger export is refused with
    /// FAILED_PRECONDITION EXPORT_TOO_LARGE and asks for a shorter period or narrower filters.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 20_000;
}
