using System.Globalization;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DanVan.Hub.Database;

/// <summary>
/// Healthy while PostgreSQL answers and the schema is at this build's latest migration. It runs every
/// couple of seconds (the health publisher, which pushes to <c>Health/Watch</c>) and on every
/// <c>Health/Check</c>, so it logs only when the state changes: one warning when the database goes
/// away, one line when it is back — not a stack trace per probe.
/// </summary>
public sealed partial class DatabaseHealthCheck(NpgsqlDataSource dataSource, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public const string Tag = "database";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private const int Unknown = -1, Down = 0, Up = 1;
    private int _state = Unknown;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await ProbeAsync(cancellationToken);
        var state = result.Status == HealthStatus.Healthy ? Up : Down;
        var previous = Interlocked.Exchange(ref _state, state);
        if (previous != state && state == Down)
        {
            LogNotServing(logger, result.Description);
        }
        else if (previous == Down && state == Up)
        {
            LogServingAgain(logger);
        }

        return result;
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
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
                : HealthCheckResult.Unhealthy($"the schema is at version {version?.ToString(CultureInfo.InvariantCulture) ?? "none"}, expected {DatabaseMigrator.LatestVersion}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("the database has not been migrated.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // A restarted server leaves dead connections in the pool; drop them so the next check reconnects.
            dataSource.Clear();
            return HealthCheckResult.Unhealthy($"PostgreSQL is not reachable ({e.Message}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hub is not serving: {Reason}")]
    private static partial void LogNotServing(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is back: the hub is serving again")]
    private static partial void LogServingAgain(ILogger logger);
}
