using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using DanVan.Scheduler.Documents;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using DocumentFormat.OpenXml.Packaging;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace DanVan.Hub.Tests.Documents;

/// <summary>
/// A periodic dialogue of Phường Ba Đình scheduled, announced, held with opinions (one answered), its
/// results published — all through the RPCs — then each of its papers drawn up on 22 March 2030.
/// </summary>
public sealed class DocumentFixture : DialogueHubFixture, Xunit.IAsyncLifetime
{
    public const string Unit = "00004";
    public const string OtherUnit = "00070";

    public static readonly string[] Opinions =
    [
        "Đề nghị sửa chữa tuyến đường liên tổ dân phố số 3 bị xuống cấp, ngập úng khi mưa lớn.",
        "Kiến nghị bố trí thêm đèn chiếu sáng công cộng tại ngõ 12 phố Đội Cấn.",
        "Đề nghị đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân khu tập thể.",
    ];

    public string DialogueId { get; private set; } = "";
    public string Secretary { get; private set; } = "";
    public string OtherSecretary { get; private set; } = "";

    public new async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Clock.Set(Start);
        var dialogues = new DialogueService.DialogueServiceClient(Host.CallInvoker);
        var scheduled = (await dialogues.ScheduleDialogueAsync(new ScheduleDialogueRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            UnitCode = Unit,
            Kind = DialogueKind.Periodic,
            Title = "Đối thoại định kỳ năm 2030 về chỉnh trang đô thị và thủ tục hành chính",
            StartTime = At(2030, 3, 19, 8),
            Venue = "Hội trường UBND Phường Ba Đình (00004)",
            Topics = { "Chỉnh trang đô thị, chiếu sáng công cộng", "Giải quyết thủ tục hành chính về đất đai" },
        })).Dialogue;
        DialogueId = scheduled.DialogueId;
        await dialogues.AnnounceDialogueAsync(Announce(DialogueId, "Loa truyền thanh phường, cổng thông tin điện tử phường"));

        Clock.Set(new DateTimeOffset(2030, 3, 19, 11, 30, 0, TimeSpan.FromHours(7)));
        var held = (await dialogues.RecordDialogueOutcomeAsync(new RecordDialogueOutcomeRequest
        {
            DialogueId = DialogueId,
            HeldOn = new Google.Type.Date { Year = 2030, Month = 3, Day = 19 },
            Attendance = { new Attendance { Group = "Nhân dân", Count = 1250 }, new Attendance { Group = "Đại biểu", Count = 35 } },
            Minutes = "Chủ tịch UBND phường báo cáo tình hình kinh tế - xã hội quý I.\nNhân dân phát biểu ý kiến; lãnh đạo phường trả lời trực tiếp.",
            Opinions =
            {
                new NewOpinion { Topic = "giao thông", Content = Opinions[0], ResponsibleAgency = "Phòng Kinh tế, Hạ tầng và Đô thị", DueDate = new Google.Type.Date { Year = 2030, Month = 6, Day = 30 } },
                new NewOpinion { Topic = "chiếu sáng", Content = Opinions[1], ResponsibleAgency = "Ban quản lý dự án phường" },
                new NewOpinion { Topic = "đất đai", Content = Opinions[2] },
            },
        })).Dialogue;
        await dialogues.UpdateOpinionAsync(new UpdateOpinionRequest
        {
            OpinionId = held.Opinions.Single(o => o.Topic == "chiếu sáng").OpinionId,
            Status = OpinionStatus.AnsweredAtMeeting,
            Answer = "Phường sẽ lắp đặt bổ sung 6 đèn chiếu sáng trong tháng 4/2030.",
        });
        await dialogues.PublishDialogueResultsAsync(new PublishDialogueResultsRequest
        {
            DialogueId = DialogueId,
            Results = "Hội nghị đã tiếp nhận 3 ý kiến, kiến nghị; 1 ý kiến được trả lời ngay tại hội nghị.",
        });

        Secretary = await Host.CreateClientAsync("secretary-ba-dinh", ClientKind.Secretary, ["dialogues:read"], Unit);
        OtherSecretary = await Host.CreateClientAsync("secretary-other-ward", ClientKind.Secretary, ["dialogues:write"], OtherUnit);
    }

    /// <summary>The papers are dated on the day they are drawn up.</summary>
    public override DateTimeOffset StartsAt => new(2030, 3, 22, 9, 0, 0, TimeSpan.FromHours(7));
}

