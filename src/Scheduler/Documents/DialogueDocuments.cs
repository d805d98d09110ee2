using DanVan.Adapters.Privacy;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using static DanVan.Scheduler.Documents.VietnameseText;

namespace DanVan.Scheduler.Documents;

/// <summary>
/// What goes where in each paper of a dialogue, from what the hub holds, as a draft the clerk completes:
/// what the hub does not hold is left as "…" (the number, which the register assigns; the secretary of
/// the meeting when the outcome does not name one; the signer). Dated on the day it is drafted. Pure: no store, no clock.
/// </summary>
public static class DialogueDocuments
{
    private const string Blank = OfficialDocument.Blank;

    public static OfficialDocument Announcement(Dialogue dialogue, DateOnly today)
    {
        var unit = dialogue.Unit;
        // Time and place come from the hub's slot, which is what was announced; content and how to
        // take part as the announcement stated them, when it was recorded with its four items.
        var stated = dialogue.AnnouncementDetails;
        var body = new List<Block>
        {
            new Paragraph($"Thực hiện quy định về tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân, {CommitteeOf(unit)} "
                + $"tổ chức hội nghị đối thoại {Kind(dialogue.Kind)} với Nhân dân, cụ thể như sau:"),
            new Paragraph($"1. Thời gian: {(dialogue.Slot is { } slot ? $"từ {InstantInWords(slot.Start)}, dự kiến kết thúc lúc {ClockTime(slot.End)}" : Blank)}."),
            new Paragraph($"2. Địa điểm: {dialogue.Slot?.Venue ?? Blank}."),
        };
        body.AddRange(Sessions(dialogue));
        body.Add(new Paragraph($"3. Nội dung: {dialogue.Title}{(stated is null ? "" : $"; {stated.Content}")}."));
        body.AddRange(dialogue.Agenda.Select(item => new Paragraph($"- {item.Text}")));
        body.Add(new Paragraph($"4. Hình thức: {Form(dialogue.Form)}."));
        body.Add(new Paragraph($"5. Chủ trì hội nghị: {ChairsOf(dialogue)}."));
        if (dialogue.Invitees.Count > 0)
        {
            body.Add(new Paragraph($"Khách mời: {string.Join("; ", dialogue.Invitees.Select(i => CoChair(i, unit)))}."));
        }

        body.Add(new Paragraph(stated is null
            ? $"6. Cách thức tham gia: công dân, đại diện các hộ gia đình, tổ chức trên địa bàn {InSentence(unit)} đến dự trực tiếp tại địa điểm nêu trên; "
              + $"ý kiến, kiến nghị có thể gửi trước về {CommitteeOf(unit)} hoặc qua trưởng thôn, tổ trưởng tổ dân phố trước ngày tổ chức hội nghị."
            : $"6. Cách thức tham gia: {stated.HowToTakePart}."));
        var channels = (stated?.Channels.Select(Channel) ?? []).Concat(string.IsNullOrWhiteSpace(dialogue.Announcement) ? [] : [dialogue.Announcement.Trim()]).ToList();
        body.Add(new Paragraph($"7. Thông báo được đăng tải, niêm yết qua: {(channels.Count == 0 ? Blank : string.Join("; ", channels))}."));
        body.Add(new Paragraph($"{CommitteeOf(unit)} thông báo để Nhân dân biết, tham gia./."));

        return Finish(new OfficialDocument(
            DocumentKind.Announcement, Stem("thong-bao", dialogue), PeoplesCommittee(unit), Number("TB"), PlaceAndDate(unit, today),
            "THÔNG BÁO", "Về việc tổ chức hội nghị đối thoại với Nhân dân", body, [Committee()],
            ["- Thường trực Đảng ủy, HĐND " + InSentence(unit) + ";", "- Ủy ban MTTQ Việt Nam " + InSentence(unit) + ";",
             "- Các thôn, tổ dân phố;", "- Đài truyền thanh, cổng thông tin điện tử;", "- Lưu: VT."]));
    }

