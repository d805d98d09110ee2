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
        var import = IngestRequests.Validate(request, _adapters, limits.Value.MaxFileBytes);
        return (await pipeline.IngestFileAsync(import.Options, import.Adapter, request.Content.Memory, context.CancellationToken)).ToProto();
    }
}
