using System.ComponentModel;
using DanVan.Adapters.Ingest.Pull;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DanVan.Scheduler.Ingest;

/// <summary>The configured pull sources, section <c>DanVan:PullSources</c>.</summary>
public sealed class PullSourcesOptions
{
    public List<PullSource> Sources { get; set; } = [];
}

/// <summary>
/// Hangfire's handle on a pull source: one job per source run (never per file or row), retried when the
/// source cannot be reached. The source is looked up by name when the job runs, so a changed
/// configuration takes effect without re-registering.
/// </summary>
public sealed class PullSourceJob(SourcePuller puller, IOptionsMonitor<PullSourcesOptions> options)
{
    public static string RecurringJobId(string sourceName) => $"pull-source:{sourceName}";

    [DisplayName("Pull source {0}")]
    [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(string sourceName, CancellationToken cancellationToken)
    {
        var source = options.CurrentValue.Sources.SingleOrDefault(s => s.Name == sourceName)
            ?? throw new InvalidOperationException($"Pull source '{sourceName}' is no longer configured.");
        await puller.PullAsync(source, cancellationToken);
    }
}
