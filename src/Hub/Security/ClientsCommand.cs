using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Hub.Database;
using DanVan.Hub.Hosting;

namespace DanVan.Hub.Security;

/// <summary>
/// <c>clients create NAME --kind agency|secretary|operator --scopes a:read,b:write [--unit CODE] [--expires YYYY-MM-DD]</c>,
/// <c>clients list</c>, <c>clients disable NAME</c>, <c>clients rotate NAME</c>, <c>clients scopes NAME --scopes a:read,…</c>. A new credential is
/// printed once, as the last line, so scripts can take it with <c>tail -n 1</c>.
/// </summary>
public static class ClientsCommand
{
    public const string Usage =
        "usage: clients create NAME --kind agency|secretary|operator --scopes SCOPE[,SCOPE…] [--unit CODE] [--expires YYYY-MM-DD]\n" +
        "       clients list | clients disable NAME | clients rotate NAME | clients scopes NAME --scopes SCOPE[,SCOPE…]";

    public static async Task<int> RunAsync(string[] args)
    {
        var (command, options, configuration) = CommandLine.Parse(args, ["kind", "scopes", "unit", "expires"]);
        var builder = Host.CreateApplicationBuilder(configuration);
        builder.AddDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClientRegistry>();
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);
        var registry = host.Services.GetRequiredService<ClientRegistry>();

        try
        {
            switch (command)
            {
                case ["create", var name]:
                    var kind = Enum.TryParse<ClientKind>(options.GetValueOrDefault("kind"), ignoreCase: true, out var k) ? k
                        : throw new ValidationException([new FieldViolation("--kind", ViolationCodes.ChoiceUnknown, "must be agency, secretary or operator")]);
                    var scopes = ScopesOption(options);
                    DateTimeOffset? expires = options.TryGetValue("expires", out var e)
                        ? DateOnly.TryParseExact(e, "yyyy-MM-dd", out var day) ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7))
                        : throw new ValidationException([new FieldViolation("--expires", ViolationCodes.DateInvalid, "must be a date YYYY-MM-DD")])
                        : null;
                    var (client, credential) = await registry.CreateAsync(name, kind, scopes, options.GetValueOrDefault("unit"), expires, cancellation.Token);
                    Print(client);
                    Console.WriteLine(credential);
                    return 0;
                case ["list"]:
                    foreach (var listed in await registry.ListAsync(cancellation.Token))
                    {
                        Print(listed);
                    }

                    return 0;
                case ["disable", var name]:
                    await registry.DisableAsync(name, cancellation.Token);
                    Console.WriteLine($"{name} disabled");
                    return 0;
                case ["rotate", var name]:
                    var rotated = await registry.RotateAsync(name, cancellation.Token);
                    Console.WriteLine($"{name}: new credential (the old one no longer works)");
                    Console.WriteLine(rotated);
                    return 0;
                case ["scopes", var name]:
                    await registry.SetScopesAsync(name, ScopesOption(options), cancellation.Token);
                    Console.WriteLine($"{name}: scopes replaced (its dashboard sessions have ended)");
                    return 0;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ConflictException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static string[] ScopesOption(Dictionary<string, string> options) =>
        (options.GetValueOrDefault("scopes") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Print(ApiClient client) => Console.WriteLine(
        $"{client.Name}\t{client.Kind.ToString().ToLowerInvariant()}\tscopes={string.Join(',', client.Scopes)}\tunit={client.UnitCode ?? "all"}" +
        $"\texpires={client.ExpiresAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never"}{(client.Disabled ? "\tDISABLED" : "")}");
}
