using DanVan.Hub.Tests.Dialogues;
using DanVan.Hub.Web.Accounts;
using DanVan.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// A person's calendar subscription link, made and revoked on the calendar page and fetched as a
/// calendar app does: a plain GET with no header at all.
/// </summary>
public sealed class CalendarSubscriptionTests(WebHubFixture fixture, Chromium chromium) : HubTest<WebHubFixture>(fixture), IClassFixture<Chromium>
{
    [Fact]
    public async Task The_link_gives_the_feed_without_any_header_and_nothing_once_revoked_replaced_or_the_account_disabled()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "lich.canhan", UserRole.CommuneSecretary, WebHubFixture.Commune);
        var own = await ScheduleAsync(WebHubFixture.Commune, "Đối thoại về chợ dân sinh");
        var other = await ScheduleAsync(WebHubFixture.OtherCommune, "Đối thoại của phường khác");
        var page = await chromium.OpenAsync(Fixture.Host);
        await page.GotoAsync("/login");
        await page.GetByLabel("Tên đăng nhập").FillAsync("lich.canhan");
        await page.GetByLabel("Mật khẩu", new() { Exact = true }).FillAsync(WebTestSupport.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).First.ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo đường dẫn đăng ký lịch" }).ClickAsync();
        var link = (await page.Locator("#subscription-link").TextContentAsync())!.Trim();
        Assert.StartsWith(Fixture.Host.WebAddress + "calendars/subscriptions/", link);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("calendar-subscription");

        using var app = new HttpClient();
        using (var feed = await app.GetAsync(link))
        {
            Assert.Equal(200, (int)feed.StatusCode);
            Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
            var body = await feed.Content.ReadAsStringAsync();
            Assert.Contains($"UID:{own.DialogueId}@danvan", body);
            Assert.DoesNotContain(other.DialogueId, body);
        }

        // The page shows the link once: opened again, it says only that one exists.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#subscription-link")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".subscription")).ToContainTextAsync("Đường dẫn đăng ký lịch đã được tạo lúc");

        await page.GetByRole(AriaRole.Button, new() { Name = "Thu hồi đường dẫn" }).ClickAsync();
        await Assertions.Expect(page.Locator(".subscription")).ToContainTextAsync("Chưa có đường dẫn đăng ký lịch.");
        using (var revoked = await app.GetAsync(link))
        {
            Assert.Equal(404, (int)revoked.StatusCode);
        }

        // A new link replaces the one before; disabling the account ends the new one too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo đường dẫn đăng ký lịch" }).ClickAsync();
        var second = (await page.Locator("#subscription-link").TextContentAsync())!.Trim();
        Assert.NotEqual(link, second);
        using (var works = await app.GetAsync(second))
        {
            Assert.Equal(200, (int)works.StatusCode);
        }

        await Fixture.Host.Services.GetRequiredService<UserAccounts>().DisableAsync("lich.canhan", CancellationToken.None);
        using (var disabled = await app.GetAsync(second))
        {
            Assert.Equal(404, (int)disabled.StatusCode);
        }

        using var guessed = await app.GetAsync(Fixture.Host.WebAddress + "calendars/subscriptions/" + new string('A', 43) + ".ics");
        Assert.Equal(404, (int)guessed.StatusCode);
    }

    private async Task<DanVan.Contracts.V1.Dialogue> ScheduleAsync(string unitCode, string title)
    {
        var client = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker);
        var request = DialogueTestSupport.Schedule(unitCode, await DialogueTestSupport.FreeSlotAsync(Fixture.Host, unitCode));
        request.Title = title;
        return (await client.ScheduleDialogueAsync(request)).Dialogue;
    }
}
