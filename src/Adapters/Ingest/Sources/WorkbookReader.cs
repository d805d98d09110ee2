using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace DanVan.Adapters.Ingest.Sources;

// Longer than our files usually are, on purpose: every step of reading an untrusted workbook shares
// the same limits, budgets and counting streams, and splitting it would spread that guard over files.

/// <summary>
/// Reads the first sheet of an .xlsx workbook as a stream of rows, never holding more of the sheet than
/// one row. A workbook is a zip of XML parts, and a small one can be built to unpack to gigabytes or to
/// claim a cell a million rows down: before anything is inflated, every part's declared size and
/// compression ratio are checked; while inflating, bytes are counted against the declared sizes, so a
/// part that lies about its size is caught too. Only cells with a value count, only within the columns a
/// report can have; the gap between rows costs nothing. XML is read node by node, DTDs refused, depth
/// bounded, and every node read checks the call's cancellation.
/// </summary>
internal sealed class WorkbookReader
{
    /// <summary>Columns A to BL: the report has eleven, and a sheet using more is not this report.</summary>
    public const int MaxColumns = 64;

    // Excel's own limit.
    private const int MaxRows = 1_048_576;

    // A workbook has a few dozen parts; the zip's directory of a million empty ones would cost memory by itself.
    private const int MaxParts = 1_000;

    // The table is held while the sheet is read. A national report needs some ten thousand unit names, and
    // a hundred thousand figures if they were typed as text.
    private const int MaxSharedStrings = 500_000;
    private const long MaxSharedStringChars = 16L * 1024 * 1024;

    // The deepest part of a sheet is a rich-text run in an inline string (worksheet/sheetData/row/c/is/r/t).
    private const int MaxXmlDepth = 32;

    // Small parts may compress very well (a style sheet of repeated elements) without costing anything.
    private const long RatioGrace = 1024 * 1024;

    private const string RelationshipTypes = "/relationships/";

    private readonly Dictionary<string, ZipArchiveEntry> _parts;
    private readonly XmlReaderSettings _xml;
    private readonly CancellationToken _cancellationToken;

    private WorkbookReader(Dictionary<string, ZipArchiveEntry> parts, IngestOptions limits, CancellationToken cancellationToken)
    {
        _parts = parts;
        _cancellationToken = cancellationToken;
        _xml = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxUnpackedBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
    }

    /// <summary>
    /// The first sheet's rows that have a value, as (sheet row number, cell texts from column A). Dates
    /// come as dd/MM/yyyy, numbers in invariant notation. Throws <see cref="Errors.ValidationException"/>
    /// on <c>content</c> for a workbook beyond the limits, and <see cref="InvalidDataException"/> or
    /// <see cref="XmlException"/> for a file that is not a workbook.
    /// </summary>
    public static IEnumerable<(int Row, List<string?> Cells)> FirstSheetRows(ReadOnlyMemory<byte> content, IngestOptions limits, CancellationToken cancellationToken)
    {
        using var archive = new ZipArchive(ContentStreams.Of(content), ZipArchiveMode.Read);
        var reader = new WorkbookReader(CheckedParts(archive, limits), limits, cancellationToken);
        var (sheet, sharedStrings, styles) = reader.FindParts();
        var strings = sharedStrings is null ? [] : reader.ReadSharedStrings(sharedStrings);
        var dateStyles = styles is null ? [] : reader.ReadDateStyles(styles);
        foreach (var row in reader.ReadRows(sheet, strings, dateStyles))
        {
            yield return row;
        }
    }

    private static Dictionary<string, ZipArchiveEntry> CheckedParts(ZipArchive archive, IngestOptions limits)
    {
        if (archive.Entries.Count > MaxParts)
        {
            throw UnreadableContent.Because($"the workbook holds {archive.Entries.Count:N0} parts; at most {MaxParts:N0}");
        }

        var parts = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            total += entry.Length;
            if (total > limits.MaxUnpackedBytes)
            {
                throw UnreadableContent.Because($"the workbook unpacks to more than {limits.MaxUnpackedBytes:N0} bytes");
            }

            if (entry.Length > RatioGrace && entry.Length > entry.CompressedLength * limits.MaxCompressionRatio)
            {
                throw UnreadableContent.Because(
                    $"a part of the workbook unpacks to {entry.Length / Math.Max(1, entry.CompressedLength):N0} times its packed size; at most {limits.MaxCompressionRatio}");
            }

            parts.TryAdd(entry.FullName.TrimStart('/'), entry);
        }

