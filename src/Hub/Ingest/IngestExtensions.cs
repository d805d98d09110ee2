using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Pull;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Scheduler.Ingest;

namespace DanVan.Hub.Ingest;

public static class IngestExtensions
{
    /// <summary>The source adapters, the ingest pipeline, the pull sources and the indicator queries.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ISourceAdapter, PoliceCsvAdapter>();
        builder.Services.AddSingleton<ISourceAdapter, PoliceXlsxAdapter>();
        builder.Services.AddSingleton<ISourceAdapter, OneStopJsonAdapter>();
        builder.Services.AddSingleton<ISourceAdapter, PortalXmlAdapter>();
        builder.Services.AddSingleton<IngestPipeline>();
        builder.Services.AddSingleton<TypedBatches>();
        builder.Services.Configure<IngestOptions>(builder.Configuration.GetSection("DanVan:Ingest"));
        builder.Services.AddSingleton(builder.Configuration.GetSection("DanVan:Indicators").Get<IndicatorOptions>() ?? new IndicatorOptions());
        builder.Services.AddSingleton<IndicatorQueries>();

        builder.Services.AddHttpClient(SourcePuller.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        builder.Services.AddSingleton<SourcePuller>();
        builder.Services.AddTransient<PullSourceJob>();
        builder.Services.Configure<PullSourcesOptions>(builder.Configuration.GetSection("DanVan:Pull"));
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
