using System.Diagnostics;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Hub.Hosting;
using DanVan.Scheduler.Dialogues;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Calendar;

/// <summary>A hub on the real map on Tuesday 2026-12-01 at 09:00 in Hanoi, when 2027 is still to be decided.</summary>
public sealed class CalendarHubFixture() : HubFixture(DatabaseContent.RealMap)
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    public override DateTimeOffset StartsAt => Start;
}

public sealed class CalendarTests(CalendarHubFixture fixture) : HubTest<CalendarHubFixture>(fixture)
{
    private readonly CalendarService.CalendarServiceClient _calendar = new(fixture.Host.CallInvoker);
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static DateOnly ToDate(Google.Type.Date d) => new(d.Year, d.Month, d.Day);

    private static IEnumerable<DateOnly> WeekdaysOff(GetWorkingCalendarResponse calendar) =>
        calendar.DaysOff.Select(d => ToDate(d.Date)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    private static IEnumerable<DateOnly> PlannedDays(PlanPeriodicDialoguesResponse plan) =>
        plan.Planned.Select(p => DateOnly.FromDateTime(p.StartTime.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7)).DateTime));

    [Fact]
    public async Task The_shipped_decisions_are_stored_and_give_the_official_days_off_and_working_days()
    {
        var decisions = (await _calendar.ListHolidayDecisionsAsync(new ListHolidayDecisionsRequest())).Decisions;
        Assert.Equal([2024, 2025, 2026], decisions.Where(d => d.Year <= 2026).Select(d => d.Year));
        Assert.All(decisions.Where(d => d.Year <= 2026), d =>
        {
            Assert.True(d.Shipped);
            Assert.All(d.Periods, p => Assert.NotEmpty(p.LegalSource));
        });

        var y2024 = await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2024 });
        var y2025 = await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2025 });
        var y2026 = await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2026 });

        Assert.False(y2024.Provisional || y2025.Provisional || y2026.Provisional);
        Assert.Equal(
            [D(2024, 1, 1), D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14), D(2024, 4, 18),
             D(2024, 4, 29), D(2024, 4, 30), D(2024, 5, 1), D(2024, 9, 2), D(2024, 9, 3)], WeekdaysOff(y2024));
        Assert.Equal([D(2024, 5, 4)], y2024.WorkingDays.Select(ToDate));
        Assert.Equal(
            [D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31), D(2025, 4, 7),
             D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2)], WeekdaysOff(y2025));
        Assert.Equal([D(2025, 4, 26)], y2025.WorkingDays.Select(ToDate));
        Assert.Equal(
            [D(2026, 1, 1), D(2026, 1, 2), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
             D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2), D(2026, 9, 3)], WeekdaysOff(y2026));
        Assert.Equal([D(2026, 1, 10)], y2026.WorkingDays.Select(ToDate));
        Assert.Contains("9441/TB-BNV", y2026.DaysOff.Single(d => ToDate(d.Date) == D(2026, 2, 14)).LegalSource);
        Assert.Equal("", y2026.DaysOff.Single(d => ToDate(d.Date) == D(2026, 4, 27)).LegalSource);
    }

    [Fact]
    public async Task An_operators_decision_for_2027_takes_effect_for_planning_at_once_on_every_hub()
    {
        // Another instance, already serving with the decisions as they were.
        using var otherHub = new HubProcess(Fixture.ConnectionString, Fixture.StartsAt);
        await Timeouts.Eventually(otherHub.IsServingAsync, Timeouts.Startup, "the second hub process to serve");
        var otherCalendar = new CalendarService.CalendarServiceClient(otherHub.CallInvokerFor(Fixture.Host.Credential));
        Assert.True((await otherCalendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2027 })).Provisional);

        var before = await _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "01", Year = 2027, DryRun = true });
        Assert.True(before.HolidaysProvisional);
        Assert.True((await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2027 })).Provisional);

        // Tết 2027 (6 February) as an operator might enter it: 25 January to 14 February off, Saturday 20 February worked.
        var decided = Enumerable.Range(0, 21).Select(i => D(2027, 1, 25).AddDays(i)).ToHashSet();
        // The test would prove nothing unless the provisional plan used some of those days.
        Assert.Contains(PlannedDays(before), decided.Contains);
        var unit = (await Fixture.Host.Services.GetRequiredService<IUnitRegistry>().FindAsync("00004", VietnamTime.Today(Fixture.Clock), CancellationToken.None))!;
        var finder = Fixture.Host.Services.GetRequiredService<SlotFinder>();
        Assert.Null(finder.Find(unit, Fixture.Host.Services.GetRequiredService<DialogueOptions>().CoChairsFor(unit.Code), "", D(2027, 2, 20), D(2027, 2, 20), D(2027, 2, 20), new Bookings()));

        var set = await _calendar.SetHolidayDecisionAsync(new SetHolidayDecisionRequest
        {
            Year = 2027,
            Note = "Thử nghiệm",
            Periods =
            {
                new HolidayPeriod
                {
                    Holiday = Holiday.Tet, FirstDay = Day(2027, 1, 25), LastDay = Day(2027, 2, 14), WorkingDays = { Day(2027, 2, 20) },
                    LegalSource = "Công văn 1/VPCP-KGVX (thử nghiệm)",
                },
            },
        });
        Assert.False(set.Decision.Shipped);
        Assert.NotEmpty(set.Decision.SetBy);

        // At once on this instance: the plan leaves the decided days, the Saturday is a working day.
        var after = await _dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "01", Year = 2027, DryRun = true });
        Assert.False(after.HolidaysProvisional);
        Assert.Equal(before.Planned.Count, after.Planned.Count);
        Assert.DoesNotContain(PlannedDays(after), decided.Contains);
        Assert.NotNull(finder.Find(unit, Fixture.Host.Services.GetRequiredService<DialogueOptions>().CoChairsFor(unit.Code), "", D(2027, 2, 20), D(2027, 2, 20), D(2027, 2, 20), new Bookings()));
        var calendar = await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2027 });
        Assert.False(calendar.Provisional);
        Assert.Equal([D(2027, 2, 20)], calendar.WorkingDays.Select(ToDate));
        // Holidays the decision does not give keep the rule: Hùng Kings' day 2027 is Friday 16 April.
        Assert.Contains(calendar.DaysOff, d => ToDate(d.Date) == D(2027, 4, 16) && d.Holiday == Holiday.HungKings && d.LegalSource == "");

        // On the other instance as soon as the change's notification reaches it.
        await Timeouts.Eventually(async () => !(await otherCalendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2027 })).Provisional,
            TimeSpan.FromSeconds(10), "the other hub to reload the holiday decisions");
        var other = new DialogueService.DialogueServiceClient(otherHub.CallInvokerFor(Fixture.Host.Credential));
        var otherPlan = await other.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = "01", Year = 2027, DryRun = true });
        Assert.False(otherPlan.HolidaysProvisional);
        Assert.Equal(PlannedDays(after), PlannedDays(otherPlan));
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", otherHub.Output);
    }

    [Fact]
    public async Task An_invalid_decision_is_refused_with_every_violation_and_nothing_is_stored()
    {
        var request = new SetHolidayDecisionRequest
        {
            Year = 2028,
            Periods =
            {
                    // Tết 2028 is 26 January: this one misses it, and overlaps the next.
                    new HolidayPeriod { Holiday = Holiday.Tet, FirstDay = Day(2028, 1, 1), LastDay = Day(2028, 1, 10), LegalSource = "x" },
                    // Out of the year, and a working day that is a Wednesday anyway.
                    new HolidayPeriod { Holiday = Holiday.NewYear, FirstDay = Day(2027, 12, 30), LastDay = Day(2028, 1, 3), WorkingDays = { Day(2028, 1, 5) }, LegalSource = "x" },
                    new HolidayPeriod { Holiday = Holiday.NationalDay, FirstDay = Day(2028, 9, 1), LastDay = Day(2028, 9, 4), LegalSource = " " },
                    new HolidayPeriod { Holiday = Holiday.Unspecified, LastDay = Day(2028, 5, 1), LegalSource = "x" },
                    // Overlaps the first.
                    new HolidayPeriod { Holiday = Holiday.HungKings, FirstDay = Day(2028, 1, 9), LastDay = Day(2028, 4, 5), WorkingDays = { Day(2028, 1, 8) }, LegalSource = "x" },
            },
        };

        var error = await Refused(StatusCode.InvalidArgument, () => _calendar.SetHolidayDecisionAsync(request).ResponseAsync);

        Assert.Equal(
        [
            "periods[3].holiday",
            "periods[3].first_day",
            "periods[0]",
            "periods[1].first_day",
            "periods[2].legal_source",
            "periods[4]",
            "periods[1].working_days[0]",
            "periods[4].working_days[0]",
        ], Fields(error));
        var empty = await Refused(StatusCode.InvalidArgument, () => _calendar.SetHolidayDecisionAsync(new SetHolidayDecisionRequest()).ResponseAsync);
        Assert.Equal(["year"], Fields(empty));
        var none = await Refused(StatusCode.InvalidArgument, () => _calendar.SetHolidayDecisionAsync(new SetHolidayDecisionRequest { Year = 2028 }).ResponseAsync);
        Assert.Equal(["periods"], Fields(none));
        var year = await Refused(StatusCode.InvalidArgument, () => _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 1999 }).ResponseAsync);
        Assert.Equal(["year"], Fields(year));
        Assert.DoesNotContain((await _calendar.ListHolidayDecisionsAsync(new ListHolidayDecisionsRequest())).Decisions, d => d.Year == 2028);
        Assert.True((await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2028 })).Provisional);
    }

    [Fact]
    public async Task The_calendar_feed_marks_the_dialogues_of_a_provisional_year()
    {
        await _dialogues.ScheduleDialogueAsync(Schedule("00004", await FreeSlotAsync(Fixture.Host, "00004")));
        // Tuesday 7 March 2030: a working day by the rule, in a year nobody has decided.
        await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 3, 5, 8)));

        var feed = (await Fixture.Host.Web.GetStringAsync("/calendars/00004.ics")).Replace("\r\n ", "");

        Assert.Contains("X-DANVAN-HOLIDAYS-PROVISIONAL:2030\r\n", feed);
        var events = feed.Split("BEGIN:VEVENT")[1..];
        Assert.Single(events, e => e.Contains("X-DANVAN-HOLIDAYS:PROVISIONAL") && e.Contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20300305T080000"));
        Assert.DoesNotContain(events, e => e.Contains("X-DANVAN-HOLIDAYS:PROVISIONAL") && e.Contains("DTSTART;TZID=Asia/Ho_Chi_Minh:2026"));
    }

    [Fact]
    public async Task The_holidays_command_sets_a_decision_that_the_running_hub_follows()
    {
        var file = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.json");
        await System.IO.File.WriteAllTextAsync(file, """
            {
              "year": 2029,
              "note": "",
              "periods": [
                { "holiday": "national-day", "firstDay": "2029-09-01", "lastDay": "2029-09-04", "workingDays": ["2029-09-08"], "legalSource": "Công văn 2/VPCP-KGVX (thử nghiệm)" }
              ]
            }
            """);
        var bad = Path.Combine(Path.GetTempPath(), $"holidays-{Guid.NewGuid():N}.json");
        await System.IO.File.WriteAllTextAsync(bad, """{ "year": 2029, "periods": [ { "holiday": "tet", "firstDay": "2029-03-01", "lastDay": "2029-03-01", "workingDays": ["2029-03-07"] } ] }""");
        try
        {
            var (badExit, badOutput) = await RunHolidaysAsync("set", bad);
            Assert.Equal(1, badExit);
            Assert.Contains("periods[0].legal_source", badOutput);
            Assert.Contains("periods[0].working_days[0]", badOutput);
            Assert.Contains("periods[0]: Tết Nguyên đán of 2029", badOutput);

            var (exit, output) = await RunHolidaysAsync("set", file);
            Assert.True(exit == 0, output);
            await Timeouts.Eventually(async () => !(await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2029 })).Provisional,
                TimeSpan.FromSeconds(10), "the hub to reload the holiday decisions");
            var calendar = await _calendar.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2029 });
            Assert.Equal([D(2029, 9, 8)], calendar.WorkingDays.Select(ToDate));
            Assert.Equal([D(2029, 9, 3), D(2029, 9, 4)], calendar.DaysOff.Where(d => d.Holiday == Holiday.NationalDay).Select(d => ToDate(d.Date)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
            Assert.StartsWith("holidays command", calendar.Decision.SetBy);

            var (listExit, list) = await RunHolidaysAsync("list");
            Assert.Equal(0, listExit);
            Assert.Contains("\"year\": 2029", list);
            Assert.Contains("2/VPCP-KGVX", list);
        }
        finally
        {
            System.IO.File.Delete(file);
            System.IO.File.Delete(bad);
        }
    }

    private async Task<(int Exit, string Output)> RunHolidaysAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__DanVan"] = Fixture.ConnectionString, ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(typeof(HubApplication).Assembly.Location);
        start.ArgumentList.Add("holidays");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeouts.Startup);
        return (process.ExitCode, await output + await error);
    }
}
