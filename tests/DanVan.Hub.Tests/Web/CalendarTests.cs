using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Tests.Dialogues;
using DanVan.Hub.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// The calendar page in real Chromium, on the hub's clock (Monday 4 March 2030): FullCalendar in
/// Vietnamese with month, week and list views, the days a dialogue cannot take and why, a commune
/// secretary seeing their own commune only and a province secretary its communes through the filter.
/// </summary>
public sealed class CalendarTests(WebHubFixture fixture, Chromium chromium) : HubTest<WebHubFixture>(fixture), IClassFixture<Chromium>
{
    [Fact]
    public async Task A_commune_secretary_sees_why_a_day_is_refused_and_only_their_communes_dialogues()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "lich.badinh", UserRole.CommuneSecretary, WebHubFixture.Commune);
        var own = await ScheduleAsync(WebHubFixture.Commune, "Đối thoại về chỉnh trang đô thị phường Ba Đình");
        var other = await ScheduleAsync(WebHubFixture.OtherCommune, "Đối thoại của phường khác");
        var page = await chromium.LogInAsync(Fixture.Host, "lich.badinh");

        // Thursday 7 March: the commune chair's reception day, and inside the 7-day notice period.
        var thursday = page.Locator("tr[data-date='2030-03-07']");
        await Assertions.Expect(thursday).ToContainTextAsync("thứ Năm 07/03/2030");
        await Assertions.Expect(thursday).ToContainTextAsync("Thứ Năm: ngày tiếp công dân của Chủ tịch UBND xã");
        await Assertions.Expect(thursday).ToContainTextAsync("Thứ Năm: trong thời hạn thông báo 7 ngày");
        await Assertions.Expect(page.Locator("tr[data-date='2030-03-09']")).ToContainTextAsync("Thứ Bảy: ngày nghỉ cuối tuần");
        await Assertions.Expect(page.Locator("tr[data-date='2030-03-14']")).Not.ToContainTextAsync("thời hạn thông báo");
        await Assertions.Expect(page.Locator("table.dialogues")).ToContainTextAsync(own.Title);
        await Assertions.Expect(page.Locator("table.dialogues")).ToContainTextAsync(VietnameseTime(own));
        await Assertions.Expect(page.Locator("table.dialogues")).Not.ToContainTextAsync(other.Title);

        // FullCalendar, in Vietnamese, built into the hub's assets: month, then week, then list.
        var calendar = page.Locator("#calendar");
        await Assertions.Expect(calendar.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("tháng 3 năm 2030");
        // In the calendar a refused day is coloured by its reasons (the legend says which colour is which).
        await Assertions.Expect(calendar.Locator("[data-date='2030-03-07'] .day-reception")).ToHaveCountAsync(1);
        await Assertions.Expect(calendar.Locator("[data-date='2030-03-07'] .day-notice")).ToHaveCountAsync(1);
        await Assertions.Expect(calendar.Locator("[data-date='2030-03-12'] .day-notice")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("calendar-month");
        // The views are tabs: month, week, list (FullCalendar's Vietnamese names are not in NFC, so they go by position).
        var views = calendar.GetByRole(AriaRole.Tab);
        await Assertions.Expect(views).ToHaveCountAsync(3);
        await views.Nth(1).ClickAsync();
        await Assertions.Expect(views.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(calendar.Locator(".day-notice").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("calendar-week");
        await views.Nth(2).ClickAsync();
        await Assertions.Expect(calendar).ToContainTextAsync(own.Title);
        await page.ScreenshotAsync("calendar-list");
    }

    [Fact]
    public async Task A_province_secretary_sees_the_province_and_with_the_filter_its_communes()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "lich.hanoi", UserRole.ProvinceSecretary, WebHubFixture.Province);
        var units = Fixture.Host.Services.GetRequiredService<IUnitRegistry>();
        var communes = await units.ListAllAsync(new UnitListFilter(WebHubFixture.Province, DanVan.Adapters.Units.AdminLevel.Commune, VietnamTime.Today(Fixture.Clock), null), CancellationToken.None);
        var picked = communes.First(c => c.Code is not (WebHubFixture.Commune or WebHubFixture.OtherCommune));
        var commune = await ScheduleAsync(picked.Code, "Đối thoại về trật tự vỉa hè");
        var page = await chromium.LogInAsync(Fixture.Host, "lich.hanoi");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Hà Nội");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(commune.Title);

        await page.GetByLabel("Đơn vị").SelectOptionAsync("all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();

        await Assertions.Expect(page.Locator("table.dialogues")).ToContainTextAsync(commune.Title);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("calendar-province");

        // On a phone the calendar opens as the list view, and the page still passes axe.
        var phone = await chromium.OpenAsync(Fixture.Host, phone: true);
        await phone.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
        }));
        await phone.GotoAsync("/?unit=all");
        await Assertions.Expect(phone.Locator("#calendar").GetByRole(AriaRole.Tab).Nth(2)).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(phone.Locator("#calendar")).ToContainTextAsync(commune.Title);
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("calendar-phone");
    }

    [Fact]
    public async Task A_dialogues_page_shows_it_to_its_own_commune_and_is_404_to_another()
    {
        // Two communes no other test of the class books, so that the first free slot is free for each.
        var units = Fixture.Host.Services.GetRequiredService<IUnitRegistry>();
        var communes = await units.ListAllAsync(new UnitListFilter(WebHubFixture.Province, DanVan.Adapters.Units.AdminLevel.Commune, VietnamTime.Today(Fixture.Clock), null), CancellationToken.None);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "trang.xa", UserRole.CommuneSecretary, communes[^2].Code);
        var own = await ScheduleAsync(communes[^2].Code, "Đối thoại về thu gom rác thải");
        var other = await ScheduleAsync(communes[^1].Code, "Đối thoại của một phường khác");
        var page = await chromium.LogInAsync(Fixture.Host, "trang.xa");

        var shown = await page.GotoAsync($"/dialogues/{own.DialogueId}");
        Assert.Equal(200, shown!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(own.Title);
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync(VietnameseTime(own));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue");

        // With the same session: another commune's dialogue is 404, like one that does not exist, and says nothing of it.
        var refused = await page.Context.APIRequest.GetAsync($"/dialogues/{other.DialogueId}");
        var unknown = await page.Context.APIRequest.GetAsync($"/dialogues/{Guid.NewGuid()}");
        Assert.Equal(404, refused.Status);
        Assert.DoesNotContain(other.Title, await refused.TextAsync());
        Assert.Equal(404, unknown.Status);
    }


    private async Task<DanVan.Contracts.V1.Dialogue> ScheduleAsync(string unitCode, string title)
    {
        var client = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker);
        var request = DialogueTestSupport.Schedule(unitCode, await DialogueTestSupport.FreeSlotAsync(Fixture.Host, unitCode));
        request.Title = title;
        return (await client.ScheduleDialogueAsync(request)).Dialogue;
    }

    private static string VietnameseTime(DanVan.Contracts.V1.Dialogue dialogue) =>
        DanVan.Hub.Web.Calendar.VietnameseFormats.Instant(dialogue.StartTime.ToDateTimeOffset());
}
