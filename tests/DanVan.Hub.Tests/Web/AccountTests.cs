using System.Net;
using Dapper;
using DanVan.Hub.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// People's accounts in real Chromium and over plain HTTP: an operator creates one from the command line,
/// its holder sets a password by the one-time link, logs in and out; lockout, a disabled account, a
/// cookie read by another hub instance, and the jobs dashboard opened by an operator's login.
/// </summary>
public sealed class AccountTests(WebHubFixture fixture, Chromium chromium) : HubTest<WebHubFixture>(fixture), IClassFixture<Chromium>
{
    [Fact]
    public async Task A_new_account_sets_its_password_by_the_one_time_link_then_logs_in_and_out()
    {
        var lines = await WebTestSupport.RunUsersAsync(Fixture, "create", "thuky.badinh", "--role", "commune-secretary", "--unit", WebHubFixture.Commune);
        var link = lines[^1];
        Assert.StartsWith(Fixture.Host.WebAddress + "account/password?token=", link);
        var page = await chromium.OpenAsync(Fixture.Host);

        await page.GotoAsync(link);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("account-set-password");
        await page.GetByLabel("Mật khẩu mới").FillAsync("mot-mat-khau-dai");
        await page.GetByLabel("Nhập lại mật khẩu").FillAsync("mat-khau-khac-han");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đặt mật khẩu" }).ClickAsync();
        Assert.Equal("Hai lần nhập mật khẩu không khớp nhau.", await page.Locator("#confirmation-error").InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Mật khẩu mới").FillAsync("mot-mat-khau-dai");
        await page.GetByLabel("Nhập lại mật khẩu").FillAsync("mot-mat-khau-dai");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đặt mật khẩu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Đã đặt mật khẩu. Mời đồng chí đăng nhập.");

        // The link is spent.
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Đường dẫn không hợp lệ");

        await page.GotoAsync("/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("account-login");
        await page.GetByLabel("Tên đăng nhập").FillAsync("thuky.badinh");
        await page.GetByLabel("Mật khẩu", new() { Exact = true }).FillAsync("sai-mat-khau-roi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");
        await page.GetByLabel("Mật khẩu", new() { Exact = true }).FillAsync("mot-mat-khau-dai");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).First.ClickAsync();

        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("thuky.badinh");
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Phường Ba Đình");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "danvan.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.False(session.Secure); // plain http here; under https the cookie is Secure

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.GotoAsync("/");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_out_even_for_the_right_password()
    {
        Expect(e => e.Category == "Microsoft.AspNetCore.Antiforgery.DefaultAntiforgery");
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "thuky.khoa", UserRole.CommuneSecretary, WebHubFixture.Commune);
        using var client = Fixture.Host.WebClientFor(null);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await WebTestSupport.LoginAsync(client, "thuky.khoa", "khong-phai-mat-khau"));
        }

        Assert.Equal((HttpStatusCode)429, await WebTestSupport.LoginAsync(client, "thuky.khoa", WebTestSupport.Password));
        Fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, await WebTestSupport.LoginAsync(client, "thuky.khoa", WebTestSupport.Password));

        // A post without the form's token is refused before any password is checked.
        using var forged = await client.PostAsync("/login", new FormUrlEncodedContent([new("userName", "thuky.khoa"), new("password", WebTestSupport.Password)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_at_once()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "thuky.tat", UserRole.CommuneSecretary, WebHubFixture.Commune);
        using var client = Fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await WebTestSupport.LoginAsync(client, "thuky.tat", WebTestSupport.Password));
        using (var open = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        await WebTestSupport.RunUsersAsync(Fixture, "disable", "thuky.tat");

        using var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/login", new Uri(Fixture.Host.WebAddress, after.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, await WebTestSupport.LoginAsync(client, "thuky.tat", WebTestSupport.Password));
    }

    [Fact]
    public async Task A_session_the_hub_has_cached_ends_on_the_next_request_after_the_change_is_notified()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "thuky.nhobo", UserRole.CommuneSecretary, WebHubFixture.Commune);
        using var client = Fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await WebTestSupport.LoginAsync(client, "thuky.nhobo", WebTestSupport.Password));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/"));

        // Disabled by a writer that has not notified yet: the hub still answers reads from the row it cached ...
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.ExecuteAsync("update user_account set disabled = true where user_name = 'thuky.nhobo'");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/"));

        // ... until the notification every writer of accounts sends arrives: then the session is over.
        await connection.ExecuteAsync("select pg_notify(@Channel, '')", new { UserAccounts.Channel });
        await Timeouts.Eventually(async () => await StatusAsync(client, "/") == HttpStatusCode.Redirect,
            Timeouts.Call, "the disabled account's session to end after the notification");
        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(client, "/"));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_cookie_issued_by_one_hub_is_accepted_by_another_on_the_same_database()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "thuky.haihub", UserRole.ProvinceSecretary, WebHubFixture.Province);
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Fixture.Host.WebAddress };
        Assert.Equal(HttpStatusCode.Redirect, await WebTestSupport.LoginAsync(client, "thuky.haihub", WebTestSupport.Password));
        var other = await StartHubAsync(Fixture.ConnectionString);
        await using var _ = other;

        // The same cookies (session and antiforgery) sent to the other instance, as a load balancer would.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(other.WebAddress, "/"));
        request.Headers.Add("Cookie", cookies.GetCookieHeader(Fixture.Host.WebAddress));
        using var anonymous = other.WebClientFor(null);
        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("thuky.haihub", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_operators_login_opens_the_jobs_dashboard_and_a_viewers_does_not()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "vanhanh", UserRole.Operator, null);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "nguoixem", UserRole.Viewer, WebHubFixture.Province);
        using var operatorClient = Fixture.Host.WebClientFor(null);
        using var viewerClient = Fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await WebTestSupport.LoginAsync(operatorClient, "vanhanh", WebTestSupport.Password));
        Assert.Equal(HttpStatusCode.Redirect, await WebTestSupport.LoginAsync(viewerClient, "nguoixem", WebTestSupport.Password));

        using var dashboard = await operatorClient.GetAsync("/hangfire/recurring");
        using var refused = await viewerClient.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("plan-periodic-dialogues", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_secretary_needs_a_unit_of_the_roles_level()
    {
        var accounts = Fixture.Host.Services.GetRequiredService<UserAccounts>();

        var province = await Assert.ThrowsAsync<DanVan.Adapters.Errors.ValidationException>(() =>
            accounts.CreateAsync("thuky.sai", UserRole.CommuneSecretary, WebHubFixture.Province, CancellationToken.None));
        var none = await Assert.ThrowsAsync<DanVan.Adapters.Errors.ValidationException>(() =>
            accounts.CreateAsync("thuky.thieu", UserRole.ProvinceSecretary, null, CancellationToken.None));

        Assert.Equal("UNIT_LEVEL_NOT_FOR_ROLE", Assert.Single(province.Violations).Code);
        Assert.Equal("UNIT_CODE_REQUIRED", Assert.Single(none.Violations).Code);
    }
}
