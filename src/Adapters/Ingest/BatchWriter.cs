using DanVan.Adapters.Database;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Indicators;
using Npgsql;

namespace DanVan.Adapters.Ingest;

/// <summary>
/// Writes one batch: its accepted values are staged off the database as they come
/// (<see cref="StagedValues"/>), then, in one transaction, registered under the batch id, copied by
/// binary COPY into a staging table and merged into the store in one set-based statement that writes
/// only what differs, one batch per source at a time; the same statement rewrites the report rows of
/// the units and months whose flow figures it changed, and the next the subtree rows above them, and
/// the one after the stock rows of the units whose stocks it changed, under
/// <paramref name="sourcePriority"/> (see <see cref="IndicatorReports"/>, <see cref="IndicatorStocks"/>).
/// </summary>
internal sealed class BatchWriter(BatchOptions options, string[] sourcePriority) : IDisposable
{
    // The merge of a batch holding no figure, flows, stocks or both (index: 1 for flows + 2 for
    // stocks): it keeps the roll-ups of the kinds the batch holds, and filters its writes by kind only
    // when it holds both.
    private static readonly string[] Merges = [Merge(false, false), Merge(true, false), Merge(false, true), Merge(true, true)];

    // Both data-modifying CTEs see the snapshot taken after the merge lock, so each staged value is
    // either updated (stored, different), inserted (not stored) or left alone (stored, equal).
    // `changes` reads the updates first, so that their scan of the store runs before the inserts
    // fill its indexes with entries the statement cannot see but would still visit.
    private static string Merge(bool flows, bool stocks) => $"""
        with updated as (
            update observation o set value = s.value, batch_id = @batch_id, updated_at = now()
              from ingest_staging s
             where o.indicator = s.indicator and o.unit_id = s.unit_id and o.period_start = s.period_start
               and o.disaggregation = '' and o.source = @source and o.value <> s.value
            returning o.unit_id, o.period_start, o.indicator, o.value
        ), inserted as (
            insert into observation (indicator, unit_id, period_start, source, value, batch_id, created_batch_id)
            select s.indicator, s.unit_id, s.period_start, @source, s.value, @batch_id, @batch_id from ingest_staging s
             where not exists (select from observation o
                                where o.indicator = s.indicator and o.unit_id = s.unit_id and o.period_start = s.period_start
                                  and o.disaggregation = '' and o.source = @source)
            returning unit_id, period_start, indicator, value
        ), changes as (
            -- With both kinds, also counts the flow figures written (the others are stocks), for the
            -- roll-ups to tell which units and periods are whose.
            select unit_id, period_start, count(*) filter (where new) as new_values, count(*) as touched_values
                   {(flows && stocks ? ", count(*) filter (where indicator = any(@flows)) as flow_values" : "")}
              from (select unit_id, period_start, indicator, false as new from updated
                    union all
                    select unit_id, period_start, indicator, true from inserted) t
             group by unit_id, period_start
        )
        {(flows ? IndicatorReports.UpsertChangedSql(onlyFlows: !stocks) : "")}
        {(stocks ? IndicatorStocks.UpsertChangedSql(onlyStocks: !flows) : "")}
        , staged_rows as (
            select unit_id, period_start, count(*) as values from ingest_staging group by unit_id, period_start
        )
        select count(*) filter (where c.new_values = r.values)::int,
               count(*) filter (where c.new_values < r.values)::int,
               count(*) filter (where c.touched_values is null)::int
          from staged_rows r left join changes c using (unit_id, period_start)
        """;

    private readonly StagedValues _staged = new();

    private bool _flows;
    private bool _stocks;

    public void Stage(AcceptedRow row)
    {
        _flows |= row.Record is ProcedureStatsReport;
        _stocks |= row.Record is IdIssuanceReport;
        foreach (var (indicator, value) in IndicatorCodes.Values(row.Record))
        {
            _staged.Add(row.UnitId, row.Period, indicator, value);
        }
    }

    /// <summary>
    /// Registers the batch (its payload hash must match an earlier registration) and, when
    /// <paramref name="apply"/>, merges the staged values; commits with the counts unless this is a dry
    /// run or nothing is applied. Returns the accepted rows' counts.
    /// </summary>
    public async Task<(int Inserted, int Updated, int Unchanged)> WriteAsync(
        NpgsqlConnection connection, string payloadHash, bool apply, int received, int rejected, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (apply)
        {
            await StageAsync(connection, transaction, cancellationToken);
        }

        await RegisterBatchAsync(connection, transaction, payloadHash, cancellationToken);
        var (inserted, updated, unchanged) = apply ? await MergeAsync(connection, transaction, cancellationToken) : (0, 0, 0);

        if (options.DryRun || !apply)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (inserted, updated, unchanged);
        }

