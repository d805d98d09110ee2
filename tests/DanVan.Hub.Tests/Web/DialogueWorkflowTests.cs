using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Tests.Dialogues;
using DanVan.Hub.Tests.Documents;
using DanVan.Hub.Web.Accounts;
using DanVan.Scheduler.Dialogues.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// A dialogue's whole cycle in real Chromium, as a commune secretary works it on the hub's clock
/// (Monday 4 March 2030): a refused day and why, scheduling on a free slot in one click, announcing with
/// the prefilled text, the outcome with five opinions in one form (a row without its topic refused next
/// to its field first), results and closing; another commune's page refused. And a petition's
/// proposal taken to an announced dialogue, its actions counted.
/// </summary>
public sealed class DialogueWorkflowTests(WebHubFixture fixture, Chromium chromium) : HubTest<WebHubFixture>(fixture), IClassFixture<Chromium>
{
    [Fact]
    public async Task A_commune_secretary_schedules_announces_and_records_a_dialogue_with_five_opinions_in_one_form()
    {
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "dv.badinh", UserRole.CommuneSecretary, WebHubFixture.Commune);
        var page = await chromium.LogInAsync(Fixture.Host, "dv.badinh");

        await page.GetByRole(AriaRole.Link, new() { Name = "Xếp lịch đối thoại mới" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Xếp lịch đối thoại");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-schedule");

        // Thursday 14 March, after the notice period: the commune chair's reception day, refused with its reason.
        await page.GetByLabel("Ngày", new() { Exact = true }).FillAsync("2030-03-14");
        await page.GetByLabel("Giờ bắt đầu", new() { Exact = true }).FillAsync("08:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xếp lịch vào thời gian này" }).ClickAsync();
        var refusal = page.Locator(".refusal");
        await Assertions.Expect(refusal).ToContainTextAsync("Ngày này là ngày tiếp công dân của người chủ trì.");
        await Assertions.Expect(refusal).ToContainTextAsync("Thứ Năm: ngày tiếp công dân của Chủ tịch UBND xã");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-schedule-refused");

        // One session by residential group, within the slot's two hours.
        await page.GetByLabel("Cụm của phiên 1").FillAsync("Cụm tổ dân phố 1");
        await page.GetByLabel("Các thôn của phiên 1").FillAsync("Tổ 1, Tổ 2");
        await page.GetByLabel("Giờ bắt đầu phiên 1").FillAsync("08:00");
        await page.GetByLabel("Giờ kết thúc phiên 1").FillAsync("09:00");
        await page.GetByLabel("Địa điểm phiên 1").FillAsync("Nhà văn hóa tổ 1");

