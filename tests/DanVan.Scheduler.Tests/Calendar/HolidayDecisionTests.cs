using DanVan.Adapters.Errors;
using DanVan.Scheduler.Calendar;

namespace DanVan.Scheduler.Tests.Calendar;

public sealed class HolidayDecisionTests
{
    private static PublicHolidays Shipped()
    {
        var decisions = new HolidayDecisions();
        decisions.Replace(HolidayDecision.Shipped.Select(d => new StoredHolidayDecision(d, Shipped: true, "shipped", DateTimeOffset.UnixEpoch)));
        return new PublicHolidays(new HolidayOptions(), decisions);
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>Monday-to-Friday days off: those are what a decision moves (weekend days are off anyway).</summary>
    private static IEnumerable<DateOnly> WeekdaysOff(PublicHolidays holidays, int year) =>
        holidays.For(year).Select(h => h.Date).Where(d => !PublicHolidays.IsWeekend(d));

    [Fact]
    public void The_2024_decisions_give_the_official_days_off_and_working_days()
    {
        var holidays = Shipped();
        var calendar = new WorkingCalendar(holidays, new WorkingHoursOptions());

        // Tết 8–14/2 (8662/VPCP-KGVX, 5015/TB-LĐTBXH), 27/4–1/5 with Saturday 4/5 worked (2450/VPCP-KGVX),
        // 31/8–3/9; 1/1 and Hùng Kings' day (18/4) by the rule.
        DateOnly[] expected =
        [
            D(2024, 1, 1), D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14), D(2024, 4, 18),
            D(2024, 4, 29), D(2024, 4, 30), D(2024, 5, 1), D(2024, 9, 2), D(2024, 9, 3),
        ];
        Assert.Equal(expected, WeekdaysOff(holidays, 2024));
        Assert.Equal([D(2024, 5, 4)], holidays.WorkingWeekendDays(2024));
        Assert.False(holidays.IsProvisional(2024));
        // The rule alone would have given Thursday 15/2 as a compensatory day and kept Thursday 8/2 working.
        Assert.True(calendar.IsWorkingDay(D(2024, 2, 15)));
        Assert.False(calendar.IsWorkingDay(D(2024, 2, 8)));
        Assert.True(calendar.IsWorkingDay(D(2024, 5, 4)));
        Assert.Contains("2450/VPCP-KGVX", holidays.For(2024).Single(h => h.Date == D(2024, 4, 29)).LegalSource);
    }

