namespace DanVan.Scheduler.Documents;

/// <summary>The kinds of paper the hub drafts, with the abbreviation Decree 30 gives each in its number ("Số: …/TB-UBND").</summary>
public enum DocumentKind
{
    Announcement,
    Plan,
    Minutes,
    ResultsNotice,
    PeriodReport,
}

/// <summary>One block of a document's body, in reading order.</summary>
public abstract record Block;

/// <summary>A paragraph of body text: justified with a first-line indent unless it is a heading.</summary>
public sealed record Paragraph(string Text, bool Bold = false, bool Italic = false, bool Heading = false) : Block;

/// <summary>A ruled table: a bold header row, then the rows; <see cref="Widths"/> are relative column widths.</summary>
public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<int> Widths) : Block;

/// <summary>A signature: the authority line (e.g. "TM. ỦY BAN NHÂN DÂN", may be empty), the position, and the signer's name left for the signer.</summary>
public sealed record Signature(string Authority, string Position);

/// <summary>
/// An official paper laid out per Decree 30/2020/NĐ-CP, as text in its places: the issuing body (two
/// lines, left), the national motto (right), the number and the place and date line, the title and its
/// subject line, the body, the signatures and the recipients (<c>Nơi nhận</c>). Everything in it has
/// already passed the personal-data scrubber.
/// </summary>
public sealed record OfficialDocument(
    DocumentKind Kind,
    string FileStem,
    IReadOnlyList<string> IssuingBody,
    string Number,
    string PlaceAndDate,
    string Title,
    string Subject,
    IReadOnlyList<Block> Body,
    IReadOnlyList<Signature> Signatures,
    IReadOnlyList<string> Recipients)
{
    public const string Nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto = "Độc lập - Tự do - Hạnh phúc";

    /// <summary>What the hub does not hold and the clerk fills in.</summary>
    public const string Blank = "…";
}
