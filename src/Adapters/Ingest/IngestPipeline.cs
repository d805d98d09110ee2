using System.Security.Cryptography;
using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Adapters.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DanVan.Adapters.Ingest;

/// <summary>A batch's identity and how to apply it.</summary>
/// <param name="Source">The reporting system; part of every observation's key.</param>
/// <param name="BatchId">The caller's idempotency key, unique per source.</param>
/// <param name="DryRun">Validate and count as if applying, then write nothing.</param>
/// <param name="AllOrNothing">Apply nothing when any row is rejected (by default the valid rows are applied).</param>
public sealed record BatchOptions(string Source, string BatchId, bool DryRun = false, bool AllOrNothing = false);

/// <summary>
/// What a batch did, in rows: received, rejected, and of the accepted rows those inserted (all values
/// new), updated (some value new or changed) and unchanged (all values already stored as sent).
/// <see cref="Problems"/> are the first problems by row, <see cref="TotalProblems"/> and
/// <see cref="ProblemsByCode"/> count them all. <see cref="Applied"/> is false for a dry run, a batch
/// whose every row was rejected, or an all-or-nothing batch with rejections: those write nothing at all.
/// </summary>
public sealed record IngestSummary(
    int Received, int Inserted, int Updated, int Unchanged, int Rejected, IReadOnlyList<RowProblem> Problems, bool Applied,
    int TotalProblems, IReadOnlyDictionary<string, int> ProblemsByCode);

/// <summary>Told after a batch has changed the store (and not for dry runs or batches that changed nothing).</summary>
public interface IBatchAppliedObserver
{
    void BatchApplied(BatchOptions options, IngestSummary summary);
}

/// <summary>
/// Ingest as DHIS2 imports data values: every batch has a source, a batch id (its idempotency key) and
/// a dry-run flag, and is applied in one transaction. Rows are checked, their unit resolved by code and
/// date (<see cref="RowIntake"/>), and their values streamed by binary COPY into a staging table, then
/// merged into the store in one set-based statement that writes only what differs, one batch per source
/// at a time (<see cref="BatchWriter"/>). Re-sending a batch writes nothing and reports every row
/// unchanged; re-using a batch id for a different payload is refused.
/// </summary>
public sealed class IngestPipeline(
    NpgsqlDataSource dataSource, TimeProvider clock, IOptions<IngestOptions> limits, IndicatorOptions indicators, IEnumerable<IBatchAppliedObserver> observers,
    ILogger<IngestPipeline> logger) : IDisposable
{
    // Connections the hub's batches may hold at once, whatever the number of callers: the rest wait
    // their turn with no connection of their own.
    private readonly SemaphoreSlim _writes = new(Math.Max(1, limits.Value.MaxConcurrentWrites));

    public Task<IngestSession> BeginAsync(BatchOptions options, CancellationToken cancellationToken) =>
        BeginAsync(options, NewProblems(), cancellationToken);

    public void Dispose() => _writes.Dispose();

    /// <summary>
    /// Parses a file with its adapter, then ingests what it read, <paramref name="content"/> being the
    /// batch's payload.
    /// </summary>
    public async Task<IngestSummary> IngestFileAsync(BatchOptions options, ISourceAdapter adapter, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var problems = NewProblems();
        var records = adapter.Parse(content, problems, cancellationToken);
        using var session = await BeginAsync(options, problems, cancellationToken);
        session.AppendPayload(content.Span);
        foreach (var record in records)
        {
            session.Add(record);
        }

        return await session.CompleteAsync(cancellationToken);
    }

    private RowProblems NewProblems() => new(limits.Value.MaxReportedProblems);

    /// <summary>
    /// A session holds no connection while rows arrive: it takes one briefly here for the unit map, and
    /// again when complete, each time within <see cref="IngestOptions.MaxConcurrentWrites"/>.
    /// </summary>
    private async Task<IngestSession> BeginAsync(BatchOptions options, RowProblems problems, CancellationToken cancellationToken)
    {
        UnitResolver resolver;
        await using (var lease = await OpenAsync(cancellationToken))
        {
            resolver = await UnitResolver.LoadAsync(lease.Connection, cancellationToken);
        }

        return new IngestSession(options, OpenAsync, resolver, VietnamTime.Today(clock), limits.Value, indicators.SourcePriority, problems, observers.ToList(), logger);
    }

    private async Task<ConnectionLease> OpenAsync(CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            return new ConnectionLease(await dataSource.OpenConnectionAsync(cancellationToken), _writes);
        }
        catch
        {
            _writes.Release();
            throw;
        }
    }
}

