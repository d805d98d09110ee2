using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace DanVan.Scheduler.Documents;

/// <summary>
/// Writes an <see cref="OfficialDocument"/> as .docx in Decree 30's layout: A4 portrait, margins top and
/// bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (LibreOffice and systems without it use
/// the metric-compatible Liberation Serif), body 14 pt; the header as a borderless two-column table —
/// issuing body left (bold, a short rule under it), national name and motto right (both bold, a rule
/// under the motto); then the number (left) and the place and date line in italics (right); the title, the
/// body, the signatures and the recipients.
/// </summary>
public static class DocxWriter
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string Font = "Times New Roman";
    private const int BodySize = 28;   // half-points: 14 pt
    private const int HeaderSize = 26; // 13 pt
    private const int RecipientSize = 22; // 11 pt, as Decree 30 sets the list of recipients
    private const int TextWidth = 11906 - 1701 - 850; // twips: A4 width less the left and right margins

    public static byte[] Write(OfficialDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            body.Append(Header(document));
            body.Append(Centered(document.Title, bold: true, size: BodySize, spaceBefore: 240));
            if (document.Subject.Length > 0)
            {
                body.Append(Centered(document.Subject, bold: true, size: BodySize, spaceAfter: 240));
            }

            foreach (var block in document.Body)
            {
                body.Append(block switch
                {
                    Paragraph p => BodyParagraph(p),
                    Table t => RuledTable(t),
                    _ => throw new ArgumentOutOfRangeException(nameof(document), block.GetType().Name),
                });
                if (block is Table)
                {
                    body.Append(Text("", size: 8, spaceAfter: 0));
                }
            }

            body.Append(Closing(document));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850, Header = 709, Footer = 709, Gutter = 0 }));
            main.Document = new Document(body);
            package.PackageProperties.Title = $"{document.Title} {document.Subject}".Trim();
            package.PackageProperties.Language = "vi-VN";
        }

        return stream.ToArray();
    }

    /// <summary>Times New Roman 14 pt by default, Vietnamese as the proofing language.</summary>
    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                new FontSize { Val = BodySize.ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = BodySize.ToString(CultureInfo.InvariantCulture) },
                new Languages { Val = "vi-VN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }))));
    }

    private static W.Table Header(OfficialDocument document)
    {
        var left = TextWidth * 38 / 100;
        var right = TextWidth - left;
        var issuer = new List<OpenXmlElement>(document.IssuingBody.Select(line => Centered(line, bold: true, size: HeaderSize))) { Rule(left / 3, left) };
        var nation = new OpenXmlElement[]
        {
            Centered(OfficialDocument.Nation, bold: true, size: 24),
            Centered(OfficialDocument.Motto, bold: true, size: HeaderSize),
            Rule(right * 58 / 100, right),
        };
        var number = Centered(document.Number, bold: false, size: HeaderSize, spaceBefore: 120);
        var placeAndDate = Centered(document.PlaceAndDate, bold: false, size: BodySize, italic: true, spaceBefore: 120);
        return Borderless([left, right], [issuer, nation], [[number], [placeAndDate]]);
    }

    private static W.Table Closing(OfficialDocument document)
    {
        var left = TextWidth * 45 / 100;
        var right = TextWidth - left;
        var recipients = new List<OpenXmlElement>
        {
            Text("Nơi nhận:", size: 24, bold: true, italic: true, spaceBefore: 240),
        };
        recipients.AddRange(document.Recipients.Select(r => Text(r, size: RecipientSize)));
        if (document.Signatures.Count > 1)
        {
            // Minutes: secretary left, chair right, the recipients below them.
            var signatures = document.Signatures.Select(s => (IEnumerable<OpenXmlElement>)SignatureBlock(s)).ToArray();
            return Borderless([left, right], [signatures[0], signatures[1]], [recipients, [Text("")]]);
        }

        return Borderless([left, right], [recipients, SignatureBlock(document.Signatures[0])]);
    }

    private static List<OpenXmlElement> SignatureBlock(Signature signature)
    {
        var lines = new List<OpenXmlElement>();
        if (signature.Authority.Length > 0)
        {
            lines.Add(Centered(signature.Authority, bold: true, size: BodySize, spaceBefore: 240));
        }

        lines.Add(Centered(signature.Position, bold: true, size: BodySize, spaceBefore: signature.Authority.Length > 0 ? 0 : 240));
        lines.Add(Centered("(Ký, ghi rõ họ tên)", bold: false, size: BodySize, italic: true, spaceAfter: 1400));
        lines.Add(Centered(OfficialDocument.Blank, bold: true, size: BodySize));
        return lines;
    }

    private static W.Paragraph BodyParagraph(Paragraph p)
    {
        var properties = new ParagraphProperties(
            new SpacingBetweenLines { Before = p.Heading ? "120" : "0", After = "120", Line = "276", LineRule = LineSpacingRuleValues.Auto },
            new Indentation { FirstLine = p.Heading ? "0" : "567" },
            new Justification { Val = JustificationValues.Both });
        return new W.Paragraph(properties, Run(p.Text, BodySize, p.Bold, p.Italic));
    }

    private static W.Table RuledTable(Table table)
    {
        var total = table.Widths.Sum();
        var widths = table.Widths.Select(w => TextWidth * w / total).ToArray();
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var result = new W.Table(new TableProperties(new TableWidth { Width = TextWidth.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }, border,
            new TableLayout { Type = TableLayoutValues.Fixed }));
        result.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        result.Append(TableRow(table.Header, widths, bold: true, repeat: true));
        foreach (var row in table.Rows)
        {
            result.Append(TableRow(row, widths, bold: false, repeat: false));
        }

        return result;
    }

    private static TableRow TableRow(IReadOnlyList<string> cells, int[] widths, bool bold, bool repeat)
    {
        var row = new TableRow();
        if (repeat)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        for (var i = 0; i < widths.Length; i++)
        {
            var text = i < cells.Count ? cells[i] : "";
            var numeric = !bold && i > 0 && text.Length > 0 && text.All(c => char.IsDigit(c) || c is '.' or ',' or '%' or '-');
            var paragraph = new W.Paragraph(
                new ParagraphProperties(new SpacingBetweenLines { Before = "40", After = "40" },
                    new Justification { Val = bold || i == 0 && text.All(char.IsDigit) ? JustificationValues.Center : numeric ? JustificationValues.Right : JustificationValues.Left }),
                Run(text, 24, bold, false));
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }), paragraph));
        }

        return row;
    }

    /// <summary>A table without borders: one row per group of cells, each cell a column of paragraphs.</summary>
    private static W.Table Borderless(int[] widths, params IEnumerable<OpenXmlElement>[][] rows)
    {
        var none = new TableBorders(
            new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None },
            new RightBorder { Val = BorderValues.None }, new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        var table = new W.Table(new TableProperties(new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }, none,
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TableCellLeftMargin { Width = 0, Type = TableWidthValues.Dxa }, new TableCellRightMargin { Width = 0, Type = TableWidthValues.Dxa })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        foreach (var cells in rows)
        {
            var row = new TableRow();
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
                cell.Append(cells[i].Select(e => e.CloneNode(true)));
                row.Append(cell);
            }

            table.Append(row);
        }

        return table;
    }

    private static W.Paragraph Centered(string text, bool bold, int size, bool italic = false, int spaceBefore = 0, int spaceAfter = 0) =>
        new(new ParagraphProperties(new SpacingBetweenLines { Before = spaceBefore.ToString(CultureInfo.InvariantCulture), After = spaceAfter.ToString(CultureInfo.InvariantCulture) }, new Justification { Val = JustificationValues.Center }),
            Run(text, size, bold, italic));

    /// <summary>
    /// Decree 30's short rule under the issuing body and under the motto: an empty 2-pt paragraph whose
    /// bottom border, narrowed by indents to <paramref name="length"/> twips, is centred in a column of <paramref name="width"/>.
    /// </summary>
    private static W.Paragraph Rule(int length, int width)
    {
        var side = Math.Max(0, (width - length) / 2);
        return new W.Paragraph(
            new ParagraphProperties(
                new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 6, Space = 1 }),
                new SpacingBetweenLines { Before = "0", After = "0", Line = "80", LineRule = LineSpacingRuleValues.Exact },
                new Indentation { Left = side.ToString(CultureInfo.InvariantCulture), Right = side.ToString(CultureInfo.InvariantCulture) }),
            Run("", 4, false, false));
    }

    private static W.Paragraph Text(string text, int size = BodySize, bool bold = false, bool italic = false, int spaceBefore = 0, int spaceAfter = 0) =>
        new(new ParagraphProperties(new SpacingBetweenLines { Before = spaceBefore.ToString(CultureInfo.InvariantCulture), After = spaceAfter.ToString(CultureInfo.InvariantCulture) }), Run(text, size, bold, italic));

    private static Run Run(string text, int size, bool bold, bool italic)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }

        if (italic)
        {
            properties.Append(new Italic());
        }

        properties.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) });
        return new Run(properties, new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
