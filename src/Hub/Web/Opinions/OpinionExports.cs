using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Hub.Web.Accounts;
using DanVan.Scheduler.Spreadsheets;

namespace DanVan.Hub.Web.Opinions;

/// <summary>
/// The board's filtered view as the opinions workbook (the same export as ExportOpinions), for the
/// person's own unit and its subtree only; the agencies answer in it and it comes back through the
/// board's upload form.
/// </summary>
public static class OpinionExports
{
    public static void MapOpinionExports(this IEndpointRouteBuilder web)
    {
        web.MapGet("/opinions/export", async (HttpContext http, CurrentUser user, DialogueWorkbooks workbooks) =>
        {
            if (user.UnitCode is not { } unit)
            {
                return Results.NotFound();
            }

            var q = http.Request.Query;
            var status = OpinionTexts.Parse(q["status"].ToString());
            var from = Date(q["from"]);
            var to = Date(q["to"]);
            if ((status is null && !string.IsNullOrEmpty(q["status"])) || from is { Valid: false } || to is { Valid: false })
            {
                return Results.BadRequest();
            }

            try
            {
                var workbook = await workbooks.OpinionsAsync(unit, user.Today, status, string.IsNullOrEmpty(q["agency"]) ? null : q["agency"].ToString(),
                    from?.Date, to?.Date, q["overdue"] == "true" ? true : null, http.RequestAborted);
                return Results.File(workbook.Content, Workbook.MediaType, workbook.FileName);
            }
            catch (PreconditionFailedException)
            {
                // More rows than a workbook holds: the board says to narrow the filter.
                return Results.Conflict();
            }
        }).RequireAuthorization();
    }

    private static (bool Valid, DateOnly? Date)? Date(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (true, date) : (false, null);
}
