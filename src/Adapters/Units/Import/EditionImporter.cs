using Dapper;
using DanVan.Adapters.Database;
using DanVan.Adapters.Errors;
using Npgsql;

namespace DanVan.Adapters.Units.Import;

/// <summary>What importing one edition changed (or, in a dry run, would change) and wrote.</summary>
public sealed record EditionImportReport(EditionSummary Summary, UnitImportResult Written, bool DryRun);

/// <summary>
/// Extends the map in the database with a new edition of the official list, as an operator does when a
/// resolution takes effect: the state on the day before the edition is compared with it
/// (<see cref="EditionHistory.Extend"/>) and only what changed is written, in one transaction under a
/// lock, so importing the same edition again writes nothing. An edition older than a change already on
/// record is refused: the map is extended at its end, never rewritten in the middle.
/// </summary>
public sealed class EditionImporter(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        code, level, unit_type as UnitType, name, parent_code as ParentCode,
        nullif(valid_from, '-infinity') as ValidFrom, nullif(valid_to, 'infinity') as ValidTo,
        valid_from_inferred as ValidFromInferred, valid_to_inferred as ValidToInferred
        """;

    /// <exception cref="InvalidDataException">The content is not an edition in GSO's layout.</exception>
    public async Task<EditionImportReport> ImportAsync(DateOnly effectiveDate, byte[] content, bool dryRun, CancellationToken cancellationToken)
    {
        var edition = GsoFiles.ReadEdition(effectiveDate, content, "the edition");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(@key)", new { key = AdvisoryLocks.UnitEdition }, transaction, cancellationToken: cancellationToken));

        var latest = await connection.QuerySingleAsync<DateTime?>(new CommandDefinition(
            "select max(valid_from) from admin_unit where valid_from <> '-infinity'", transaction: transaction, cancellationToken: cancellationToken));
        if (latest is { } l && DateOnly.FromDateTime(l) > effectiveDate)
        {
            throw new PreconditionFailedException("EDITION_OUT_OF_ORDER",
                $"The map already holds changes from {DateOnly.FromDateTime(l):yyyy-MM-dd}: an edition can only extend it, on or after that date.");
        }

        var eve = await ReadAsync(connection, transaction, "valid_from <= @day and @day < valid_to", effectiveDate.AddDays(-1), cancellationToken);
        var fromDate = await ReadAsync(connection, transaction, "valid_from = @day", effectiveDate, cancellationToken);
        var built = EditionHistory.Extend(eve, fromDate, edition);

        var written = await UnitMapWriter.WriteAsync(connection, transaction, built.Map, cancellationToken);
        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new EditionImportReport(built.Editions[0], written, dryRun);
    }

    private static async Task<List<UnitVersion>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string where, DateOnly day, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"select {Columns} from admin_unit where {where} order by code", new { day }, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new UnitVersion(r.Code, (AdminLevel)r.Level, r.UnitType, r.Name, r.ParentCode,
            r.ValidFrom is { } f ? DateOnly.FromDateTime(f) : null, r.ValidTo is { } t ? DateOnly.FromDateTime(t) : null,
            r.ValidFromInferred, r.ValidToInferred)).ToList();
    }

    private sealed class VersionRow
    {
        public string Code { get; init; } = "";
        public short Level { get; init; }
        public string UnitType { get; init; } = "";
        public string Name { get; init; } = "";
        public string? ParentCode { get; init; }
        public DateTime? ValidFrom { get; init; }
        public DateTime? ValidTo { get; init; }
        public bool ValidFromInferred { get; init; }
        public bool ValidToInferred { get; init; }
    }
}
