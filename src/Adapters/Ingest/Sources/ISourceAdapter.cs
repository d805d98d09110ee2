namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// Turns one source format into canonical records or precise row problems. Adding a source means
/// adding an implementation in this assembly (the hub finds them all); nothing else changes. A file
/// that cannot be read at all (wrong format, missing required columns, or a file built to cost more
/// memory or time than its size warrants) throws a <see cref="Errors.ValidationException"/> on the
/// field <c>content</c>. Adapters read linearly and stop when the call is cancelled.
/// </summary>
public interface ISourceAdapter
{
    /// <summary>Name callers use to pick this adapter, e.g. <c>police-cccd-csv</c>.</summary>
    string Format { get; }

    /// <summary>The reporting system the records come from, e.g. <c>police</c>; part of each observation's key.</summary>
    string Source { get; }

    /// <summary>The records that could be read; the rows that could not go to <paramref name="problems"/>.</summary>
    IReadOnlyList<SourceRecord> Parse(ReadOnlyMemory<byte> content, RowProblems problems, CancellationToken cancellationToken);
}

/// <summary>The error for input an adapter cannot read at all: a violation of the request's <c>content</c>.</summary>
public static class UnreadableContent
{
    public static Errors.ValidationException Because(string description) =>
        new([new Errors.FieldViolation("content", Errors.ViolationCodes.ContentUnreadable, description)]);
}
