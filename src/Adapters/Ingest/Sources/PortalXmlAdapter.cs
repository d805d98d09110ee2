using System.Text;
using System.Xml;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The public-service portal's monthly report as XML: <c>&lt;BaoCaoTTHC ky="MM/yyyy"&gt;</c> with one
/// <c>&lt;DonVi ma="…"&gt;</c> per unit. The on-time percentage it states is checked against its counts,
/// not trusted. Row numbers are 1-based positions of DonVi. The file is read as a stream, one node at a
/// time, so the cost grows with its size alone; DTDs are refused (no entity expansion) and so is nesting
/// deeper than the format ever needs.
/// </summary>
public sealed class PortalXmlAdapter : ISourceAdapter
{
    /// <summary>The format nests three deep (report, unit, figure); anything much deeper is not this report.</summary>
    public const int MaxDepth = 16;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 64L * 1024 * 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public string Format => "portal-xml";

    public string Source => "portal";

    public IReadOnlyList<SourceRecord> Parse(ReadOnlyMemory<byte> content, RowProblems problems, CancellationToken cancellationToken)
    {
        var records = new List<SourceRecord>();
        try
        {
            using var reader = XmlReader.Create(ContentStreams.Of(content), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "BaoCaoTTHC")
            {
                throw UnreadableContent.Because("the root element must be BaoCaoTTHC");
            }

            var period = reader.GetAttribute("ky");
            var row = 0;
            while (Read(reader, cancellationToken))
            {
                if (reader is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "DonVi" })
                {
                    AddUnit(reader, ++row, period, records, problems, cancellationToken);
                }
            }
        }
        catch (XmlException e)
        {
            throw UnreadableContent.Because($"the file is not well-formed XML (line {e.LineNumber}): {e.Message}");
        }

        return records;
    }

    /// <summary>Reads one DonVi, leaving the reader on its end. A figure is the text of its first element of that name.</summary>
    private static void AddUnit(XmlReader reader, int row, string? reportPeriod, List<SourceRecord> records, RowProblems problems, CancellationToken cancellationToken)
    {
        var code = reader.GetAttribute("ma")?.Trim() ?? "";
        var period = reader.GetAttribute("ky") ?? reportPeriod;
        var figures = new Dictionary<string, StringBuilder>();
        StringBuilder? current = null;
        if (!reader.IsEmptyElement)
        {
            while (Read(reader, cancellationToken) && reader.Depth > 1)
            {
                if (reader is { NodeType: XmlNodeType.Element, Depth: 2 })
                {
                    current = figures.TryAdd(reader.LocalName, new StringBuilder()) ? figures[reader.LocalName] : null;
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    current?.Append(reader.Value);
                }
            }
        }

        var problemsBefore = problems.Total;
        var values = new SourceValues(row, problems);
        if (code.Length == 0)
        {
            values.Problem("unit_code", ProblemCodes.Required, "unit_code (attribute ma) is missing");
        }

        string? Figure(string name) => figures.GetValueOrDefault(name)?.ToString();
        var record = new ProcedureStatsReport(
            row, code, values.Month(period, "period") ?? default,
            Received: values.Count(Figure("TiepNhan"), "received"),
            ReceivedOnline: values.Count(Figure("TrucTuyen"), "received_online"),
            Resolved: values.Count(Figure("DaGiaiQuyet"), "resolved"),
            ResolvedInTime: values.Count(Figure("DungHan"), "resolved_in_time"),
            ResolvedLate: values.Count(Figure("TreHan"), "resolved_late"),
            ReportedOnTimePercent: values.Percent(Figure("TyLeDungHan"), "on_time_percent"));
        if (problems.Total == problemsBefore)
        {
            records.Add(record);
        }
    }

    private static bool Read(XmlReader reader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!reader.Read())
        {
            return false;
        }

        return reader.Depth <= MaxDepth
            ? true
            : throw UnreadableContent.Because($"elements are nested more than {MaxDepth} deep");
    }
}
