using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Hub.Dialogues;
using DanVan.Hub.Rpc;
using DanVan.Hub.Security;
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

    public override async Task<ExportIndicatorsResponse> ExportIndicators(ExportIndicatorsRequest request, ServerCallContext context)
    {
        var today = VietnamTime.Today(clock);
        var export = DocumentRequests.Validate(request, today);
        // The service's area is the dialogues'; the figures are the national data's, whose scope is needed too.
        var required = export.Indicators == IndicatorExport.IdIssuance ? "id_issuance:read" : "procedure_stats:read";
        if (Caller.Of(context) is { } caller && !Scopes.Grants(caller.Client.Scopes, required))
        {
            throw RpcErrors.PermissionDenied("SCOPE_MISSING", $"{caller.Client.Name} lacks the scope {required} that these figures need.");
        }

        var (content, fileName) = export.Months is { } months
            ? await indicatorWorkbooks.ProcedureStatsAsync(export.UnitCode, UnitDate(months, today), months, spreadsheets.MaxRows, context.CancellationToken)
            : await indicatorWorkbooks.IdIssuanceAsync(export.UnitCode, export.AsOf, spreadsheets.MaxRows, context.CancellationToken);
        return new ExportIndicatorsResponse { Document = new Workbook(content, fileName).ToProto() };
    }

    // As ListProcedureStats reads a code for a range of months: the unit valid on its last day, or today if that is earlier.
    private static DateOnly UnitDate(Adapters.Indicators.PeriodSelection.Months months, DateOnly today)
    {
        var lastDay = months.To.AddMonths(1).AddDays(-1);
        return lastDay < today ? lastDay : today;
    }

    public override async Task<ImportOpinionUpdatesResponse> ImportOpinionUpdates(ImportOpinionUpdatesRequest request, ServerCallContext context)
    {
        var import = DocumentRequests.Validate(request, ingest.MaxFileBytes);
        var result = await opinionImport.ImportAsync(import.UnitCode, import.RequestId, import.Content,
            context.GetHttpContext().User.Identity?.Name ?? "", context.CancellationToken);
        return new ImportOpinionUpdatesResponse { Updated = result.Updated, Unchanged = result.Unchanged };
    }

    public override async Task<GetPastDialogueTemplateResponse> GetPastDialogueTemplate(GetPastDialogueTemplateRequest request, ServerCallContext context)
    {
        var unit = await units.GetAsync(DocumentRequests.Validate(request), VietnamTime.Today(clock), context.CancellationToken);
        return new GetPastDialogueTemplateResponse
        {
            Document = new Workbook(PastDialogueWorkbook.Template(unit, clock.GetUtcNow()), $"mau-doi-thoai-da-to-chuc-{unit.Code}.xlsx").ToProto(),
        };
    }

    public override async Task<ImportPastDialoguesResponse> ImportPastDialogues(ImportPastDialoguesRequest request, ServerCallContext context)
    {
        var import = DocumentRequests.Validate(request, ingest.MaxFileBytes);
        var (record, rows) = PastDialogueWorkbook.Parse(import.RequestId ?? "", import.Content, ingest, context.CancellationToken);
        // The rows' units are inside the workbook, where the security interceptor does not look: each must lie under unit_code.
        var roots = await scope.RootsAsync(import.UnitCode, context.CancellationToken);
        var outside = new Violations();
        for (var i = 0; i < record.Dialogues.Count; i++)
        {
            var code = record.Dialogues[i].UnitCode;
            if (UnitCodes.IsWellFormed(code) && await scope.ContainsCodeAsync(roots, code, context.CancellationToken) == false)
            {
                outside.Add($"rows[{rows[i]}].unit_code", ViolationCodes.DialogueOutsideUnit, $"unit {code} is outside unit {import.UnitCode}");
            }
        }

        outside.ThrowIfAny();
        try
        {
            var recorded = await past.RecordAsync(DialogueRequests.Validate(record), "dialogues", context.CancellationToken);
            var response = new ImportPastDialoguesResponse();
            response.DialogueIds.AddRange(recorded.Select(d => d.Id.ToString()));
            return response;
        }
        catch (ValidationException e)
        {
            throw PastDialogueWorkbook.AsRows(e, rows);
        }
    }
}

internal static class WorkbookMapping
{
    public static Contracts.V1.Document ToProto(this Workbook workbook) =>
        new() { Content = ByteString.CopyFrom(workbook.Content), MediaType = Workbook.MediaType, FileName = workbook.FileName };
}