        return parts;
    }

    /// <summary>The first sheet, the shared strings and the styles, found through the package's relationships.</summary>
    private (ZipArchiveEntry Sheet, ZipArchiveEntry? SharedStrings, ZipArchiveEntry? Styles) FindParts()
    {
        var workbookPath = Relationships("").FirstOrDefault(r => r.Type.EndsWith(RelationshipTypes + "officeDocument", StringComparison.Ordinal)).Target
            ?? throw NotAWorkbook();
        var workbook = Part(workbookPath) ?? throw NotAWorkbook();
        var related = Relationships(workbookPath);

        string? firstSheetId = null;
        using (var reader = Open(workbook))
        {
            while (firstSheetId is null && Next(reader))
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "sheet" })
                {
                    firstSheetId = RelationshipId(reader) ?? throw NotAWorkbook();
                }
            }
        }

        var sheetPath = related.FirstOrDefault(r => r.Id == firstSheetId).Target;
        var sheet = (firstSheetId is null ? null : sheetPath is null ? null : Part(sheetPath))
            ?? throw UnreadableContent.Because("the workbook has no sheet");
        ZipArchiveEntry? Related(string type) =>
            related.FirstOrDefault(r => r.Type.EndsWith(RelationshipTypes + type, StringComparison.Ordinal)).Target is { } path ? Part(path) : null;
        return (sheet, Related("sharedStrings"), Related("styles"));
    }

    /// <summary>The internal relationships of the part at <paramref name="partPath"/> ("" for the package), targets resolved to part paths.</summary>
    private List<(string Id, string Type, string Target)> Relationships(string partPath)
    {
        var folder = partPath.Contains('/') ? partPath[..(partPath.LastIndexOf('/') + 1)] : "";
        var relationships = new List<(string, string, string)>();
        if (Part($"{folder}_rels/{partPath[folder.Length..]}.rels") is not { } rels)
        {
            return relationships;
        }

        using var reader = Open(rels);
        while (Next(reader))
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Relationship" } && reader.GetAttribute("TargetMode") != "External"
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Type") is { } type && reader.GetAttribute("Target") is { } target)
            {
                relationships.Add((id, type, ResolvePath(folder, target)));
            }
        }

        return relationships;
    }

    private List<string> ReadSharedStrings(ZipArchiveEntry part)
    {
        var strings = new List<string>();
        long characters = 0;
        using var reader = Open(part);
        while (Next(reader))
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "si" })
            {
                var text = RichText(reader, MaxSharedStringChars - characters);
                characters += text.Length;
                if (strings.Count == MaxSharedStrings)
                {
                    throw UnreadableContent.Because($"the workbook's shared-strings table holds more than {MaxSharedStrings:N0} strings");
                }

                strings.Add(text);
            }
        }

        return strings;
    }

    /// <summary>Per cell style index, whether it shows a number as a date (Excel stores dates as day numbers).</summary>
    private List<bool> ReadDateStyles(ZipArchiveEntry part)
    {
        var customIsDate = new Dictionary<int, bool>();
        var styles = new List<bool>();
        var inCellFormats = false;
        using var reader = Open(part);
        while (Next(reader))
        {
            switch (reader.NodeType, reader.LocalName)
            {
                case (XmlNodeType.Element, "numFmt") when int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id):
                    customIsDate[id] = IsDateFormat(reader.GetAttribute("formatCode") ?? "");
                    break;
                case (XmlNodeType.Element, "cellXfs"):
                    inCellFormats = !reader.IsEmptyElement;
                    break;
                case (XmlNodeType.EndElement, "cellXfs"):
                    inCellFormats = false;
                    break;
                case (XmlNodeType.Element, "xf") when inCellFormats:
                    var format = int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    styles.Add(customIsDate.TryGetValue(format, out var isDate) ? isDate : format is >= 14 and <= 22 or >= 45 and <= 47);
                    break;
            }
        }

        return styles;
    }

    private IEnumerable<(int Row, List<string?> Cells)> ReadRows(ZipArchiveEntry sheet, List<string> strings, List<bool> dateStyles)
    {
        using var reader = Open(sheet);
        var rowNumber = 0;
        while (Next(reader))
        {
            if (reader is not { NodeType: XmlNodeType.Element, LocalName: "row" })
            {
                continue;
            }

            rowNumber = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : rowNumber + 1;
            if (rowNumber is < 1 or > MaxRows)
            {
                throw UnreadableContent.Because($"the sheet has a row numbered {rowNumber}; rows go from 1 to {MaxRows:N0}");
            }

            var cells = new List<string?>();
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                var column = 0;
                while (Next(reader) && reader.Depth > depth)
                {
                    if (reader is { NodeType: XmlNodeType.Element, LocalName: "c" })
                    {
                        column = ColumnNumber(reader.GetAttribute("r")) ?? column + 1;
                        if (CellText(reader, strings, dateStyles) is { Length: > 0 } text)
                        {
                            if (column > MaxColumns)
                            {
                                throw UnreadableContent.Because(
                                    $"row {rowNumber} has a value in column {column:N0}; the report uses at most the first {MaxColumns} columns");
                            }

                            while (cells.Count < column)
                            {
                                cells.Add(null);
                            }

                            cells[column - 1] = text;
                        }
                    }
                }
            }

            if (cells.Count > 0)
            {
                yield return (rowNumber, cells);
            }
        }
    }

    /// <summary>The text of the cell the reader is on, leaving the reader on the cell's end.</summary>
    private string? CellText(XmlReader reader, List<string> strings, List<bool> dateStyles)
    {
        var type = reader.GetAttribute("t");
        var style = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? value = null;
        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            while (Next(reader) && reader.Depth > depth)
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "v" or "is" })
                {
                    value = RichText(reader, MaxSharedStringChars);
                }
            }
        }

        return (type, value) switch
        {
            (_, null) => null,
            ("s", _) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count
                ? strings[i]
                : throw UnreadableContent.Because($"a cell refers to shared string {value}, which the workbook does not hold"),
            ("b", _) => value == "1" ? "TRUE" : "FALSE",
            ("d", _) => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Date(d) : value,
            (null or "n", _) when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) =>
                style < dateStyles.Count && dateStyles[style] && n is >= 0 and < 2958466 ? Date(DateTime.FromOADate(n)) : n.ToString(CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>
    /// The text of the element the reader is on (a value, a shared or an inline string, plain or in rich
    /// runs, without phonetic guides), leaving the reader on its end; refused beyond <paramref name="budget"/> characters.
    /// </summary>
    private string RichText(XmlReader reader, long budget)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }

        var text = new StringBuilder();
        var depth = reader.Depth;
        var plain = reader.LocalName == "v";
        var inText = plain;
        int? phonetic = null;
        while (Next(reader) && reader.Depth > depth)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    phonetic ??= reader.LocalName == "rPh" && !reader.IsEmptyElement ? reader.Depth : null;
                    inText = reader.LocalName == "t" && !reader.IsEmptyElement;
                    break;
                case XmlNodeType.EndElement:
                    phonetic = reader.Depth == phonetic ? null : phonetic;
                    inText = plain;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText && phonetic is null:
                    text.Append(reader.Value);
                    if (text.Length > budget)
                    {
                        throw UnreadableContent.Because($"the workbook's strings exceed {MaxSharedStringChars:N0} characters");
                    }

                    break;
            }
        }

        return text.ToString();
    }

    private XmlReader Open(ZipArchiveEntry part) => XmlReader.Create(new CountingStream(part.Open(), part.Length), _xml);

    private bool Next(XmlReader reader)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (!reader.Read())
        {
            return false;
        }

        return reader.Depth <= MaxXmlDepth ? true : throw UnreadableContent.Because($"the workbook nests XML more than {MaxXmlDepth} deep");
    }

    private ZipArchiveEntry? Part(string path) => _parts.GetValueOrDefault(path);

    private static string? RelationshipId(XmlReader reader)
    {
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith("/relationships", StringComparison.Ordinal))
            {
                var id = reader.Value;
                reader.MoveToElement();
                return id;
            }
        }

        reader.MoveToElement();
        return null;
    }

    /// <summary>A relationship's target as a part path: absolute ("/xl/…") or relative to the source's folder, with ".." resolved.</summary>
    private static string ResolvePath(string folder, string target)
    {
        var segments = new List<string>();
        foreach (var segment in (target.StartsWith('/') ? target : folder + target).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>The column of a cell reference ("C7" → 3); past Excel's last column it stops counting, being refused anyway.</summary>
    private static int? ColumnNumber(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || !char.IsAsciiLetter(reference[0]))
        {
            return null;
        }

        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = Math.Min(column * 26 + (char.ToUpperInvariant(c) - 'A' + 1), 1_000_000);
        }

        return column;
    }

    /// <summary>Whether a number format shows dates or times: it has d, m, y, h or s outside quoted text, escapes and [colour] sections.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' or '_' or '*' when !quoted:
                    i++;
                    break;
                case '[' when !quoted:
                    bracket = true;
                    break;
                case ']' when !quoted:
                    bracket = false;
                    break;
                default:
                    if (!quoted && !bracket && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static string Date(DateTime date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static Errors.ValidationException NotAWorkbook() => UnreadableContent.Because("the file is not an .xlsx workbook");

    /// <summary>An inflating stream that refuses to give more bytes than its part declared.</summary>
    private sealed class CountingStream(Stream inner, long declared) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _read += read;
            return _read <= declared
                ? read
                : throw UnreadableContent.Because("a part of the workbook unpacks to more than the size it declares");
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
