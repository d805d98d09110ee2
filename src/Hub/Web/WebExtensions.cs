using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Hub.Dialogues;
using DanVan.Hub.Web.Accounts;
using DanVan.Hub.Web.Calendar;
using DanVan.Hub.Web.Dialogues;
using DanVan.Hub.Web.Layout;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;
using DanVan.Hub.Web.Opinions;
using DanVan.Hub.Web.Reports;
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
        builder.Services.AddSingleton<CalendarSubscriptions>();
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
        // A person's calendar subscription: the token in the path is the only credential, since calendar apps send no header.
        web.MapGet("/calendars/subscriptions/{token}.ics", async (
            string token, CalendarSubscriptions subscriptions, DialogueReports reports, CalendarDialogues calendar, WorkingCalendar workingCalendar,
            TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (token.Length > 100 || await subscriptions.UnitOfAsync(token, cancellationToken) is not { } unitCode)
            {
                return Results.NotFound();
            }

            AdminUnit unit;
            IReadOnlyList<long> roots;
            try
            {
                (unit, roots) = await reports.ScopeAsync(unitCode, VietnamTime.Today(clock), cancellationToken);
            }
            catch (NotFoundException)
            {
                // The account's unit no longer exists (merged away): there is no feed to give.
                return Results.NotFound();
            }

            var dialogues = await calendar.ListAsync(roots, 5000, cancellationToken);
            return Results.Text(CalendarFeed.Render(unit, dialogues, workingCalendar.IsProvisional), "text/calendar; charset=utf-8");
        }).AllowAnonymous();
        web.MapDialogueDocuments();
        web.MapPost("/culture", async (HttpContext http) =>
        {
            // The person's choice of language, kept by the standard cookie the localization middleware reads.
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var culture = Cultures.FirstOrDefault(c => c.Name == form["culture"].ToString()) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            var returnUrl = form["returnUrl"].ToString();
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
        }).RequireAuthorization();
        web.MapReportExports();
        web.MapOpinionExports();
        web.MapRazorComponents<App>().RequireAuthorization();
        return app;
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
