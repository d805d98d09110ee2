using DanVan.Adapters.Time;
using DanVan.Adapters.Spreadsheets;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using DanVan.Adapters.Ingest;
using DanVan.Hub.Security;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Documents;
using DanVan.Scheduler.Spreadsheets;
using Google.Protobuf;
using Grpc.Core;

namespace DanVan.Hub.Documents;

/// <summary>danvan.v1.DocumentService: validates the request, has the paper composed, writes it as .docx and, for PDF, has it converted; workbooks in DocumentGrpcService.Workbooks.cs.</summary>
public sealed partial class DocumentGrpcService(
    DialogueDocumentSource source, PdfRenders pdf, DialogueWorkbooks workbooks, OpinionWorkbookImport opinionImport, PastDialogues past, UnitScope scope,
    IUnitRegistry units, IndicatorWorkbooks indicatorWorkbooks, SpreadsheetOptions spreadsheets, IngestOptions ingest, TimeProvider clock)
    : DocumentService.DocumentServiceBase
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public override async Task<GetDialogueDocumentResponse> GetDialogueDocument(GetDialogueDocumentRequest request, ServerCallContext context)
    {
        var paper = DocumentRequests.Validate(request);
        var document = await source.DialoguePaperAsync(paper.DialogueId, paper.Kind, context.CancellationToken);
        return new GetDialogueDocumentResponse { Document = await FileAsync(document, paper.Format, context.CancellationToken) };
    }

    public override async Task<GetDialoguePlanResponse> GetDialoguePlan(GetDialoguePlanRequest request, ServerCallContext context)
    {
        var paper = DocumentRequests.Validate(request, VietnamTime.Today(clock));
        var document = await source.PlanAsync(paper.UnitCode, paper.Year, context.CancellationToken);
        return new GetDialoguePlanResponse { Document = await FileAsync(document, paper.Format, context.CancellationToken) };
    }

    public override async Task<GetPeriodReportResponse> GetPeriodReport(GetPeriodReportRequest request, ServerCallContext context)
    {
        var paper = DocumentRequests.Validate(request, VietnamTime.Today(clock));
        if (paper.Format == FileFormat.Xlsx)
        {
            var workbook = await workbooks.PeriodReportAsync(paper.UnitCode, paper.From, paper.To, context.CancellationToken);
            return new GetPeriodReportResponse { Document = workbook.ToProto() };
        }

        var document = await source.PeriodReportAsync(paper.UnitCode, paper.From, paper.To, context.CancellationToken);
        return new GetPeriodReportResponse { Document = await FileAsync(document, paper.Format, context.CancellationToken) };
    }

    private async Task<Contracts.V1.Document> FileAsync(OfficialDocument document, FileFormat format, CancellationToken cancellationToken)
    {
        var docx = DocxWriter.Write(document);
        if (format == FileFormat.Docx)
        {
            return new Contracts.V1.Document { Content = ByteString.CopyFrom(docx), MediaType = DocxWriter.MediaType, FileName = document.FileStem + ".docx" };
        }

        try
        {
            var bytes = await pdf.RenderAsync(docx, cancellationToken);
            return new Contracts.V1.Document { Content = ByteString.CopyFrom(bytes), MediaType = "application/pdf", FileName = document.FileStem + ".pdf" };
        }
        catch (PdfConversionException e)
        {
            throw RpcErrors.Unavailable("PDF_CONVERSION_FAILED", $"The PDF could not be made: {e.Message} The .docx is available meanwhile.", RetryAfter);
        }
    }
}
