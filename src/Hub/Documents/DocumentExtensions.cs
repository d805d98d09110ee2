using DanVan.Adapters.Spreadsheets;
using DanVan.Hub.Hosting;
using DanVan.Scheduler.Documents;
using DanVan.Scheduler.Spreadsheets;

namespace DanVan.Hub.Documents;

public static class DocumentExtensions
{
    /// <summary>The official papers: composition from the dialogue domain, .docx, and PDF by a conversion job (<c>DanVan:Documents</c>); the Excel workbooks (<c>DanVan:Spreadsheets</c>).</summary>
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("DanVan:Documents").Get<DocumentOptions>() ?? new DocumentOptions());
        services.AddSingleton<DialogueDocumentSource>();
        services.AddSingleton<PdfConverter>();
        services.AddSingleton<PdfRenders>();
        services.AddTransient<PdfRenderJob>();
        services.AddSettings<SpreadsheetOptions>(builder.Configuration, "DanVan:Spreadsheets");
        services.AddSingleton<DialogueWorkbooks>();
        services.AddSingleton<OpinionWorkbookImport>();
        services.AddSingleton<IndicatorWorkbooks>();
        return builder;
    }

    public static WebApplication MapDocuments(this WebApplication app)
    {
        app.MapGrpcService<DocumentGrpcService>();
        return app;
    }
}
