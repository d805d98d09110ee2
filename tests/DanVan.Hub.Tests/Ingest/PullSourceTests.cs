using System.Net;
using DanVan.Scheduler.Ingest;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>Pull sources: recurring Hangfire jobs in Vietnam's time zone, one per source, fetching through the same pipeline.</summary>
public sealed class PullSourceTests : HubTest, IAsyncLifetime
{
    // The tests run each pull themselves; a cron that fired during a run would count as one of theirs.
    private static readonly string NoRunOfItsOwn = Cron.Never();

    private readonly string _folder = Directory.CreateTempSubdirectory("danvan-pull-").FullName;
    private readonly HttpListener _http = new();
    private string _url = "";
    private string _connectionString = "";
    private HubHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        var port = PostgresServer.FreePort();
        _url = $"http://127.0.0.1:{port}/portal/";
        _http.Prefixes.Add(_url);
        _http.Start();
        _ = ServePortalReportAsync();

        _connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap).WaitAsync(Timeouts.Startup);
        _host = await StartHubAsync(_connectionString,
            "--DanVan:Pull:Sources:0:Name=one-stop-drop", $"--DanVan:Pull:Sources:0:Location={_folder}",
            "--DanVan:Pull:Sources:0:Format=one-stop-json", $"--DanVan:Pull:Sources:0:Cron={NoRunOfItsOwn}",
            "--DanVan:Pull:Sources:1:Name=portal", $"--DanVan:Pull:Sources:1:Location={_url}report.xml",
            "--DanVan:Pull:Sources:1:Format=portal-xml", $"--DanVan:Pull:Sources:1:Cron={NoRunOfItsOwn}",
            "--DanVan:Pull:Sources:2:Name=missing-folder", "--DanVan:Pull:Sources:2:Location=/nonexistent/danvan",
            "--DanVan:Pull:Sources:2:Format=portal-xml", $"--DanVan:Pull:Sources:2:Cron={NoRunOfItsOwn}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _http.Close();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Each_source_is_a_recurring_job_in_vietnam_time_that_ingests_new_files_once()
    {
        using (var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var recurring = connection.GetRecurringJobs().ToDictionary(j => j.Id);
            Assert.Equal("Asia/Ho_Chi_Minh", recurring["pull-source:one-stop-drop"].TimeZoneId);
            Assert.Equal(NoRunOfItsOwn, recurring["pull-source:one-stop-drop"].Cron);
            Assert.Equal("Asia/Ho_Chi_Minh", recurring["pull-source:portal"].TimeZoneId);
        }

        await File.WriteAllBytesAsync(Path.Combine(_folder, "2025-09.json"), SourceFiles.OneStopJson(
            SourceFiles.OneStopItem("00004", "2025-09", 1, 2, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1)));
        await RunAsync("pull-source:one-stop-drop", expectedSucceeded: 1);
        Assert.Equal(1, await BatchesAsync("one-stop"));

        var state = await IngestTestSupport.StoreStateAsync(_connectionString);
        await RunAsync("pull-source:one-stop-drop", expectedSucceeded: 2);
        Assert.Equal(state, await IngestTestSupport.StoreStateAsync(_connectionString));

        await File.WriteAllBytesAsync(Path.Combine(_folder, "2025-10.json"), SourceFiles.OneStopJson(
            SourceFiles.OneStopItem("00004", "2025-10", 1, 2, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1)));
        await RunAsync("pull-source:one-stop-drop", expectedSucceeded: 3);
        Assert.Equal(2, await BatchesAsync("one-stop"));
    }

    [Fact]
    public async Task An_http_source_is_fetched_through_the_same_pipeline()
    {
        await RunAsync("pull-source:portal", expectedSucceeded: 1);

        Assert.Equal(1, await BatchesAsync("portal"));
        Assert.Equal(465, await IngestTestSupport.ScalarAsync<long>(_connectionString,
            "select value from observation where source = 'portal' and indicator = 'proc.received'"));
    }

    [Fact]
    public async Task An_unreachable_source_fails_and_is_scheduled_for_retry()
    {
        var jobs = _host.Services.GetRequiredService<IRecurringJobManager>();
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Expect(e => e.Category.StartsWith("Hangfire", StringComparison.Ordinal));

        jobs.Trigger("pull-source:missing-folder");

        await Timeouts.Eventually(() => Task.FromResult(monitoring.ScheduledJobs(0, 10).Any(j =>
                j.Value.Job is { Args: ["missing-folder", ..] })),
            Timeouts.Call, "the failed pull to be scheduled for retry");
    }

    private async Task RunAsync(string jobId, int expectedSucceeded)
    {
        var monitoring = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        _host.Services.GetRequiredService<IRecurringJobManager>().Trigger(jobId);
        // Counted per job: an applied batch also enqueues other jobs (the dialogue trigger rules).
        await Timeouts.Eventually(() => Task.FromResult(monitoring.SucceededJobs(0, 10_000)
                .Count(j => j.Value.Job?.Type == typeof(PullSourceJob) && $"pull-source:{j.Value.Job.Args[0]}" == jobId) >= expectedSucceeded),
            Timeouts.Call, $"{jobId} to succeed ({expectedSucceeded})");
    }

    private Task<int> BatchesAsync(string source) =>
        IngestTestSupport.ScalarAsync<int>(_connectionString, "select count(*) from ingest_batch where source = @source", new { source });

    private async Task ServePortalReportAsync()
    {
        var body = SourceFiles.PortalXml("09/2025", SourceFiles.PortalUnit("00008", 465, 340, 457, 450, 7, "98,47%"));
        while (_http.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _http.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            context.Response.ContentType = "application/xml";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