/// <summary>A connection taken within the pipeline's limit, given back with it.</summary>
internal sealed class ConnectionLease(NpgsqlConnection connection, SemaphoreSlim gate) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        gate.Release();
    }
}

/// <summary>
/// One batch being received. Rows are judged as they arrive (<see cref="RowIntake"/>) and their values
/// staged off the database; only <see cref="CompleteAsync"/> takes a connection, for the writer
/// (<see cref="BatchWriter"/>) to copy them into a staging table, merge and commit, so nothing is
/// visible to others, and no connection or transaction is held, while the caller is still sending.
/// </summary>
public sealed partial class IngestSession : IDisposable
{
    private readonly BatchOptions _options;
    private readonly Func<CancellationToken, Task<ConnectionLease>> _open;
    private readonly IReadOnlyList<IBatchAppliedObserver> _observers;
    private readonly ILogger _logger;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly RowIntake _intake;
    private readonly BatchWriter _writer;
    private bool _completed;

    internal IngestSession(BatchOptions options, Func<CancellationToken, Task<ConnectionLease>> open, UnitResolver resolver, DateOnly today,
        IngestOptions limits, string[] sourcePriority, RowProblems problems, IReadOnlyList<IBatchAppliedObserver> observers, ILogger logger)
    {
        _options = options;
        _open = open;
        _intake = new RowIntake(resolver, today, limits, problems);
        _writer = new BatchWriter(options, sourcePriority);
        _observers = observers;
        _logger = logger;
    }

    /// <summary>Adds bytes of the payload as received; together they identify the batch's content.</summary>
    public void AppendPayload(ReadOnlySpan<byte> bytes) => _hash.AppendData(bytes);

    /// <summary>A row that could not be read: received and rejected.</summary>
    public void AddRejectedRow(IEnumerable<RowProblem> problems) => _intake.AddRejectedRow(problems);

    public void Add(SourceRecord record)
    {
        if (_intake.Add(record) is { } accepted)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            _writer.Stage(accepted);
        }
    }

    public async Task<IngestSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        var (received, problems) = (_intake.Received, _intake.Problems);
        var rejected = problems.RejectedRows;
        // A batch with no acceptable row leaves no trace, not even its id, so it can be fixed and re-sent as is.
        var apply = received > rejected && !(_options.AllOrNothing && rejected > 0);

        int inserted, updated, unchanged;
        await using (var lease = await _open(cancellationToken))
        {
            (inserted, updated, unchanged) = await _writer.WriteAsync(
                lease.Connection, Convert.ToHexStringLower(_hash.GetHashAndReset()), apply, received, rejected, cancellationToken);
        }

        LogBatch(_logger, _options.Source, _options.BatchId, _options.DryRun ? " (dry run)" : apply ? "" : " (not applied: rows rejected)",
            received, inserted, updated, unchanged, rejected);
        var summary = new IngestSummary(received, inserted, updated, unchanged, rejected, problems.Kept(), apply && !_options.DryRun,
            problems.Total, problems.CountByCode);
        if (summary.Applied && inserted + updated > 0)
        {
            foreach (var observer in _observers)
            {
                observer.BatchApplied(_options, summary);
            }
        }

        return summary;
    }

    public void Dispose()
    {
        _hash.Dispose();
        _writer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {Source}/{BatchId}{Mode}: {Received} received, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogBatch(
        ILogger logger, string source, string batchId, string mode, int received, int inserted, int updated, int unchanged, int rejected);
}