        // The first free slot, in one click: Monday 11 March at 08:00, the first day after the 7-day notice.
        var firstSlot = page.Locator("button.slot").First;
        await Assertions.Expect(firstSlot).ToHaveTextAsync("08:00, thứ Hai 11/03/2030");
        await firstSlot.ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Đã xếp lịch cuộc đối thoại.");
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã xếp lịch");
        await Assertions.Expect(page.Locator(".next-step")).ToHaveTextAsync("Hạn thông báo: 04/03/2030");
        var dialogueUrl = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("ul.sessions")).ToHaveTextAsync("Cụm tổ dân phố 1 (Tổ 1, Tổ 2): 08:00–09:00, Nhà văn hóa tổ 1");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-scheduled");

        // Announced with the four required items prefilled from the dialogue (time, place, content, how to take
        // part) and the usual channels ticked; a blanked item is refused at its field first.
        await Assertions.Expect(page.Locator("#announce-time")).ToHaveValueAsync("08:00, thứ Hai 11/03/2030 – 10:00");
        await Assertions.Expect(page.Locator("#announce-place")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Hội trường UBND"));
        await Assertions.Expect(page.GetByLabel("Niêm yết tại trụ sở UBND")).ToBeCheckedAsync();
        await page.GetByLabel("Cách thức tham gia").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thông báo", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#announce-how_to_take_part-error")).ToHaveTextAsync("Thông báo phải nêu cách thức tham gia.");
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã xếp lịch");
        await page.GetByLabel("Cách thức tham gia").FillAsync("Nhân dân trong phường đến dự trực tiếp tại hội trường.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thông báo", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã thông báo");
        await Assertions.Expect(page.Locator(".next-step")).ToHaveTextAsync("Hạn nhập kết quả, biên bản: 14/03/2030");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-announced");

        // The day after the meeting (a new login: the session of the week before has expired).
        Fixture.Clock.Set(new DateTimeOffset(2030, 3, 12, 9, 0, 0, TimeSpan.FromHours(7)));
        page = await chromium.LogInAsync(Fixture.Host, "dv.badinh");
        await page.GotoAsync(dialogueUrl);
        await Assertions.Expect(page.GetByLabel("Ngày tổ chức")).ToHaveValueAsync("2030-03-11");
        await page.GetByLabel("Nhân dân", new() { Exact = true }).FillAsync("85");
        await page.GetByLabel("Cán bộ, công chức", new() { Exact = true }).FillAsync("12");
        await Assertions.Expect(page.GetByLabel("Giờ bắt đầu thực tế")).ToHaveValueAsync("08:00");
        await page.GetByLabel("Giờ kết thúc thực tế").FillAsync("10:15");
        await page.GetByLabel("Chủ trì hội nghị").FillAsync("Chủ tịch UBND phường");
        await page.GetByLabel("Thư ký hội nghị").FillAsync("Công chức Văn phòng - Thống kê");
        await page.GetByLabel("Biên bản (tóm tắt diễn biến hội nghị)").FillAsync("Hội nghị diễn ra từ 8 giờ đến 10 giờ; 5 ý kiến được nêu.");
        // A row with its content but no topic: refused next to that field, in Vietnamese, and nothing saved.
        await page.GetByLabel("Nội dung ý kiến 1").FillAsync("Đề nghị sửa đèn chiếu sáng ngõ 12.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi kết quả" }).ClickAsync();
        var topicError = page.Locator("#outcome-opinions-0-topic-error");
        await Assertions.Expect(topicError).ToHaveTextAsync("Chưa nhập nội dung này.");
        await Assertions.Expect(page.GetByLabel("Chủ đề ý kiến 1")).ToHaveAttributeAsync("aria-describedby", "outcome-opinions-0-topic-error");
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã thông báo");
        await Assertions.Expect(page.GetByLabel("Nội dung ý kiến 1")).ToHaveValueAsync("Đề nghị sửa đèn chiếu sáng ngõ 12.");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-outcome-refused");

        string[][] opinions =
        [
            ["Chiếu sáng", "Đề nghị sửa đèn chiếu sáng ngõ 12.", "Phòng Kinh tế, Hạ tầng và Đô thị", "2030-04-11"],
            ["Vệ sinh môi trường", "Rác thải tập kết sai giờ ở chợ.", "Tổ dân phố số 3", ""],
            ["Trật tự vỉa hè", "Lấn chiếm vỉa hè phố Đội Cấn.", "Công an phường", "2030-03-30"],
            ["Giáo dục", "Thiếu chỗ học mầm non cho trẻ 3 tuổi.", "", ""],
            ["Thủ tục hành chính", "Cấp lại thẻ căn cước còn chậm.", "Công an phường", ""],
        ];
        for (var i = 0; i < opinions.Length; i++)
        {
            var n = i + 1;
            await page.GetByLabel($"Chủ đề ý kiến {n}", new() { Exact = true }).FillAsync(opinions[i][0]);
            await page.GetByLabel($"Nội dung ý kiến {n}", new() { Exact = true }).FillAsync(opinions[i][1]);
            await page.GetByLabel($"Cơ quan chịu trách nhiệm ý kiến {n}", new() { Exact = true }).FillAsync(opinions[i][2]);
            await page.GetByLabel($"Hạn giải quyết ý kiến {n}", new() { Exact = true }).FillAsync(opinions[i][3]);
        }

        await page.GetByLabel("Trạng thái ý kiến 5", new() { Exact = true }).SelectOptionAsync("transferred");
        // "Add rows" keeps what was typed and saves nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm dòng" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Chủ đề ý kiến 10", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Chủ đề ý kiến 3", new() { Exact = true })).ToHaveValueAsync("Trật tự vỉa hè");
        await page.ScreenshotAsync("dialogue-outcome");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi kết quả" }).ClickAsync();

        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã tổ chức");
        await Assertions.Expect(page.Locator(".next-step")).ToHaveTextAsync("Hạn công bố kết quả: 21/03/2030");
        var rows = page.Locator("table.opinions tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Phòng Kinh tế, Hạ tầng và Đô thị");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("11/04/2030");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Đã giao xử lý");
        await Assertions.Expect(rows.Nth(3)).ToContainTextAsync("Đã tiếp nhận");
        await Assertions.Expect(rows.Nth(4)).ToContainTextAsync("Đã chuyển cơ quan khác");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-held");

        // What the RPCs read is what the form wrote.
        var client = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker);
        var stored = (await client.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogueUrl.Split('/')[^1] })).Dialogue;
        Assert.Equal(5, stored.Opinions.Count);
        Assert.Equal([OpinionStatus.Assigned, OpinionStatus.Assigned, OpinionStatus.Assigned, OpinionStatus.Received, OpinionStatus.Transferred], stored.Opinions.Select(o => o.Status));
        Assert.Equal(("Chủ tịch UBND phường", "Công chức Văn phòng - Thống kê"), (stored.Outcome.PresidingChair, stored.Outcome.MinutesSecretary));
        Assert.Equal(new DateTimeOffset(2030, 3, 11, 10, 15, 0, TimeSpan.FromHours(7)), stored.Outcome.ActualEndTime.ToDateTimeOffset());
        Assert.Equal(["Cán bộ, công chức:12", "Nhân dân:85"], stored.Outcome.Attendance.Select(a => $"{a.Group}:{a.Count}").Order(StringComparer.Ordinal).ToArray());

        // The minutes as .docx and PDF (the conversion job, waited for), by the page's links.
        var docx = await page.Context.APIRequest.GetAsync((await page.Locator("ul.documents a[href$='minutes.docx']").GetAttributeAsync("href"))!);
        Assert.Equal(200, docx.Status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Headers["content-type"]);
        Assert.Equal("PK"u8.ToArray(), (await docx.BodyAsync())[..2]);
        var pdf = await page.Context.APIRequest.GetAsync($"{dialogueUrl}/documents/results.pdf", new() { Timeout = 60_000 });
        Assert.Equal(200, pdf.Status);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.BodyAsync())[..4]);

        // The five opinions on the opinions board (no other test of the class records any in this commune).
        await page.GetByRole(AriaRole.Link, new() { Name = "Ý kiến", Exact = true }).ClickAsync();
        var board = page.Locator("table.board tbody tr");
        await Assertions.Expect(board).ToHaveCountAsync(5);
        foreach (var opinion in stored.Opinions)
        {
            await Assertions.Expect(page.Locator($"table.board tr[data-opinion='{opinion.OpinionId}']")).ToContainTextAsync(opinion.Content);
        }

        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-opinions-board");

        // March's report for the commune: the dialogue held and its five opinions, on the page and in the exported workbook.
        await page.GetByRole(AriaRole.Link, new() { Name = "Báo cáo", Exact = true }).ClickAsync();
        await page.GetByLabel("Kỳ báo cáo").SelectOptionAsync("month");
        await page.GetByLabel("Năm").FillAsync("2030");
        await page.GetByLabel("Tháng hoặc quý").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();
        var march = await client.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = WebHubFixture.Commune, StartDate = new Google.Type.Date { Year = 2030, Month = 3, Day = 1 }, EndDate = new Google.Type.Date { Year = 2030, Month = 3, Day = 31 },
        });
        Assert.Equal((1, 0, 5), (march.PeriodicHeld, march.AdHocHeld, march.OpinionsReceived));
        await Assertions.Expect(page.Locator("[data-figure='periodic']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-figure='received']")).ToHaveTextAsync("5");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-report-month");
        var excel = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải báo cáo (Excel)" }).ClickAsync());
        using (var xlsx = Xlsx.Open(await System.IO.File.ReadAllBytesAsync((await excel.PathAsync())!)))
        {
            var total = xlsx.RowOf("Tổng cộng");
            Assert.Equal([1, 0, 5, march.OpinionsResolved], FigureColumns.Select(c => (int)xlsx.Number($"{c}{total}")));
        }

        await page.GotoAsync(dialogueUrl);

        await page.GetByRole(AriaRole.Button, new() { Name = "Công khai kết quả" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã công khai kết quả");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kết thúc" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã kết thúc");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dialogue-closed");

        // Another commune's dialogue: 404 to this secretary; the province's secretary opens it.
        var other = await ScheduleAsync(WebHubFixture.OtherCommune, "Đối thoại của phường bên cạnh");
        var refused = await page.Context.APIRequest.GetAsync($"/dialogues/{other.DialogueId}");
        Assert.Equal(404, refused.Status);
        Assert.DoesNotContain(other.Title, await refused.TextAsync());
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync($"/dialogues/{other.DialogueId}/documents/announcement.docx")).Status);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "dv.hanoi", UserRole.ProvinceSecretary, WebHubFixture.Province);
        var province = await chromium.LogInAsync(Fixture.Host, "dv.hanoi");
        await province.GotoAsync($"/dialogues/{other.DialogueId}");
        await Assertions.Expect(province.Locator("h1")).ToHaveTextAsync(other.Title);
    }

    [Fact]
    public async Task A_petitions_proposal_becomes_an_announced_dialogue_in_few_actions_and_the_inbox_shows_its_progress()
    {
        var units = Fixture.Host.Services.GetRequiredService<IUnitRegistry>();
        var communes = await units.ListAllAsync(new UnitListFilter(WebHubFixture.Province, DanVan.Adapters.Units.AdminLevel.Commune, VietnamTime.Today(Fixture.Clock), null), CancellationToken.None);
        // Communes the other test of the class does not book, so that their first free slot is the first after the notice period.
        var unbooked = communes.Where(c => c.Code is not (WebHubFixture.Commune or WebHubFixture.OtherCommune)).ToList();
        var (backlogged, petitioned, below) = (unbooked[4], unbooked[5], unbooked[6]);
        // February's cards: 300 of 1,000 produced not yet returned, which the backlog rule proposes a dialogue for.
        await new IdIssuanceService.IdIssuanceServiceClient(Fixture.Host.CallInvoker).SubmitIdIssuanceReportsAsync(new SubmitIdIssuanceReportsRequest
        {
            Options = new BatchOptions { BatchId = "the-cards-feb-2030" },
            Reports =
            {
                new IdIssuanceReport
                {
                    UnitCode = backlogged.Code, ReportDate = new Google.Type.Date { Year = 2030, Month = 2, Day = 28 }, DossiersCollected = 1010,
                    CardsProduced = 1000, CardsReturned = 700,
                },
            },
        });
        var client = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker);
        await client.RecordPetitionAsync(new RecordPetitionRequest
        {
            RequestId = "kien-nghi-1", UnitCode = petitioned.Code, ReceivedOn = new Google.Type.Date { Year = 2030, Month = 3, Day = 2 },
            Subject = "Kiến nghị về ngập úng đường nội bộ", Signatures = 180, RegisteredVoters = 1500,
        });
        await client.RecordPetitionAsync(new RecordPetitionRequest
        {
            RequestId = "kien-nghi-2", UnitCode = below.Code, ReceivedOn = new Google.Type.Date { Year = 2030, Month = 3, Day = 3 },
            Subject = "Kiến nghị về bãi đỗ xe", Signatures = 60, RegisteredVoters = 1200,
        });
        await Fixture.Host.Services.GetRequiredService<TriggerEvaluator>().EvaluateAsync(CancellationToken.None).WaitAsync(Timeouts.Call);
        await WebTestSupport.CreatePersonAsync(Fixture.Host, "dv.hanoi.dexuat", UserRole.ProvinceSecretary, WebHubFixture.Province);

        var actions = 0;
        var page = await chromium.OpenAsync(Fixture.Host);
        await page.GotoAsync("/login");
        await page.GetByLabel("Tên đăng nhập").FillAsync("dv.hanoi.dexuat"); actions++;
        await page.GetByLabel("Mật khẩu", new() { Exact = true }).FillAsync(WebTestSupport.Password); actions++;
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).First.ClickAsync(); actions++;
        await page.GetByRole(AriaRole.Link, new() { Name = "Đề xuất" }).ClickAsync(); actions++;

        var petitions = page.Locator("table.petitions");
        await Assertions.Expect(petitions.Locator($"tr[data-unit='{petitioned.Code}']")).ToContainTextAsync("Đã đạt ngưỡng");
        await Assertions.Expect(petitions.Locator($"tr[data-unit='{below.Code}']")).ToContainTextAsync("5,0");
        await Assertions.Expect(petitions.Locator($"tr[data-unit='{below.Code}']")).ToContainTextAsync("Đạt 50");
        // 12 % of the voters: a mandatory dialogue, placed on the first free slot by the rule itself, which cannot be cancelled.
        var mandatory = page.Locator("table.mandatory tr", new() { HasText = petitioned.Name });
        await Assertions.Expect(mandatory).ToContainTextAsync("180/1.500");
        var mandatoryLink = (await mandatory.GetByRole(AriaRole.Link).GetAttributeAsync("href"))!;
        var proposal = page.Locator("table.proposals tr", new() { HasText = backlogged.Name });
        await Assertions.Expect(proposal).ToContainTextAsync("Tồn đọng thẻ căn cước chưa trả");
        await Assertions.Expect(proposal).ToContainTextAsync("(300/1.000)");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("proposals");

        await proposal.GetByRole(AriaRole.Link).ClickAsync(); actions++;
        // The confirm form comes with the first free slot after the notice period.
        await Assertions.Expect(page.Locator("#confirm-date")).ToHaveValueAsync("2030-03-11");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("proposal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận", Exact = true }).ClickAsync(); actions++;
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã xếp lịch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thông báo", Exact = true }).ClickAsync(); actions++;
        await Assertions.Expect(page.Locator("dd[data-status]")).ToHaveTextAsync("Đã thông báo");

        var mandatoryPage = await page.Context.NewPageAsync();
        await mandatoryPage.GotoAsync(mandatoryLink);
        await Assertions.Expect(mandatoryPage.Locator("dd.mandatory")).ToContainTextAsync("Theo kiến nghị của cử tri");
        await Assertions.Expect(mandatoryPage.GetByRole(AriaRole.Button, new() { Name = "Hủy cuộc đối thoại" })).ToHaveCountAsync(0);
        await Assertions.Expect(mandatoryPage.GetByRole(AriaRole.Button, new() { Name = "Đổi lịch" })).ToHaveCountAsync(1);
        await mandatoryPage.AssertAccessibleAsync();
        await mandatoryPage.ScreenshotAsync("dialogue-mandatory");

        TestContext.Current.TestOutputHelper?.WriteLine($"From a triggered proposal to an announced dialogue: {actions} actions (clicks and fields filled).");
        Assert.True(actions <= 15, $"{actions} actions");

        // On a phone: no horizontal scroll, and the skip link is the first stop of the keyboard.
        var phone = await chromium.OpenAsync(Fixture.Host, phone: true);
        await phone.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
        }));
        await phone.GotoAsync(page.Url);
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the dialogue page scrolls {overflow} px sideways at 360 px");
        await phone.Keyboard.PressAsync("Tab");
        Assert.Equal("Bỏ qua, tới nội dung chính", await phone.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await phone.AssertAccessibleAsync();
        await phone.ScreenshotAsync("dialogue-phone");
    }

    // The workbook's figure columns: periodic held, ad hoc held, opinions received, opinions resolved.
    private static readonly string[] FigureColumns = ["B", "C", "D", "E"];


    private async Task<DanVan.Contracts.V1.Dialogue> ScheduleAsync(string unitCode, string title)
    {
        var client = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker);
        var request = DialogueTestSupport.Schedule(unitCode, await DialogueTestSupport.FreeSlotAsync(Fixture.Host, unitCode));
        request.Title = title;
        return (await client.ScheduleDialogueAsync(request)).Dialogue;
    }
}
