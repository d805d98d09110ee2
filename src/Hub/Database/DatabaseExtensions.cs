using DanVan.Adapters.Units;
using DanVan.Hub.Rpc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using DanVan.Adapters.Units.Import;
using Npgsql;

namespace DanVan.Hub.Database;

public static class DatabaseExtensions
{
    /// <summary>One <see cref="NpgsqlDataSource"/> for the process, the migrator and the unit map's store.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("DanVan");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:DanVan (ConnectionStrings__DanVan) is not set. Start the hub with ./danvan.sh run, " +
                "which starts a private PostgreSQL when none is configured.");
        }

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString)
        {
            Name = "danvan",
        }.Build());
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<UnitMapWriter>();
        builder.Services.AddSingleton<UnitImporter>();
        builder.Services.AddSingleton<EditionImporter>();
        builder.Services.AddSingleton<IUnitRegistry, UnitRegistry>();
        return builder;
    }

    /// <summary>
    /// <c>grpc.health.v1.Health</c>: the whole server ("") and each <c>danvan.v1</c> service by name are
    /// SERVING while the database check passes. The check is published every 2 s, so a watcher hears of
    /// the database going away or coming back within seconds.
    /// </summary>
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatabaseHealthCheck>();
        builder.Services.AddGrpcHealthChecks(o =>
            {
                o.Services.Map("", r => r.Tags.Contains(DatabaseHealthCheck.Tag));
                foreach (var service in Contract.Services)
                {
                    o.Services.Map(service.FullName, r => r.Tags.Contains(DatabaseHealthCheck.Tag));
                }
            })
            .Add(new HealthCheckRegistration("database", sp => sp.GetRequiredService<DatabaseHealthCheck>(), null, [DatabaseHealthCheck.Tag]));
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(1);
            o.Period = TimeSpan.FromSeconds(2);
        });
        // The check logs its own changes of state; the health service would log every failing probe as an error.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        return builder;
    }
}
