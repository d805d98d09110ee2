using DanVan.Adapters.Errors;
using DanVan.Hub.Web.Accounts;
using DanVan.Hub.Web.Dialogues;
using DanVan.Hub.Web.Layout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// The operators' accounts page in real Chromium: list, create (unit and role checked as the users
/// command checks them, each violation at its field), the one-time link that sets the password, disable.
/// </summary>
public sealed class AccountsPageTests(WebHubFixture fixture, Chromium chromium) : HubTest<WebHubFixture>(fixture), IClassFixture<Chromium>
{
    [Fact]
    public async Task An_operator_creates_an_account_whose_link_sets_its_password_and_disables_it()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "quantri", UserRole.Operator, null);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "thuky.cu", UserRole.CommuneSecretary, WebHubFixture.Commune);
        var page = await chromium.LogInAsync(Fixture.Host, "quantri");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tài khoản" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-user='thuky.cu']")).ToContainTextAsync("Thư ký cấp xã");

        // A province for a commune secretary: refused at the unit, in Vietnamese; a bad name at the name.
        await page.GetByLabel("Tên đăng nhập").FillAsync("Thu Ky");
        await page.GetByLabel("Vai trò").SelectOptionAsync("commune-secretary");
        await page.GetByLabel("Mã đơn vị hành chính (để trống: toàn quốc)").FillAsync(WebHubFixture.Province);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        await Assertions.Expect(page.Locator("#unit-error")).ToContainTextAsync("Đơn vị không đúng cấp của vai trò");
        await Assertions.Expect(page.Locator("#name-error")).ToContainTextAsync("Tên đăng nhập gồm 2–64 ký tự");
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Tên đăng nhập").FillAsync("thuky.moi");
        await page.GetByLabel("Mã đơn vị hành chính (để trống: toàn quốc)").FillAsync(WebHubFixture.Commune);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        var link = (await page.Locator("#one-time-link").TextContentAsync())!.Trim();
        Assert.StartsWith(Fixture.Host.WebAddress + "account/password?token=", link);
        await Assertions.Expect(page.Locator("tr[data-user='thuky.moi']")).ToContainTextAsync("Chưa đặt mật khẩu");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("accounts");

        var holder = await chromium.OpenAsync(Fixture.Host);
        await holder.GotoAsync(link);
        await holder.GetByLabel("Mật khẩu mới").FillAsync(WebTestSupport.Password);
        await holder.GetByLabel("Nhập lại mật khẩu").FillAsync(WebTestSupport.Password);
        await holder.GetByRole(AriaRole.Button, new() { Name = "Đặt mật khẩu" }).ClickAsync();
        await Assertions.Expect(holder.Locator("[role=status]")).ToContainTextAsync("Đã đặt mật khẩu");
        var secretary = await chromium.LogInAsync(Fixture.Host, "thuky.moi");

        await page.Locator("tr[data-user='thuky.moi']").GetByRole(AriaRole.Button, new() { Name = "Khóa" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-user='thuky.moi']")).ToContainTextAsync("Đã khóa");
        var ended = await secretary.GotoAsync("/");
        Assert.Equal("/login", new Uri(secretary.Url).AbsolutePath);
        Assert.NotNull(ended);

        // A secretary has no accounts page.
        var other = await chromium.LogInAsync(Fixture.Host, "thuky.cu");
        var refused = await other.GotoAsync("/accounts");
        Assert.Equal(403, refused!.Status);
    }

    [Fact]
    public void Every_violation_code_and_every_refusal_a_form_meets_has_its_Vietnamese_text()
    {
        Assert.Empty(ViolationCodes.All.Except(ViolationMessages.Translated));
        string[] refusals = ["SLOT_IN_PAST", "NOT_A_WORKING_DAY", "OUTSIDE_WORKING_HOURS", "CITIZEN_RECEPTION_DAY", "INSIDE_NOTICE_PERIOD", "DOUBLE_BOOKED", "NO_FREE_SLOT", "HELD_ON_IN_FUTURE"];
        Assert.Empty(refusals.Except(Refusals.Vietnamese.Keys));
    }
}
