using DanVan.Hub.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
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

    private HubHost(WebApplication app, Uri grpcAddress, Uri webAddress, LogCapture logs)
    {
        _app = app;
        GrpcAddress = grpcAddress;
        WebAddress = webAddress;
        Logs = logs;
        _channel = GrpcChannel.ForAddress(grpcAddress);
        CallInvoker = _channel.Intercept(new DefaultDeadline(Timeouts.Call));
        Web = new HttpClient { BaseAddress = webAddress, Timeout = Timeouts.Call };
    }

    public Uri GrpcAddress { get; }
    public Uri WebAddress { get; }
    public LogCapture Logs { get; }
    public CallInvoker CallInvoker { get; }
    public HttpClient Web { get; }
    public IServiceProvider Services => _app.Services;

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
            .. settings,
        ];
        var app = HubApplication.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            configure?.Invoke(builder);
        });
        await app.StartAsync().WaitAsync(Timeouts.Startup);
        return new HubHost(app, grpc, web, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Web.Dispose();
        _channel.Dispose();
        await _app.StopAsync().WaitAsync(Timeouts.Startup);
        await _app.DisposeAsync();
    }

    private sealed class DefaultDeadline(TimeSpan timeout) : Interceptor
    {
        private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class where TResponse : class =>
            context.Options.Deadline is null
                ? new(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + timeout))
                : context;

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithDeadline(context));

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithDeadline(context));

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithDeadline(context));
    }
}
