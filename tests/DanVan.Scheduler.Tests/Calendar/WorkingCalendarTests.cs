using DanVan.Scheduler.Calendar;

namespace DanVan.Scheduler.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static WorkingCalendar Calendar(HolidayOptions? options = null) =>
        new(new PublicHolidays(options ?? new HolidayOptions()), new WorkingHoursOptions());

    [Fact]
    public void The_holidays_of_2026_by_the_labour_code_are_exactly_these_days()
    {
        var holidays = new PublicHolidays(new HolidayOptions()).For(2026).Select(h => h.Date);

        DateOnly[] expected =
        [
            new(2026, 1, 1), new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 2, 19), new(2026, 2, 20),
            new(2026, 4, 26), new(2026, 4, 27), new(2026, 4, 30), new(2026, 5, 1), new(2026, 9, 2), new(2026, 9, 3),
        ];
        Assert.Equal(expected, holidays);
    }

    [Fact]
    public void A_holiday_on_a_weekend_gives_the_next_working_day_off()
    {
        // Hùng Kings' day 2026 is a Sunday: Monday 27 April is the compensatory day.
        var calendar = Calendar();

        Assert.Equal(DayOfWeek.Sunday, new DateOnly(2026, 4, 26).DayOfWeek);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 4, 27)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 4, 28)));
    }

    [Fact]
    public void A_years_decision_swaps_days_as_published()
    {
        var decisions = new HolidayDecisions();
        decisions.Replace([new StoredHolidayDecision(new HolidayDecision(2026,
            [
                new HolidayPeriod(HolidayKind.Tet, new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 22), [new DateOnly(2026, 2, 28)], "Nghỉ hoán đổi Tết"),
                new HolidayPeriod(HolidayKind.NationalDay, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 2), [], "1/9 liền kề"),
            ], ""), Shipped: false, "test", DateTimeOffset.UnixEpoch)]);
        var calendar = new WorkingCalendar(new PublicHolidays(new HolidayOptions(), decisions), new WorkingHoursOptions());

        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 13)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 28)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 9, 3)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 9, 2)));
    }

    [Fact]
    public void Weekends_are_not_working_days_and_ordinary_weekdays_are()
    {
        var calendar = Calendar();

        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 7)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 8)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 3, 9)));
        Assert.Equal(new DateOnly(2026, 2, 23), calendar.NextWorkingDay(new DateOnly(2026, 2, 16)));
    }

    [Theory]
    [InlineData(8, 0, 120, true)]
    [InlineData(7, 30, 240, true)]
    [InlineData(10, 0, 120, false)]
    [InlineData(13, 30, 210, true)]
    [InlineData(16, 0, 90, false)]
    [InlineData(12, 0, 60, false)]
    public void A_session_must_fit_in_the_morning_or_the_afternoon(int hour, int minute, int minutes, bool fits) =>
        Assert.Equal(fits, Calendar().IsWithinWorkingHours(new DateOnly(2026, 3, 10), new TimeOnly(hour, minute), TimeSpan.FromMinutes(minutes)));
}
