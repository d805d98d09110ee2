using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DanVan.Adapters.Database;
using Hangfire.PostgreSql;
using Npgsql;

namespace DanVan.Hub.Database;

/// <summary>
/// Applies the embedded, numbered <c>.sql</c> migrations in order, each in its own transaction, and
/// installs Hangfire's schema, all under one PostgreSQL advisory lock so that hub instances starting
/// together against an empty database apply each migration exactly once. An applied migration whose
/// text has since changed stops the start: migrations are append-only.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    public const string HangfireSchema = "hangfire";

    public sealed record Migration(int Version, string Name, string Sql, string Checksum);

    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

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
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
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

    private static List<Migration> LoadMigrations()
    {
        const string prefix = "DanVan.Hub.Migrations.";
        var assembly = typeof(DatabaseMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (migrations.Count == 0 || duplicate is not null)
        {
            throw new InvalidOperationException("Migrations must be numbered uniquely, e.g. 0001_name.sql.");
        }

        return migrations;
    }

    private static Migration Load(Assembly assembly, string resource, string fileName)
    {
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_description.sql.");
        }

        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        var sql = reader.ReadToEnd();
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
        return new Migration(version, fileName[(separator + 1)..], sql, checksum);
    }
}
