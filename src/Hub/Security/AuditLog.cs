using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace DanVan.Hub.Security;

/// <summary>One call as the audit log keeps it: metadata only.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, Guid? ClientId, string? ClientName, string Method, IReadOnlyList<string> UnitCodes, string Status, double DurationMs, string RequestId);

/// <summary>
/// The audit log. Calls hand their entry to a queue and go on; a background writer stores the queue
/// in batches (one statement per batch), so auditing costs the hot path an enqueue, not a commit.
/// Entries still queued when the hub stops are written before it exits.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, ILogger<AuditLog> logger) : BackgroundService
{
    private const int MaxBatch = 2000;
    private readonly Channel<AuditEntry> _queue = Channel.CreateUnbounded<AuditEntry>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(AuditEntry entry) => _queue.Writer.TryWrite(entry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await DrainAsync(batch, CancellationToken.None);
        }
    }

    private async Task DrainAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
            if (batch.Count >= MaxBatch) // more when an earlier write failed and kept its entries
            {
                await WriteAsync(batch, cancellationToken);
            }
        }

        await WriteAsync(batch, cancellationToken);
    }

    private async Task WriteAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into audit_record (at, client_id, client_name, method, unit_codes, status, duration_ms, request_id)
                select a, c, n, m, string_to_array(u, ','), s, d, r from unnest(@at, @clients, @names, @methods, @units, @statuses, @durations, @requests)
                       as x(a, c, n, m, u, s, d, r)
                """, new
            {
                at = batch.Select(b => b.At.UtcDateTime).ToArray(),
                clients = batch.Select(b => b.ClientId).ToArray(),
                names = batch.Select(b => b.ClientName).ToArray(),
                methods = batch.Select(b => b.Method).ToArray(),
                units = batch.Select(b => string.Join(',', b.UnitCodes)).ToArray(),
                statuses = batch.Select(b => b.Status).ToArray(),
                durations = batch.Select(b => (float)b.DurationMs).ToArray(),
                requests = batch.Select(b => b.RequestId).ToArray(),
            }, cancellationToken: cancellationToken));
            batch.Clear();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Kept for the next round: the database may be back by then.
            logger.LogWarning("Could not write {Count} audit records yet ({Reason})", batch.Count, e.Message);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
