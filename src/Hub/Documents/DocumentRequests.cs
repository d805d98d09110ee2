using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Domain = DanVan.Scheduler.Documents;

namespace DanVan.Hub.Documents;

internal sealed record DialoguePaperRequest(Guid DialogueId, Domain.DocumentKind Kind, FileFormat Format);

internal sealed record PlanPaperRequest(string UnitCode, int Year, FileFormat Format);

internal sealed record ReportPaperRequest(string UnitCode, DateOnly From, DateOnly To, FileFormat Format);

internal sealed record DialogueExportRequest(
    string UnitCode, bool IncludeDescendants, DateOnly? From, DateOnly? To, Scheduler.Dialogues.DialogueKind? Kind, Scheduler.Dialogues.DialogueStatus? Status);

internal sealed record OpinionExportRequest(string UnitCode, Scheduler.Dialogues.OpinionStatus? Status, string? Agency, DateOnly? DueFrom, DateOnly? DueTo, bool? Overdue);

internal sealed record OpinionImportRequest(string? RequestId, string UnitCode, ReadOnlyMemory<byte> Content);

internal sealed record IndicatorExportRequest(string UnitCode, IndicatorExport Indicators, DateOnly AsOf, Adapters.Indicators.PeriodSelection.Months? Months);

internal sealed record PastDialogueImportRequest(string? RequestId, string UnitCode, ReadOnlyMemory<byte> Content);

/// <summary>DocumentService requests checked field by field (every violation with its code) into typed requests.</summary>
internal static class DocumentRequests
{
    public static DialoguePaperRequest Validate(GetDialogueDocumentRequest request)
    {
        var v = new Violations();
        var id = v.Id(request.DialogueId, "dialogue_id");
        var kind = v.RequiredChoice(request.Kind, Kind, "kind", "is required: DIALOGUE_DOCUMENT_KIND_ANNOUNCEMENT, _MINUTES or _RESULTS_NOTICE");
        var format = Format(v, request.Format);
        v.ThrowIfAny();
        return new DialoguePaperRequest(id, kind, format);
    }

    /// <summary>Without a year, the current one on <paramref name="today"/>.</summary>
    public static PlanPaperRequest Validate(GetDialoguePlanRequest request, DateOnly today)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var year = v.Year(request.Year, today);