public sealed class DocumentTests(DocumentFixture fixture) : HubTest<DocumentFixture>(fixture)
{
    private const string Dated = "Ba Đình, ngày 22 tháng 03 năm 2030";
    private static readonly TimeSpan PdfDeadline = TimeSpan.FromMinutes(3);

    private readonly DocumentService.DocumentServiceClient _documents = new(fixture.Host.CallInvoker);

    [Theory]
    [InlineData(DialogueDocumentKind.Announcement, "THÔNG BÁO", "Số: …/TB-UBND")]
    [InlineData(DialogueDocumentKind.Minutes, "BIÊN BẢN", "Số: …/BB-UBND")]
    [InlineData(DialogueDocumentKind.ResultsNotice, "THÔNG BÁO", "Số: …/TB-UBND")]
    public async Task Each_paper_of_a_held_dialogue_is_a_docx_in_the_decree_30_layout(DialogueDocumentKind kind, string title, string number)
    {
        var document = (await _documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest { DialogueId = Fixture.DialogueId, Kind = kind, Format = FileFormat.Docx })).Document;

        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", document.MediaType);
        Assert.Matches("^[a-z0-9-]+-00004-20300319\\.docx$", document.FileName);
        var docx = Docx.Open(document.Content.ToByteArray());
        docx.AssertDecree30Layout(number, Dated);
        Assert.Contains(title, docx.Paragraphs);
        var text = docx.Text;
        Assert.Contains("Hội trường UBND Phường Ba Đình (00004)", text);
        Assert.Contains("ngày 19 tháng 03 năm 2030", text);
        if (kind == DialogueDocumentKind.Announcement)
        {
            Assert.Contains("08 giờ 00 phút, thứ Ba, ngày 19 tháng 03 năm 2030", text);
            Assert.Contains("Chỉnh trang đô thị, chiếu sáng công cộng", text);
            Assert.Contains("Loa truyền thanh phường, cổng thông tin điện tử phường", text);
            Assert.Contains("4. Hình thức: trực tiếp.", text);
        }
        else
        {
            Assert.All(DocumentFixture.Opinions, opinion => Assert.Contains(opinion, text));
            Assert.Contains("Phường sẽ lắp đặt bổ sung 6 đèn chiếu sáng trong tháng 4/2030.", text);
            Assert.Contains("Phòng Kinh tế, Hạ tầng và Đô thị", text);
        }

        if (kind == DialogueDocumentKind.Minutes)
        {
            Assert.Contains("Nhân dân: 1.250 người", text);
            Assert.Contains("Tổng số: 1.285 người.", text);
            Assert.Contains("Thư ký: ….", text);
            Assert.Contains("kết thúc vào lúc 10 giờ 00 phút", text);
            Assert.Contains("CHỦ TỌA", docx.Paragraphs);
        }

