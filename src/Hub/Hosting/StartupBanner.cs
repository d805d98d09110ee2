using Microsoft.Extensions.Options;

namespace DanVan.Hub.Hosting;

/// <summary>
/// Tells whoever started the hub where to reach it, once it is listening: a log entry, and the same
/// as a plain line on stdout so a person reading the JSON logs of the run command sees it at once.
/// </summary>
public sealed partial class StartupBanner(IHostApplicationLifetime lifetime, IOptions<HubOptions> options, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var grpc = options.Value.GrpcUrl;
            var dashboard = options.Value.WebUrl.TrimEnd('/') + "/hangfire";
            LogReady(logger, grpc, dashboard);
            Console.Out.WriteLine($"DanVan hub ready. gRPC: {grpc}  dashboard: {dashboard}");
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "DanVan hub ready: gRPC {GrpcUrl} (health, reflection), dashboard {DashboardUrl}")]
    private static partial void LogReady(ILogger logger, string grpcUrl, string dashboardUrl);
}
