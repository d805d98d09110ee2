using DanVan.Adapters.Ingest.Sources;
using DanVan.Adapters.Time;
using DanVan.Scheduler.Ingest;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace DanVan.Hub.Ingest;

/// <summary>
/// Registers one Hangfire recurring job per configured pull source, in Vietnam's time zone, and removes
/// the jobs of sources no longer configured. A source with an unknown format or a bad cron stops the
/// start with a message naming it, rather than failing later in the dashboard (the other fields are
/// checked with the rest of the settings).
/// </summary>
public sealed partial class PullSourceRegistration(
    IOptions<PullSourcesOptions> options, IEnumerable<ISourceAdapter> adapters, IRecurringJobManager jobs,
    JobStorage storage, ILogger<PullSourceRegistration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var formats = adapters.Select(a => a.Format).ToHashSet();
        var sources = options.Value.Sources;
        foreach (var source in sources)
        {
            // The settings themselves were validated on start; which formats exist is known only here.
            if (!formats.Contains(source.Format))
            {
                throw new InvalidOperationException(
                    $"Pull source '{source.Name}': the format must be one of {string.Join(", ", formats.Order())}.");
            }

            jobs.AddOrUpdate<PullSourceJob>(PullSourceJob.RecurringJobId(source.Name), job => job.RunAsync(source.Name, CancellationToken.None),
                source.Cron, new RecurringJobOptions { TimeZone = VietnamTime.Zone });
        }

        var configured = sources.Select(s => PullSourceJob.RecurringJobId(s.Name)).ToHashSet();
        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id)
                     .Where(id => id.StartsWith(PullSourceJob.RecurringJobId(""), StringComparison.Ordinal) && !configured.Contains(id)))
        {
            jobs.RemoveIfExists(stale);
            LogRemoved(logger, stale);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the recurring job {JobId}: its pull source is no longer configured")]
    private static partial void LogRemoved(ILogger logger, string jobId);
}
