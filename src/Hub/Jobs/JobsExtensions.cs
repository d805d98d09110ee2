using DanVan.Hub.Database;
using DanVan.Hub.Hosting;
using DanVan.Hub.Security;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace DanVan.Hub.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire on the hub's PostgreSQL, schema <c>hangfire</c> (installed by the migrator, under its
    /// lock), with a server in this instance. Long polling (LISTEN/NOTIFY) wakes a worker as soon as a
    /// job is enqueued instead of after Hangfire's default 15-second poll.
    /// </summary>
    /// <remarks>
    /// Hangfire keeps its storage, job activator and log provider in process-wide statics and its
    /// service registrations default to them. The storage and activator are registered here per host
    /// instead, so that several hubs in one process (the functional tests) each run their jobs on
    /// their own database and services; the log provider tolerates a host whose logging was disposed.
    /// </remarks>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, HubOptions options)
    {
        var connectionString = builder.Configuration.GetConnectionString("DanVan")!;
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = DatabaseMigrator.HangfireSchema,
            PrepareSchemaIfNecessary = false,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = options.JobInvisibilityTimeout,
        };
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>())
            .UseLogProvider(new HostLogProvider(services.GetRequiredService<ILoggerFactory>())));
        if (options.JobWorkers > 0)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = options.JobWorkers;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }

        return builder;
    }

    /// <summary>
    /// The dashboard on the web listener, for logged-in operators from any host: scope jobs:read to look,
    /// jobs:write to retry, trigger or delete. The endpoint's authorization replaces Hangfire's default
    /// local-requests-only filter.
    /// </summary>
    public static void MapJobsDashboard(this IEndpointRouteBuilder web)
    {
        web.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "DanVan jobs",
            DisplayStorageConnectionString = false,
            Authorization = [],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.HasScope("jobs:write"),
        }).RequireAuthorization("jobs:read");
    }

    /// <summary>Hangfire's logging through the host's; once the host's logging is disposed, silent.</summary>
    private sealed class HostLogProvider(ILoggerFactory loggerFactory) : ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

        public ILog GetLogger(string name)
        {
            try
            {
                return _inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return new NoOpLogger();
            }
        }

        private sealed class NoOpLogger : ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
        }
    }
}
