using System.Globalization;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Tests.Documents;
using DanVan.Hub.Web.Accounts;
using DanVan.Hub.Web.Calendar;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// The follow-up pages in real Chromium, on the hub's clock (Monday 4 March 2030, 09:00): the opinions
/// board (filters as links, a bulk change through the workflow's rules, each opinion's history) and the
/// period report (its tables equal to SummarizeDialogues, its paper downloaded and opened), each limited
/// to the person's own unit subtree, in Vietnamese and, when switched, in English.
/// </summary>
public sealed class FollowUpTests(WebHubFixture fixture, Chromium chromium) : HubTest<WebHubFixture>(fixture), IClassFixture<Chromium>
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_secretary_filters_the_board_changes_several_opinions_at_once_and_sees_their_history()
    {
        // Two communes of Hà Nội no other test of the class records dialogues in.
        var communes = await Fixture.Host.Services.GetRequiredService<IUnitRegistry>().ListAllAsync(
            new UnitListFilter(WebHubFixture.Province, DanVan.Adapters.Units.AdminLevel.Commune, VietnamTime.Today(Fixture.Clock), null), CancellationToken.None);
        var (mine, theirs) = (communes[^3].Code, communes[^4].Code);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "ykien.badinh", UserRole.CommuneSecretary, mine);
        var own = await RecordAsync(mine, new DateOnly(2030, 1, 15), null,
            Opinion("Đất đai", "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất", "", new DateOnly(2030, 2, 1)),
            Opinion("Môi trường", "Kiến nghị thu gom rác thải ngõ 12", "", new DateOnly(2030, 4, 1)),
            Opinion("Giao thông", "Kiến nghị sửa vỉa hè phố Đội Cấn", "Phòng Quản lý đô thị", new DateOnly(2030, 2, 15)));
        var other = await RecordAsync(theirs, new DateOnly(2030, 1, 16), null,
            Opinion("Khác", "Ý kiến của một phường khác", "", null));
        var (land, waste, pavement) = (own.Opinions[0], own.Opinions[1], own.Opinions[2]);
        var page = await chromium.LogInAsync(Fixture.Host, "ykien.badinh");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ý kiến", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("table.board tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(other.Opinions[0].Content);

        // The filter is a GET form: the filtered view is a link.
        await page.GetByLabel("Trạng thái", new() { Exact = true }).SelectOptionAsync("received");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        Assert.Contains("status=received", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("table.board tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.board")).Not.ToContainTextAsync(pavement.Content);

        // One action for three opinions: the assigned one may go in progress, the two received may not, and each says why.
        await page.GotoAsync("/opinions");
        foreach (var opinion in own.Opinions)
        {
            await Row(page, opinion).GetByRole(AriaRole.Checkbox).CheckAsync();
        }

        await page.GetByLabel("Trạng thái mới").SelectOptionAsync("in_progress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật trạng thái" }).ClickAsync();
        await Assertions.Expect(page.Locator(".outcome")).ToContainTextAsync("Đã cập nhật 1 ý kiến.");
        await Assertions.Expect(page.Locator(".outcome li[data-refused]")).ToHaveCountAsync(2);
        await Assertions.Expect(Row(page, land).Locator("[data-refused]")).ToHaveTextAsync("Không thể chuyển từ trạng thái «Đã tiếp nhận» sang «Đang giải quyết».");
        await Assertions.Expect(Row(page, waste).Locator("[data-refused]")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(page, pavement).Locator("[data-status]")).ToHaveAttributeAsync("data-status", "in_progress");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("opinions-bulk-refused");

        // Assigning needs an agency: without one both are refused, with one both go.
        await Row(page, land).GetByRole(AriaRole.Checkbox).CheckAsync();
        await Row(page, waste).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Trạng thái mới").SelectOptionAsync("assigned");
        await page.GetByLabel("Cơ quan chịu trách nhiệm (nếu giao xử lý)").FillAsync("Phòng Tài nguyên và Môi trường");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật trạng thái" }).ClickAsync();
        await Assertions.Expect(page.Locator(".outcome")).ToContainTextAsync("Đã cập nhật 2 ý kiến.");
        await Assertions.Expect(page.Locator(".outcome li[data-refused]")).ToHaveCountAsync(0);

        // The history: who changed what, and when (the hub's clock, in Vietnamese).
        var history = Row(page, land).Locator("details");
        await history.Locator("summary").PressAsync("Enter");
        await Assertions.Expect(history.Locator("li[data-change='assigned']"))
            .ToHaveTextAsync($"Đã tiếp nhận → Đã giao xử lý, ykien.badinh, {VietnameseFormats.Instant(Fixture.Clock.GetUtcNow())}");
        await Assertions.Expect(Row(page, pavement).Locator("li[data-change='in_progress']")).ToContainTextAsync("Đã giao xử lý → Đang giải quyết");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("opinions-history");

        // Filters by agency, due date and overdue, each a link.
        await page.GotoAsync("/opinions?agency=" + Uri.EscapeDataString("Phòng Tài nguyên và Môi trường"));
        await Assertions.Expect(page.Locator("table.board tbody tr")).ToHaveCountAsync(2);
        await page.GotoAsync("/opinions?from=2030-03-01");
        await Assertions.Expect(page.Locator("table.board tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(page, waste)).ToHaveCountAsync(1);
        await page.GotoAsync("/opinions?overdue=true");
        await Assertions.Expect(page.Locator("table.board tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.board tbody tr [data-overdue]")).ToHaveCountAsync(2);
        await Assertions.Expect(Row(page, waste)).ToHaveCountAsync(0);

        // A filter that does not parse says so beside its field.
        var bad = await page.GotoAsync("/opinions?from=04-03-2030&status=lost");
        Assert.Equal(400, bad!.Status);
        await Assertions.Expect(page.Locator("#from-error [data-code]")).ToHaveAttributeAsync("data-code", "DATE_INVALID");
        await Assertions.Expect(page.Locator("#status-error [data-code]")).ToHaveAttributeAsync("data-code", "CHOICE_UNKNOWN");

        // Another commune's opinion slipped into the form is refused as unknown, and left as it was.
        await page.GotoAsync("/opinions");
        await Row(page, waste).GetByRole(AriaRole.Checkbox).EvaluateAsync("(box, id) => { box.value = id; box.checked = true; }", other.Opinions[0].OpinionId);
        await page.GetByLabel("Trạng thái mới").SelectOptionAsync("not_accepted");
        await page.GetByLabel("Nội dung trả lời (nếu đã giải quyết)").FillAsync("Không thuộc thẩm quyền");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật trạng thái" }).ClickAsync();
        await Assertions.Expect(page.Locator(".outcome li[data-refused]")).ToHaveTextAsync(other.Opinions[0].OpinionId + ": Không tìm thấy ý kiến.");
        var untouched = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = other.DialogueId })).Dialogue.Opinions[0];
        Assert.Equal(OpinionStatus.Received, untouched.Status);

        // The agencies answer in the exported workbook, and it comes back through the upload form.
        var uploads = Directory.CreateTempSubdirectory("danvan-opinions-");
        var export = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải danh sách đang lọc (Excel)" }).ClickAsync());
        using (var answered = Xlsx.Open(await System.IO.File.ReadAllBytesAsync((await export.PathAsync())!), editable: true))
        {
            Assert.Equal([land.OpinionId, waste.OpinionId, pavement.OpinionId], [answered.Text("A8"), answered.Text("A9"), answered.Text("A10")]);
            Assert.Null(answered.Cell("A11"));
            answered.SetText("I10", "Đã giải quyết");
            answered.SetText("J10", "Đã lát lại vỉa hè phố Đội Cấn.");
            await System.IO.File.WriteAllBytesAsync(Path.Combine(uploads.FullName, "y-kien-tra-loi.xlsx"), answered.Save());
        }

        await page.Locator("#workbook").SetInputFilesAsync(Path.Combine(uploads.FullName, "y-kien-tra-loi.xlsx"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật từ tệp" }).ClickAsync();
        await Assertions.Expect(page.Locator(".workbook [role=status]")).ToHaveTextAsync("Đã cập nhật 1 ý kiến; 2 dòng không thay đổi.");
        await Assertions.Expect(Row(page, pavement).Locator("li[data-change='resolved']")).ToContainTextAsync("Đang giải quyết → Đã giải quyết, ykien.badinh");

        // A workbook breaking a rule changes nothing and names its rows: the first opinion set back to
        // received, and the third, resolved since this copy was exported, set back to in progress.
        using (var wrong = Xlsx.Open(await System.IO.File.ReadAllBytesAsync((await export.PathAsync())!), editable: true))
        {
            wrong.SetText("I8", "Đã tiếp nhận");
            await System.IO.File.WriteAllBytesAsync(Path.Combine(uploads.FullName, "y-kien-sai.xlsx"), wrong.Save());
        }

        await page.Locator("#workbook").SetInputFilesAsync(Path.Combine(uploads.FullName, "y-kien-sai.xlsx"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật từ tệp" }).ClickAsync();
        await Assertions.Expect(page.Locator(".workbook [role=alert] li")).ToHaveTextAsync(["Dòng 8: Không thể chuyển sang trạng thái này.", "Dòng 10: Không thể chuyển sang trạng thái này."]);
        await Assertions.Expect(Row(page, land).Locator("[data-status]")).ToHaveAttributeAsync("data-status", "assigned");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("opinions-import-refused");

        // On a phone the board still passes axe (its table scrolls sideways inside the page).
        var phone = await PhoneAsync(page);
        await phone.GotoAsync("/opinions");
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("opinions-phone");
    }

    [Fact]
    public async Task A_province_secretary_sees_the_quarters_figures_as_SummarizeDialogues_gives_them_with_the_communes_rows_and_downloads_the_paper()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "baocao.hanoi", UserRole.ProvinceSecretary, WebHubFixture.Province);
        // Other tests of the class record dialogues in Hà Nội's quarter too: what this test adds is measured from the figures before it.
        var before = await SummarizeQuarterAsync();
        var resolved = await RecordAsync(WebHubFixture.Commune, new DateOnly(2030, 2, 5), null,
            Opinion("Đất đai", "Kiến nghị số 1", "", null), Opinion("Đất đai", "Kiến nghị số 2", "", null), Opinion("Nhà ở", "Kiến nghị số 3", "", null));
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = resolved.Opinions[0].OpinionId, Status = OpinionStatus.AnsweredAtMeeting, Answer = "Đã trả lời tại hội nghị" });
        await RecordAsync(WebHubFixture.OtherCommune, new DateOnly(2030, 1, 20), new OpinionCounts { Received = 5, AnsweredAtMeeting = 2, Resolved = 1, StillOpen = 2 });
        // The quarter before: not in the report.
        await RecordAsync(WebHubFixture.OtherCommune, new DateOnly(2029, 12, 10), new OpinionCounts { Received = 7, AnsweredAtMeeting = 7, Resolved = 0, StillOpen = 0 });
        var page = await chromium.LogInAsync(Fixture.Host, "baocao.hanoi");

        await page.GetByRole(AriaRole.Link, new() { Name = "Báo cáo", Exact = true }).ClickAsync();
        await page.GetByLabel("Kỳ báo cáo").SelectOptionAsync("quarter");
        await page.GetByLabel("Năm").FillAsync("2030");
        await page.GetByLabel("Tháng hoặc quý").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();
        Assert.Contains("period=quarter", page.Url, StringComparison.Ordinal);

        var summary = await SummarizeQuarterAsync();
        Assert.Equal((before.PeriodicHeld + 2, before.OpinionsReceived + 8, before.OpinionsResolved + 4), (summary.PeriodicHeld, summary.OpinionsReceived, summary.OpinionsResolved));
        await Assertions.Expect(page.Locator("[data-figure='periodic']")).ToHaveTextAsync(Count(summary.PeriodicHeld));
        await Assertions.Expect(page.Locator("[data-figure='received']")).ToHaveTextAsync(Count(summary.OpinionsReceived));
        await Assertions.Expect(page.Locator("[data-figure='resolved']")).ToHaveTextAsync(Count(summary.OpinionsResolved));
        await Assertions.Expect(page.Locator("[data-figure='rate']")).ToHaveTextAsync(summary.ResolutionRate.Value.ToString("P1", Vietnamese));
        // The communes' rows, each equal to the RPC's figures for that child.
        Assert.Equal(before.Children.Select(c => c.Unit.Code).Union([WebHubFixture.Commune, WebHubFixture.OtherCommune]).Order(StringComparer.Ordinal),
            summary.Children.Select(c => c.Unit.Code).Order(StringComparer.Ordinal));
        var ownChildren = summary.Children.Where(c => c.Unit.Code is WebHubFixture.Commune or WebHubFixture.OtherCommune)
            .ToDictionary(c => c.Unit.Code, c => (c.PeriodicHeld, c.OpinionsReceived, c.OpinionsResolved));
        var childrenBefore = before.Children.ToDictionary(c => c.Unit.Code, c => (c.PeriodicHeld, c.OpinionsReceived, c.OpinionsResolved));
        Assert.Equal(Plus(childrenBefore.GetValueOrDefault(WebHubFixture.Commune), (1, 3, 1)), ownChildren[WebHubFixture.Commune]);
        Assert.Equal(Plus(childrenBefore.GetValueOrDefault(WebHubFixture.OtherCommune), (1, 5, 3)), ownChildren[WebHubFixture.OtherCommune]);
        await Assertions.Expect(page.Locator("table.children tbody tr")).ToHaveCountAsync(summary.Children.Count);
        foreach (var child in summary.Children)
        {
            var cells = page.Locator($"table.children tr[data-unit='{child.Unit.Code}'] td");
            await Assertions.Expect(page.Locator($"table.children tr[data-unit='{child.Unit.Code}'] th")).ToHaveTextAsync(child.Unit.Name);
            await Assertions.Expect(cells).ToHaveTextAsync([
                Count(child.PeriodicHeld), Count(child.AdHocHeld), Count(child.OpinionsReceived), Count(child.OpinionsResolved),
                ((double)child.OpinionsResolved / child.OpinionsReceived).ToString("P1", Vietnamese)]);
        }

        // Each chart drawn by ECharts from the page's assets, beside its table.
        await Assertions.Expect(page.Locator(".chart[data-drawn='true'] canvas")).ToHaveCountAsync(2);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("report-quarter");

        // The period report paper, for the same unit and quarter, opened as a Word document.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải báo cáo (.docx)" }).ClickAsync());
        Assert.Equal("bao-cao-doi-thoai-01-20300101-20300331.docx", download.SuggestedFilename);
        using (var word = WordprocessingDocument.Open(await download.PathAsync(), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains($"tiếp nhận {summary.OpinionsReceived} ý kiến", text, StringComparison.Ordinal);
            Assert.Contains($"giải quyết {summary.OpinionsResolved} ý kiến", text, StringComparison.Ordinal);
            foreach (var child in summary.Children)
            {
                Assert.Contains(child.Unit.Name, text, StringComparison.Ordinal);
            }
        }

        // The report as a workbook: title, unit, period, and the same figures.
        var excel = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải báo cáo (Excel)" }).ClickAsync());
        Assert.Equal("bao-cao-doi-thoai-01-20300101-20300331.xlsx", excel.SuggestedFilename);
        using (var xlsx = Xlsx.Open(await System.IO.File.ReadAllBytesAsync((await excel.PathAsync())!)))
        {
            Assert.Equal("Kỳ báo cáo: quý I năm 2030", xlsx.Text("A3"));
            var total = xlsx.RowOf("Tổng cộng");
            Assert.Equal([summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved],
                FigureColumns.Select(c => (int)xlsx.Number($"{c}{total}")));
            var byChild = xlsx.RowOf("2. Theo đơn vị trực thuộc");
            // Every commune of the province has its row there, those without a dialogue at zero.
            var rows = Enumerable.Range(byChild + 2, xlsx.LastRow() - byChild - 1).ToDictionary(r => xlsx.Text($"G{r}") ?? "");
            foreach (var child in summary.Children)
            {
                var row = rows[child.Unit.Code];
                Assert.Equal([child.PeriodicHeld, child.AdHocHeld, child.OpinionsReceived, child.OpinionsResolved],
                    FigureColumns.Select(c => (int)xlsx.Number($"{c}{row}")));
            }
        }

        var phone = await PhoneAsync(page);
        await phone.GotoAsync("/reports?period=nine&year=2030");
        await Assertions.Expect(phone.Locator(".chart[data-drawn='true']")).ToHaveCountAsync(2);
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("report-phone");
    }

    [Fact]
    public async Task A_report_or_its_paper_for_a_unit_outside_the_persons_subtree_is_404_and_a_bad_period_says_why()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "phamvi.badinh", UserRole.CommuneSecretary, WebHubFixture.Commune);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "phamvi.hanoi", UserRole.ProvinceSecretary, WebHubFixture.Province);
        var commune = await chromium.LogInAsync(Fixture.Host, "phamvi.badinh");
        var province = await chromium.LogInAsync(Fixture.Host, "phamvi.hanoi");

        Assert.Equal(200, (await commune.Context.APIRequest.GetAsync($"/reports?unit={WebHubFixture.Commune}&period=year&year=2030")).Status);
        Assert.Equal(200, (await province.Context.APIRequest.GetAsync($"/reports?unit={WebHubFixture.Commune}&period=month&year=2030&number=2")).Status);
        foreach (var (page, unit) in new[] { (commune, WebHubFixture.OtherCommune), (commune, WebHubFixture.Province), (commune, "79"), (province, "79") })
        {
            var shown = await page.Context.APIRequest.GetAsync($"/reports?unit={unit}&period=year&year=2030");
            Assert.Equal(404, shown.Status);
            Assert.Equal(404, (await page.Context.APIRequest.GetAsync($"/reports/document?unit={unit}&period=year&year=2030&format=docx")).Status);
        }

        var bad = await commune.GotoAsync("/reports?period=range&from=2030-03-31&to=2030-01-01");
        Assert.Equal(400, bad!.Status);
        await Assertions.Expect(commune.Locator("#to-error [data-code]")).ToHaveAttributeAsync("data-code", "END_BEFORE_START");
        await Assertions.Expect(commune.Locator("#to-error")).ToHaveTextAsync("Thời điểm kết thúc phải sau thời điểm bắt đầu.");
        await commune.AssertAccessibleAsync();
        var badYear = await commune.GotoAsync("/reports?period=quarter&year=1990&number=5");
        Assert.Equal(400, badYear!.Status);
        await Assertions.Expect(commune.Locator("#year-error [data-code]")).ToHaveAttributeAsync("data-code", "YEAR_OUT_OF_RANGE");
        await Assertions.Expect(commune.Locator("#number-error [data-code]")).ToHaveAttributeAsync("data-code", "CHOICE_UNKNOWN");
    }

    [Fact]
    public async Task The_pages_render_in_English_once_the_person_switches_and_back_in_Vietnamese()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "ngonngu.badinh", UserRole.CommuneSecretary, WebHubFixture.Commune);
        var page = await chromium.LogInAsync(Fixture.Host, "ngonngu.badinh");
        await page.GotoAsync("/reports?period=half&year=2030");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Báo cáo kết quả đối thoại");

        // By keyboard: the switch is a button in the header.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.EndsWith("/reports?period=half&year=2030", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Dialogue report");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Opinions", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Reporting period")).ToHaveValueAsync("half");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("report-english");

        await page.GotoAsync("/opinions");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Opinions and petitions follow-up");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("opinions-english");

        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Theo dõi ý kiến, kiến nghị");
    }

    private static readonly CultureInfo Vietnamese = new("vi-VN");

    private static readonly string[] FigureColumns = ["B", "C", "D", "E"];

    private static (int Held, int Received, int Resolved) Plus((int Held, int Received, int Resolved) a, (int Held, int Received, int Resolved) b) =>
        (a.Held + b.Held, a.Received + b.Received, a.Resolved + b.Resolved);

    private async Task<SummarizeDialoguesResponse> SummarizeQuarterAsync() => await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
    {
        UnitCode = WebHubFixture.Province, StartDate = Day(2030, 1, 1), EndDate = Day(2030, 3, 31),
    });

    private static string Count(int value) => value.ToString("N0", Vietnamese);

    private static ILocator Row(IPage page, Contracts.V1.Opinion opinion) => page.Locator($"table.board tr[data-opinion='{opinion.OpinionId}']");

    private static NewOpinion Opinion(string topic, string content, string agency, DateOnly? due) => new()
    {
        Topic = topic, Content = content, ResponsibleAgency = agency, DueDate = due is { } d ? Day(d.Year, d.Month, d.Day) : null,
    };

    /// <summary>A periodic dialogue held on <paramref name="heldOn"/>, with its opinions or only their counts.</summary>
    private async Task<Contracts.V1.Dialogue> RecordAsync(string unitCode, DateOnly heldOn, OpinionCounts? counts, params NewOpinion[] opinions)
    {
        var past = new PastDialogue
        {
            UnitCode = unitCode, Kind = DialogueKind.Periodic, Title = "Hội nghị đối thoại định kỳ",
            HeldOn = Day(heldOn.Year, heldOn.Month, heldOn.Day), Chair = $"{unitCode}:people-committee-chair", OpinionCounts = counts,
        };
        past.Opinions.AddRange(opinions);
        return (await _dialogues.RecordPastDialogueAsync(new RecordPastDialogueRequest { RequestId = Guid.NewGuid().ToString(), Dialogue = past })).Dialogue;
    }


    /// <summary>A 360-pixel phone with the same session as <paramref name="page"/>.</summary>
    private async Task<IPage> PhoneAsync(IPage page)
    {
        var phone = await chromium.OpenAsync(Fixture.Host, phone: true);
        await phone.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
        }));
        return phone;
    }
}
