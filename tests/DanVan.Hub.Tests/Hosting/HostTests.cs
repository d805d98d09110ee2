using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Hub.Tests.Hosting;

public sealed class HostTests(MigratedHubFixture fixture) : HubTest<MigratedHubFixture>(fixture)
{
    [Fact]
    public async Task Server_reflection_lists_the_public_services()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Fixture.Host.CallInvoker);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeouts.Call));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("danvan.v1.AdminUnitService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Health_answers_a_caller_without_credentials_and_reflection_does_not()
    {
        var anonymous = Fixture.Host.CallInvokerFor(null);

        var health = await new Health.HealthClient(anonymous).CheckAsync(new HealthCheckRequest());
        using var call = new ServerReflection.ServerReflectionClient(anonymous).ServerReflectionInfo();
        try
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        }
        catch (RpcException)
        {
            // The refusal may end the call before the request is written; its status comes with the response.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeouts.Call));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_served_on_the_web_listener_over_http_1_1()
    {
        using var response = await Fixture.Host.Web.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Contains("DanVan jobs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_is_not_served_on_the_grpc_listener()
    {
        // The gRPC listener speaks HTTP/2 without TLS; ask it for the dashboard in its own protocol.
        using var client = new HttpClient { Timeout = Timeouts.Call };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Fixture.Host.GrpcAddress, "/hangfire"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_enqueued_job_runs_on_the_hubs_hangfire_server()
    {
        var jobs = Fixture.Host.Services.GetRequiredService<IBackgroundJobClient>();
        var storage = Fixture.Host.Services.GetRequiredService<JobStorage>();
        var probe = Guid.NewGuid();
        var stopwatch = Stopwatch.StartNew();

        var id = jobs.Enqueue(() => ProbeJob.Run(probe));

        await ProbeJob.WaitAsync(probe).WaitAsync(Timeouts.Call);
        // Reported, not asserted: latency is measured by the benchmark, not judged by a test.
        Console.WriteLine($"enqueue-to-run: {stopwatch.ElapsedMilliseconds} ms");
        await Timeouts.Eventually(() => Task.FromResult(storage.GetMonitoringApi().JobDetails(id).History.Any(h => h.StateName == "Succeeded")),
            Timeouts.Call, "the probe job to be recorded as succeeded");
        var processing = storage.GetMonitoringApi().JobDetails(id).History.Single(h => h.StateName == "Processing");
        var servers = storage.GetMonitoringApi().Servers().Select(s => s.Name).ToList();
        Assert.Contains(processing.Data["ServerId"], servers);
    }
}

public static class ProbeJob
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource> Runs = new();

    public static void Run(Guid probe) => Runs.GetOrAdd(probe, _ => new TaskCompletionSource()).TrySetResult();

    public static Task WaitAsync(Guid probe) => Runs.GetOrAdd(probe, _ => new TaskCompletionSource()).Task;
}
