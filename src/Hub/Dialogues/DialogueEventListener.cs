using DanVan.Scheduler.Dialogues;
using Npgsql;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// Listens for the database's notice that dialogue events were written (by any hub instance) and
/// wakes this instance's watchers. Reconnects after losing the database; watchers poll meanwhile.
/// </summary>
public sealed class DialogueEventListener(NpgsqlDataSource dataSource, DialogueEventFeed feed, ILogger<DialogueEventListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => feed.Signal();
                await using (var listen = new NpgsqlCommand("listen dialogue_event", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Dialogue event notifications interrupted ({Reason}); listening again shortly", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
