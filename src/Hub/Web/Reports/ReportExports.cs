using DanVan.Adapters.Errors;
using DanVan.Hub.Security;
using DanVan.Hub.Web.Accounts;
using DanVan.Scheduler.Documents;
using DanVan.Scheduler.Spreadsheets;

namespace DanVan.Hub.Web.Reports;

/// <summary>
/// The report page's downloads, for the same unit and period as the page (its query string): the period
/// report paper (.docx, or PDF through the conversion job), as DocumentService.GetPeriodReport makes it,
/// and the period report workbook (.xlsx), as DocumentService's period-report export makes it.
/// A unit outside the person's subtree is 404, as on the page.
/// </summary>
public static class ReportExports
{
    public static void MapReportExports(this IEndpointRouteBuilder web)
    {
        web.MapGet("/reports/document", async (HttpContext http, CurrentUser user, UnitScope scope, DialogueDocumentSource source, PdfRenders pdf) =>
        {
            var cancellation = http.RequestAborted;
            var format = http.Request.Query["format"].ToString();
            if (Parse(http, user) is not { } query || format is not ("docx" or "pdf"))
            {
                return Results.BadRequest();
            }

            if (!await ReportQuery.InScopeAsync(user, scope, query.UnitCode, cancellation))
            {
                return Results.NotFound();
            }

            OfficialDocument document;
            try
            {
                document = await source.PeriodReportAsync(query.UnitCode, query.From, query.To, cancellation);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }

            var docx = DocxWriter.Write(document);
            if (format == "docx")
            {
                return Results.File(docx, DocxWriter.MediaType, document.FileStem + ".docx");
            }

            try
            {
                return Results.File(await pdf.RenderAsync(docx, cancellation), "application/pdf", document.FileStem + ".pdf");
            }
            catch (PdfConversionException)
            {
                // As the RPC says UNAVAILABLE: the .docx is there meanwhile.
                http.Response.Headers.RetryAfter = "30";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
        }).RequireAuthorization();
        web.MapGet("/reports/workbook", async (HttpContext http, CurrentUser user, UnitScope scope, DialogueWorkbooks workbooks) =>
        {
            if (Parse(http, user) is not { } query)
            {
                return Results.BadRequest();
            }

            if (!await ReportQuery.InScopeAsync(user, scope, query.UnitCode, http.RequestAborted))
            {
                return Results.NotFound();
            }

            try
            {
                var workbook = await workbooks.PeriodReportAsync(query.UnitCode, query.From, query.To, http.RequestAborted);
                return Results.File(workbook.Content, Workbook.MediaType, workbook.FileName);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization();
    }

    /// <summary>The report the query string names, or null when it names none (the page shows why).</summary>
    public static ReportQuery? Parse(HttpContext http, CurrentUser user)
    {
        var q = http.Request.Query;
        if (user.UnitCode is null && string.IsNullOrWhiteSpace(q["unit"]))
        {
            return null;
        }

        try
        {
            return ReportQuery.Parse(user.UnitCode ?? "", q["unit"], q["period"], q["year"], q["number"], q["from"], q["to"], user.Today);
        }
        catch (ValidationException)
        {
            return null;
        }
    }
}
