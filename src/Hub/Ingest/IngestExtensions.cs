using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Sources;

namespace DanVan.Hub.Ingest;

public static class IngestExtensions
{
    /// <summary>The source adapters, the ingest pipeline and the indicator queries.</summary>
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