    /// <summary>The plan of a unit's periodic dialogues of a year, from the dialogues the hub has planned or holds for it.</summary>
    public static OfficialDocument Plan(AdminUnit unit, int year, IReadOnlyList<Dialogue> periodic, DateOnly today)
    {
        var ordered = periodic.Where(d => d.Status != DialogueStatus.Cancelled)
            .OrderBy(d => d.Slot?.Start ?? DateTimeOffset.MaxValue).ThenBy(d => d.Unit.Code).ToList();
        var rows = ordered.Select((d, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            d.Unit.Name,
            d.Slot is { } slot ? $"{ClockTime(slot.Start)}, {ShortDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slot.Start, Adapters.Time.VietnamTime.Zone).DateTime))}" : Blank,
            d.Slot?.Venue ?? Blank,
            Status(d.Status),
        ]).ToList();
        var body = new List<Block>
        {
            new Paragraph("I. MỤC ĐÍCH, YÊU CẦU", Bold: true, Heading: true),
            new Paragraph("1. Tổ chức đối thoại định kỳ giữa người đứng đầu cấp ủy, chính quyền với Nhân dân theo quy định, nắm bắt tâm tư, nguyện vọng, "
                + "kịp thời giải quyết những kiến nghị chính đáng của Nhân dân."),
            new Paragraph("2. Hội nghị được thông báo công khai ít nhất 07 ngày trước ngày tổ chức; kết quả được thông báo trong thời hạn 10 ngày kể từ ngày tổ chức."),
            new Paragraph("II. THỜI GIAN, ĐỊA ĐIỂM", Bold: true, Heading: true),
            new Paragraph(ordered.Count == 0
                ? $"Năm {year}, chưa có hội nghị đối thoại định kỳ nào được lên lịch cho {InSentence(unit)}: {Blank}."
                : $"Năm {year}, tổ chức {Count(ordered.Count)} hội nghị đối thoại định kỳ theo lịch sau:"),
        };
        if (rows.Count > 0)
        {
            body.Add(new Table(["STT", "Đơn vị", "Thời gian", "Địa điểm", "Tình trạng"], rows, [8, 24, 20, 32, 16]));
        }

        body.Add(new Paragraph("III. TỔ CHỨC THỰC HIỆN", Bold: true, Heading: true));
        body.Add(new Paragraph($"1. Văn phòng {CommitteeOf(unit)} chuẩn bị nội dung, địa điểm, thông báo và tổng hợp ý kiến, kiến nghị của Nhân dân."));
        body.Add(new Paragraph("2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp phối hợp vận động Nhân dân tham gia, giám sát việc thực hiện kết luận sau đối thoại."));
        body.Add(new Paragraph($"3. {Blank}"));

        return Finish(new OfficialDocument(
            DocumentKind.Plan, $"ke-hoach-doi-thoai-{unit.Code}-{year}", PeoplesCommittee(unit), Number("KH"), PlaceAndDate(unit, today),
            "KẾ HOẠCH", $"Tổ chức hội nghị đối thoại định kỳ với Nhân dân năm {year}", body, [Committee()],
            ["- Thường trực Đảng ủy, HĐND " + InSentence(unit) + ";", "- Ủy ban MTTQ Việt Nam " + InSentence(unit) + ";", "- Các đơn vị liên quan;", "- Lưu: VT."]));
    }

