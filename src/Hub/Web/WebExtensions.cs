using System.Globalization;
using DanVan.Hub.Web.Accounts;
using DanVan.Hub.Web.Calendar;
using DanVan.Hub.Web.Dialogues;
using DanVan.Hub.Web.Layout;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace DanVan.Hub.Web;

/// <summary>
/// The secretaries' web app: Blazor static server-side rendering on the web listener (no circuits, so
/// any hub instance serves any request), Vietnamese first and English second, with its static assets
/// (the stylesheet, FullCalendar) built into the hub's output at build time.
/// </summary>
public static class WebExtensions
{
    private static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en")];

    public static IHostApplicationBuilder AddWebApp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddLocalization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<ViolationMessages>();
        builder.Services.AddSingleton<BookableDays>();
        builder.Services.AddSingleton<FreeSlots>();
        return builder;
    }

    /// <summary>Maps the pages (each needs a login unless it says otherwise) and the assets; after the security middleware.</summary>
    public static WebApplication MapWebApp(this WebApplication app, IEndpointRouteBuilder web)
    {
        app.UseAntiforgery();
        // Vietnamese unless the person chose English (cookie, or ?culture=en): not the browser's
        // language, since an office's machines are often set to English.
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });

        var assets = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "web-assets"));
        var types = new FileExtensionContentTypeProvider();
        web.MapGet("/assets/{*path}", (string path) =>
        {
            var file = assets.GetFileInfo(path);
            return file.Exists && !file.IsDirectory && types.TryGetContentType(path, out var type)
                ? Results.File(file.CreateReadStream(), type, lastModified: file.LastModified, enableRangeProcessing: false)
                : Results.NotFound();
        }).AllowAnonymous();
        web.MapRazorComponents<App>().RequireAuthorization();
        return app;
    }
}
