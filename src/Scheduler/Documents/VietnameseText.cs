using System.Globalization;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Scheduler.Documents;

/// <summary>How an official paper writes dates, times, figures, units and the hub's states in Vietnamese.</summary>
public static class VietnameseText
{
    private static readonly string[] TypePrefixes = ["Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Thị trấn ", "Đặc khu ", "Xã ", "Phường "];

    private static readonly string[] Weekdays = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];

    /// <summary>"ngày 12 tháng 01 năm 2027": day and month on two digits, as Decree 30 writes the date of a paper.</summary>
    public static string DateInWords(DateOnly date) => $"ngày {date.Day:00} tháng {date.Month:00} năm {date.Year}";

    public static string Weekday(DateOnly date) => Weekdays[(int)date.DayOfWeek];

    /// <summary>"08 giờ 00 phút, thứ Ba, ngày 19 tháng 03 năm 2030", in Hanoi's time.</summary>
    public static string InstantInWords(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        return $"{ClockTime(instant)}, {Weekday(date)}, {DateInWords(date)}";
    }

    /// <summary>"08 giờ 00 phút", in Hanoi's time.</summary>
    public static string ClockTime(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone);
        return $"{local.Hour:00} giờ {local.Minute:00} phút";
    }

    /// <summary>"dd/MM/yyyy", the short form for tables.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A count with Vietnamese thousands separators: 1.446.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    /// <summary>A share in percent with a decimal comma (92,3%), or "-" without a denominator.</summary>
    public static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + "%";

    /// <summary>The unit's name without its type, as in the place line: "Phường Ba Đình" → "Ba Đình".</summary>
    public static string PlaceName(AdminUnit unit)
    {
        foreach (var prefix in TypePrefixes)
        {
            if (unit.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && unit.Name.Length > prefix.Length)
            {
                return unit.Name[prefix.Length..];
            }
        }

        return unit.Name;
    }

    /// <summary>The unit's name inside a sentence, its type in lower case: "phường Ba Đình".</summary>
    public static string InSentence(AdminUnit unit)
    {
        var place = PlaceName(unit);
        return place == unit.Name ? unit.Name : unit.Name[..^place.Length].ToLowerInvariant() + place;
    }

    /// <summary>The issuing body's two header lines: "ỦY BAN NHÂN DÂN" / "PHƯỜNG BA ĐÌNH".</summary>
    public static IReadOnlyList<string> PeoplesCommittee(AdminUnit unit) => ["ỦY BAN NHÂN DÂN", unit.Name.ToUpperInvariant()];

    /// <summary>"Ủy ban nhân dân phường Ba Đình".</summary>
    public static string CommitteeOf(AdminUnit unit) => $"Ủy ban nhân dân {InSentence(unit)}";

    /// <summary>A co-chair as a paper names them: their office for the hub's conventional roles, the name given otherwise.</summary>
    public static string CoChair(string coChair, AdminUnit unit)
    {
        if (CoChairs.Parse(coChair) is not { } parsed)
        {
            return coChair;
        }

        var of = parsed.UnitCode == unit.Code ? InSentence(unit) : $"(đơn vị {parsed.UnitCode})";
        return parsed.Role switch
        {
            CoChairs.PeopleCommitteeChair => $"Chủ tịch Ủy ban nhân dân {of}",
            CoChairs.FatherlandFrontChair => $"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {of}",
            CoChairs.PeopleCouncilStanding or CoChairs.PeopleCouncilDelegate => $"Đại diện Thường trực Hội đồng nhân dân {of}",
            CoChairs.PartySecretary => $"Bí thư {PartyCommitteeName(parsed.UnitCode, of)}",
            CoChairs.PartyCommittee => $"Đại diện {PartyCommitteeName(parsed.UnitCode, of)}",
            var role => $"{role} {of}",
        };
    }

    // A province's Party committee is its Tỉnh ủy (Thành ủy for a centrally-run city), a commune's its Đảng ủy.
    private static string PartyCommitteeName(string unitCode, string of) =>
        UnitCodes.LevelOf(unitCode) == AdminLevel.Province
            ? (of.StartsWith("thành phố ", StringComparison.Ordinal) ? $"Thành ủy {of["thành phố ".Length..]}" : $"Tỉnh ủy {(of.StartsWith("tỉnh ", StringComparison.Ordinal) ? of["tỉnh ".Length..] : of)}")
            : $"Đảng ủy {of}";

    public static string Form(DialogueForm form) => form switch
    {
        DialogueForm.Online => "trực tuyến",
        DialogueForm.SocialNetwork => "trên mạng xã hội",
        _ => "trực tiếp",
    };

    public static string Channel(AnnouncementChannel channel) => channel switch
    {
        AnnouncementChannel.MassMedia => "phương tiện thông tin đại chúng",
        AnnouncementChannel.CommuneOffice => "niêm yết tại trụ sở Ủy ban nhân dân",
        AnnouncementChannel.Loudspeaker => "hệ thống loa truyền thanh",
        _ => "cổng thông tin điện tử",
    };

    public static string Channel(ResultsChannel channel) => channel switch
    {
        ResultsChannel.MassMedia => "đăng tải trên phương tiện thông tin đại chúng",
        ResultsChannel.PostedAtOffice => "niêm yết tại trụ sở",
        _ => "gửi trưởng thôn, tổ trưởng tổ dân phố để thông báo đến Nhân dân",
    };

    public static string Level(AdminLevel level) => level switch
    {
        AdminLevel.Province => "Cấp tỉnh",
        AdminLevel.District => "Cấp huyện",
        _ => "Cấp xã",
    };

    public static string Kind(DialogueKind kind) => kind == DialogueKind.Periodic ? "định kỳ" : "đột xuất";

    public static string Status(DialogueStatus status) => status switch
    {
        DialogueStatus.Proposed => "Đề xuất",
        DialogueStatus.Scheduled => "Đã lên lịch",
        DialogueStatus.Announced => "Đã thông báo",
        DialogueStatus.Held => "Đã tổ chức",
        DialogueStatus.ResultsPublished => "Đã thông báo kết quả",
        DialogueStatus.Closed => "Đã kết thúc",
        _ => "Đã hủy",
    };

    public static string Status(OpinionStatus status) => status switch
    {
        OpinionStatus.Received => "Đã tiếp nhận",
        OpinionStatus.Assigned => "Đã giao xử lý",
        OpinionStatus.AnsweredAtMeeting => "Đã trả lời tại hội nghị",
        OpinionStatus.InProgress => "Đang giải quyết",
        OpinionStatus.Resolved => "Đã giải quyết",
        OpinionStatus.NotAccepted => "Không chấp nhận",
        _ => "Đã chuyển cơ quan có thẩm quyền",
    };

    /// <summary>
    /// A reporting period as reports name it: "năm 2026", "quý I năm 2026", "6 tháng đầu năm 2026",
    /// "9 tháng năm 2026", "tháng 03 năm 2026", otherwise "từ ngày 01/02/2026 đến ngày 15/03/2026".
    /// </summary>
    public static string Period(DateOnly from, DateOnly to)
    {
        var monthEnd = to.AddDays(1).Day == 1;
        if (from.Day == 1 && monthEnd && from.Year == to.Year)
        {
            var months = to.Month - from.Month + 1;
            switch (from.Month, months)
            {
                case (1, 12): return $"năm {from.Year}";
                case (1, 6): return $"6 tháng đầu năm {from.Year}";
                case (1, 9): return $"9 tháng năm {from.Year}";
                case (_, 3) when from.Month % 3 == 1: return $"quý {new[] { "I", "II", "III", "IV" }[from.Month / 3]} năm {from.Year}";
                case (_, 1): return $"tháng {from.Month:00} năm {from.Year}";
            }
        }

        return $"từ ngày {ShortDate(from)} đến ngày {ShortDate(to)}";
    }

    /// <summary>Text as lines, blank ones dropped: free text keeps its paragraphs.</summary>
    public static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}
