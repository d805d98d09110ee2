using Dapper;
using DanVan.Adapters.Database;
using DanVan.Scheduler;
using Hangfire.PostgreSql;
using Npgsql;

namespace DanVan.Hub.Database;

/// <summary>
/// Applies the numbered <c>.sql</c> migrations that the modules embed (each beside the tables it owns)
/// in one global order, each in its own transaction, and installs Hangfire's schema, all under one
/// PostgreSQL advisory lock so that hub instances starting together against an empty database apply
/// each migration exactly once. An applied migration whose
/// text has since changed stops the start: migrations are append-only.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    public const string HangfireSchema = "hangfire";

    /// <summary>Every module's migrations: the adapters', the scheduler's and the hub's own (its security tables).</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
        InOrder([AdaptersMigrations.All, SchedulerMigrations.All, EmbeddedMigrations.Load(typeof(DatabaseMigrator).Assembly)]);

    public static int LatestVersion => Migrations[^1].Version;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_lock(@key)", new { key = AdvisoryLocks.Migrations }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                create table if not exists schema_version (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                )
                """, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
                "select version, checksum from schema_version", cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Version, r => r.Checksum);

            foreach (var migration in Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version} ({migration.Name}) was changed after it was applied; add a new migration instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into schema_version (version, name, checksum) values (@Version, @Name, @Checksum)",
                    migration, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, migration.Version, migration.Name);
            }

            // Hangfire's PostgreSQL installer takes no lock of its own; under ours it cannot race.
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLocks.Migrations });
            }
        }
    }

    /// <summary>
    /// The modules' migrations in one global order. Versions are numbered across modules (a module's
    /// tables may refer to another's), so a version two modules both use stops the start.
    /// </summary>
    public static IReadOnlyList<Migration> InOrder(IEnumerable<IReadOnlyList<Migration>> modules)
    {
        var migrations = modules.SelectMany(m => m).OrderBy(m => m.Version).ToList();
        if (migrations.Count == 0)
        {
            throw new InvalidOperationException("No migrations are embedded; each module's are Migrations/NNNN_description.sql.");
        }

        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Migration version {duplicate.Key} is used more than once: "
                + string.Join(", ", duplicate.Select(m => $"{m.Version:D4}_{m.Name} in {m.Module}")) + ". Give each a version of its own.");
        }

        return migrations;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
