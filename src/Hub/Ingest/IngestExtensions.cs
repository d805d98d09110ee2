using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Pull;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Hub.Hosting;
using DanVan.Scheduler.Ingest;

namespace DanVan.Hub.Ingest;

public static class IngestExtensions
{
    /// <summary>The source adapters, the ingest pipeline, the pull sources and the indicator queries.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        // Every adapter in DanVan.Adapters is found here, so adding a source is adding an adapter class.
        foreach (var adapter in typeof(ISourceAdapter).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(ISourceAdapter))))
        {
            builder.Services.AddSingleton(typeof(ISourceAdapter), adapter);
        }

        builder.Services.AddSingleton<IngestPipeline>();
        builder.Services.AddSingleton<TypedBatches>();
        builder.Services.AddSettings<IngestOptions>(builder.Configuration, "DanVan:Ingest");
        builder.Services.AddSettings<IndicatorOptions>(builder.Configuration, "DanVan:Indicators");
        builder.Services.AddSingleton<IndicatorQueries>();

        builder.Services.AddHttpClient(SourcePuller.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        builder.Services.AddSingleton<SourcePuller>();
        builder.Services.AddTransient<PullSourceJob>();
        builder.Services.AddSettings<PullSourcesOptions>(builder.Configuration, "DanVan:Pull");
        builder.Services.AddHostedService<PullSourceRegistration>();
        return builder;
    }

    public static WebApplication MapIngest(this WebApplication app)
    {
        app.MapGrpcService<IdIssuanceGrpcService>();
        app.MapGrpcService<ProcedureStatsGrpcService>();
        app.MapGrpcService<ImportGrpcService>();
        return app;
    }
}
