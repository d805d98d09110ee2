using System.Text.Json;
using DanVan.Adapters.Errors;
using DanVan.Hub.Database;
using DanVan.Scheduler.Calendar;

namespace DanVan.Hub.Calendar;

/// <summary>
/// <c>holidays list</c> prints the stored decisions as JSON; <c>holidays set FILE</c> stores the
/// decision in FILE (one year, in the shape of the shipped <c>holiday-decisions.json</c>), replacing
/// that year's. Running hubs reload it at once.
/// </summary>
public static class HolidaysCommand
{
    public const string Usage = "usage: holidays list | holidays set FILE.json";

    public static async Task<int> RunAsync(string[] args)
    {
        var (words, configuration) = Split(args);
        var builder = Host.CreateApplicationBuilder(configuration);
        builder.AddDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HolidayDecisions>();
        builder.Services.AddSingleton<HolidayDecisionStore>();
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);
        var store = host.Services.GetRequiredService<HolidayDecisionStore>();
        await store.SeedAsync(HolidayDecision.Shipped, cancellation.Token);

        try
        {
            switch (words)
            {
                case ["list"]:
                    Console.WriteLine(JsonSerializer.Serialize(await store.LoadAsync(cancellation.Token), HolidayDecision.Json));
                    return 0;
                case ["set", var file]:
                    HolidayDecision decision;
                    try
                    {
                        decision = JsonSerializer.Deserialize<HolidayDecision>(await File.ReadAllTextAsync(file, cancellation.Token), HolidayDecision.Json)
                            ?? throw new ValidationException([new FieldViolation(file, ViolationCodes.ContentEmpty, "holds no decision")]);
                    }
                    catch (JsonException e)
                    {
                        throw new ValidationException([new FieldViolation(e.Path ?? file, ViolationCodes.ContentUnreadable, e.Message)]);
                    }

                    // Members the file leaves out are empty, so that the checks name them instead of failing.
                    decision = decision with
                    {
                        Periods = (decision.Periods ?? []).Select(p => p with { WorkingDays = p.WorkingDays ?? [], LegalSource = p.LegalSource ?? "" }).ToList(),
                        Note = decision.Note ?? "",
                    };
                    var stored = await store.SetAsync(decision, $"holidays command ({Environment.UserName})", cancellation.Token);
                    Console.WriteLine($"{stored.Decision.Year}: decision stored ({stored.Decision.Periods.Count} holidays decided)");
                    return 0;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is ValidationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    /// <summary>The command's words, and the configuration arguments (<c>--key=value</c> or <c>--key value</c>) around them.</summary>
    private static (string[] Words, string[] Configuration) Split(string[] args)
    {
        var words = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(args[i]);
                continue;
            }

            configuration.Add(args[i]);
            if (!args[i].Contains('=') && i + 1 < args.Length)
            {
                configuration.Add(args[++i]);
            }
        }

        return (words.ToArray(), configuration.ToArray());
    }
}
