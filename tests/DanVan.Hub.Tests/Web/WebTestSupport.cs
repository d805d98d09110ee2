using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using DanVan.Hub.Hosting;
using DanVan.Hub.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Hub.Tests.Web;

/// <summary>The web app's hub: the real map, its clock on Monday 2030-03-04 at 09:00 in Hanoi.</summary>
public sealed class WebHubFixture : DialogueHubFixture
{
    public const string Commune = "00004";      // Phường Ba Đình
    public const string OtherCommune = "00070"; // another ward of Hà Nội
    public const string Province = "01";        // Thành phố Hà Nội
}

internal static partial class WebTestSupport
{
    public const string Password = "mat-khau-thu-nghiem";

    /// <summary>An account with its password set (through its one-time link, as its holder would), on the hub's clock.</summary>
    public static async Task<UserAccount> CreatePersonAsync(HubHost host, string userName, UserRole role, string? unitCode)
    {
        var accounts = host.Services.GetRequiredService<UserAccounts>();
        var (_, token) = await accounts.CreateAsync(userName, role, unitCode, CancellationToken.None);
        return await accounts.SetPasswordAsync(token, Password, Password, CancellationToken.None);
    }

    /// <summary>Logs a person in over HTTP (the login page's antiforgery token first) and returns the status of the post.</summary>
    public static async Task<HttpStatusCode> LoginAsync(HttpClient client, string userName, string password)
    {
        using var page = await client.GetAsync("/login");
        var html = await page.Content.ReadAsStringAsync();
        var field = AntiforgeryField().Match(html);
        Assert.True(field.Success, "no antiforgery field on the login page");
        var token = ValueAttribute().Match(field.Value).Groups[1].Value;
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("userName", userName), new("password", password), new("returnUrl", "/")]));
        return response.StatusCode;
    }

    /// <summary>Runs <c>users ARGS</c> as its own process, as an operator would, on the hub's clock (libfaketime); returns its output's lines.</summary>
    public static async Task<string[]> RunUsersAsync(HubFixture fixture, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__DanVan"] = fixture.ConnectionString,
                ["DanVan__WebUrl"] = fixture.Host.WebAddress.ToString().TrimEnd('/'),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (name, value) in HubProcess.FakeTimeEnvironment(fixture.Clock.GetUtcNow()))
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(typeof(HubApplication).Assembly.Location);
        start.ArgumentList.Add("users");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeouts.Startup);
        Assert.True(process.ExitCode == 0, $"users {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
