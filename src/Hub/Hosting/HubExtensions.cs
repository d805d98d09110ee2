using DanVan.Hub.Calendar;
using DanVan.Hub.Database;
using DanVan.Hub.Dialogues;
using DanVan.Hub.Documents;
using DanVan.Hub.Ingest;
using DanVan.Hub.Jobs;
using DanVan.Hub.Rpc;
using DanVan.Hub.Security;
using DanVan.Hub.Units;
using DanVan.Hub.Web;

namespace DanVan.Hub.Hosting;

public static class HubExtensions
{
    public static WebApplicationBuilder AddHubServices(this WebApplicationBuilder builder)
    {
        // The listeners and the job server are part of the host's shape, so these are read at once.
        var options = Settings.Read<HubOptions>(builder.Configuration, HubOptions.Section);
        builder.Services.AddSettings<HubOptions>(builder.Configuration, HubOptions.Section);
        builder.WebHost.ConfigureKestrel(kestrel => Listeners.Configure(kestrel, options));
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddDatabase();
        // Registered before the Hangfire server so that the schema exists before any worker polls.
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.AddJobs(options);
        builder.AddIngest();
        builder.AddCalendar();
        builder.AddDialogues();
        builder.AddDocuments();
        builder.AddSecurity();
        builder.AddWebApp();
        builder.Services.AddHostedService<DatabaseNotifications>();

        builder.Services.AddSettings<StreamOptions>(builder.Configuration, "DanVan:Streams");
        builder.Services.AddSingleton<StreamLimiter>();
        builder.Services.AddSingleton<StreamInterceptor>();
        builder.Services.AddSingleton<ErrorInterceptor>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<SecurityInterceptor>();
            o.Interceptors.Add<StreamInterceptor>();
            o.Interceptors.Add<ErrorInterceptor>();
            o.MaxReceiveMessageSize = 32 * 1024 * 1024;
        });
        builder.Services.AddGrpcReflection();
        builder.AddHealth();
        builder.Services.AddHostedService<StartupBanner>();
        // Last, after everything that registers gRPC's own services (health, reflection) has run.
        builder.Services.AddGuardedRequestParsing();
        return builder;
    }

    public static WebApplication MapHubEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<HubOptions>();
        app.UseListenerBinding(options);
        app.MapGrpcService<AdminUnitGrpcService>();
        app.MapIngest();
        app.MapCalendar();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();

        var web = app.MapWebRoutes();
        app.MapSecurity(web);
        app.MapWebApp(web);
        app.MapDialogues(web);
        app.MapDocuments();
        web.MapJobsDashboard();
        return app;
    }
}