        if (kind == DialogueDocumentKind.ResultsNotice)
        {
            Assert.Contains("30/06/2030", text);
            Assert.Contains("chậm nhất ngày 29 tháng 03 năm 2030", text);
            Assert.Contains("Hội nghị đã tiếp nhận 3 ý kiến, kiến nghị", text);
        }
    }

    [Fact]
    public async Task The_plan_lists_the_units_periodic_dialogues_of_the_year()
    {
        var document = (await _documents.GetDialoguePlanAsync(new GetDialoguePlanRequest { UnitCode = DocumentFixture.Unit, Year = 2030, Format = FileFormat.Docx })).Document;

        var docx = Docx.Open(document.Content.ToByteArray());
        docx.AssertDecree30Layout("Số: …/KH-UBND", Dated);
        Assert.Equal("ke-hoach-doi-thoai-00004-2030.docx", document.FileName);
        Assert.Contains("Tổ chức hội nghị đối thoại định kỳ với Nhân dân năm 2030", docx.Paragraphs);
        Assert.Contains("Năm 2030, tổ chức 1 hội nghị đối thoại định kỳ theo lịch sau:", docx.Paragraphs);
        Assert.Equal(["1", "Phường Ba Đình", "08 giờ 00 phút, 19/03/2030", "Hội trường UBND Phường Ba Đình (00004)", "Đã thông báo kết quả"], docx.TableRows(1)[1]);
    }

    [Fact]
    public async Task A_provinces_plan_lists_every_dialogue_the_planner_placed_for_its_communes()
    {
        var planned = await new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker).PlanPeriodicDialoguesAsync(
            new PlanPeriodicDialoguesRequest { UnitCode = "01", Year = 2031 }, deadline: DateTime.UtcNow + PdfDeadline);

        var document = (await _documents.GetDialoguePlanAsync(new GetDialoguePlanRequest { UnitCode = "01", Year = 2031, Format = FileFormat.Docx })).Document;

        var rows = Docx.Open(document.Content.ToByteArray()).TableRows(1).Skip(1).ToList();
        Assert.True(planned.Planned.Count > 100, $"{planned.Planned.Count} dialogues planned");
        Assert.Equal(planned.Planned.Select(p => p.UnitName).Order(), rows.Select(r => r[1]).Order());
        Assert.All(rows, r => Assert.Equal("Đã lên lịch", r[4]));
    }

    [Fact]
    public async Task The_period_report_gives_the_figures_by_level_and_by_child_unit()
    {
        var request = new GetPeriodReportRequest
        {
            UnitCode = "01", Format = FileFormat.Docx,
            StartDate = new Google.Type.Date { Year = 2030, Month = 1, Day = 1 }, EndDate = new Google.Type.Date { Year = 2030, Month = 3, Day = 31 },
        };
        var summary = await new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker).SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "01", StartDate = request.StartDate, EndDate = request.EndDate,
        });

        var document = (await _documents.GetPeriodReportAsync(request)).Document;

        var docx = Docx.Open(document.Content.ToByteArray());
        docx.AssertDecree30Layout("Số: …/BC-UBND", "Hà Nội, ngày 22 tháng 03 năm 2030", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]);
        Assert.Contains("Kết quả công tác đối thoại quý I năm 2030", docx.Paragraphs);
        Assert.Contains($"đã tổ chức {summary.PeriodicHeld + summary.AdHocHeld} hội nghị đối thoại, trong đó {summary.PeriodicHeld} hội nghị định kỳ", docx.Text);
        Assert.Equal((1, 3, 1), (summary.PeriodicHeld, summary.OpinionsReceived, summary.OpinionsResolved));
        var byLevel = docx.TableRows(1);
        Assert.Equal(["Cấp xã", "1", "0", "3", "1", "33,3%"], byLevel[1]);
        Assert.Equal(["Tổng cộng", "1", "0", "3", "1", "33,3%"], byLevel[^1]);
        var byChild = docx.TableRows(2);
        Assert.Contains(["Phường Ba Đình", "1", "0", "3", "1", "33,3%"], byChild);
        Assert.Contains(byChild, row => row[0] == "Phường Hoàn Kiếm" && row[1] == "0" && row[5] == "-");
        Assert.True(byChild.Count > 100, $"{byChild.Count - 1} communes of Hà Nội");
    }

    [Fact]
    public async Task The_pdf_is_a4_with_the_vietnamese_text_and_renders_to_images()
    {
        var folder = Directory.CreateDirectory(Path.Combine(ResultsFolder(), "documents")).FullName;
        foreach (var kind in new[] { DialogueDocumentKind.Announcement, DialogueDocumentKind.Minutes, DialogueDocumentKind.ResultsNotice })
        {
            var document = (await _documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest { DialogueId = Fixture.DialogueId, Kind = kind, Format = FileFormat.Pdf },
                deadline: DateTime.UtcNow + PdfDeadline)).Document;
            Assert.Equal("application/pdf", document.MediaType);
            var pdf = Path.Combine(folder, document.FileName);
            await File.WriteAllBytesAsync(pdf, document.Content.ToByteArray());

            var text = Flat(await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-"));
            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
            Assert.Contains("Độc lập - Tự do - Hạnh phúc", text);
            Assert.Contains("ỦY BAN NHÂN DÂN", text);
            Assert.Contains("PHƯỜNG BA ĐÌNH", text);
            Assert.Contains(Dated, text);
            Assert.Contains(kind == DialogueDocumentKind.Minutes ? "CHỦ TỌA" : "TM. ỦY BAN NHÂN DÂN", text);
            if (kind != DialogueDocumentKind.Announcement)
            {
                Assert.All(DocumentFixture.Opinions, opinion => Assert.Contains(Flat(opinion), text));
            }

            var info = await RunAsync("pdfinfo", pdf);
            Assert.Matches(@"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info);
            await RunAsync("pdftoppm", "-png", "-r", "60", pdf, Path.Combine(folder, Path.GetFileNameWithoutExtension(pdf)));
            Assert.NotEmpty(Directory.GetFiles(folder, Path.GetFileNameWithoutExtension(pdf) + "-*.png"));
        }

        var report = (await _documents.GetPeriodReportAsync(new GetPeriodReportRequest { UnitCode = DocumentFixture.Unit, Format = FileFormat.Pdf },
            deadline: DateTime.UtcNow + PdfDeadline)).Document;
        var reportPdf = Path.Combine(folder, report.FileName);
        await File.WriteAllBytesAsync(reportPdf, report.Content.ToByteArray());
        var reportText = Flat(await RunAsync("pdftotext", "-enc", "UTF-8", reportPdf, "-"));
        Assert.Contains("BÁO CÁO", reportText);
        Assert.Contains("Kết quả công tác đối thoại từ ngày 01/01/2030 đến ngày 22/03/2030", reportText);
        Assert.Contains("trên địa bàn phường Ba Đình đã tổ chức 1 hội nghị đối thoại, trong đó 1 hội nghị định kỳ", reportText);
        Assert.Contains("đạt tỷ lệ 33,3%", reportText);
        await RunAsync("pdftoppm", "-png", "-r", "60", reportPdf, Path.Combine(folder, Path.GetFileNameWithoutExtension(reportPdf)));

        // Each PDF was a conversion job of its own, and none left its row behind.
        var jobs = Fixture.Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().SucceededJobs(0, 1000);
        Assert.True(jobs.Count(j => j.Value.Job?.Type == typeof(PdfRenderJob)) >= 4, "conversions run as Hangfire jobs");
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*)::int from document_render"));
    }

    [Fact]
    public async Task A_paper_is_for_those_who_may_read_its_dialogues()
    {
        var own = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvokerFor(Fixture.Secretary));
        var other = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvokerFor(Fixture.OtherSecretary));

        var mine = await own.GetDialogueDocumentAsync(new GetDialogueDocumentRequest { DialogueId = Fixture.DialogueId, Kind = DialogueDocumentKind.Minutes, Format = FileFormat.Docx });
        var paper = await Refused(StatusCode.PermissionDenied, () => other.GetDialogueDocumentAsync(
            new GetDialogueDocumentRequest { DialogueId = Fixture.DialogueId, Kind = DialogueDocumentKind.Minutes, Format = FileFormat.Docx }).ResponseAsync);
        var report = await Refused(StatusCode.PermissionDenied, () => other.GetPeriodReportAsync(
            new GetPeriodReportRequest { UnitCode = DocumentFixture.Unit, Format = FileFormat.Docx }).ResponseAsync);
        var plan = await Refused(StatusCode.PermissionDenied, () => other.GetDialoguePlanAsync(
            new GetDialoguePlanRequest { UnitCode = DocumentFixture.Unit, Format = FileFormat.Docx }).ResponseAsync);

        Assert.NotEmpty(mine.Document.Content);
        Assert.Equal(["OUTSIDE_UNIT", "OUTSIDE_UNIT", "OUTSIDE_UNIT"], new[] { Reason(paper), Reason(report), Reason(plan) });
    }

    [Fact]
    public async Task Bad_requests_list_every_field_and_papers_of_a_dialogue_not_held_are_refused()
    {
        var dialogue = (await new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker).ScheduleDialogueAsync(
            Schedule(DocumentFixture.Unit, At(2030, 5, 14, 8)))).Dialogue;

        var empty = await Refused(StatusCode.InvalidArgument, () => _documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest { DialogueId = "42" }).ResponseAsync);
        var period = await Refused(StatusCode.InvalidArgument, () => _documents.GetPeriodReportAsync(new GetPeriodReportRequest
        {
            UnitCode = "1x", StartDate = new Google.Type.Date { Year = 2030, Month = 5, Day = 1 }, EndDate = new Google.Type.Date { Year = 2030, Month = 4, Day = 1 },
        }).ResponseAsync);
        var year = await Refused(StatusCode.InvalidArgument, () => _documents.GetDialoguePlanAsync(new GetDialoguePlanRequest { UnitCode = "00004", Year = 1999, Format = FileFormat.Pdf }).ResponseAsync);
        var unknown = await Refused(StatusCode.NotFound, () => _documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest
        {
            DialogueId = Guid.NewGuid().ToString(), Kind = DialogueDocumentKind.Announcement, Format = FileFormat.Docx,
        }).ResponseAsync);
        var notHeld = await Refused(StatusCode.FailedPrecondition, () => _documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest
        {
            DialogueId = dialogue.DialogueId, Kind = DialogueDocumentKind.Minutes, Format = FileFormat.Docx,
        }).ResponseAsync);
        var announcement = Docx.Open((await _documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest
        {
            DialogueId = dialogue.DialogueId, Kind = DialogueDocumentKind.Announcement, Format = FileFormat.Docx,
        })).Document.Content.ToByteArray());

        Assert.Equal(["dialogue_id", "kind", "format"], Fields(empty));
        Assert.Equal(["unit_code", "end_date", "format"], Fields(period));
        Assert.Equal(["year"], Fields(year));
        Assert.Equal("DIALOGUE_NOT_FOUND", Reason(unknown));
        Assert.Equal("DIALOGUE_NOT_HELD", Reason(notHeld));
        // Not announced yet: the channels are left for the clerk.
        Assert.Contains("7. Thông báo được đăng tải, niêm yết qua: ….", announcement.Paragraphs);
    }

    /// <summary>Where the run's results go (DANVAN_TEST_RESULTS, else TestResults at the repository's root).</summary>
    private static string ResultsFolder()
    {
        var folder = Environment.GetEnvironmentVariable("DANVAN_TEST_RESULTS") is { Length: > 0 } given ? given : "TestResults";
        return Path.IsPathRooted(folder) ? folder : Path.Combine(RepoPaths.Root, folder);
    }

    /// <summary>Text with every run of white space as one space, in NFC: lines broken by the layout compare as the text they hold.</summary>
    private static string Flat(string text) => Regex.Replace(text.Normalize(NormalizationForm.FormC), @"\s+", " ");

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeouts.Call);
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}

