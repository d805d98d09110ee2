using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DanVan.Hub.Hosting;

/// <summary>
/// Kestrel listeners: cleartext gRPC needs an HTTP/2-only endpoint (a client speaking h2c with prior
/// knowledge cannot negotiate on an HTTP/1.1+2 cleartext endpoint), while the dashboard needs HTTP/1.1.
/// An https URL gets TLS with ALPN and both protocols, so one port can serve everything in production.
/// </summary>
public static class Listeners
{
    public static void Configure(KestrelServerOptions kestrel, HubOptions options)
    {
        var grpc = Parse(options.GrpcUrl, "GrpcUrl");
        var web = Parse(options.WebUrl, "WebUrl");
        // A client may hold its allowance of watches (DanVan:Streams:WatchesPerClient, 100) and make calls
        // besides on one connection. Kestrel's default of 100 streams would queue those calls, and it
        // refuses every new stream (ENHANCE_YOUR_CALM) once twice that many are still finishing, which
        // a client cancelling many streams at once reaches; the per-client caps are the hub's own limit.
        kestrel.Limits.Http2.MaxStreamsPerConnection = 500;
        Listen(kestrel, grpc, HttpProtocols.Http2);
        if (!(grpc.Host == web.Host && grpc.Port == web.Port))
        {
            Listen(kestrel, web, HttpProtocols.Http1);
        }
    }

    /// <summary>
    /// The routes of the web listener: every endpoint mapped through this group carries
    /// <see cref="WebListenerMetadata"/>; every other one (the gRPC services and their fallbacks for
    /// unknown methods) belongs to the gRPC listener.
    /// </summary>
    public static RouteGroupBuilder MapWebRoutes(this WebApplication app)
    {
        var web = app.MapGroup("");
        web.WithMetadata(WebListenerMetadata.Instance);
        return web;
    }

    /// <summary>
    /// Binds every endpoint to its listener, whatever the Host header says (it is the caller's to
    /// choose): the port a connection arrived on decides, and a request on the other one is 404, before
    /// authentication. With one listener for both (TLS), the ports are the same and everything answers on it.
    /// </summary>
    public static void UseListenerBinding(this WebApplication app, HubOptions options)
    {
        var grpcPort = Parse(options.GrpcUrl, "GrpcUrl").Port;
        var webPort = Parse(options.WebUrl, "WebUrl").Port;
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint
                && context.Connection.LocalPort != (endpoint.Metadata.GetMetadata<WebListenerMetadata>() is null ? grpcPort : webPort))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    private static Uri Parse(string url, string key) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"DanVan:{key} must be an http:// or https:// URL, not '{url}'.");

    private static void Listen(KestrelServerOptions kestrel, Uri uri, HttpProtocols cleartextProtocols)
    {
        void Configure(ListenOptions listen)
        {
            if (uri.Scheme == "https")
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps();
            }
            else
            {
                listen.Protocols = cleartextProtocols;
            }
        }

        if (uri.Host is "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
        }
        else if (uri.Host is "*" or "+" or "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(uri.Port, Configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port, Configure);
        }
    }
}

/// <summary>Marks an endpoint as one of the web listener's (see <see cref="Listeners.MapWebRoutes"/>).</summary>
public sealed class WebListenerMetadata
{
    public static readonly WebListenerMetadata Instance = new();

    private WebListenerMetadata()
    {
    }
}
