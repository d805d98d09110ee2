using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Hub.Tests.Hosting;

public sealed class JobServerTests : HubTest
{
    [Fact]
    public async Task A_job_running_longer_than_the_invisibility_timeout_is_not_picked_up_again_by_another_server()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.Migrated).WaitAsync(Timeouts.Startup);
        string[] settings = ["--DanVan:JobInvisibilityTimeout=00:00:03"];
        await using var first = await StartHubAsync(connectionString, settings);
        await using var second = await StartHubAsync(connectionString, settings);
        var storage = first.Services.GetRequiredService<JobStorage>();
        var probe = Guid.NewGuid();

        var id = first.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => LongJob.RunAsync(probe, 10));

        await Timeouts.Eventually(() => Task.FromResult(storage.GetMonitoringApi().JobDetails(id).History.Any(h => h.StateName == "Succeeded")),
            Timeouts.Call * 2, "the long job to succeed");
        Assert.Equal(1, LongJob.Runs(probe));
        Assert.Single(storage.GetMonitoringApi().JobDetails(id).History, h => h.StateName == "Processing");
    }
}

public static class LongJob
{
    private static readonly ConcurrentDictionary<Guid, int> Started = new();

    public static int Runs(Guid probe) => Started.GetValueOrDefault(probe);

    /// <summary>Runs for <paramref name="seconds"/>, several times the invisibility timeout of the test's servers.</summary>
    public static Task RunAsync(Guid probe, int seconds)
    {
        Started.AddOrUpdate(probe, 1, (_, runs) => runs + 1);
        return Task.Delay(TimeSpan.FromSeconds(seconds));
    }
}
