using System.ComponentModel.DataAnnotations;
namespace DanVan.Adapters.Ingest;

/// <summary>Limits on what one batch or file may cost and on the values it may carry, section <c>DanVan:Ingest</c>.</summary>
public sealed class IngestOptions
{
    /// <summary>Rows (records) in one batch, unary or streamed.</summary>
    [Range(1, 100_000_000)]
    public int MaxBatchRows { get; set; } = 2_000_000;

    /// <summary>
    /// Batches of this hub that may use the database at once (to load the unit map, or to stage, merge
    /// and commit): each holds one connection, so this bounds what ingest takes from the pool however many
    /// callers push at once. Batches are received in parallel regardless; only their database work queues.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentWrites { get; set; } = 4;

    /// <summary>Bytes of one imported file (gRPC messages are limited to 32 MiB in any case).</summary>
    [Range(1, 32 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 24 * 1024 * 1024;

    /// <summary>Problems listed in a summary; all are counted, in total and per code, however many there are.</summary>
    [Range(0, 1_000_000)]
    public int MaxReportedProblems { get; set; } = 1_000;

    /// <summary>Bytes a workbook may unpack to, all its parts together (a national report unpacks to a few MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUnpackedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many times larger than its compressed size a workbook part may unpack to.</summary>
    [Range(1, 10_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>
    /// The largest value any count may have unless <see cref="MaxValues"/> says otherwise: no unit, not
    /// even a province, has a billion citizens or dossiers. Bounded values also keep every roll-up sum
    /// far from the range of a 64-bit integer.
    /// </summary>
    [Range(1, long.MaxValue / 1_000_000)]
    public long DefaultMaxValue { get; set; } = 1_000_000_000;

    /// <summary>The largest plausible value per field, by the contract's field name (e.g. <c>eligible_citizens</c>).</summary>
    public Dictionary<string, long> MaxValues { get; set; } = [];

    public long MaxValue(string field) => MaxValues.TryGetValue(field, out var max) ? max : DefaultMaxValue;
}