    public static OfficialDocument Minutes(Dialogue dialogue, DateOnly today)
    {
        var unit = dialogue.Unit;
        var heldOn = dialogue.HeldOn;
        var day = heldOn is { } h ? $"{Weekday(h)}, {DateInWords(h)}" : Blank;
        var details = dialogue.OutcomeDetails;
        var started = details.ActualStart ?? dialogue.Slot?.Start;
        var ended = details.ActualEnd ?? dialogue.Slot?.End;
        var body = new List<Block>
        {
            new Paragraph($"Thời gian bắt đầu: {(started is { } s ? ClockTime(s) : Blank)}, {day}."),
            new Paragraph($"Địa điểm: {dialogue.Slot?.Venue ?? Blank}."),
            new Paragraph($"Hình thức: {Form(dialogue.Form)}."),
        };
        body.AddRange(Sessions(dialogue));
        body.Add(new Paragraph("Thành phần tham dự:", Bold: true));
        body.AddRange(dialogue.Attendance.Count == 0
            ? [new Paragraph($"- {Blank}")]
            : dialogue.Attendance.Select(a => new Paragraph($"- {a.Group}: {Count(a.Count)} người")));
        if (dialogue.Attendance.Count > 1)
        {
            body.Add(new Paragraph($"Tổng số: {Count(dialogue.Attendance.Sum(a => (long)a.Count))} người."));
        }

        body.Add(new Paragraph($"Chủ trì: {(details.PresidingChair is { } chair ? CoChair(chair, unit) : ChairsOf(dialogue))}."));
        body.Add(new Paragraph($"Thư ký: {details.MinutesSecretary ?? Blank}."));
        body.Add(new Paragraph("I. DIỄN BIẾN HỘI NGHỊ", Bold: true, Heading: true));
        body.Add(new Paragraph($"Nội dung đối thoại: {dialogue.Title}."));
        var minutes = Lines(dialogue.Minutes).ToList();
        body.AddRange(minutes.Count == 0 ? [new Paragraph(Blank)] : minutes.Select(l => new Paragraph(l)));
        body.Add(new Paragraph("II. Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN VÀ TRẢ LỜI", Bold: true, Heading: true));
        if (dialogue.Opinions.Count == 0)
        {
            body.Add(new Paragraph("Không có ý kiến, kiến nghị."));
        }

        foreach (var (opinion, i) in dialogue.Opinions.Select((o, i) => (o, i + 1)))
        {
            body.Add(new Paragraph($"{i}. Về {opinion.Topic}: {opinion.Content}"));
            body.Add(new Paragraph($"Trả lời: {(string.IsNullOrWhiteSpace(opinion.Answer) ? Blank : opinion.Answer)}", Italic: true));
            if (!string.IsNullOrWhiteSpace(opinion.ResponsibleAgency))
            {
                body.Add(new Paragraph($"Cơ quan chịu trách nhiệm: {opinion.ResponsibleAgency}.", Italic: true));
            }
        }

        body.Add(new Paragraph($"Hội nghị kết thúc vào lúc {(ended is { } end ? ClockTime(end) : Blank)} cùng ngày. "
            + "Biên bản đã được đọc lại cho những người tham dự nghe và thống nhất./."));

        return Finish(new OfficialDocument(
            DocumentKind.Minutes, Stem("bien-ban", dialogue), PeoplesCommittee(unit), Number("BB"), PlaceAndDate(unit, today),
            "BIÊN BẢN", $"Hội nghị đối thoại {Kind(dialogue.Kind)} với Nhân dân {InSentence(unit)}", body,
            [new Signature("", "THƯ KÝ"), new Signature("", "CHỦ TỌA")],
            ["- Thường trực Đảng ủy, HĐND " + InSentence(unit) + ";", "- Ủy ban MTTQ Việt Nam " + InSentence(unit) + ";", "- Lưu: VT."]));
    }

