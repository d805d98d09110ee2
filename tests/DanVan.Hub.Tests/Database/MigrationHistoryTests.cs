using Dapper;
using DanVan.Hub.Database;
using Grpc.Health.V1;
using Npgsql;

namespace DanVan.Hub.Tests.Database;

/// <summary>
/// Databases in service were migrated when every migration was embedded in the hub. Moving the files
/// to the modules that own their tables must not change what those databases recorded as applied.
/// </summary>
public sealed class MigrationHistoryTests : HubTest
{
    /// <summary>
    /// <c>schema_version</c> as the hub recorded it before migrations moved to their modules (commit
    /// e921bac): version, name and checksum of every migration applied then.
    /// </summary>
    private static readonly (int Version, string Name, string Checksum)[] RecordedBeforeModules =
    [
        (1, "admin_units", "d84975b106fdb119c189e067233aafbfda8857197eb21db77091c69d59c0742c"),
        (2, "observations", "44d59844b4ec45ebf2bea40c65f47ed04aafa7cd1691bed500142147de53b712"),
        (3, "dialogues", "e5022a9d1a2b87e5a36339557a23fc123bac418a824ba28144e9d22191ecf7f8"),
        (4, "security", "af42662e6f54a2350c1e29cdd4e4253dbb380c29b0b2e68fac8779f77cfacde9"),
        (5, "dialogue_milestone_job", "79a5bc58a25bbe166a08a4524e2a58c3a3b6492a6c6147062ba330fb2ed27b4a"),
        (6, "session_stamp", "fb519a854c83bf74e11ae9fffd7ec0d8a58a356b61e8c6e57156f06b0eebdd5d"),
        (7, "anonymous_audit_count", "0e60a9a679d464f2d19d5c3967d1e39158156f4c4650c6f7536f1fcfccfa024e"),
    ];

    [Fact]
    public void The_migrations_applied_before_keep_their_versions_names_and_checksums()
    {
        Assert.Equal(RecordedBeforeModules,
            DatabaseMigrator.Migrations.Take(RecordedBeforeModules.Length).Select(m => (m.Version, m.Name, m.Checksum)));
    }

    [Fact]
    public async Task A_database_migrated_by_the_earlier_history_starts_with_nothing_applied_again()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Empty).WaitAsync(Timeouts.Startup);
        var appliedAt = new DateTimeOffset(2025, 12, 1, 2, 0, 0, TimeSpan.Zero);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // The table and rows exactly as the earlier migrator wrote them.
            await connection.ExecuteAsync("""
                create table schema_version (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                )
                """);
            foreach (var (version, name, checksum) in RecordedBeforeModules)
            {
                var migration = DatabaseMigrator.Migrations.Single(m => m.Version == version);
                Assert.Equal(checksum, migration.Checksum);
                await connection.ExecuteAsync(migration.Sql);
                await connection.ExecuteAsync(
                    "insert into schema_version (version, name, checksum, applied_at) values (@version, @name, @checksum, @appliedAt)",
                    new { version, name, checksum, appliedAt });
            }
        }

        await using var hub = await StartHubAsync(connectionString).WaitAsync(Timeouts.Startup);

        var health = await new Health.HealthClient(hub.CallInvoker).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var reapplied = RecordedBeforeModules.Select(r => $"Applied migration {r.Version} {r.Name}").ToHashSet();
        Assert.DoesNotContain(hub.Logs.Entries, e => reapplied.Contains(e.Message));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            var recorded = (await connection.QueryAsync<(int Version, string Name, string Checksum, DateTime AppliedAt)>(
                "select version, name, checksum, applied_at from schema_version where version <= @last order by version",
                new { last = RecordedBeforeModules[^1].Version })).ToList();
            Assert.Equal(RecordedBeforeModules, recorded.Select(r => (r.Version, r.Name, r.Checksum)));
            Assert.All(recorded, r => Assert.Equal(appliedAt.UtcDateTime, r.AppliedAt.ToUniversalTime()));
        }
    }
}
