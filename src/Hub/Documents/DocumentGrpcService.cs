using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using DanVan.Scheduler.Documents;
using Google.Protobuf;
using Grpc.Core;
using Domain = DanVan.Scheduler.Documents;

namespace DanVan.Hub.Documents;

/// <summary>danvan.v1.DocumentService: validates the request, has the paper composed, writes it as .docx and, for PDF, has it converted.</summary>
public sealed class DocumentGrpcService(DialogueDocumentSource source, PdfRenders pdf, TimeProvider clock) : DocumentService.DocumentServiceBase
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public override async Task<GetDialogueDocumentResponse> GetDialogueDocument(GetDialogueDocumentRequest request, ServerCallContext context)
    {
        var v = new Violations();
        if (!Guid.TryParseExact(request.DialogueId, "D", out var id))
        {
            v.Add("dialogue_id", string.IsNullOrEmpty(request.DialogueId) ? "is required" : "must be an id as returned by this service (a UUID)");
        }

        Domain.DocumentKind? kind = request.Kind switch
        {
            DialogueDocumentKind.Announcement => Domain.DocumentKind.Announcement,
            DialogueDocumentKind.Minutes => Domain.DocumentKind.Minutes,
            DialogueDocumentKind.ResultsNotice => Domain.DocumentKind.ResultsNotice,
            _ => null,
        };
        if (kind is null)
        {
            v.Add("kind", "is required: DIALOGUE_DOCUMENT_KIND_ANNOUNCEMENT, _MINUTES or _RESULTS_NOTICE");
        }

        var format = Format(request.Format, v);
        v.ThrowIfAny();
        var document = await source.DialoguePaperAsync(id, kind!.Value, context.CancellationToken);
        return new GetDialogueDocumentResponse { Document = await FileAsync(document, format, context.CancellationToken) };
    }

    public override async Task<GetDialoguePlanResponse> GetDialoguePlan(GetDialoguePlanRequest request, ServerCallContext context)
    {
        var v = new Violations();
        UnitCode(request.UnitCode, v);
        var year = request.Year == 0 ? VietnamTime.Today(clock).Year : request.Year;
        if (year is < 2000 or > 2100)
        {
            v.Add("year", "must be between 2000 and 2100");
        }

        var format = Format(request.Format, v);
        v.ThrowIfAny();
        var document = await source.PlanAsync(request.UnitCode, year, context.CancellationToken);
        return new GetDialoguePlanResponse { Document = await FileAsync(document, format, context.CancellationToken) };
    }

    public override async Task<GetPeriodReportResponse> GetPeriodReport(GetPeriodReportRequest request, ServerCallContext context)
    {
        var v = new Violations();
        UnitCode(request.UnitCode, v);
        var today = VietnamTime.Today(clock);
        var from = ProtoDates.ToDateOnly(request.StartDate, "start_date", v) ?? new DateOnly(today.Year, 1, 1);
        var to = ProtoDates.ToDateOnly(request.EndDate, "end_date", v) ?? today;
        if (to < from)
        {
            v.Add("end_date", "must not be before start_date");
        }

        var format = Format(request.Format, v);
        v.ThrowIfAny();
        var document = await source.PeriodReportAsync(request.UnitCode, from, to, context.CancellationToken);
        return new GetPeriodReportResponse { Document = await FileAsync(document, format, context.CancellationToken) };
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

    private static FileFormat Format(FileFormat format, Violations v)
    {
        if (format is not (FileFormat.Docx or FileFormat.Pdf))
        {
            v.Add("format", "is required: FILE_FORMAT_DOCX or FILE_FORMAT_PDF");
        }

        return format;
    }

    private static void UnitCode(string code, Violations v)
    {
        if (!UnitCodes.IsWellFormed(code))
        {
            v.Add("unit_code", string.IsNullOrEmpty(code) ? "is required" : UnitCodes.FormatDescription);
        }
    }
}