/// <summary>A .docx opened with OpenXml, read as its paragraphs and tables.</summary>
internal sealed class Docx
{
    private readonly W.Body _body;

    private Docx(W.Body body) => _body = body;

    public static Docx Open(byte[] bytes)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return new Docx((W.Body)document.MainDocumentPart!.Document.Body!.CloneNode(true));
    }

    public IReadOnlyList<string> Paragraphs => _body.Descendants<W.Paragraph>().Select(p => p.InnerText).ToList();

    public string Text => string.Join("\n", Paragraphs);

    /// <summary>The rows of the body's <paramref name="index"/>-th table (0 is the header; the last, the signature block), as cell texts.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TableRows(int index) =>
        _body.Elements<W.Table>().ElementAt(index).Elements<W.TableRow>()
            .Select(r => (IReadOnlyList<string>)r.Elements<W.TableCell>().Select(c => c.InnerText).ToList()).ToList();

    public void AssertDecree30Layout(string number, string placeAndDate, IReadOnlyList<string>? issuingBody = null)
    {
        var header = _body.Elements<W.Table>().First();
        var cells = header.Elements<W.TableRow>().Select(r => r.Elements<W.TableCell>().Select(c => c.Elements<W.Paragraph>().ToList()).ToList()).ToList();
        Assert.Equal([.. issuingBody ?? ["ỦY BAN NHÂN DÂN", "PHƯỜNG BA ĐÌNH"], ""], cells[0][0].Select(p => p.InnerText));
        Assert.Equal(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""], cells[0][1].Select(p => p.InnerText));
        Assert.All(cells[0].SelectMany(c => c[..^1]).SelectMany(p => p.Descendants<W.Run>()), run => Assert.NotNull(run.RunProperties?.Bold));
        // The rules: an empty line ruled under the issuing body and under the motto.
        Assert.NotNull(cells[0][0][^1].ParagraphProperties?.ParagraphBorders?.BottomBorder);
        Assert.NotNull(cells[0][1][^1].ParagraphProperties?.ParagraphBorders?.BottomBorder);
        Assert.Equal(number, cells[1][0].Single().InnerText);
        Assert.Equal(placeAndDate, cells[1][1].Single().InnerText);
        Assert.All(cells[1][1].Single().Descendants<W.Run>(), run => Assert.NotNull(run.RunProperties?.Italic));

        var section = _body.Elements<W.SectionProperties>().Single();
        var page = section.GetFirstChild<W.PageSize>()!;
        Assert.Equal((11906u, 16838u), (page.Width!.Value, page.Height!.Value));
        var margins = section.GetFirstChild<W.PageMargin>()!;
        Assert.InRange(margins.Top!.Value, 1134, 1417);   // 20–25 mm
        Assert.InRange(margins.Bottom!.Value, 1134, 1417);
        Assert.InRange(margins.Left!.Value, 1701u, 1984u); // 30–35 mm
        Assert.InRange(margins.Right!.Value, 850u, 1134u); // 15–20 mm

        var closing = Paragraphs;
        Assert.Contains("Nơi nhận:", closing);
        Assert.Contains("- Lưu: VT.", closing);
        if (!closing.Contains("CHỦ TỌA"))
        {
            Assert.Contains("TM. ỦY BAN NHÂN DÂN", closing);
            Assert.Contains("CHỦ TỊCH", closing);
        }
    }
}
