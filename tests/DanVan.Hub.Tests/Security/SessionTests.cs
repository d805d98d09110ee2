using System.Net;
using Dapper;
using DanVan.Hub.Database;
using DanVan.Hub.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DanVan.Hub.Tests.Security;

/// <summary>
/// Dashboard sessions end when they should: on logout (server-side, so a copy of the cookie dies too),
/// on rotation, on a change of scopes, and on a write even when the hub missed the change's notification.
/// Cookies are replayed by hand, as a thief who copied one would.
/// </summary>
public sealed class SessionTests(MigratedHubFixture fixture) : HubTest<MigratedHubFixture>(fixture)
{
    [Fact]
    public async Task Logging_out_ends_the_session_for_every_copy_of_its_cookie()
    {
        var credential = await Fixture.Host.CreateClientAsync("session-logout", ClientKind.Operator, ["jobs:read"]);
        var cookie = await LoginAsync(Fixture.Host, credential);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(Fixture.Host, cookie, "/hangfire"));

        Assert.Equal(HttpStatusCode.Redirect, await SendAsync(Fixture.Host, cookie, HttpMethod.Post, "/logout"));

        Assert.Equal(HttpStatusCode.Redirect, await GetAsync(Fixture.Host, cookie, "/hangfire"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(Fixture.Host, await LoginAsync(Fixture.Host, credential), "/hangfire"));
    }

    [Fact]
    public async Task Rotating_the_credential_ends_its_sessions()
    {
        var credential = await Fixture.Host.CreateClientAsync("session-rotate", ClientKind.Operator, ["jobs:read"]);
        var cookie = await LoginAsync(Fixture.Host, credential);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(Fixture.Host, cookie, "/hangfire"));

        HubHost.IssuedCredentials.Add(await Fixture.Host.Services.GetRequiredService<ClientRegistry>().RotateAsync("session-rotate", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Redirect, await GetAsync(Fixture.Host, cookie, "/hangfire"));
    }

    [Fact]
    public async Task Cutting_the_scopes_elsewhere_ends_the_session_on_a_read_once_the_hub_hears_of_it()
    {
        var credential = await Fixture.Host.CreateClientAsync("session-scopes", ClientKind.Operator, ["jobs:write"]);
        var cookie = await LoginAsync(Fixture.Host, credential);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(Fixture.Host, cookie, "/hangfire"));

        // Another writer (another hub, the clients command) changes the client: this hub learns of it by notification.
        await CutScopesAsync("session-scopes");

        await Timeouts.Eventually(async () => await GetAsync(Fixture.Host, cookie, "/hangfire") == HttpStatusCode.Redirect,
            Timeouts.Call, "the session to end after its scopes were cut");
    }

    [Fact]
    public async Task A_write_checks_the_registry_itself_even_when_the_hub_missed_the_change()
    {
        // A hub that hears no notification: its cached registry stays as it was.
        await using var deaf = await HubHost.StartAsync(Fixture.ConnectionString, builder => builder.Services.Remove(
            builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DatabaseNotifications))));
        var credential = await deaf.CreateClientAsync("session-deaf", ClientKind.Operator, ["jobs:write"]);
        var cookie = await LoginAsync(deaf, credential);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(deaf, cookie, "/hangfire/recurring"));

        await CutScopesAsync("session-deaf");

        // Before the session check reaches Hangfire's own (antiforgery) checks: the session is over.
        Assert.Equal(HttpStatusCode.Redirect, await SendAsync(deaf, cookie, HttpMethod.Post, "/hangfire/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", "plan-periodic-dialogues")])));
    }

    private async Task CutScopesAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.ExecuteAsync("update api_client set scopes = '{audit:read}' where name = @name", new { name });
    }

    /// <summary>Logs in and returns the session cookie as a Cookie header value.</summary>
    internal static async Task<string> LoginAsync(HubHost hub, string credential)
    {
        using var client = Browser(hub);
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("credential", credential), new("returnUrl", "/hangfire")]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The cookie may come in chunks (danvan.session, danvan.sessionC1, …): send them all back.
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private static Task<HttpStatusCode> GetAsync(HubHost hub, string cookie, string path) => SendAsync(hub, cookie, HttpMethod.Get, path);

    private static async Task<HttpStatusCode> SendAsync(HubHost hub, string cookie, HttpMethod method, string path, HttpContent? content = null)
    {
        using var client = Browser(hub);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Equal("/login", new Uri(hub.WebAddress, response.Headers.Location!).AbsolutePath);
        }

        return response.StatusCode;
    }

    /// <summary>A client that keeps no cookies of its own and follows no redirects.</summary>
    private static HttpClient Browser(HubHost hub) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = hub.WebAddress, Timeout = Timeouts.Call };
}
