using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace DanVan.Adapters.Units.Import;

/// <summary>How many rows one write inserted, changed and found already as stated.</summary>
public sealed record WriteCounts(int Inserted, int Updated, int Unchanged)
{
    public static WriteCounts operator +(WriteCounts a, WriteCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}

/// <summary>Counts of one import: unit versions and lineage links.</summary>
public sealed record UnitImportResult(WriteCounts Units, WriteCounts Links)
{
    public bool ChangedAnything => Units.Inserted + Units.Updated + Links.Inserted + Links.Updated > 0;
}

/// <summary>
/// Writes a <see cref="UnitMap"/> in one transaction, idempotently: unit versions are upserted on
/// (code, valid_from) and links on (predecessor, successor), each as one set-based statement over
/// arrays; a row already as stated is left alone, so writing the same map twice changes nothing.
/// A dry run does the same writes and rolls them back, so its counts are exactly what a real one would do.
/// </summary>
public sealed class UnitMapWriter(NpgsqlDataSource dataSource)
{
    /// <summary>Notified at the commit of a write that changed the map, so that every hub drops what it cached of the map.</summary>
    public const string Channel = "admin_unit";

    private const string InsertUnits = """
        insert into admin_unit as u (code, level, unit_type, name, search_name, parent_code,
                                     valid_from, valid_to, valid_from_inferred, valid_to_inferred)
        select * from unnest(@codes, @levels, @types, @names, @search_names, @parents,
                             @valid_from, @valid_to, @from_inferred, @to_inferred)

        """;

    private const string AddUnits = InsertUnits + "on conflict (code, valid_from) do nothing returning true as inserted";

    private const string UpsertUnits = InsertUnits + """
        on conflict (code, valid_from) do update
           set level = excluded.level, unit_type = excluded.unit_type, name = excluded.name,
               search_name = excluded.search_name, parent_code = excluded.parent_code,
               valid_to = case when excluded.valid_to = 'infinity' and u.valid_to > @horizon then u.valid_to else excluded.valid_to end,
               valid_from_inferred = excluded.valid_from_inferred,
               valid_to_inferred = case when excluded.valid_to = 'infinity' and u.valid_to > @horizon then u.valid_to_inferred else excluded.valid_to_inferred end
         where (u.level, u.unit_type, u.name, u.search_name, u.parent_code, u.valid_to, u.valid_from_inferred, u.valid_to_inferred)
               is distinct from
               (excluded.level, excluded.unit_type, excluded.name, excluded.search_name, excluded.parent_code,
                case when excluded.valid_to = 'infinity' and u.valid_to > @horizon then u.valid_to else excluded.valid_to end,
                excluded.valid_from_inferred,
                case when excluded.valid_to = 'infinity' and u.valid_to > @horizon then u.valid_to_inferred else excluded.valid_to_inferred end)
        returning (xmax = 0) as inserted
        """;

    private const string InsertLinks = """
        insert into unit_lineage as l (predecessor_id, successor_id, kind)
        select p.id, s.id, t.kind
          from unnest(@pred_codes, @pred_from, @succ_codes, @succ_from, @kinds)
               as t(pred_code, pred_from, succ_code, succ_from, kind)
          join admin_unit p on p.code = t.pred_code and p.valid_from = t.pred_from
          join admin_unit s on s.code = t.succ_code and s.valid_from = t.succ_from

        """;

    private const string AddLinks = InsertLinks + "on conflict (predecessor_id, successor_id) do nothing returning true as inserted";

    private const string UpsertLinks = InsertLinks + """
        on conflict (predecessor_id, successor_id) do update set kind = excluded.kind
         where l.kind is distinct from excluded.kind
        returning (xmax = 0) as inserted
        """;

