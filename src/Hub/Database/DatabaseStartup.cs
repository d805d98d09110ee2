using DanVan.Adapters.Units.Import;
using DanVan.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace DanVan.Hub.Database;

/// <summary>
/// Before the hub serves: migrate the schema, then bring in the administrative map (the built-in
/// provinces, and the lists under <c>DanVan:UnitsDir</c> when set: the official editions when the
/// folder holds them, see <see cref="UnitImporter"/>). While PostgreSQL is unreachable it
/// keeps retrying, so a hub started before its database comes up by itself once the database does.
/// </summary>
public sealed class DatabaseStartup(
    DatabaseMigrator migrator,
    UnitImporter importer,
    IOptions<HubOptions> options,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                break;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Reason}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
            }
        }

        var folder = string.IsNullOrWhiteSpace(options.Value.UnitsDir) ? null : Path.GetFullPath(options.Value.UnitsDir);
        var report = await importer.ImportAsync(folder, cancellationToken);
        var result = report.Written;
        logger.LogInformation(
            "Administrative map from {Source}: units {UnitsInserted} new, {UnitsUpdated} changed, {UnitsUnchanged} unchanged; links {LinksInserted} new, {LinksUpdated} changed, {LinksUnchanged} unchanged",
            folder ?? "built-in provinces", result.Units.Inserted, result.Units.Updated, result.Units.Unchanged,
            result.Links.Inserted, result.Links.Updated, result.Links.Unchanged);
        foreach (var edition in report.Editions)
        {
            logger.LogInformation("Unit edition {Edition}", edition.ToString());
        }

        // What the sources get wrong is known and handled; an operator reads it once, it does not stop the hub.
        foreach (var problem in report.Problems)
        {
            logger.LogWarning("Unit lists: {Problem}", problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
