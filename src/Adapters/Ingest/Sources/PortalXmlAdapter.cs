using System.Xml;
using System.Xml.Linq;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The public-service portal's monthly report as XML: <c>&lt;BaoCaoTTHC ky="MM/yyyy"&gt;</c> with one
/// <c>&lt;DonVi ma="…"&gt;</c> per unit. The on-time percentage it states is checked against its counts,
/// not trusted. DTDs are refused (no entity expansion). Row numbers are 1-based positions of DonVi.
/// </summary>
public sealed class PortalXmlAdapter : ISourceAdapter
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 256L * 1024 * 1024,
    };

    public string Format => "portal-xml";

    public string Source => "portal";

    public ParsedSource Parse(ReadOnlyMemory<byte> content)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content.ToArray(), writable: false), Settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw UnreadableContent.Because($"the file is not well-formed XML (line {e.LineNumber}): {e.Message}");
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "BaoCaoTTHC")
        {
            throw UnreadableContent.Because("the root element must be BaoCaoTTHC");
        }

        var records = new List<SourceRecord>();
        var problems = new List<RowProblem>();
        var units = root.Elements().Where(e => e.Name.LocalName == "DonVi").ToList();
        for (var i = 0; i < units.Count; i++)
        {
            var row = i + 1;
            var unit = units[i];
            var problemsBefore = problems.Count;
            var values = new SourceValues(row, problems);
            var code = unit.Attribute("ma")?.Value.Trim() ?? "";
            if (code.Length == 0)
            {
                values.Problem("unit_code", ProblemCodes.Required, "unit_code (attribute ma) is missing");
            }

            string? Element(string name) => unit.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var record = new ProcedureStatsReport(
                row, code, values.Month((string?)unit.Attribute("ky") ?? (string?)root.Attribute("ky"), "period") ?? default,
                Received: values.Count(Element("TiepNhan"), "received"),
                ReceivedOnline: values.Count(Element("TrucTuyen"), "received_online"),
                Resolved: values.Count(Element("DaGiaiQuyet"), "resolved"),
                ResolvedInTime: values.Count(Element("DungHan"), "resolved_in_time"),
                ResolvedLate: values.Count(Element("TreHan"), "resolved_late"),
                ReportedOnTimePercent: values.Percent(Element("TyLeDungHan"), "on_time_percent"));
            if (problems.Count == problemsBefore)
            {
                records.Add(record);
            }
        }

        return new ParsedSource(records, problems);
    }
}
