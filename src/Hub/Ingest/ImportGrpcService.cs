using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;
using IngestSummary = DanVan.Contracts.V1.IngestSummary;

namespace DanVan.Hub.Ingest;

/// <summary>danvan.v1.ImportService: a whole file, parsed by the adapter its format names, through the ingest pipeline.</summary>
public sealed class ImportGrpcService(IEnumerable<ISourceAdapter> adapters, IngestPipeline pipeline, IOptions<IngestOptions> limits) : ImportService.ImportServiceBase
{
    private readonly Dictionary<string, ISourceAdapter> _adapters = adapters.ToDictionary(a => a.Format);

    public override async Task<IngestSummary> ImportFile(ImportFileRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        if (!_adapters.TryGetValue(request.Format, out var adapter))
        {
            violations.Add("format", request.Format.Length == 0
                ? "is required"
                : $"is not a known format; known: {string.Join(", ", _adapters.Keys.Order())}");
        }

        if (request.Content.IsEmpty)
        {
            violations.Add("content", "is empty");
        }
        else if (request.Content.Length > limits.Value.MaxFileBytes)
        {
            violations.Add("content", $"holds {request.Content.Length:N0} bytes; files are limited to {limits.Value.MaxFileBytes:N0}");
        }

        var options = IngestMapping.Options(request.BatchId, "", request.DryRun, request.AllOrNothing, adapter?.Source ?? "", violations);
        violations.ThrowIfAny();

        var summary = await pipeline.IngestFileAsync(options, adapter!, request.Content.Memory, context.CancellationToken);
        return summary.ToProto();
    }
}
