using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DanVan.Adapters.Ingest.Pull;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DanVan.Scheduler.Ingest;

/// <summary>The configured pull sources, section <c>DanVan:Pull</c>.</summary>
public sealed class PullSourcesOptions : IValidatableObject
{
    public List<PullSource> Sources { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Sources.Count; i++)
        {
            var source = Sources[i];
            // The name becomes part of a recurring job's id and of each batch id.
            if (source.Name is not { Length: >= 1 and <= 64 } name || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                yield return new ValidationResult("A source name is 1 to 64 of a-z, 0-9 and '-'.", [$"Sources:{i}:Name"]);
            }

            if (string.IsNullOrWhiteSpace(source.Location) || string.IsNullOrWhiteSpace(source.Format) || string.IsNullOrWhiteSpace(source.Cron))
            {
                yield return new ValidationResult("A source needs a Location, a Format and a Cron.", [$"Sources:{i}"]);
            }
        }

        if (Sources.GroupBy(s => s.Name, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            yield return new ValidationResult("Each source needs a name of its own.", [nameof(Sources)]);
        }
    }
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
