using DanVan.Adapters.Units;
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
        builder.Services.AddSingleton<IUnitRegistry, UnitRegistry>();
        return builder;
    }
}
