using DanVan.Adapters.Errors;
using DanVan.Hub.Security;
using DanVan.Scheduler.Documents;

namespace DanVan.Hub.Web.Dialogues;

/// <summary>
/// A dialogue's papers (announcement, minutes, results notice) downloaded from its page as .docx or PDF,
/// composed by the documents domain as DocumentService composes them, under the page's access rule (another
/// unit's dialogue is 404). A PDF comes from the conversion job, which the download waits for as the RPC
/// does (a few seconds); when it does not come in time, the answer is 503 with Retry-After and the .docx stays at hand.
/// </summary>
public static class DialogueDocumentFiles
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public static readonly IReadOnlyDictionary<string, DocumentKind> Kinds = new Dictionary<string, DocumentKind>
    {
        ["announcement"] = DocumentKind.Announcement,
        ["minutes"] = DocumentKind.Minutes,
        ["results"] = DocumentKind.ResultsNotice,
    };

    public static void MapDialogueDocuments(this IEndpointRouteBuilder web) =>
        web.MapGet("/dialogues/{id:guid}/documents/{kind}.{format}", async (
            Guid id, string kind, string format, HttpContext http, UnitScope scope, DialogueDocumentSource source, PdfRenders pdf,
            CancellationToken cancellationToken) =>
        {
            if (!Kinds.TryGetValue(kind, out var paper) || format is not ("docx" or "pdf") || !http.User.HasScope("dialogues:read"))
            {
                return Results.NotFound();
            }

            if (http.User.UnitCodeOf() is { } own && await scope.ContainsRecordAsync(await scope.RootsAsync(own, cancellationToken), "dialogue", id, cancellationToken) != true)
            {
                return Results.NotFound();
            }

            OfficialDocument document;
            try
            {
                document = await source.DialoguePaperAsync(id, paper, cancellationToken);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }
            catch (PreconditionFailedException)
            {
                return Results.Text("Cuộc đối thoại chưa được tổ chức nên chưa có văn bản này.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status409Conflict);
            }

            var docx = DocxWriter.Write(document);
            if (format == "docx")
            {
                return Results.File(docx, DocxWriter.MediaType, document.FileStem + ".docx");
            }

            try
            {
                return Results.File(await pdf.RenderAsync(docx, cancellationToken), "application/pdf", document.FileStem + ".pdf");
            }
            catch (PdfConversionException)
            {
                http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Text("Bản PDF đang được tạo; đề nghị thử lại sau ít phút, hoặc tải bản .docx.", "text/plain; charset=utf-8",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).RequireAuthorization();
}
