using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace DanVan.Hub.Security;

/// <summary>One call as the audit log keeps it: metadata only.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, Guid? ClientId, string? ClientName, string Method, IReadOnlyList<string> UnitCodes, string Status, double DurationMs, string RequestId,
    string? ClientAddress);

/// <summary>
/// The audit log. Calls hand their entry to a queue and go on; a background writer stores the queue
/// in batches (one statement per batch), so auditing costs the hot path an enqueue, not a commit.
/// Entries still queued when the hub stops are written before it exits. Calls without a client (refused
/// for want of a valid credential) are counted instead, one row per address and minute, so that a flood
/// of them adds rows by the minute; several hubs add to the same row.
/// </summary>
public sealed partial class AuditLog(NpgsqlDataSource dataSource, ILogger<AuditLog> logger) : BackgroundService
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

    private static DateTime Minute(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    /// <summary>The value all share, or "*" when they differ.</summary>
    private static string Common(IEnumerable<string> values) => values.Distinct().Take(2).Count() == 1 ? values.First() : "*";

    private async Task WriteAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // Both or neither: a batch that failed is written again whole.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var known = batch.Where(b => b.ClientId is not null).ToList();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into audit_record (at, client_id, client_name, method, unit_codes, status, duration_ms, request_id, client_address)
                select a, c, n, m, string_to_array(u, ','), s, d, r, ad from unnest(@at, @clients, @names, @methods, @units, @statuses, @durations, @requests, @addresses)
                       as x(a, c, n, m, u, s, d, r, ad)
                """, new
            {
                at = known.Select(b => b.At.UtcDateTime).ToArray(),
                clients = known.Select(b => b.ClientId).ToArray(),
                names = known.Select(b => b.ClientName).ToArray(),
                methods = known.Select(b => b.Method).ToArray(),
                units = known.Select(b => string.Join(',', b.UnitCodes)).ToArray(),
                statuses = known.Select(b => b.Status).ToArray(),
                durations = known.Select(b => (float)b.DurationMs).ToArray(),
                requests = known.Select(b => b.RequestId).ToArray(),
                addresses = known.Select(b => b.ClientAddress).ToArray(),
            }, transaction, cancellationToken: cancellationToken));

            // One row per address and minute; a row naming one method or status keeps it until another joins.
            var anonymous = batch.Where(b => b.ClientId is null)
                .GroupBy(b => (Address: b.ClientAddress ?? "unknown", Minute: Minute(b.At)))
                .Select(g => (g.Key.Address, g.Key.Minute, Method: Common(g.Select(b => b.Method)), Status: Common(g.Select(b => b.Status)),
                    Duration: g.Max(b => b.DurationMs), g.First().RequestId, Count: g.Count()))
                .ToList();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into audit_record (at, client_address, method, unit_codes, status, duration_ms, request_id, count)
                select a, ad, m, '{}', s, d, r, n from unnest(@at, @addresses, @methods, @statuses, @durations, @requests, @counts) as x(a, ad, m, s, d, r, n)
                on conflict (client_address, at) where client_id is null do update
                   set count = audit_record.count + excluded.count,
                       method = case when audit_record.method = excluded.method then audit_record.method else '*' end,
                       status = case when audit_record.status = excluded.status then audit_record.status else '*' end,
                       duration_ms = greatest(audit_record.duration_ms, excluded.duration_ms)
                """, new
            {
                at = anonymous.Select(a => a.Minute).ToArray(),
                addresses = anonymous.Select(a => a.Address).ToArray(),
                methods = anonymous.Select(a => a.Method).ToArray(),
                statuses = anonymous.Select(a => a.Status).ToArray(),
                durations = anonymous.Select(a => (float)a.Duration).ToArray(),
                requests = anonymous.Select(a => a.RequestId).ToArray(),
                counts = anonymous.Select(a => a.Count).ToArray(),
            }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            batch.Clear();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Kept for the next round: the database may be back by then.
            LogNotWritten(logger, batch.Count, e.Message);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} audit records yet ({Reason})")]
    private static partial void LogNotWritten(ILogger logger, int count, string reason);
}
