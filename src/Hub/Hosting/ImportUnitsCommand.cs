using DanVan.Adapters.Units.Import;
using DanVan.Hub.Database;

namespace DanVan.Hub.Hosting;

/// <summary><c>import-units FOLDER</c>: migrate, import the unit lists under FOLDER, print the counts.</summary>
public static class ImportUnitsCommand
{
    public static async Task<int> RunAsync(string folder, string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);
        var result = await host.Services.GetRequiredService<UnitImporter>()
            .ImportAsync(Path.GetFullPath(folder), cancellation.Token);
        Console.WriteLine(
            $"units: {result.Units.Inserted} inserted, {result.Units.Updated} updated, {result.Units.Unchanged} unchanged; " +
            $"lineage links: {result.Links.Inserted} inserted, {result.Links.Updated} updated, {result.Links.Unchanged} unchanged");
        return 0;
    }
}
