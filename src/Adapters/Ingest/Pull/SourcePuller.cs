using System.Security.Cryptography;
using Dapper;
using DanVan.Adapters.Ingest.Sources;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DanVan.Adapters.Ingest.Pull;

/// <summary>A configured source the hub fetches on a schedule: a folder or an HTTP(S) URL, read with one adapter.</summary>
/// <param name="Name">Identifies the source (a-z 0-9 -); names its recurring job.</param>
/// <param name="Location">A local folder (every file in it) or an http(s) URL (one file).</param>
/// <param name="Format">The adapter's format name, e.g. police-cccd-csv.</param>
/// <param name="Cron">When to pull, in Asia/Ho_Chi_Minh time.</param>
public sealed record PullSource(string Name, string Location, string Format, string Cron);

/// <summary>What one pull did with each file it found.</summary>
public sealed record PulledFile(string File, string BatchId, IngestSummary? Summary);

/// <summary>
/// Fetches a pull source's files and feeds each through the ingest pipeline, as one batch per file.
/// A file's batch id is derived from its content, so a file already ingested is recognised and skipped
/// (not even parsed again), whatever its name, and a changed file is a new batch.
/// </summary>
public sealed partial class SourcePuller(
    IEnumerable<ISourceAdapter> adapters, IngestPipeline pipeline, NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients, ILogger<SourcePuller> logger)
{
    public const string HttpClientName = "pull-sources";

    private readonly Dictionary<string, ISourceAdapter> _adapters = adapters.ToDictionary(a => a.Format);

    public async Task<IReadOnlyList<PulledFile>> PullAsync(PullSource source, CancellationToken cancellationToken)
    {
        var adapter = _adapters.GetValueOrDefault(source.Format)
            ?? throw new InvalidOperationException($"Pull source {source.Name}: unknown format '{source.Format}'.");

        var results = new List<PulledFile>();
        await foreach (var (name, content) in FetchAsync(source.Location, cancellationToken))
        {
            var batchId = $"pull-{source.Name}-{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}";
            if (await AlreadyIngestedAsync(adapter.Source, batchId, cancellationToken))
            {
                results.Add(new PulledFile(name, batchId, null));
                continue;
            }

            var summary = await pipeline.IngestFileAsync(new BatchOptions(adapter.Source, batchId), adapter, content, cancellationToken);
            results.Add(new PulledFile(name, batchId, summary));
        }

        var ingested = results.Count(r => r.Summary is not null);
        LogPulled(logger, source.Name, results.Count, ingested, results.Count - ingested);
        return results;
    }

    private async Task<bool> AlreadyIngestedAsync(string source, string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from ingest_batch where source = @source and batch_id = @batchId)",
            new { source, batchId }, cancellationToken: cancellationToken));
    }

    private async IAsyncEnumerable<(string Name, byte[] Content)> FetchAsync(
        string location, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(uri, cancellationToken);
            response.EnsureSuccessStatusCode();
            yield return (uri.ToString(), await response.Content.ReadAsByteArrayAsync(cancellationToken));
            yield break;
        }

        if (!Directory.Exists(location))
        {
            throw new DirectoryNotFoundException($"Pull folder '{location}' does not exist.");
        }

        // In name order, so that reports dated by file name are applied oldest first.
        foreach (var file in Directory.GetFiles(location).Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(file), await File.ReadAllBytesAsync(file, cancellationToken));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Source}: {Files} files, {New} ingested, {Skipped} already ingested")]
    private static partial void LogPulled(ILogger logger, string source, int files, int @new, int skipped);
}
