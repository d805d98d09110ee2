using DanVan.Adapters.Units.Import;
using DanVan.Hub.Security;
using DanVan.Hub.Web.Accounts;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;
using Npgsql;

namespace DanVan.Hub.Database;

/// <summary>
/// One connection listening for what other writers (any hub instance, the clients command) tell this
/// one through PostgreSQL notifications: dialogue events were written (wake the watchers), a client
/// changed (drop the cached clients), an account changed (drop the cached sessions), the unit map was
/// imported (drop what was cached of the map), a holiday decision or a unit's reception days changed (reload them). After losing
/// the database it listens again, dropping the cache and reloading the decisions first since a change
/// may have gone unheard; watchers poll meanwhile.
/// </summary>
public sealed partial class DatabaseNotifications(
    NpgsqlDataSource dataSource, DialogueEventFeed feed, ClientRegistry clients, UserAccounts accounts, UnitScope scope, HolidayDecisionStore holidays, ReceptionDayStore receptions,
    ILogger<DatabaseNotifications> logger)
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
                    else if (e.Channel == UserAccounts.Channel)
                    {
                        accounts.Forget();
                    }
                    else if (e.Channel == UnitMapWriter.Channel)
                    {
                        scope.Forget();
                    }
                    else if (e.Channel == HolidayDecisionStore.Channel)
                    {
                        _ = ReloadHolidaysAsync(stoppingToken);
                    }
                    else if (e.Channel == ReceptionDayStore.Channel)
                    {
                        _ = ReloadReceptionDaysAsync(stoppingToken);
                    }
                    else
                    {
                        feed.Signal();
                    }
                };
                await using (var listen = new NpgsqlCommand($"listen dialogue_event; listen api_client; listen {UserAccounts.Channel}; listen {UnitMapWriter.Channel}; listen {HolidayDecisionStore.Channel}; listen {ReceptionDayStore.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                clients.Forget();
                accounts.Forget();
                scope.Forget();
                await ReloadHolidaysAsync(stoppingToken);
                await ReloadReceptionDaysAsync(stoppingToken);
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

    private async Task ReloadHolidaysAsync(CancellationToken cancellationToken)
    {
        try
        {
            await holidays.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The next notification, or listening again after the database comes back, reloads them.
            LogHolidaysNotReloaded(logger, e.Message);
        }
    }

    private async Task ReloadReceptionDaysAsync(CancellationToken cancellationToken)
    {
        try
        {
            await receptions.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // As for the holiday decisions: the next notification or reconnection reloads them.
            LogReceptionDaysNotReloaded(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reception days not reloaded ({Reason})")]
    private static partial void LogReceptionDaysNotReloaded(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database notifications interrupted ({Reason}); listening again shortly")]
    private static partial void LogInterrupted(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Holiday decisions not reloaded ({Reason})")]
    private static partial void LogHolidaysNotReloaded(ILogger logger, string reason);
}
