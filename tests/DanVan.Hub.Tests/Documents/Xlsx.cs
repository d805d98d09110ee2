using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Xunit;

namespace DanVan.Hub.Tests.Documents;

/// <summary>A workbook opened with OpenXml: its sheets, what a cell holds and how it is typed and styled, and cells changed as an agency would.</summary>
internal sealed class Xlsx : IDisposable
{
    private readonly MemoryStream _stream;
    private readonly SpreadsheetDocument _document;

    private Xlsx(byte[] content, bool editable)
    {
        _stream = new MemoryStream();
        _stream.Write(content);
        _stream.Position = 0;
        _document = SpreadsheetDocument.Open(_stream, editable);
    }

    public static Xlsx Open(byte[] content, bool editable = false) => new(content, editable);

    private WorkbookPart Book => _document.WorkbookPart!;

    public IReadOnlyList<string> SheetNames => Book.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    private Worksheet Sheet(int index = 0) =>
        ((WorksheetPart)Book.GetPartById(Book.Workbook.Sheets!.Elements<Sheet>().ElementAt(index).Id!)).Worksheet;

    public Cell? Cell(string reference, int sheet = 0) =>
        Sheet(sheet).Descendants<Cell>().FirstOrDefault(c => c.CellReference == reference);

    /// <summary>The cell's text: an inline or shared string, or the stored number.</summary>
    public string? Text(string reference, int sheet = 0) => Cell(reference, sheet) switch
    {
        null => null,
        { DataType.Value: var t } c when t == CellValues.InlineString => c.InlineString!.InnerText,
        { DataType.Value: var t } c when t == CellValues.SharedString =>
            Book.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText,
        var c => c.CellValue?.Text,
    };

