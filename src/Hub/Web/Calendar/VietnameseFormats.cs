using DanVan.Adapters.Time;

namespace DanVan.Hub.Web.Calendar;

/// <summary>Dates and times as Vietnamese offices write them, in Asia/Ho_Chi_Minh: "08:00, thứ Ba 12/01/2027".</summary>
public static class VietnameseFormats
{
    private static readonly string[] Weekdays = ["Chủ Nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];

    /// <summary>"thứ Ba", "Chủ Nhật".</summary>
    public static string Weekday(DayOfWeek day) => Weekdays[(int)day];

    /// <summary>"Thứ Ba", as the first word of a sentence.</summary>
    public static string WeekdayCapitalised(DayOfWeek day) => char.ToUpperInvariant(Weekday(day)[0]) + Weekday(day)[1..];

    /// <summary>"thứ Ba 12/01/2027".</summary>
    public static string Date(DateOnly date) => $"{Weekday(date.DayOfWeek)} {date:dd/MM/yyyy}";

    /// <summary>"08:00, thứ Ba 12/01/2027".</summary>
    public static string Instant(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone);
        return $"{local:HH:mm}, {Date(DateOnly.FromDateTime(local.DateTime))}";
    }
}