    /// <summary>The notice of results: each opinion, the agency responsible and its deadline; due within <paramref name="resultsDueDays"/> of the held date.</summary>
    public static OfficialDocument ResultsNotice(Dialogue dialogue, int resultsDueDays, DateOnly today)
    {
        var unit = dialogue.Unit;
        var heldOn = dialogue.HeldOn;
        var body = new List<Block>
        {
            new Paragraph($"{(heldOn is { } h ? char.ToUpperInvariant(DateInWords(h)[0]) + DateInWords(h)[1..] : "Ngày " + Blank)}, {CommitteeOf(unit)} "
                + $"tổ chức hội nghị đối thoại {Kind(dialogue.Kind)} với Nhân dân tại {dialogue.Slot?.Venue ?? Blank}; nội dung: {dialogue.Title}. "
                + $"{CommitteeOf(unit)} thông báo kết quả hội nghị như sau:"),
            new Paragraph("1. Kết quả chung", Bold: true, Heading: true),
        };
        var results = Lines(dialogue.Results).ToList();
        body.AddRange(results.Count == 0 ? [new Paragraph(Blank)] : results.Select(l => new Paragraph(l)));
        body.Add(new Paragraph("2. Ý kiến, kiến nghị và việc giải quyết", Bold: true, Heading: true));
        if (dialogue.Opinions.Count == 0)
        {
            body.Add(new Paragraph("Hội nghị không có ý kiến, kiến nghị."));
        }
        else
        {
            body.Add(new Table(["STT", "Ý kiến, kiến nghị", "Trả lời, kết luận", "Cơ quan chịu trách nhiệm", "Thời hạn"],
                dialogue.Opinions.Select((o, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{o.Topic}: {o.Content}",
                    string.IsNullOrWhiteSpace(o.Answer) ? Status(o.Status) : o.Answer,
                    string.IsNullOrWhiteSpace(o.ResponsibleAgency) ? Blank : o.ResponsibleAgency,
                    o.DueDate is { } due ? ShortDate(due) : Blank,
                ]).ToList(), [8, 32, 25, 20, 15]));
        }

        // The channels recorded when the results were published; before that, the three the rules name.
        var channels = dialogue.ResultsChannels.Count > 0 ? dialogue.ResultsChannels : [ResultsChannel.MassMedia, ResultsChannel.PostedAtOffice, ResultsChannel.VillageHeads];
        body.Add(new Paragraph(heldOn is { } held
            ? $"Thông báo này được ban hành trong thời hạn {resultsDueDays} ngày kể từ ngày tổ chức hội nghị (chậm nhất {DateInWords(held.AddDays(resultsDueDays))}); "
              + $"được {string.Join(", ", channels.Select(Channel))}./."
            : $"Hội nghị chưa được tổ chức: {Blank}./."));

        return Finish(new OfficialDocument(
            DocumentKind.ResultsNotice, Stem("thong-bao-ket-qua", dialogue), PeoplesCommittee(unit), Number("TB"), PlaceAndDate(unit, today),
            "THÔNG BÁO", $"Kết quả hội nghị đối thoại {Kind(dialogue.Kind)} với Nhân dân{(heldOn is { } d ? " " + DateInWords(d) : "")}", body, [Committee()],
            ["- Thường trực Đảng ủy, HĐND " + InSentence(unit) + ";", "- Ủy ban MTTQ Việt Nam " + InSentence(unit) + ";",
             "- Các cơ quan, đơn vị được giao giải quyết;", "- Các thôn, tổ dân phố;", "- Lưu: VT."]));
    }

    /// <summary>The period report: the unit's figures by level, then each child unit's, as <c>SummarizeDialogues</c> counts them.</summary>
    public static OfficialDocument PeriodReport(DialogueSummary summary, IReadOnlyList<DialogueSummary> children, DateOnly from, DateOnly to, DateOnly today)
    {
        var unit = summary.Unit;
        var period = Period(from, to);
        var body = new List<Block>
        {
            new Paragraph("I. KẾT QUẢ TỔ CHỨC ĐỐI THOẠI", Bold: true, Heading: true),
            new Paragraph($"{(period.StartsWith("từ ", StringComparison.Ordinal) ? "T" + period[1..] : "Trong " + period)}, trên địa bàn {InSentence(unit)} đã tổ chức {Count(summary.PeriodicHeld + summary.AdHocHeld)} hội nghị đối thoại, "
                + $"trong đó {Count(summary.PeriodicHeld)} hội nghị định kỳ và {Count(summary.AdHocHeld)} hội nghị đột xuất; "
                + $"tiếp nhận {Count(summary.OpinionsReceived)} ý kiến, kiến nghị của Nhân dân, đã trả lời, giải quyết {Count(summary.OpinionsResolved)} ý kiến, kiến nghị"
                + (summary.OpinionsReceived > 0 ? $", đạt tỷ lệ {Percent(summary.OpinionsResolved, summary.OpinionsReceived)}." : ".")),
        };
        if (summary.ProposalsPending > 0)
        {
            body.Add(new Paragraph($"Hiện có {Count(summary.ProposalsPending)} đề xuất tổ chức đối thoại đột xuất đang chờ xem xét."));
        }

        string[] header = ["", "Đối thoại định kỳ", "Đối thoại đột xuất", "Ý kiến tiếp nhận", "Đã giải quyết", "Tỷ lệ"];
        int[] widths = [28, 14, 14, 15, 15, 14];
        body.Add(new Paragraph("1. Theo cấp", Bold: true, Heading: true));
        body.Add(new Table(["Cấp", .. header[1..]],
            [.. summary.Levels.Select(l => Row(Level(l.Level), l.PeriodicHeld, l.AdHocHeld, l.OpinionsReceived, l.OpinionsResolved)),
             Row("Tổng cộng", summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved)], widths));
        if (children.Count > 0)
        {
            body.Add(new Paragraph("2. Theo đơn vị trực thuộc", Bold: true, Heading: true));
            body.Add(new Table(["Đơn vị", .. header[1..]],
                children.Select(c => Row(c.Unit.Name, c.PeriodicHeld, c.AdHocHeld, c.OpinionsReceived, c.OpinionsResolved)).ToList(), widths));
        }

        body.Add(new Paragraph("II. ĐÁNH GIÁ CHUNG", Bold: true, Heading: true));
        body.Add(new Paragraph($"1. Ưu điểm: {Blank}"));
        body.Add(new Paragraph($"2. Hạn chế, nguyên nhân: {Blank}"));
        body.Add(new Paragraph("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", Bold: true, Heading: true));
        body.Add(new Paragraph(Blank));
        body.Add(new Paragraph($"Trên đây là báo cáo kết quả công tác đối thoại {period} của {CommitteeOf(unit)}./."));

        return Finish(new OfficialDocument(
            DocumentKind.PeriodReport, $"bao-cao-doi-thoai-{unit.Code}-{from:yyyyMMdd}-{to:yyyyMMdd}", PeoplesCommittee(unit), Number("BC"), PlaceAndDate(unit, today),
            "BÁO CÁO", $"Kết quả công tác đối thoại {period}", body, [Committee()],
            ["- Cấp ủy, chính quyền cấp trên;", "- Thường trực Đảng ủy, HĐND " + InSentence(unit) + ";", "- Ủy ban MTTQ Việt Nam " + InSentence(unit) + ";", "- Lưu: VT."]));

        static IReadOnlyList<string> Row(string name, int periodic, int adHoc, int received, int resolved) =>
            [name, Count(periodic), Count(adHoc), Count(received), Count(resolved), Percent(resolved, received)];
    }

