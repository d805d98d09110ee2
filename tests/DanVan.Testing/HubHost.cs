using DanVan.Hub.Hosting;
using DanVan.Hub.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DanVan.Testing;

/// <summary>
/// The real hub on Kestrel, on free loopback ports, against a given database, with a real gRPC
/// channel (every call gets a deadline unless it sets its own) and an HTTP client for the web listener.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private HubHost(WebApplication app, Uri grpcAddress, Uri webAddress, LogCapture logs, string credential)
    {
        _app = app;
        GrpcAddress = grpcAddress;
        WebAddress = webAddress;
        Logs = logs;
        Credential = credential;
        _channel = GrpcChannel.ForAddress(grpcAddress);
        CallInvoker = CallInvokerFor(credential);
        Web = WebClientFor(credential);
    }

    /// <summary>The credential of the test operator every <see cref="CallInvoker"/> call carries: every scope, the whole country.</summary>
    public string Credential { get; }

    public Uri GrpcAddress { get; }
    public Uri WebAddress { get; }
    public LogCapture Logs { get; }
    public CallInvoker CallInvoker { get; }
    public HttpClient Web { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Calls made as the holder of <paramref name="credential"/> (none: anonymous), each with a deadline unless it sets its own.</summary>
    public CallInvoker CallInvokerFor(string? credential) =>
        _channel.Intercept(new DefaultDeadline(Timeouts.Call)).Intercept(metadata =>
        {
            if (credential is not null)
            {
                metadata.Add("authorization", $"Bearer {credential}");
            }

            return metadata;
        });

    /// <summary>An HTTP client for the web listener presenting <paramref name="credential"/> (none: anonymous, no redirects followed).</summary>
    public HttpClient WebClientFor(string? credential)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = WebAddress, Timeout = Timeouts.Call };
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
        }

        return client;
    }

    /// <summary>Registers a client and returns its credential, remembered for the end-of-run scan for credentials in clear.</summary>
    public async Task<string> CreateClientAsync(string name, ClientKind kind, IReadOnlyList<string> scopes, string? unitCode = null, DateTimeOffset? expiresAt = null)
    {
        var (_, credential) = await Services.GetRequiredService<ClientRegistry>().CreateAsync(name, kind, scopes, unitCode, expiresAt, CancellationToken.None);
        IssuedCredentials.Add(credential);
        return credential;
    }

    /// <summary>Every credential issued to tests in this process.</summary>
    public static System.Collections.Concurrent.ConcurrentBag<string> IssuedCredentials { get; } = [];

    public static Task<HubHost> StartAsync(string connectionString, params string[] settings) =>
        StartAsync(connectionString, null, settings);

    /// <summary>Starts the hub; <paramref name="configure"/> may replace services (e.g. the clock) before it is built.</summary>
    public static async Task<HubHost> StartAsync(string connectionString, Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var grpc = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        var web = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        var logs = new LogCapture();
        string[] args =
        [
            $"--ConnectionStrings:DanVan={connectionString}",
            $"--DanVan:GrpcUrl={grpc.ToString().TrimEnd('/')}",
            $"--DanVan:WebUrl={web.ToString().TrimEnd('/')}",
            "--DanVan:JobWorkers=2",
            "--DanVan:Security:DemoClients=false",
            "--DanVan:Security:RequestsPerSecond=100000",
            "--DanVan:Security:Burst=100000",
            .. settings,
        ];
        var app = HubApplication.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            configure?.Invoke(builder);
        });
        await app.StartAsync().WaitAsync(Timeouts.Startup);
        var (_, credential) = await app.Services.GetRequiredService<ClientRegistry>()
            .CreateAsync($"test-operator-{Guid.NewGuid():N}"[..40], ClientKind.Operator, Scopes.All.ToList(), null, null, CancellationToken.None);
        IssuedCredentials.Add(credential);
        return new HubHost(app, grpc, web, logs, credential);
    }

    public async ValueTask DisposeAsync()
    {
        Web.Dispose();
        _channel.Dispose();
        await _app.StopAsync().WaitAsync(Timeouts.Startup);
        await _app.DisposeAsync();
    }
}
