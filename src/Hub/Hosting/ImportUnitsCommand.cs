using DanVan.Adapters.Units.Import;
using DanVan.Hub.Database;

namespace DanVan.Hub.Hosting;

/// <summary>
/// <c>import-units FOLDER</c>: migrate, import the unit lists under FOLDER (the official editions when it
/// holds them), print what each edition changed, the problems of the sources, and the counts.
/// <c>import-edition FILE [--date YYYY-MM-DD] [--dry-run]</c>: extend the map with one new edition in
/// GSO's layout, dated by <c>--date</c> or by a file named <c>YYYY-MM-DD.csv</c>, and print its summary.
/// </summary>
public static class ImportUnitsCommand
{
    public static async Task<int> RunAsync(string folder, string[] args) =>
        await WithHostAsync(args, async (services, cancellationToken) =>
        {
            var report = await services.GetRequiredService<UnitImporter>().ImportAsync(Path.GetFullPath(folder), cancellationToken);
            foreach (var edition in report.Editions)
            {
                Console.WriteLine($"edition {edition}");
            }

            foreach (var problem in report.Problems)
            {
                Console.WriteLine($"problem: {problem}");
            }

            var result = report.Written;
            Console.WriteLine(
                $"units: {result.Units.Inserted} inserted, {result.Units.Updated} updated, {result.Units.Unchanged} unchanged; " +
                $"lineage links: {result.Links.Inserted} inserted, {result.Links.Updated} updated, {result.Links.Unchanged} unchanged");
            return 0;
        });

    public static async Task<int> RunEditionAsync(string file, string[] args)
    {
        var dryRun = args.Contains("--dry-run");
        var dateIndex = Array.IndexOf(args, "--date");
        DateOnly? date = dateIndex >= 0 && dateIndex + 1 < args.Length && DateOnly.TryParseExact(args[dateIndex + 1], "yyyy-MM-dd", out var d)
            ? d
            : dateIndex >= 0 ? null : GsoFiles.DateOfFile(file);
        if (date is null)
        {
            Console.Error.WriteLine("usage: import-edition FILE [--date YYYY-MM-DD] [--dry-run] (the date is required unless FILE is named YYYY-MM-DD.csv)");
            return 2;
        }

        var hostArgs = args.Where((a, i) => a != "--dry-run" && a != "--date" && !(dateIndex >= 0 && i == dateIndex + 1)).ToArray();
        return await WithHostAsync(hostArgs, async (services, cancellationToken) =>
        {
            EditionImportReport report;
            try
            {
                report = await services.GetRequiredService<EditionImporter>().ImportAsync(date.Value, await File.ReadAllBytesAsync(file, cancellationToken), dryRun, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or Adapters.Errors.PreconditionFailedException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }

            var s = report.Summary;
            foreach (var change in s.Changes)
            {
                Console.WriteLine($"{change.Kinds.ToString().ToLowerInvariant()}: {change.Code} {change.Before?.Name} → {change.After?.Name}");
            }

            Console.WriteLine($"{(dryRun ? "dry run, nothing written: " : "")}edition {s}; " +
                              $"versions {report.Written.Units.Inserted} inserted, {report.Written.Units.Updated} updated; lineage links {report.Written.Links.Inserted} inserted");
            return 0;
        });
    }

    private static async Task<int> WithHostAsync(string[] args, Func<IServiceProvider, CancellationToken, Task<int>> run)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);
        return await run(host.Services, cancellation.Token);
    }
}
