using System.Globalization;
using DanVan.Adapters.Privacy;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Documents;

namespace DanVan.Scheduler.Tests.Documents;

public sealed class DialogueDocumentsTests
{
    private static readonly AdminUnit Ward = new(1, "00004", "Phường Ba Đình", AdminLevel.Commune, "phuong", "01", null, null, false, false);
    private static readonly AdminUnit City = new(2, "01", "Thành phố Hà Nội", AdminLevel.Province, "thanh-pho", null, null, null, false, false);
    private static readonly DateOnly Today = new(2027, 1, 12);
    private static readonly DateTimeOffset Start = new(2026, 12, 29, 14, 0, 0, TimeSpan.FromHours(7));

    private static Dialogue Held(params Opinion[] opinions) => new(
        Guid.NewGuid(), Ward, [1], DialogueKind.AdHoc, DialogueStatus.Held, "Đối thoại về giải phóng mặt bằng",
        new DialogueSlot(Start, Start.AddHours(2), "Nhà văn hoá tổ dân phố 5", new DialogueOptions().CoChairsFor(Ward.Code)),
        null, null, null, null, null, Start.AddDays(-8), "Loa phường", DateOnly.FromDateTime(Start.Date),
        [new AttendanceCount("Nhân dân", 120)], "Khai mạc.\n\nThảo luận.", null, null, 3, Start, Start)
    { Opinions = opinions };

    private static Opinion Raised(string content, string answer = "", string agency = "") => new(
        Guid.NewGuid(), Guid.Empty, Ward.Code, "đất đai", content, agency, new DateOnly(2027, 2, 28), OpinionStatus.Assigned, answer, false, Start, Start);

    private static IEnumerable<string> AllText(OfficialDocument document) =>
        document.IssuingBody.Append(document.Number).Append(document.PlaceAndDate).Append(document.Title).Append(document.Subject)
            .Concat(document.Body.SelectMany(b => b switch
            {
                Paragraph p => [p.Text],
                Table t => t.Header.Concat(t.Rows.SelectMany(r => r)),
                _ => [],
            }))
            .Concat(document.Recipients);

    [Theory]
    [InlineData(2027, 1, 12, "ngày 12 tháng 01 năm 2027")]
    [InlineData(2030, 11, 5, "ngày 05 tháng 11 năm 2030")]
    public void A_date_is_written_in_words_with_two_digit_day_and_month(int year, int month, int day, string expected) =>
        Assert.Equal(expected, VietnameseText.DateInWords(new DateOnly(year, month, day)));

    [Theory]
    [InlineData("2026-01-01", "2026-12-31", "năm 2026")]
    [InlineData("2026-01-01", "2026-06-30", "6 tháng đầu năm 2026")]
    [InlineData("2026-01-01", "2026-09-30", "9 tháng năm 2026")]
    [InlineData("2026-04-01", "2026-06-30", "quý II năm 2026")]
    [InlineData("2026-10-01", "2026-12-31", "quý IV năm 2026")]
    [InlineData("2028-02-01", "2028-02-29", "tháng 02 năm 2028")]
    [InlineData("2026-02-01", "2026-03-15", "từ ngày 01/02/2026 đến ngày 15/03/2026")]
    [InlineData("2025-01-01", "2026-12-31", "từ ngày 01/01/2025 đến ngày 31/12/2026")]
    public void A_period_is_named_as_reports_name_it(string from, string to, string expected) =>
        Assert.Equal(expected, VietnameseText.Period(DateOnly.Parse(from, CultureInfo.InvariantCulture), DateOnly.Parse(to, CultureInfo.InvariantCulture)));

    [Fact]
    public void Figures_use_vietnamese_separators_and_units_read_as_in_a_sentence()
    {
        Assert.Equal(("1.446", "92,3%", "-"), (VietnameseText.Count(1446), VietnameseText.Percent(1446, 1566), VietnameseText.Percent(0, 0)));
        Assert.Equal(("Ba Đình", "phường Ba Đình", "PHƯỜNG BA ĐÌNH"), (VietnameseText.PlaceName(Ward), VietnameseText.InSentence(Ward), VietnameseText.PeoplesCommittee(Ward)[1]));
        Assert.Equal(("Hà Nội", "thành phố Hà Nội"), (VietnameseText.PlaceName(City), VietnameseText.InSentence(City)));
        Assert.Equal("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường Ba Đình", VietnameseText.CoChair("00004:fatherland-front-chair", Ward));
        Assert.Equal("14 giờ 00 phút, thứ Ba, ngày 29 tháng 12 năm 2026", VietnameseText.InstantInWords(Start));
    }

