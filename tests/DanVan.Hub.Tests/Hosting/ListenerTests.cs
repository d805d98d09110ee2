using System.Net;
using System.Net.Http.Headers;
using DanVan.Hub.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Hub.Tests.Hosting;

/// <summary>
/// Each listener serves its own routes only, whatever Host header a caller forges: raw requests on the
/// gRPC port over h2c and on the web port over HTTP/1.1, with and without a credential.
/// </summary>
public sealed class ListenerTests(MigratedHubFixture fixture) : HubTest<MigratedHubFixture>(fixture)
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/")]
    [InlineData("/hangfire")]
    [InlineData("/calendars/01.ics")]
    public async Task Web_routes_do_not_answer_on_the_grpc_port_whatever_the_host_header(string path)
    {
        foreach (var credential in new[] { null, Fixture.Host.Credential })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Fixture.Host.GrpcAddress, path))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Headers.Host = $"{Fixture.Host.WebAddress.Host}:{Fixture.Host.WebAddress.Port}";
            if (credential is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            }

            using var response = await Send(request);

            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/danvan.v1.AdminUnitService/GetUnit")]
    public async Task Grpc_methods_do_not_answer_on_the_web_port_whatever_the_host_header(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fixture.Host.WebAddress, path))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // An empty message, framed as gRPC frames it.
            Content = new ByteArrayContent(new byte[5]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } },
        };
        request.Headers.Host = $"{Fixture.Host.GrpcAddress.Host}:{Fixture.Host.GrpcAddress.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Fixture.Host.Credential);

        using var response = await Send(request);

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Each_listener_still_serves_its_own_routes_whatever_the_host_header()
    {
        using var login = new HttpRequestMessage(HttpMethod.Get, new Uri(Fixture.Host.WebAddress, "/login"));
        login.Headers.Host = $"{Fixture.Host.GrpcAddress.Host}:{Fixture.Host.GrpcAddress.Port}";
        using var page = await Send(login);

        var health = await new Grpc.Health.V1.Health.HealthClient(Fixture.Host.CallInvokerFor(null)).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task An_unknown_grpc_method_is_answered_in_grpc_on_the_grpc_port()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fixture.Host.GrpcAddress, "/danvan.v1.NoSuchService/NoSuchMethod"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } },
        };

        using var response = await Send(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", GrpcStatus(response)); // UNIMPLEMENTED, as gRPC says it, not an HTTP 404
    }

    [Fact]
    public void Every_endpoint_belongs_to_one_listener()
    {
        // Web routes are mapped on the web group, which marks them; whatever else is mapped must be gRPC's,
        // or it would answer on the gRPC port.
        var endpoints = Fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        var unbound = endpoints.Where(e => e.Metadata.GetMetadata<WebListenerMetadata>() is null
            && e.Metadata.GetMetadata<Grpc.AspNetCore.Server.GrpcMethodMetadata>() is null
            && e.DisplayName?.StartsWith("gRPC - Unimplemented", StringComparison.Ordinal) != true).Select(e => e.DisplayName).ToList();

        Assert.Empty(unbound);
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<WebListenerMetadata>() is not null && e.DisplayName!.Contains("/hangfire", StringComparison.Ordinal));
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;

    private static async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeouts.Call };
        return await client.SendAsync(request);
    }
}