    public async Task<UnitImportResult> WriteAsync(UnitMap map, CancellationToken cancellationToken, bool dryRun = false)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await WriteAsync(connection, transaction, map, cancellationToken);
        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>Writes <paramref name="map"/> in the caller's transaction, which commits or rolls back.</summary>
    public static async Task<UnitImportResult> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UnitMap map, CancellationToken cancellationToken)
    {

        // Ordered by code so that concurrent imports lock rows in the same order and cannot deadlock.
        var units = map.Units.OrderBy(u => u.Code, StringComparer.Ordinal).ThenBy(u => u.ValidFrom).ToArray();
        var unitCounts = await ExecuteUpsertAsync(connection, transaction, map.OnlyMissing ? AddUnits : UpsertUnits, units.Length, cmd =>
        {
            cmd.Parameters.Add(Array("codes", NpgsqlDbType.Text, units.Select(u => u.Code)));
            cmd.Parameters.Add(Array("levels", NpgsqlDbType.Smallint, units.Select(u => (short)u.Level)));
            cmd.Parameters.Add(Array("types", NpgsqlDbType.Text, units.Select(u => u.UnitType)));
            cmd.Parameters.Add(Array("names", NpgsqlDbType.Text, units.Select(u => u.Name)));
            cmd.Parameters.Add(Array("search_names", NpgsqlDbType.Text, units.Select(u => UnitNames.Fold(u.Name))));
            cmd.Parameters.Add(Array("parents", NpgsqlDbType.Text, units.Select(u => u.ParentCode)));
            cmd.Parameters.Add(Array("valid_from", NpgsqlDbType.Date, units.Select(u => u.ValidFrom ?? DateOnly.MinValue)));
            cmd.Parameters.Add(Array("valid_to", NpgsqlDbType.Date, units.Select(u => u.ValidTo ?? DateOnly.MaxValue)));
            cmd.Parameters.Add(Array("from_inferred", NpgsqlDbType.Boolean, units.Select(u => u.ValidFromInferred)));
            cmd.Parameters.Add(Array("to_inferred", NpgsqlDbType.Boolean, units.Select(u => u.ValidToInferred)));
            cmd.Parameters.Add(new NpgsqlParameter("horizon", NpgsqlDbType.Date) { Value = map.Horizon ?? DateOnly.MaxValue });
        }, cancellationToken);

        var links = map.Links.OrderBy(l => l.Predecessor.Code, StringComparer.Ordinal).ThenBy(l => l.Successor.Code, StringComparer.Ordinal).ToArray();
        var linkCounts = await ExecuteUpsertAsync(connection, transaction, map.OnlyMissing ? AddLinks : UpsertLinks, links.Length, cmd =>
        {
            cmd.Parameters.Add(Array("pred_codes", NpgsqlDbType.Text, links.Select(l => l.Predecessor.Code)));
            cmd.Parameters.Add(Array("pred_from", NpgsqlDbType.Date, links.Select(l => l.Predecessor.ValidFrom ?? DateOnly.MinValue)));
            cmd.Parameters.Add(Array("succ_codes", NpgsqlDbType.Text, links.Select(l => l.Successor.Code)));
            cmd.Parameters.Add(Array("succ_from", NpgsqlDbType.Date, links.Select(l => l.Successor.ValidFrom ?? DateOnly.MinValue)));
            cmd.Parameters.Add(Array("kinds", NpgsqlDbType.Text, links.Select(l => l.Kind == LineageKind.Full ? "full" : "partial")));
        }, cancellationToken);

        var result = new UnitImportResult(unitCounts, linkCounts);
        if (result.ChangedAnything)
        {
            // Delivered at commit only (a dry run's rollback sends nothing), to every instance listening.
            await connection.ExecuteAsync(new CommandDefinition("select pg_notify(@Channel, '')", new { Channel }, transaction, cancellationToken: cancellationToken));
        }

        return result;
    }

    private static async Task<WriteCounts> ExecuteUpsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int rows,
        Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command);
        int inserted = 0, updated = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(0)) inserted++; else updated++;
            }
        }

        var unchanged = rows - inserted - updated;
        if (unchanged < 0)
        {
            throw new InvalidOperationException("An upsert reported more rows than it was given.");
        }

        return new WriteCounts(inserted, updated, unchanged);
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values.ToArray() };
}