    [Fact]
    public void The_2025_decisions_give_the_official_days_off_and_working_days()
    {
        var holidays = Shipped();

        // Tết 25/1–2/2, 30/4–4/5 with Saturday 26/4 worked, 30/8–2/9 (8726/VPCP-KGVX); 1/1 and 7/4 by the rule.
        DateOnly[] expected =
        [
            D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31), D(2025, 4, 7),
            D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2),
        ];
        Assert.Equal(expected, WeekdaysOff(holidays, 2025));
        Assert.Equal([D(2025, 4, 26)], holidays.WorkingWeekendDays(2025));
        var days = holidays.For(2025).Select(h => h.Date).ToHashSet();
        for (var d = D(2025, 1, 25); d <= D(2025, 2, 2); d = d.AddDays(1))
        {
            Assert.Contains(d, days);
        }

        // 3/9 is not the day adjacent to 2/9 in 2025, nor is Monday 3/2 a compensatory day.
        Assert.DoesNotContain(D(2025, 9, 3), days);
        Assert.DoesNotContain(D(2025, 2, 3), days);
    }

    [Fact]
    public void The_2026_decisions_give_the_official_days_off_and_working_days()
    {
        var holidays = Shipped();
        var calendar = new WorkingCalendar(holidays, new WorkingHoursOptions());

        // 1–4/1 with Saturday 10/1 worked (12729/VPCP-KGVX), Tết 14–22/2 (9441/TB-BNV); Hùng Kings'
        // day (Sunday 26/4, compensated Monday 27/4), 30/4–1/5 and 2/9 (with 3/9) by the rule.
        DateOnly[] expected =
        [
            D(2026, 1, 1), D(2026, 1, 2), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
            D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2), D(2026, 9, 3),
        ];
        Assert.Equal(expected, WeekdaysOff(holidays, 2026));
        Assert.Equal([D(2026, 1, 10)], holidays.WorkingWeekendDays(2026));
        Assert.True(calendar.IsWorkingDay(D(2026, 1, 10)));
        Assert.False(calendar.IsWorkingDay(D(2026, 1, 2)));
        Assert.Equal(D(2026, 2, 23), calendar.NextWorkingDay(D(2026, 2, 14)));
        Assert.All(holidays.For(2026).Where(h => h.Kind == HolidayKind.Tet), h => Assert.Contains("9441/TB-BNV", h.LegalSource));
        Assert.All(holidays.For(2026).Where(h => h.Kind == HolidayKind.NationalDay), h => Assert.Null(h.LegalSource));
    }

    [Fact]
    public void Every_shipped_period_names_its_legal_source()
    {
        Assert.Equal([2024, 2025, 2026], HolidayDecision.Shipped.Select(d => d.Year));
        Assert.All(HolidayDecision.Shipped.SelectMany(d => d.Periods), p => Assert.Matches(@"\d+/(VPCP-KGVX|TB-LĐTBXH|TB-BNV)", p.LegalSource));
    }

    [Fact]
    public void A_year_without_a_decision_follows_the_rule_and_is_provisional()
    {
        var holidays = Shipped();
        var rule = new PublicHolidays(new HolidayOptions());

        Assert.True(holidays.IsProvisional(2027));
        Assert.Null(holidays.Decision(2027));
        Assert.Equal(rule.For(2027), holidays.For(2027));
        Assert.Empty(holidays.WorkingWeekendDays(2027));
        Assert.All(holidays.For(2027), h => Assert.Null(h.LegalSource));
    }

    [Fact]
    public void An_invalid_decision_is_refused_with_every_violation()
    {
        var decision = new HolidayDecision(2027,
        [
            // Tết 2027 is 6 February: this period misses it, and runs into the next year.
            new HolidayPeriod(HolidayKind.Tet, D(2027, 1, 20), D(2028, 1, 2), [], "Công văn 1/VPCP-KGVX"),
            // No legal source; its working days are a Wednesday, a Saturday given twice and another year's Saturday.
            new HolidayPeriod(HolidayKind.NationalDay, D(2027, 8, 28), D(2027, 9, 3), [D(2027, 9, 8), D(2027, 9, 4), D(2027, 9, 4), D(2026, 9, 5)], ""),
            // National Day again, ending before it starts; its working day is a day off of the period before.
            new HolidayPeriod(HolidayKind.NationalDay, D(2027, 9, 2), D(2027, 9, 1), [D(2027, 8, 29)], "x"),
            // Its working day, Saturday 2/1, is one of its own days off.
            new HolidayPeriod(HolidayKind.NewYear, D(2027, 1, 1), D(2027, 1, 3), [D(2027, 1, 2)], "x"),
        ], "");

        var error = Assert.Throws<ValidationException>(decision.Validate);
        var fields = error.Violations.Select(v => v.Field).ToList();
        Assert.Equal(
        [
            "periods[0].last_day",
            "periods[1].legal_source",
            "periods[2].holiday",
            "periods[2].last_day",
            "periods[1].working_days[0]",
            "periods[1].working_days[2]",
            "periods[1].working_days[3]",
            "periods[2].working_days[0]",
            "periods[3].working_days[0]",
        ], fields);
        Assert.Contains("Wednesday", error.Violations[4].Description);
        Assert.Contains("is given twice", error.Violations[5].Description);
        Assert.Contains("not in 2027", error.Violations[6].Description);
        Assert.Contains("day off of periods[1]", error.Violations[7].Description);
        Assert.Contains("day off of periods[3]", error.Violations[8].Description);
    }

    [Fact]
    public void Overlapping_periods_and_a_missing_holiday_day_are_violations()
    {
        var decision = new HolidayDecision(2027,
        [
            new HolidayPeriod(HolidayKind.Tet, D(2027, 2, 1), D(2027, 2, 5), [], "x"),
            new HolidayPeriod(HolidayKind.NewYear, D(2027, 1, 1), D(2027, 2, 2), [], "x"),
            new HolidayPeriod(HolidayKind.NationalDay, D(2027, 9, 2), D(2027, 9, 2), [D(2027, 9, 5)], "x"),
        ], "");

        var error = Assert.Throws<ValidationException>(decision.Validate);

        Assert.Equal(
        [
            ("periods[0]", "Tết Nguyên đán of 2027 falls on 2027-02-06, outside 2027-02-01–2027-02-05"),
            ("periods[1]", "overlaps periods[0] on 2027-02-01"),
            ("periods[2]", "Quốc khánh is 2 days off by the Labour Code (Art. 112(1)); 1 given"),
        ], error.Violations.Select(v => (v.Field, v.Description)));
    }
}
