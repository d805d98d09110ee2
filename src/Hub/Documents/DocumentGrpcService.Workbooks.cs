using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Scheduler.Spreadsheets;
using Google.Protobuf;
using Grpc.Core;

namespace DanVan.Hub.Documents;

/// <summary>The Excel workbooks: exports of what an office keeps, and the opinions workbook taken back.</summary>
public sealed partial class DocumentGrpcService
{
    public override async Task<ExportDialoguesResponse> ExportDialogues(ExportDialoguesRequest request, ServerCallContext context)
    {
        var export = DocumentRequests.Validate(request);
        var workbook = await workbooks.DialoguesAsync(export.UnitCode, VietnamTime.Today(clock), export.IncludeDescendants, export.From, export.To, export.Kind, export.Status,
            context.CancellationToken);
        return new ExportDialoguesResponse { Document = workbook.ToProto() };
    }

    public override async Task<ExportOpinionsResponse> ExportOpinions(ExportOpinionsRequest request, ServerCallContext context)
    {
        var export = DocumentRequests.Validate(request);
        var workbook = await workbooks.OpinionsAsync(export.UnitCode, VietnamTime.Today(clock), export.Status, export.Agency, export.DueFrom, export.DueTo, export.Overdue,
            context.CancellationToken);
        return new ExportOpinionsResponse { Document = workbook.ToProto() };
    }

    public override async Task<ImportOpinionUpdatesResponse> ImportOpinionUpdates(ImportOpinionUpdatesRequest request, ServerCallContext context)
    {
        var import = DocumentRequests.Validate(request, ingest.MaxFileBytes);
        var result = await opinionImport.ImportAsync(import.UnitCode, import.RequestId, import.Content,
            context.GetHttpContext().User.Identity?.Name ?? "", context.CancellationToken);
        return new ImportOpinionUpdatesResponse { Updated = result.Updated, Unchanged = result.Unchanged };
    }
}

internal static class WorkbookMapping
{
    public static Contracts.V1.Document ToProto(this Workbook workbook) =>
        new() { Content = ByteString.CopyFrom(workbook.Content), MediaType = Workbook.MediaType, FileName = workbook.FileName };
}