        var format = Format(v, request.Format);
        v.ThrowIfAny();
        return new PlanPaperRequest(unitCode, year, format);
    }

    /// <summary>Without dates, from the first of January to <paramref name="today"/>.</summary>
    public static ReportPaperRequest Validate(GetPeriodReportRequest request, DateOnly today)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var from = v.Date(request.StartDate, "start_date") ?? new DateOnly(today.Year, 1, 1);
        var to = v.Date(request.EndDate, "end_date") ?? today;
        v.EndNotBefore(from, to);
        var format = v.RequiredChoice(request.Format, f => f is FileFormat.Docx or FileFormat.Pdf or FileFormat.Xlsx ? f : (FileFormat?)null,
            "format", "is required: FILE_FORMAT_DOCX, FILE_FORMAT_PDF or FILE_FORMAT_XLSX");
        v.ThrowIfAny();
        return new ReportPaperRequest(unitCode, from, to, format);
    }

    public static DialogueExportRequest Validate(ExportDialoguesRequest request)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var from = v.Date(request.StartDate, "start_date");
        var to = v.Date(request.EndDate, "end_date");
        v.EndNotBefore(from, to);
        var kind = v.Choice(request.Kind, Dialogues.DialogueMapping.ToDomain, "kind");
        var status = v.Choice(request.Status, Dialogues.DialogueMapping.ToDomain, "status");
        v.ThrowIfAny();
        return new DialogueExportRequest(unitCode, request.IncludeDescendants, from, to, kind, status);
    }

    public static OpinionExportRequest Validate(ExportOpinionsRequest request)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var status = v.Choice(request.Status, Dialogues.DialogueMapping.ToDomain, "status");
        var agency = v.OptionalText(request.ResponsibleAgency, "responsible_agency", MaxAgency);
        var dueFrom = v.Date(request.DueFrom, "due_from");
        var dueTo = v.Date(request.DueTo, "due_to");
        v.EndNotBefore(dueFrom, dueTo, "due_to", "due_from");
        v.ThrowIfAny();
        return new OpinionExportRequest(unitCode, status, agency, dueFrom, dueTo, request.HasOverdue ? request.Overdue : null);
    }

    public static OpinionImportRequest Validate(ImportOpinionUpdatesRequest request, int maxFileBytes)
    {
        var (requestId, unitCode) = Upload(request.RequestId, request.UnitCode, request.Content, maxFileBytes);
        return new OpinionImportRequest(requestId, unitCode, request.Content.Memory);
    }

    public static PastDialogueImportRequest Validate(ImportPastDialoguesRequest request, int maxFileBytes)
    {
        var (requestId, unitCode) = Upload(request.RequestId, request.UnitCode, request.Content, maxFileBytes);
        return new PastDialogueImportRequest(requestId, unitCode, request.Content.Memory);
    }

    // A workbook sent back to the hub: its idempotency key, the unit it acts on, and the file.
    private static (string? RequestId, string UnitCode) Upload(string requestIdText, string unitCodeText, Google.Protobuf.ByteString content, int maxFileBytes)
    {
        var v = new Violations();
        var requestId = v.OptionalText(requestIdText, "request_id", MaxRequestId);
        var unitCode = v.UnitCode(unitCodeText);
        Content(v, content, maxFileBytes);
        v.ThrowIfAny();
        return (requestId, unitCode);
    }

    /// <summary>ID issuance as of a date (default <paramref name="today"/>); procedure statistics over a range of months.</summary>
    public static IndicatorExportRequest Validate(ExportIndicatorsRequest request, DateOnly today)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        var indicators = v.RequiredChoice(request.Indicators, i => i is IndicatorExport.IdIssuance or IndicatorExport.ProcedureStats ? i : (IndicatorExport?)null,
            "indicators", "is required: INDICATOR_EXPORT_ID_ISSUANCE or INDICATOR_EXPORT_PROCEDURE_STATS");
        var asOf = v.Date(request.AsOf, "as_of") ?? today;
        Adapters.Indicators.PeriodSelection.Months? months = null;
        if (indicators == IndicatorExport.ProcedureStats)
        {
            months = Ingest.IngestRequests.MonthRange(request.FromMonth, request.ToMonth, v);
        }
        else
        {
            // Not used for ID issuance, but a month given is still checked.
            Ingest.IngestMapping.Month(request.FromMonth, "from_month", v);
            Ingest.IngestMapping.Month(request.ToMonth, "to_month", v);
        }

        v.ThrowIfAny();
        return new IndicatorExportRequest(unitCode, indicators, asOf, months);
    }

    public static string Validate(GetPastDialogueTemplateRequest request)
    {
        var v = new Violations();
        var unitCode = v.UnitCode(request.UnitCode);
        v.ThrowIfAny();
        return unitCode;
    }

    // As UpdateOpinion and the other idempotent requests take them.
    private const int MaxAgency = 300;
    private const int MaxRequestId = 200;

    private static void Content(Violations v, Google.Protobuf.ByteString content, int maxFileBytes)
    {
        if (content.IsEmpty)
        {
            v.Add("content", ViolationCodes.ContentEmpty, "is empty: send the .xlsx workbook");
        }
        else if (content.Length > maxFileBytes)
        {
            v.Add("content", ViolationCodes.ContentTooLarge, $"must be at most {maxFileBytes:N0} bytes");
        }
    }

    private static FileFormat Format(Violations v, FileFormat format) =>
        v.RequiredChoice(format, f => f is FileFormat.Docx or FileFormat.Pdf ? f : (FileFormat?)null, "format", "is required: FILE_FORMAT_DOCX or FILE_FORMAT_PDF");

    private static Domain.DocumentKind? Kind(DialogueDocumentKind kind) => kind switch
    {
        DialogueDocumentKind.Announcement => Domain.DocumentKind.Announcement,
        DialogueDocumentKind.Minutes => Domain.DocumentKind.Minutes,
        DialogueDocumentKind.ResultsNotice => Domain.DocumentKind.ResultsNotice,
        _ => null,
    };
}