    /// <summary>"Số: …/TB-UBND": the register assigns the number.</summary>
    private static string Number(string kind) => $"Số: {Blank}/{kind}-UBND";

    private static string PlaceAndDate(AdminUnit unit, DateOnly date) => $"{PlaceName(unit)}, {DateInWords(date)}";

    private static Signature Committee() => new("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH");

    /// <summary>The sessions by village cluster, each with its villages, time and venue.</summary>
    private static IEnumerable<Paragraph> Sessions(Dialogue dialogue) => dialogue.Sessions.Select((s, i) => new Paragraph(
        $"- Phiên {i + 1}, {s.Cluster}{(s.Villages.Count > 0 ? $" ({string.Join(", ", s.Villages)})" : "")}: từ {ClockTime(s.Start)} đến {ClockTime(s.End)}, "
        + $"{ShortDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, Adapters.Time.VietnamTime.Zone).DateTime))}, tại {s.Venue}."));

    private static string ChairsOf(Dialogue dialogue) =>
        dialogue.Slot is { CoChairs.Count: > 0 } slot ? string.Join("; ", slot.CoChairs.Select(c => CoChair(c, dialogue.Unit))) : Blank;

    private static string Stem(string kind, Dialogue dialogue) =>
        $"{kind}-{dialogue.Unit.Code}-{(dialogue.HeldOn ?? (dialogue.Slot is { } s ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.Start, Adapters.Time.VietnamTime.Zone).DateTime) : (DateOnly?)null))?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? dialogue.Id.ToString("N")[..8]}";

    /// <summary>Every text of the paper through the scrubber, whatever path it reached the store by.</summary>
    private static OfficialDocument Finish(OfficialDocument document) => document with
    {
        IssuingBody = document.IssuingBody.Select(Scrub).ToList(),
        PlaceAndDate = Scrub(document.PlaceAndDate),
        Subject = Scrub(document.Subject),
        Body = document.Body.Select(block => block switch
        {
            Paragraph p => p with { Text = Scrub(p.Text) },
            Table t => (Block)(t with { Header = t.Header.Select(Scrub).ToList(), Rows = t.Rows.Select(r => (IReadOnlyList<string>)r.Select(Scrub).ToList()).ToList() }),
            _ => block,
        }).ToList(),
        Recipients = document.Recipients.Select(Scrub).ToList(),
    };

    private static string Scrub(string text) => PersonalDataScrubber.Scrub(text);
}
