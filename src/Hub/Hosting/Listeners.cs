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
        Listen(kestrel, grpc, HttpProtocols.Http2);
        if (!(grpc.Host == web.Host && grpc.Port == web.Port))
        {
            Listen(kestrel, web, HttpProtocols.Http1);
        }
    }

    /// <summary>Host pattern matching requests that arrived on the web listener's port.</summary>
    public static string WebHostPattern(HubOptions options) => $"*:{Parse(options.WebUrl, "WebUrl").Port}";

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