        await using var record = new NpgsqlCommand("""
            update ingest_batch set received = @received, inserted = @inserted, updated = @updated,
                   unchanged = @unchanged, rejected = @rejected
             where source = @source and batch_id = @batch_id and inserted + updated + unchanged + rejected = 0
            """, connection, transaction)
        {
            Parameters =
            {
                new("received", received), new("inserted", inserted), new("updated", updated),
                new("unchanged", unchanged), new("rejected", rejected),
                new("source", options.Source), new("batch_id", options.BatchId),
            },
        };
        await record.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (inserted, updated, unchanged);
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
            Parameters = { new("source", options.Source), new("batch_id", options.BatchId), new("hash", hash) },
        };
        var stored = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (stored != hash)
        {
            throw new ConflictException("BATCH_ID_REUSED",
                $"Batch id '{options.BatchId}' of source '{options.Source}' was already used for a different payload; use a new batch id.");
        }
    }

    private async Task StageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // With the tables in which the merge notes what it changed, for the roll-ups of the kinds the batch holds.
        var create = "create temp table ingest_staging (unit_id bigint, period_start date, indicator text, value bigint) on commit drop"
                     + (_flows ? ";" + IndicatorReports.CreateChangedSql : "") + (_stocks ? ";" + IndicatorStocks.CreateChangedSql : "");
        await using (var command = new NpgsqlCommand(create, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "copy ingest_staging (unit_id, period_start, indicator, value) from stdin (format binary)", cancellationToken);
        await _staged.CopyToAsync(importer, cancellationToken);
        await importer.CompleteAsync(cancellationToken);
    }

    private async Task<(int Inserted, int Updated, int Unchanged)> MergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // JIT-compiling the merge costs more than it saves: about half a second on a million values.
        // The report rows of a national batch (40,000 units and months) are grouped in memory rather
        // than spilled to disk; merges run one at a time (the roll-up state's row lock), so this memory
        // is taken once. The writes are the merge's, which keeps the roll-ups (migration 0020).
        await using (var prepare = new NpgsqlCommand(
            "set local jit = off; set local work_mem = '64MB'; set local danvan.merging_batch = 'on'; select pg_advisory_xact_lock(@class, hashtext(@source))",
            connection, transaction))
        {
            prepare.Parameters.Add(new("class", AdvisoryLocks.IngestMerge));
            prepare.Parameters.Add(new("source", options.Source));
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        bool prioritySame, mapCurrent;
        await using (var sync = new NpgsqlCommand(IndicatorReports.SyncSql, connection, transaction) { Parameters = { new("sources", sourcePriority) } })
        await using (var state = await sync.ExecuteReaderAsync(cancellationToken))
        {
            await state.ReadAsync(cancellationToken);
            (prioritySame, mapCurrent) = (state.GetBoolean(0), state.GetBoolean(1));
        }

        if (!prioritySame || !mapCurrent)
        {
            var rebuildSql = prioritySame ? IndicatorReports.RebuildSubtreesSql : IndicatorReports.RebuildSql + "\n" + IndicatorStocks.RebuildSql;
            await using var rebuild = new NpgsqlCommand(rebuildSql, connection, transaction) { Parameters = { new("sources", sourcePriority) } };
            await rebuild.ExecuteNonQueryAsync(cancellationToken);
        }

        (int, int, int) counts;
        await using (var command = new NpgsqlCommand(Merges[(_flows ? 1 : 0) + (_stocks ? 2 : 0)], connection, transaction)
        {
            Parameters =
            {
                new("source", options.Source), new("batch_id", options.BatchId), new("sources", sourcePriority),
                new("flows", IndicatorCodes.ProcedureStats), new("stocks", IndicatorCodes.IdIssuance),
            },
        })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            counts = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }

        if (_flows)
        {
            await using var subtrees = new NpgsqlCommand(IndicatorReports.UpdateSubtreesSql, connection, transaction);
            await subtrees.ExecuteNonQueryAsync(cancellationToken);
        }

        if (_stocks)
        {
            await using var stocks = new NpgsqlCommand(IndicatorStocks.UpdateSql, connection, transaction);
            await stocks.ExecuteNonQueryAsync(cancellationToken);
        }

        return counts;
    }

    public void Dispose() => _staged.Dispose();
}
