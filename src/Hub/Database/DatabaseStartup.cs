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
public sealed partial class DatabaseStartup(
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
                LogUnreachable(logger, e.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
            }
        }

        var folder = string.IsNullOrWhiteSpace(options.Value.UnitsDir) ? null : Path.GetFullPath(options.Value.UnitsDir);
        var report = await importer.ImportAsync(folder, cancellationToken);
        var result = report.Written;
        LogMapImported(logger, folder ?? "built-in provinces", result.Units.Inserted, result.Units.Updated, result.Units.Unchanged,
            result.Links.Inserted, result.Links.Updated, result.Links.Unchanged);
        foreach (var edition in report.Editions)
        {
            LogEdition(logger, edition);
        }

        // What the sources get wrong is known and handled, and said again at every start: information for
        // an operator to read, not a warning that something needs doing.
        foreach (var problem in report.Problems)
        {
            LogUnitListProblem(logger, problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable yet ({Reason}); retrying in {Delay}")]
    private static partial void LogUnreachable(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrative map from {Source}: units {UnitsInserted} new, {UnitsUpdated} changed, {UnitsUnchanged} unchanged; links {LinksInserted} new, {LinksUpdated} changed, {LinksUnchanged} unchanged")]
    private static partial void LogMapImported(
        ILogger logger, string source, int unitsInserted, int unitsUpdated, int unitsUnchanged, int linksInserted, int linksUpdated, int linksUnchanged);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit edition {Edition}")]
    private static partial void LogEdition(ILogger logger, EditionSummary edition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit lists: {Problem}")]
    private static partial void LogUnitListProblem(ILogger logger, string problem);
}
