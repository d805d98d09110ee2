using System.Globalization;
using DanVan.Scheduler.Calendar;

namespace DanVan.Scheduler.Tests.Calendar;

public sealed class VietnameseLunarCalendarTests
{
    // Tết Nguyên đán and Giỗ Tổ Hùng Vương (10/3 lunar) as officially observed in Vietnam.
    [Theory]
    [InlineData(2024, "2024-02-10", "2024-04-18")]
    [InlineData(2025, "2025-01-29", "2025-04-07")]
    [InlineData(2026, "2026-02-17", "2026-04-26")]
    [InlineData(2027, "2027-02-06", "2027-04-16")]
    [InlineData(2028, "2028-01-26", "2028-04-04")]
    [InlineData(2029, "2029-02-13", "2029-04-23")]
    [InlineData(2030, "2030-02-02", "2030-04-12")]
    [InlineData(2031, "2031-01-23", "2031-04-01")]
    public void Tet_and_Hung_Kings_day_match_the_official_dates(int year, string tet, string hungKings)
    {
        Assert.Equal(DateOnly.Parse(tet, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
        Assert.Equal(DateOnly.Parse(hungKings, CultureInfo.InvariantCulture), VietnameseLunarCalendar.ToSolar(year, 3, 10));
    }

    [Theory]
    [InlineData(2007, "2007-02-17", "2007-02-18")]
    [InlineData(2030, "2030-02-02", "2030-02-03")]
    public void Tet_is_computed_at_utc_plus_7_where_the_chinese_calendar_at_utc_plus_8_differs(int year, string vietnam, string china)
    {
        var chinese = DateOnly.FromDateTime(new ChineseLunisolarCalendar().ToDateTime(year, 1, 1, 0, 0, 0, 0));

        Assert.Equal(DateOnly.Parse(china, CultureInfo.InvariantCulture), chinese);
        Assert.Equal(DateOnly.Parse(vietnam, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
    }

    [Fact]
    public void A_leap_month_exists_only_where_the_year_has_one()
    {
        // 2023 had a leap second month (tháng 2 nhuận) starting 2023-03-22.
        Assert.Equal(new DateOnly(2023, 3, 22), VietnameseLunarCalendar.ToSolar(2023, 2, 1, leapMonth: true));
        Assert.Equal(new DateOnly(2023, 4, 20), VietnameseLunarCalendar.ToSolar(2023, 3, 1));
        Assert.Throws<ArgumentException>(() => VietnameseLunarCalendar.ToSolar(2024, 2, 1, leapMonth: true));
    }
}
