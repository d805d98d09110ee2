using System.IO.Compression;
using System.Text;

namespace DanVan.Testing;

/// <summary>
/// Builds .xlsx packages part by part, as a hostile caller would: the smallest package a reader accepts,
/// with whatever sheet, shared strings or zip entries a test needs.
/// </summary>
public static class Workbooks
{
    public const string SheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook whose first sheet's XML is <paramref name="sheetData"/> (the content of sheetData), with an optional shared-strings part.</summary>
    public static byte[] Build(string sheetData, string? sharedStrings = null, CompressionLevel level = CompressionLevel.Optimal) =>
        Zip(level, Parts(writer => writer.Write(sheetData), sharedStrings));

    /// <summary>A workbook whose sheet data is written by <paramref name="writeSheetData"/>, for sheets too large to hold as one string.</summary>
    public static byte[] Build(Action<TextWriter> writeSheetData, CompressionLevel level = CompressionLevel.Fastest) =>
        Zip(level, Parts(writeSheetData, null));

    /// <summary>A zip of the given entries, each written by its action.</summary>
    public static byte[] Zip(CompressionLevel level, IEnumerable<(string Name, Action<TextWriter> Write)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false), 1 << 16);
                write(writer);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Overwrites the uncompressed size the zip declares for <paramref name="entry"/>, in its local header and
    /// in the central directory: a package that lies about how much it unpacks to.
    /// </summary>
    public static byte[] DeclareSize(byte[] zip, string entry, uint size)
    {
        var patched = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entry);
        for (var i = 0; i + 46 < patched.Length; i++)
        {
            var signature = BitConverter.ToUInt32(patched, i);
            var (nameOffset, sizeOffset) = signature switch
            {
                0x04034b50 => (30, 22),
                0x02014b50 => (46, 24),
                _ => (0, 0),
            };
            var nameLength = nameOffset == 0 ? 0 : BitConverter.ToUInt16(patched, i + (signature == 0x04034b50 ? 26 : 28));
            if (nameLength == name.Length && patched.AsSpan(i + nameOffset, nameLength).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(patched.AsSpan(i + sizeOffset, 4), size);
            }
        }

        return patched;
    }

    private static IEnumerable<(string, Action<TextWriter>)> Parts(Action<TextWriter> writeSheetData, string? sharedStrings)
    {
        yield return ("[Content_Types].xml", w => w.Write(
            """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""));
        yield return ("_rels/.rels", w => w.Write(
            """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""));
        yield return ("xl/workbook.xml", w => w.Write(
            $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SheetNamespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""));
        var sharedStringsRelationship = sharedStrings is not null
            ? """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"""
            : "";
        yield return ("xl/_rels/workbook.xml.rels", w => w.Write(
            $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{sharedStringsRelationship}</Relationships>"""));
        yield return ("xl/worksheets/sheet1.xml", w =>
        {
            w.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SheetNamespace}"><sheetData>""");
            writeSheetData(w);
            w.Write("</sheetData></worksheet>");
        });
        if (sharedStrings is not null)
        {
            yield return ("xl/sharedStrings.xml", w => w.Write(
                $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SheetNamespace}">{sharedStrings}</sst>"""));
        }
    }

    /// <summary>An inline-string cell.</summary>
    public static string Text(string reference, string text) => $"""<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>""";

    /// <summary>A number cell.</summary>
    public static string Number(string reference, long value) => $"""<c r="{reference}"><v>{value}</v></c>""";
}
