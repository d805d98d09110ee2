using System.Security.Cryptography;
using DanVan.Adapters.Database;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
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
/// a dry-run flag, and is applied in one transaction. Rows are checked (<see cref="RecordRules"/>), their
/// unit resolved by code and date (<see cref="UnitResolver"/>), and their values streamed by binary COPY
/// into a staging table, then merged into the store in one set-based statement that writes only what
/// differs, one batch per source at a time. Re-sending a batch writes nothing and reports every row
/// unchanged; re-using a batch id for a different payload is refused.
/// </summary>
public sealed class IngestPipeline(
    NpgsqlDataSource dataSource, TimeProvider clock, IOptions<IngestOptions> limits, IEnumerable<IBatchAppliedObserver> observers, ILogger<IngestPipeline> logger)
{
    // Connections the hub's batches may hold at once, whatever the number of callers: the rest wait
    // their turn with no connection of their own.
    private readonly SemaphoreSlim _writes = new(Math.Max(1, limits.Value.MaxConcurrentWrites));

    public Task<IngestSession> BeginAsync(BatchOptions options, CancellationToken cancellationToken) =>
        BeginAsync(options, NewProblems(), cancellationToken);

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

        return new IngestSession(options, OpenAsync, resolver, VietnamTime.Today(clock), limits.Value, problems, observers.ToList(), logger);
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
/// One batch being received. Rows are checked as they arrive and their values staged off the database
/// (<see cref="StagedValues"/>); only <see cref="CompleteAsync"/> takes a connection, copies them into a
/// staging table, merges and commits, so nothing is visible to others, and no connection or
/// transaction is held, while the caller is still sending.
/// </summary>
public sealed class IngestSession : IDisposable
{
    // Both data-modifying CTEs see the snapshot taken after the merge lock, so each staged value is
    // either updated (stored, different), inserted (not stored) or left alone (stored, equal).
    private const string Merge = """
        with updated as (
            update observation o set value = s.value, batch_id = @batch_id, updated_at = now()
              from ingest_staging s
             where o.indicator = s.indicator and o.unit_id = s.unit_id and o.period_start = s.period_start
               and o.disaggregation = '' and o.source = @source and o.value <> s.value
            returning o.unit_id, o.period_start
        ), inserted as (
            insert into observation (indicator, unit_id, period_start, source, value, batch_id, created_batch_id)
            select s.indicator, s.unit_id, s.period_start, @source, s.value, @batch_id, @batch_id from ingest_staging s
             where not exists (select from observation o
                                where o.indicator = s.indicator and o.unit_id = s.unit_id and o.period_start = s.period_start
                                  and o.disaggregation = '' and o.source = @source)
            returning unit_id, period_start
        ), changes as (
            select unit_id, period_start, count(*) filter (where new) as new_values, count(*) as touched_values
              from (select unit_id, period_start, true as new from inserted
                    union all
                    select unit_id, period_start, false from updated) t
             group by unit_id, period_start
        ), staged_rows as (
            select unit_id, period_start, count(*) as values from ingest_staging group by unit_id, period_start
        )
        select count(*) filter (where c.new_values = r.values)::int,
               count(*) filter (where c.new_values < r.values)::int,
               count(*) filter (where c.touched_values is null)::int
          from staged_rows r left join changes c using (unit_id, period_start)
        """;

    private readonly BatchOptions _options;
    private readonly Func<CancellationToken, Task<ConnectionLease>> _open;
    private readonly UnitResolver _resolver;
    private readonly DateOnly _today;
    private readonly IReadOnlyList<IBatchAppliedObserver> _observers;
    private readonly ILogger _logger;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly HashSet<(long UnitId, DateOnly Period)> _seen = [];
    private readonly IngestOptions _limits;
    private readonly RowProblems _problems;
    private readonly StagedValues _staged = new();
    private bool _completed;
    private int _received;

    internal IngestSession(BatchOptions options, Func<CancellationToken, Task<ConnectionLease>> open, UnitResolver resolver, DateOnly today,
        IngestOptions limits, RowProblems problems, IReadOnlyList<IBatchAppliedObserver> observers, ILogger logger)
    {
        _options = options;
        _open = open;
        _resolver = resolver;
        _today = today;
        _limits = limits;
        _problems = problems;
        // Rows an adapter could not read never reach Add; they were received all the same.
        _received = problems.RejectedRows;
        _observers = observers;
        _logger = logger;
    }

    /// <summary>Adds bytes of the payload as received; together they identify the batch's content.</summary>
    public void AppendPayload(ReadOnlySpan<byte> bytes) => _hash.AppendData(bytes);

    /// <summary>A row that could not be read: received and rejected.</summary>
    public void AddRejectedRow(IEnumerable<RowProblem> problems)
    {
        _received++;
        foreach (var problem in problems)
        {
            _problems.Add(problem);
        }
    }

    public void Add(SourceRecord record)
    {
        _received++;
        var problemsBefore = _problems.Total;
        record = RecordRules.Check(record, _today, _limits, _problems);

        long unitId = 0;
        var period = record switch
        {
            IdIssuanceReport r => r.ReportDate,
            ProcedureStatsReport r => r.Month,
            _ => default,
        };
        if (!UnitCodes.IsWellFormed(record.UnitCode))
        {
            _problems.Add(new RowProblem(record.Row, "unit_code", ProblemCodes.BadUnitCode,
                $"unit_code '{Privacy.PersonalDataScrubber.Scrub(record.UnitCode)}' {UnitCodes.FormatDescription}"));
        }
        else
        {
            var resolution = _resolver.Resolve(record.UnitCode, period);
            if (resolution.UnitId is { } id)
            {
                unitId = id;
            }
            else
            {
                _problems.Add(new RowProblem(record.Row, "unit_code", resolution.ProblemCode!, resolution.Message!));
            }
        }

        if (_problems.Total == problemsBefore && !_seen.Add((unitId, period)))
        {
            _problems.Add(new RowProblem(record.Row, "unit_code", ProblemCodes.DuplicateRow,
                $"an earlier row of this batch already reports unit {record.UnitCode} for {period:yyyy-MM-dd}"));
        }

        if (_problems.Total > problemsBefore)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_completed, this);
        foreach (var (indicator, value) in IndicatorCodes.Values(record))
        {
            _staged.Add(unitId, period, indicator, value);
        }
    }

    public async Task<IngestSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        var rejected = _problems.RejectedRows;
        // A batch with no acceptable row leaves no trace, not even its id, so it can be fixed and re-sent as is.
        var apply = _received > rejected && !(_options.AllOrNothing && rejected > 0);

        await using var lease = await _open(cancellationToken);
        var connection = lease.Connection;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (apply)
        {
            await StageAsync(connection, transaction, cancellationToken);
        }

        var hash = Convert.ToHexStringLower(_hash.GetHashAndReset());
        await RegisterBatchAsync(connection, transaction, hash, cancellationToken);
        var (inserted, updated, unchanged) = apply ? await MergeAsync(connection, transaction, cancellationToken) : (0, 0, 0);

        if (_options.DryRun || !apply)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await using var record = new NpgsqlCommand("""
                update ingest_batch set received = @received, inserted = @inserted, updated = @updated,
                       unchanged = @unchanged, rejected = @rejected
                 where source = @source and batch_id = @batch_id and inserted + updated + unchanged + rejected = 0
                """, connection, transaction)
            {
                Parameters =
                {
                    new("received", _received), new("inserted", inserted), new("updated", updated),
                    new("unchanged", unchanged), new("rejected", rejected),
                    new("source", _options.Source), new("batch_id", _options.BatchId),
                },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        _logger.LogInformation(
            "Batch {Source}/{BatchId}{Mode}: {Received} received, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
            _options.Source, _options.BatchId, _options.DryRun ? " (dry run)" : apply ? "" : " (not applied: rows rejected)",
            _received, inserted, updated, unchanged, rejected);
        var summary = new IngestSummary(_received, inserted, updated, unchanged, rejected, _problems.Kept(), apply && !_options.DryRun,
            _problems.Total, _problems.CountByCode);
        if (summary.Applied && inserted + updated > 0)
        {
            foreach (var observer in _observers)
            {
                observer.BatchApplied(_options, summary);
            }
        }

        return summary;
    }

    private async Task RegisterBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string hash, CancellationToken cancellationToken)
    {
        // The row lock taken here makes a concurrent identical batch wait for this one, then find
        // everything unchanged.
        await using var command = new NpgsqlCommand("""
            insert into ingest_batch (source, batch_id, payload_hash, received, inserted, updated, unchanged, rejected)
            values (@source, @batch_id, @hash, 0, 0, 0, 0, 0)
            on conflict (source, batch_id) do update set last_at = now()
            returning payload_hash
            """, connection, transaction)
        {
            Parameters = { new("source", _options.Source), new("batch_id", _options.BatchId), new("hash", hash) },
        };
        var stored = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (stored != hash)
        {
            throw new ConflictException("BATCH_ID_REUSED",
                $"Batch id '{_options.BatchId}' of source '{_options.Source}' was already used for a different payload; use a new batch id.");
        }
    }

    private async Task StageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "create temp table ingest_staging (unit_id bigint, period_start date, indicator text, value bigint) on commit drop",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "copy ingest_staging (unit_id, period_start, indicator, value) from stdin (format binary)", cancellationToken);
        await _staged.CopyToAsync(importer, cancellationToken);
        await importer.CompleteAsync(cancellationToken);
    }

    private async Task<(int Inserted, int Updated, int Unchanged)> MergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // JIT-compiling the merge costs more than it saves: about half a second on a million values.
        await using (var prepare = new NpgsqlCommand("set local jit = off; select pg_advisory_xact_lock(@class, hashtext(@source))", connection, transaction))
        {
            prepare.Parameters.Add(new("class", AdvisoryLocks.IngestMerge));
            prepare.Parameters.Add(new("source", _options.Source));
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(Merge, connection, transaction)
        {
            Parameters = { new("source", _options.Source), new("batch_id", _options.BatchId) },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    public void Dispose()
    {
        _hash.Dispose();
        _staged.Dispose();
    }
}
