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

    private HubHost(WebApplication app, TestClock clock, Uri grpcAddress, Uri webAddress, LogCapture logs, string credential)
    {
        _app = app;
        Clock = clock;
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

    /// <summary>
    /// Where a test hub's clock starts unless its test says otherwise: Wednesday 14 January 2026, 09:00
    /// in Hanoi — after the 2025 reform of the map, with every month of 2025 the tests report on past.
    /// </summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 14, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>
    /// Settings every test hub runs with, in process or as its own process: no demo clients, limits
    /// out of the way, and no recurring job that fires by itself (a test that wants one triggers it).
    /// They come before a test's own settings, which override them.
    /// </summary>
    public static readonly IReadOnlyList<string> TestSettings =
    [
        "--DanVan:Security:DemoClients=false",
        // The clock stands still, so the allowance never refills: make it one no test or benchmark uses up.
        "--DanVan:Security:RequestsPerSecond=1000000",
        "--DanVan:Security:Burst=2000000000",
        "--DanVan:Security:AnonymousPerSecond=1000000",
        "--DanVan:Security:AnonymousBurst=2000000000",
        $"--DanVan:Dialogues:PlanCron={Hangfire.Cron.Never()}",
        $"--DanVan:Dialogues:TriggerCron={Hangfire.Cron.Never()}",
        $"--DanVan:Dialogues:OverdueSweepCron={Hangfire.Cron.Never()}",
    ];

    /// <summary>The hub's clock: it stands still unless the test moves it.</summary>
    public TestClock Clock { get; }

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
        StartAsync(connectionString, new TestClock(DefaultStart), null, settings);

    public static Task<HubHost> StartAsync(string connectionString, Action<WebApplicationBuilder>? configure, params string[] settings) =>
        StartAsync(connectionString, new TestClock(DefaultStart), configure, settings);

    /// <summary>Starts the hub on <paramref name="clock"/>; <paramref name="configure"/> may replace services before it is built.</summary>
    public static async Task<HubHost> StartAsync(string connectionString, TestClock clock, Action<WebApplicationBuilder>? configure, params string[] settings)
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
            // Everything from Debug up reaches the capture, which keeps Information and up and forwards
            // the rest only to a test that watches this hub (HubTest).
            "--Logging:LogLevel:Default=Debug",
            // ASP.NET Core's own server internals stay at Information: at Debug, Kestrel's per-stream
            // entries slow a hub under a storm of streams enough that it refuses new ones.
            "--Logging:LogLevel:Microsoft.AspNetCore=Information",
            .. TestSettings,
            .. settings,
        ];
        var app = HubApplication.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<TimeProvider>(clock);
            configure?.Invoke(builder);
        });
        await app.StartAsync().WaitAsync(Timeouts.Startup);
        var (_, credential) = await app.Services.GetRequiredService<ClientRegistry>()
            .CreateAsync($"test-operator-{Guid.NewGuid():N}"[..40], ClientKind.Operator, Scopes.All.ToList(), null, null, CancellationToken.None);
        IssuedCredentials.Add(credential);
        return new HubHost(app, clock, grpc, web, logs, credential);
    }

    public async ValueTask DisposeAsync()
    {
        Web.Dispose();
        _channel.Dispose();
        await _app.StopAsync().WaitAsync(Timeouts.Startup);
        await _app.DisposeAsync();
    }
}