    /// <summary>The cell as a number: it must be stored as one (no type, or type n), not as text.</summary>
    public double Number(string reference, int sheet = 0)
    {
        var cell = Cell(reference, sheet) ?? throw new Xunit.Sdk.XunitException($"no cell {reference}");
        Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"{reference} is stored as {cell.DataType?.Value}, not a number");
        return double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
    }

    /// <summary>The cell as a date: a day number shown with a date format.</summary>
    public DateOnly Date(string reference, int sheet = 0)
    {
        Assert.Contains("d", NumberFormat(reference, sheet));
        return DateOnly.FromDateTime(DateTime.FromOADate(Number(reference, sheet)));
    }

    public string NumberFormat(string reference, int sheet = 0)
    {
        var style = Cell(reference, sheet)?.StyleIndex?.Value ?? 0;
        var format = Book.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)style);
        var id = format.NumberFormatId?.Value ?? 0;
        return Book.WorkbookStylesPart.Stylesheet.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value
            ?? id.ToString(CultureInfo.InvariantCulture);
    }

    public bool IsBold(string reference, int sheet = 0)
    {
        var style = Cell(reference, sheet)?.StyleIndex?.Value ?? 0;
        var format = Book.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)style);
        return Book.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)(format.FontId?.Value ?? 0)).Elements<Bold>().Any();
    }

    /// <summary>The rows above the frozen pane; 0 when none is frozen.</summary>
    public int FrozenRows(int sheet = 0) =>
        Sheet(sheet).Descendants<Pane>().SingleOrDefault(p => p.State?.Value == PaneStateValues.Frozen)?.VerticalSplit?.Value is { } rows ? (int)rows : 0;

    public Column? Column(int number, int sheet = 0) =>
        Sheet(sheet).Descendants<Column>().FirstOrDefault(c => c.Min!.Value <= number && number <= c.Max!.Value);

    /// <summary>The texts of a row, from column A to its last cell (empty cells as "").</summary>
    public IReadOnlyList<string> Row(int number, int sheet = 0)
    {
        var row = Sheet(sheet).Descendants<Row>().FirstOrDefault(r => r.RowIndex?.Value == number);
        if (row is null)
        {
            return [];
        }

        var cells = row.Elements<Cell>().ToList();
        var last = cells.Count == 0 ? 0 : ColumnIndex(cells[^1].CellReference!.Value!);
        return Enumerable.Range(0, last + 1).Select(i => Text($"{ColumnName(i)}{number}", sheet) ?? "").ToList();
    }

    /// <summary>The number of the first row whose column A holds <paramref name="text"/>.</summary>
    public int RowOf(string text, int sheet = 0) =>
        (int)Sheet(sheet).Descendants<Row>().First(r => r.Elements<Cell>().Any(c => c.CellReference == $"A{r.RowIndex}" && Text(c.CellReference!, sheet) == text)).RowIndex!.Value;

    public int LastRow(int sheet = 0) => (int)Sheet(sheet).Descendants<Row>().Max(r => r.RowIndex!.Value);

    /// <summary>Writes <paramref name="text"/> into a cell as a shared string, as Excel does when someone types.</summary>
    public void SetText(string reference, string text)
    {
        var table = Book.SharedStringTablePart?.SharedStringTable ?? (Book.AddNewPart<SharedStringTablePart>().SharedStringTable = new SharedStringTable());
        table.Append(new SharedStringItem(new Text(text)));
        var cell = CellToWrite(reference);
        cell.DataType = CellValues.SharedString;
        cell.InlineString = null;
        cell.CellValue = new CellValue((table.Elements<SharedStringItem>().Count() - 1).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a date as Excel stores a typed one: its day number, keeping the column's date style.</summary>
    public void SetDate(string reference, DateOnly date)
    {
        var cell = CellToWrite(reference);
        cell.DataType = null;
        cell.InlineString = null;
        cell.CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate());
    }

    /// <summary>
    /// Adds a row below the last, as someone filling the sheet would: text as shared strings, numbers as
    /// numbers, dates as day numbers in the workbook's date style; null leaves a cell empty.
    /// </summary>
    public void AppendRow(params object?[] values)
    {
        var data = Sheet().Descendants<SheetData>().Single();
        var number = (uint)LastRow() + 1;
        var row = new Row { RowIndex = number };
        data.Append(row);
        for (var i = 0; i < values.Length; i++)
        {
            var reference = $"{ColumnName(i)}{number}";
            switch (values[i])
            {
                case null:
                    break;
                case string text:
                    row.Append(new Cell { CellReference = reference });
                    SetText(reference, text);
                    break;
                case DateOnly date:
                    row.Append(new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate())) { CellReference = reference, StyleIndex = DateStyle() });
                    break;
                case var value:
                    row.Append(new Cell(new CellValue(Convert.ToDouble(value, CultureInfo.InvariantCulture))) { CellReference = reference });
                    break;
            }
        }
    }

    private uint DateStyle()
    {
        var styles = Book.WorkbookStylesPart!.Stylesheet;
        var dateFormats = styles.NumberingFormats!.Elements<NumberingFormat>().Where(f => f.FormatCode!.Value!.Contains('y')).Select(f => f.NumberFormatId!.Value).ToHashSet();
        return (uint)styles.CellFormats!.Elements<CellFormat>().ToList().FindIndex(f => dateFormats.Contains(f.NumberFormatId?.Value ?? 0));
    }

    public byte[] Save()
    {
        _document.Save();
        _document.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }

    private Cell CellToWrite(string reference)
    {
        if (Cell(reference) is { } existing)
        {
            return existing;
        }

        var number = uint.Parse(new string(reference.SkipWhile(char.IsLetter).ToArray()), CultureInfo.InvariantCulture);
        var row = Sheet().Descendants<Row>().First(r => r.RowIndex!.Value == number);
        var cell = new Cell { CellReference = reference };
        var after = row.Elements<Cell>().LastOrDefault(c => ColumnIndex(c.CellReference!.Value!) < ColumnIndex(reference));
        if (after is null)
        {
            row.PrependChild(cell);
        }
        else
        {
            after.InsertAfterSelf(cell);
        }

        return cell;
    }

    public static int ColumnIndex(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
