using DanVan.Hub.Security;
using DanVan.Scheduler.Dialogues;
using Npgsql;

namespace DanVan.Hub.Database;

/// <summary>
/// One connection listening for what other writers (any hub instance, the clients command) tell this
/// one through PostgreSQL notifications: dialogue events were written (wake the watchers), a client
/// changed (drop the cached clients). After losing the database it listens again, dropping the cache
/// first since a change may have gone unheard; watchers poll meanwhile.
/// </summary>
public sealed partial class DatabaseNotifications(NpgsqlDataSource dataSource, DialogueEventFeed feed, ClientRegistry clients, ILogger<DatabaseNotifications> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == "api_client")
                    {
                        clients.Forget();
                    }
                    else
                    {
                        feed.Signal();
                    }
                };
                await using (var listen = new NpgsqlCommand("listen dialogue_event; listen api_client", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                clients.Forget();
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
                LogInterrupted(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database notifications interrupted ({Reason}); listening again shortly")]
    private static partial void LogInterrupted(ILogger logger, string reason);
}
