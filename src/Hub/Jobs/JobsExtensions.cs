using DanVan.Hub.Database;
using DanVan.Hub.Hosting;
using Hangfire;
using Hangfire.PostgreSql;

namespace DanVan.Hub.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire on the hub's PostgreSQL, schema <c>hangfire</c> (installed by the migrator, under its
    /// lock), with a server in this instance. Long polling (LISTEN/NOTIFY) wakes a worker as soon as a
    /// job is enqueued instead of after Hangfire's default 15-second poll.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, HubOptions options)
    {
        var connectionString = builder.Configuration.GetConnectionString("DanVan")!;
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                o => o.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = DatabaseMigrator.HangfireSchema,
                    PrepareSchemaIfNecessary = false,
                    EnableLongPolling = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                }));
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = options.JobWorkers;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return builder;
    }

    /// <summary>The dashboard on the web listener; for now only to requests from this machine.</summary>
    public static void MapJobsDashboard(this WebApplication app, string webHost)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "DanVan jobs",
            DisplayStorageConnectionString = false,
        }).RequireHost(webHost);
    }
}
