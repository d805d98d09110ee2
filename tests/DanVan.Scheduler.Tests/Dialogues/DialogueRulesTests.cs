using DanVan.Adapters.Errors;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Dialogues.Triggers;

namespace DanVan.Scheduler.Tests.Dialogues;

public sealed class DialogueRulesTests
{
    private static readonly DialogueOptions Options = new();
    private static readonly SlotRules Rules = new(new WorkingCalendar(new PublicHolidays(new HolidayOptions()), new WorkingHoursOptions()), Options, new ReceptionDays(Options));
    private static readonly AdminUnit Commune = new(1, "00004", "Phường Ba Đình", AdminLevel.Commune, "Phường", "01", null, null, false, false);
    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(7)); // a Monday

    private static DialogueSlot Slot(int month, int day, int hour, int minutes = 0, double hours = 2) =>
        new(new DateTimeOffset(2030, month, day, hour, minutes, 0, TimeSpan.FromHours(7)),
            new DateTimeOffset(2030, month, day, hour, minutes, 0, TimeSpan.FromHours(7)).AddHours(hours), "Hall", Options.CoChairsFor(Commune.Code));

    [Theory]
    [InlineData(3, 2, 9, "SLOT_IN_PAST")]               // Saturday two days ago
    [InlineData(3, 16, 9, "NOT_A_WORKING_DAY")]         // Saturday
    [InlineData(4, 30, 9, "NOT_A_WORKING_DAY")]         // Reunification day
    [InlineData(4, 12, 9, "NOT_A_WORKING_DAY")]         // Hùng Kings' day 2030 (10/3 lunar) is Friday 12 April
    [InlineData(3, 12, 11, "OUTSIDE_WORKING_HOURS")]    // 11:00-13:00 runs over the lunch break
    [InlineData(3, 12, 18, "OUTSIDE_WORKING_HOURS")]
    [InlineData(3, 14, 9, "CITIZEN_RECEPTION_DAY")]     // Thursday: the commune chair receives citizens
    [InlineData(3, 8, 8, "INSIDE_NOTICE_PERIOD")]       // Friday, four days ahead
    public void A_slot_breaking_a_rule_is_refused_with_the_rule(int month, int day, int hour, string reason)
    {
        var error = Assert.Throws<PreconditionFailedException>(() => Rules.Check(Commune, Slot(month, day, hour), Now, overrideReason: null));

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void An_override_reason_allows_a_slot_inside_the_notice_period_but_not_on_a_holiday()
    {
        Rules.Check(Commune, Slot(3, 8, 8), Now, "flooding: the commune asked for an urgent dialogue");

        Assert.Equal("NOT_A_WORKING_DAY", Assert.Throws<PreconditionFailedException>(
            () => Rules.Check(Commune, Slot(4, 30, 8), Now, "urgent")).Reason);
    }

    [Theory]
    [InlineData(8, 8, 0, 2.0, "INSIDE_NOTICE_PERIOD")]  // Friday 8 March, the last working day inside the 7 days
    [InlineData(11, 8, 0, 2.0, null)]                   // Monday 11 March, exactly 7 days ahead
    [InlineData(12, 14, 30, 2.5, null)]                 // 14:30–17:00 ends with the working day…
    [InlineData(12, 14, 30, 3.0, "OUTSIDE_WORKING_HOURS")] // …14:30–17:30 does not
    [InlineData(12, 7, 30, 4.0, null)]                  // 07:30–11:30: the whole morning
    public void A_slot_is_allowed_from_the_end_of_the_notice_period_and_within_office_hours(int day, int hour, int minutes, double hours, string? reason)
    {
        var error = Record.Exception(() => Rules.Check(Commune, Slot(3, day, hour, minutes, hours), Now, overrideReason: null));

        Assert.Equal(reason, (error as PreconditionFailedException)?.Reason);
        Assert.Equal(reason is null, error is null);
    }

    [Fact]
    public void The_finder_skips_taken_slots_holidays_and_reception_days_and_wraps_to_the_window_start()
    {
        var finder = new SlotFinder(Rules, Options);
        var bookings = new Bookings();
        var coChairs = Options.CoChairsFor(Commune.Code);
        bookings.Add(new DialogueSlot(Slot(4, 29, 8).Start, Slot(4, 29, 8).End, "Hall", coChairs));

        // From Monday 29 April: 08:00 is taken, 14:00 is free.
        Assert.Equal(Slot(4, 29, 14).Start, finder.Find(Commune, coChairs, "Hall", new(2030, 4, 1), new(2030, 5, 10), new(2030, 4, 29), bookings)!.Start);

        bookings.Add(Slot(4, 29, 14) with { CoChairs = coChairs });
        // 30/4 and 1/5 are holidays and on Thursday 2 May the chair receives citizens: Friday 3 May.
        Assert.Equal(DayOfWeek.Thursday, new DateOnly(2030, 5, 2).DayOfWeek);
        Assert.Equal(Slot(5, 3, 8).Start, finder.Find(Commune, coChairs, "Hall", new(2030, 4, 1), new(2030, 5, 10), new(2030, 4, 29), bookings)!.Start);

        // Nothing left after the preferred day inside the window: back to its first working day.
        Assert.Equal(Slot(4, 1, 8).Start, finder.Find(Commune, coChairs, "Hall", new(2030, 4, 1), new(2030, 4, 29), new(2030, 4, 29), bookings)!.Start);
    }

    [Fact]
    public void Milestones_fall_around_the_slot_and_skip_what_has_passed()
    {
        var milestones = new Milestones(Options);
        var start = Slot(4, 10, 8).Start;

        Assert.Equal((Milestone.AnnouncementCheck, start.AddDays(-8)), milestones.Next(DialogueStatus.Scheduled, start, Now));
        Assert.Equal((Milestone.DayBeforeReminder, start.AddDays(-1)), milestones.Next(DialogueStatus.Announced, start, start.AddDays(-8)));
        Assert.Equal((Milestone.MinutesDue, start.AddDays(3)), milestones.Next(DialogueStatus.Announced, start, start.AddHours(-2)));
        Assert.Equal((Milestone.ResultsDue, start.AddDays(10)), milestones.Next(DialogueStatus.Held, start, start.AddDays(3)));
        Assert.Null(milestones.Next(DialogueStatus.Held, start, start.AddDays(10)));
        Assert.Null(milestones.Next(DialogueStatus.Cancelled, start, Now));
        Assert.Null(milestones.Next(DialogueStatus.Proposed, null, Now));
    }

    [Theory]
    [InlineData(Milestone.AnnouncementCheck, DialogueStatus.Scheduled, "deadline.announcement_due")]
    [InlineData(Milestone.AnnouncementCheck, DialogueStatus.Announced, null)]
    [InlineData(Milestone.DayBeforeReminder, DialogueStatus.Announced, "reminder.day_before")]
    [InlineData(Milestone.DayBeforeReminder, DialogueStatus.Scheduled, "escalation.not_announced")]
    [InlineData(Milestone.MinutesDue, DialogueStatus.Announced, "escalation.minutes_overdue")]
    [InlineData(Milestone.MinutesDue, DialogueStatus.Held, null)]
    [InlineData(Milestone.ResultsDue, DialogueStatus.Held, "escalation.results_overdue")]
    [InlineData(Milestone.ResultsDue, DialogueStatus.ResultsPublished, null)]
    public void A_milestone_speaks_only_when_something_is_late(Milestone milestone, DialogueStatus status, string? eventType)
    {
        var dialogue = new Dialogue(Guid.NewGuid(), Commune, [1], DialogueKind.Periodic, status, "Đối thoại", Slot(4, 10, 8), 2030,
            null, null, null, null, null, null, null, [], null, null, null, 1, Now, Now);

        Assert.Equal(eventType, new Milestones(Options).Evaluate(dialogue, milestone)?.EventType);
    }

    [Fact]
    public void A_rule_fires_only_on_enough_data_over_enough_consecutive_periods()
    {
        var rule = TriggerRule.All.Single(r => r.Name == TriggerRule.OnTimeRate);
        var settings = new TriggerRuleOptions { Threshold = 0.95, MinDenominator = 30, ConsecutivePeriods = 2 };
        var march = new DateOnly(2030, 3, 1);
        var onePeriod = new TriggerRuleOptions { Threshold = 0.95, MinDenominator = 30 };
        Dictionary<DateOnly, Measurement> Months(params (int Month, long OnTime, long Resolved)[] values) =>
            values.ToDictionary(v => new DateOnly(2030, v.Month, 1), v => new Measurement(1, new DateOnly(2030, v.Month, 1), v.OnTime, v.Resolved));

        Assert.True(rule.Fires(settings, Months((2, 40, 50), (3, 90, 100)), march));
        Assert.False(rule.Fires(settings, Months((3, 90, 100)), march));                 // one period only
        Assert.False(rule.Fires(settings, Months((2, 49, 50), (3, 90, 100)), march));    // February was fine (98 %)
        Assert.False(rule.Fires(settings, Months((2, 20, 25), (3, 90, 100)), march));    // 25 resolved say nothing
        Assert.True(rule.Fires(onePeriod, Months((3, 94, 100)), march));
        Assert.False(rule.Fires(onePeriod, Months((3, 95, 100)), march)); // exactly 95 % is not below

        var backlog = TriggerRule.All.Single(r => r.Name == TriggerRule.IdCardBacklog);
        Assert.True(backlog.Fires(new TriggerRuleOptions { Threshold = 0.2, MinDenominator = 100 }, Months((3, 20, 100)), march));
    }

    [Fact]
    public void Opinions_move_only_along_their_workflow()
    {
        Assert.True(OpinionWorkflow.CanMove(OpinionStatus.Received, OpinionStatus.Assigned));
        Assert.True(OpinionWorkflow.CanMove(OpinionStatus.Assigned, OpinionStatus.InProgress));
        Assert.True(OpinionWorkflow.CanMove(OpinionStatus.InProgress, OpinionStatus.Resolved));
        Assert.False(OpinionWorkflow.CanMove(OpinionStatus.Resolved, OpinionStatus.InProgress));
        Assert.False(OpinionWorkflow.CanMove(OpinionStatus.Received, OpinionStatus.Resolved));
        Assert.True(OpinionWorkflow.IsOpen(OpinionStatus.InProgress));
        Assert.False(OpinionWorkflow.IsOpen(OpinionStatus.AnsweredAtMeeting));
    }
}
