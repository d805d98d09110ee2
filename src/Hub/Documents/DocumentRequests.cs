using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using Domain = DanVan.Scheduler.Documents;

namespace DanVan.Hub.Documents;

internal sealed record DialoguePaperRequest(Guid DialogueId, Domain.DocumentKind Kind, FileFormat Format);

internal sealed record PlanPaperRequest(string UnitCode, int Year, FileFormat Format);

internal sealed record ReportPaperRequest(string UnitCode, DateOnly From, DateOnly To, FileFormat Format);

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
        var format = Format(v, request.Format);
        v.ThrowIfAny();
        return new ReportPaperRequest(unitCode, from, to, format);
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
