using DanVan.Adapters.Errors;
using DanVan.Hub.Database;
using DanVan.Hub.Hosting;

namespace DanVan.Hub.Web.Accounts;

/// <summary>
/// <c>users create NAME --role commune-secretary|province-secretary|viewer|operator [--unit CODE]</c>,
/// <c>users link NAME</c> (a new one-time link), <c>users list</c>, <c>users disable NAME</c>. The link
/// to set the password is printed once, as the last line, for the operator to hand over.
/// </summary>
public static class UsersCommand
{
    public const string Usage =
        "usage: users create NAME --role commune-secretary|province-secretary|viewer|operator [--unit CODE]\n" +
        "       users link NAME | users list | users disable NAME";

    public static async Task<int> RunAsync(string[] args)
    {
        var (command, options, configuration) = CommandLine.Parse(args, ["role", "unit"]);
        var builder = Host.CreateApplicationBuilder(configuration);
        builder.AddDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserAccounts>();
        var webUrl = (builder.Configuration[$"{HubOptions.Section}:WebUrl"] ?? new HubOptions().WebUrl).TrimEnd('/');
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);
        var accounts = host.Services.GetRequiredService<UserAccounts>();
        string Link(string token) => $"{webUrl}/account/password?token={token}";

        try
        {
            switch (command)
            {
                case ["create", var name]:
                    var role = UserAccounts.ParseRole(options.GetValueOrDefault("role"))
                        ?? throw new ValidationException([new FieldViolation("--role", ViolationCodes.ChoiceUnknown,
                            "must be commune-secretary, province-secretary, viewer or operator")]);
                    var (account, token) = await accounts.CreateAsync(name, role, options.GetValueOrDefault("unit"), cancellation.Token);
                    Print(account);
                    Console.WriteLine($"one-time link to set the password (valid {UserAccounts.LinkLifetime.TotalDays:0} days):");
                    Console.WriteLine(Link(token));
                    return 0;
                case ["link", var name]:
                    var link = await accounts.NewLinkAsync(name, cancellation.Token);
                    Console.WriteLine($"{name}: new one-time link (any earlier one no longer works)");
                    Console.WriteLine(Link(link));
                    return 0;
                case ["list"]:
                    foreach (var listed in await accounts.ListAsync(cancellation.Token))
                    {
                        Print(listed);
                    }

                    return 0;
                case ["disable", var name]:
                    await accounts.DisableAsync(name, cancellation.Token);
                    Console.WriteLine($"{name} disabled (its sessions have ended)");
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

    private static void Print(UserAccount account) => Console.WriteLine(
        $"{account.UserName}\t{UserAccounts.RoleName(account.Role)}\tunit={account.UnitCode ?? "all"}" +
        $"\t{(account.HasPassword ? "password set" : "no password yet")}{(account.Disabled ? "\tDISABLED" : "")}");
}
