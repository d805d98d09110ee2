using System.Text;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The police's CCCD progress export as CSV: UTF-8 (with or without BOM), comma-separated, RFC 4180
/// quoting, CRLF (bare LF accepted), a Vietnamese header row. Row numbers are the file's record numbers,
/// the header being row 1.
/// </summary>
public sealed class PoliceCsvAdapter : ISourceAdapter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Format => "police-cccd-csv";

    public string Source => PoliceReportTable.Source;

    public IReadOnlyList<SourceRecord> Parse(ReadOnlyMemory<byte> content, RowProblems problems, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content.Span);
        }
        catch (DecoderFallbackException)
        {
            throw UnreadableContent.Because("the file is not valid UTF-8");
        }

        using var records = ReadRecords(text).GetEnumerator();
        if (!records.MoveNext())
        {
            throw UnreadableContent.Because("the file is empty");
        }

        var table = PoliceReportTable.FromHeader(records.Current, problems);
        var row = 1;
        while (records.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            row++;
            if (records.Current.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            table.AddRow(row, records.Current);
        }

        return table.Records;
    }

    /// <summary>RFC 4180 records; a quote left open at the end of the file makes the file unreadable.</summary>
    private static IEnumerable<List<string?>> ReadRecords(string text)
    {
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var field = new StringBuilder();
        var record = new List<string?>();
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"' && field.Length == 0)
            {
                position++;
                while (true)
                {
                    if (position >= text.Length)
                    {
                        throw UnreadableContent.Because("a quoted field is not closed before the end of the file");
                    }

                    if (text[position] == '"')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '"')
                        {
                            field.Append('"');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    field.Append(text[position++]);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    position++;
                    break;
                case '\r' when position + 1 < text.Length && text[position + 1] == '\n':
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    yield return record;
                    record = [];
                    position += c == '\r' ? 2 : 1;
                    break;
                default:
                    field.Append(c);
                    position++;
                    break;
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
