using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DanVan.Hub.Database;

/// <summary>Healthy while PostgreSQL answers and the schema is at this build's latest migration.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            var version = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "select max(version) from schema_version",
                cancellationToken: timeout.Token));
            return version == DatabaseMigrator.LatestVersion
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Schema is at version {version?.ToString() ?? "none"}, expected {DatabaseMigrator.LatestVersion}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("The database has not been migrated.", e);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // A restarted server leaves dead connections in the pool; drop them so the next check reconnects.
            dataSource.Clear();
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }
    }
}
