using Microsoft.Extensions.Options;

namespace DanVan.Hub.Hosting;

/// <summary>Tells whoever started the hub where to reach it, once it is listening.</summary>
public sealed class StartupBanner(IHostApplicationLifetime lifetime, IOptions<HubOptions> options, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "DanVan hub ready: gRPC {GrpcUrl} (health, reflection), dashboard {DashboardUrl}",
            options.Value.GrpcUrl, options.Value.WebUrl.TrimEnd('/') + "/hangfire"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