    [Fact]
    public void Each_paper_carries_its_number_form_place_and_date_and_signature()
    {
        var dialogue = Held(Raised("Đường ngõ 5 ngập"));

        var papers = new[]
        {
            (DialogueDocuments.Announcement(dialogue, Today), "Số: …/TB-UBND"),
            (DialogueDocuments.Minutes(dialogue, Today), "Số: …/BB-UBND"),
            (DialogueDocuments.ResultsNotice(dialogue, 10, Today), "Số: …/TB-UBND"),
            (DialogueDocuments.Plan(Ward, 2027, [], Today), "Số: …/KH-UBND"),
            (DialogueDocuments.PeriodReport(new DialogueSummary(Ward, [], [], 0), [], new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Today), "Số: …/BC-UBND"),
        };

        Assert.All(papers, paper =>
        {
            Assert.Equal(paper.Item2, paper.Item1.Number);
            Assert.Equal("Ba Đình, ngày 12 tháng 01 năm 2027", paper.Item1.PlaceAndDate);
            Assert.Equal(["ỦY BAN NHÂN DÂN", "PHƯỜNG BA ĐÌNH"], paper.Item1.IssuingBody);
            Assert.Contains("- Lưu: VT.", paper.Item1.Recipients);
        });
        Assert.Equal([new Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")], papers[0].Item1.Signatures);
        Assert.Equal(["THƯ KÝ", "CHỦ TỌA"], papers[1].Item1.Signatures.Select(s => s.Position));
        Assert.Contains("chậm nhất ngày 08 tháng 01 năm 2027", string.Join("\n", AllText(papers[2].Item1)));
        Assert.Contains($"Năm 2027, chưa có hội nghị đối thoại định kỳ nào được lên lịch cho phường Ba Đình: {OfficialDocument.Blank}.", AllText(papers[3].Item1));
    }

    [Fact]
    public void The_papers_state_the_form_sessions_channels_the_four_items_and_the_outcomes_times_chair_and_secretary()
    {
        var dialogue = Held() with
        {
            Form = DialogueForm.SocialNetwork,
            Sessions =
            [
                new DialogueSession("Cụm 1", ["Tổ dân phố 1", "Tổ dân phố 2"], Start, Start.AddHours(1), "Nhà văn hoá tổ 1"),
                new DialogueSession("Cụm 2", ["Tổ dân phố 5"], Start.AddHours(1), Start.AddHours(2), "Nhà văn hoá tổ dân phố 5"),
            ],
            Invitees = ["00004:party-committee"],
            AnnouncementDetails = new AnnouncementDetails([AnnouncementChannel.Loudspeaker, AnnouncementChannel.CommuneOffice],
                "14 giờ ngày 29/12/2026", "Nhà văn hoá tổ dân phố 5", "Kế hoạch giải phóng mặt bằng ngõ 5", "Theo dõi trực tiếp trên trang Facebook của phường, gửi câu hỏi qua bình luận"),
            Announcement = "Thông báo số 12",
            OutcomeDetails = new OutcomeDetails(Start.AddMinutes(10), Start.AddMinutes(150), "00004:people-committee-chair", "Nguyễn Thị Lan"),
            ResultsChannels = [ResultsChannel.PostedAtOffice, ResultsChannel.VillageHeads],
        };

        var announcement = AllText(DialogueDocuments.Announcement(dialogue, Today)).ToList();
        var minutes = AllText(DialogueDocuments.Minutes(dialogue, Today)).ToList();
        var results = string.Join("\n", AllText(DialogueDocuments.ResultsNotice(dialogue, 10, Today)));

        Assert.Contains("4. Hình thức: trên mạng xã hội.", announcement);
        Assert.Contains("3. Nội dung: Đối thoại về giải phóng mặt bằng; Kế hoạch giải phóng mặt bằng ngõ 5.", announcement);
        Assert.Contains("6. Cách thức tham gia: Theo dõi trực tiếp trên trang Facebook của phường, gửi câu hỏi qua bình luận.", announcement);
        Assert.Contains("7. Thông báo được đăng tải, niêm yết qua: hệ thống loa truyền thanh; niêm yết tại trụ sở Ủy ban nhân dân; Thông báo số 12.", announcement);
        Assert.Contains("- Phiên 1, Cụm 1 (Tổ dân phố 1, Tổ dân phố 2): từ 14 giờ 00 phút đến 15 giờ 00 phút, 29/12/2026, tại Nhà văn hoá tổ 1.", announcement);
        Assert.Contains("Khách mời: Đại diện Đảng ủy phường Ba Đình.", announcement);
        Assert.Contains("5. Chủ trì hội nghị: Chủ tịch Ủy ban nhân dân phường Ba Đình; Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường Ba Đình; "
            + "Đại diện Thường trực Hội đồng nhân dân phường Ba Đình.", announcement);
        Assert.Contains("Thời gian bắt đầu: 14 giờ 10 phút, thứ Ba, ngày 29 tháng 12 năm 2026.", minutes);
        Assert.Contains("Chủ trì: Chủ tịch Ủy ban nhân dân phường Ba Đình.", minutes);
        Assert.Contains("Thư ký: Nguyễn Thị Lan.", minutes);
        Assert.Contains("Hình thức: trên mạng xã hội.", minutes);
        Assert.Contains("- Phiên 2, Cụm 2 (Tổ dân phố 5): từ 15 giờ 00 phút đến 16 giờ 00 phút, 29/12/2026, tại Nhà văn hoá tổ dân phố 5.", minutes);
        Assert.Contains(minutes, l => l.StartsWith("Hội nghị kết thúc vào lúc 16 giờ 30 phút", StringComparison.Ordinal));
        Assert.Contains("được niêm yết tại trụ sở, gửi trưởng thôn, tổ trưởng tổ dân phố để thông báo đến Nhân dân./.", results);
        Assert.DoesNotContain("phương tiện thông tin đại chúng", results);
    }

    [Fact]
    public void A_provinces_dialogue_is_chaired_by_the_secretary_of_its_Party_committee() =>
        Assert.Equal(("Bí thư Thành ủy Hà Nội", "Đại diện Thường trực Hội đồng nhân dân phường Ba Đình"),
            (VietnameseText.CoChair("01:party-secretary", City), VietnameseText.CoChair("00004:people-council-delegate", Ward)));

    [Fact]
    public void No_id_or_phone_number_reaches_a_paper_whatever_path_it_reached_the_store_by()
    {
        // Records written before scrubbing existed, or by hand: the papers scrub again.
        var dialogue = Held(Raised("Ông A, CCCD 001 234 567 890, gọi 0912 345 678", answer: "Đã gọi lại số 0912.345.678", agency: "Tổ 5, điện thoại 024 3825 1234"))
            with { Minutes = "Người phát biểu: 001234567890", Results = "Liên hệ +84 912 345 678" };

        var papers = new[] { DialogueDocuments.Minutes(dialogue, Today), DialogueDocuments.ResultsNotice(dialogue, 10, Today), DialogueDocuments.Announcement(dialogue, Today) };

        var text = string.Join("\n", papers.SelectMany(AllText));
        Assert.False(PersonalDataScrubber.HasPersonalNumber(text), text);
        Assert.Contains(PersonalDataScrubber.IdPlaceholder, text);
        Assert.Contains(PersonalDataScrubber.PhonePlaceholder, text);
    }

    [Fact]
    public void The_docx_is_a4_with_decree_30_margins_and_times_new_roman()
    {
        var docx = DocxWriter.Write(DialogueDocuments.Minutes(Held(Raised("Đường ngõ 5 ngập")), Today));

        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        var body = document.MainDocumentPart!.Document.Body!;
        var section = body.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>()!;
        var page = section.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageSize>()!;
        var margin = section.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageMargin>()!;
        var fonts = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>().Single();
        Assert.Equal((11906u, 16838u), (page.Width!.Value, page.Height!.Value));
        Assert.Equal((1134, 1134, 1701u, 850u), (margin.Top!.Value, margin.Bottom!.Value, margin.Left!.Value, margin.Right!.Value));
        Assert.Equal("Times New Roman", fonts.Ascii!.Value);
        Assert.Contains(body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>(), p => p.InnerText == "1. Về đất đai: Đường ngõ 5 ngập");
    }
}
