using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Hub.Database;
using DanVan.Hub.Hosting;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// <c>import-past-dialogues FILE [--request-id ID]</c>: records the dialogues of a filled past-dialogues
/// template (an archive an operator enters) through the same checks as the ImportPastDialogues RPC,
/// all or nothing; every bad row is printed with its row number and code. The request id (by default the
/// file's name) makes running it again on the same file record nothing new.
/// </summary>
public static class PastDialoguesCommand
{
    public const string Usage = "usage: import-past-dialogues FILE.xlsx [--request-id ID]";

    public static async Task<int> RunAsync(string file, string[] args)
    {
        var (words, options, configuration) = CommandLine.Parse(args, ["request-id"]);
        if (words.Length > 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(configuration);
        builder.AddDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSettings<DialogueOptions>(builder.Configuration, "DanVan:Dialogues");
        builder.Services.AddSettings<IngestOptions>(builder.Configuration, "DanVan:Ingest");
        builder.Services.AddSingleton<OpinionStore>();
        builder.Services.AddSingleton<DialogueStore>();
        builder.Services.AddSingleton<DialogueOutbox>();
        builder.Services.AddSingleton<PastDialogues>();
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);

        IReadOnlyList<int> rows = [];
        try
        {
            var content = await File.ReadAllBytesAsync(file, cancellation.Token);
            var requestId = options.GetValueOrDefault("request-id") ?? Path.GetFileName(file);
            (var request, rows) = PastDialogueWorkbook.Parse(requestId, content, host.Services.GetRequiredService<IngestOptions>(), cancellation.Token);
            var recorded = await host.Services.GetRequiredService<PastDialogues>().RecordAsync(DialogueRequests.Validate(request), "dialogues", cancellation.Token);
            Console.WriteLine($"{recorded.Count} past dialogues recorded (request id {requestId})");
            return 0;
        }
        catch (ValidationException e)
        {
            foreach (var violation in PastDialogueWorkbook.AsRows(e, rows).Violations)
            {
                Console.Error.WriteLine($"{violation.Field}: {violation.Code}: {violation.Description}");
            }

            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConflictException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
