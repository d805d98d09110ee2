using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Calendar;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// Whether a dialogue may take place in a slot: on a working day within office hours (never a public
/// holiday), not in the past, not on a co-chair's citizen-reception day nor on the reception day of
/// the secretary of a Party committee the unit's dialogues invite, and — unless an override reason is
/// given — at least the notice period ahead. Booking conflicts are the database's to catch.
/// </summary>
public sealed class SlotRules(WorkingCalendar calendar, DialogueOptions options, ReceptionDays receptions)
{
    public WorkingCalendar Calendar => calendar;

    public ReceptionDays Receptions => receptions;

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).DateTime;

    /// <summary>A local date and time in Vietnam as a UTC instant (as the database stores instants).</summary>
    public static DateTimeOffset FromLocal(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), VietnamTime.Zone.GetUtcOffset(date.ToDateTime(time))).ToUniversalTime();

    /// <summary>The earliest day a dialogue can be set for without an override, seen from <paramref name="now"/>.</summary>
    public DateOnly EarliestWithNotice(DateTimeOffset now) => DateOnly.FromDateTime(Local(now)).AddDays(options.NoticeDays);

    /// <summary>Throws FAILED_PRECONDITION with the reason when the slot is not allowed.</summary>
    public void Check(AdminUnit unit, DialogueSlot slot, DateTimeOffset now, string? overrideReason)
    {
        var local = Local(slot.Start);
        var date = DateOnly.FromDateTime(local);
        if (slot.Start <= now)
        {
            throw new PreconditionFailedException("SLOT_IN_PAST", $"{local:yyyy-MM-dd HH:mm} is in the past.");
        }

        if (!calendar.IsWorkingDay(date))
        {
            throw new PreconditionFailedException("NOT_A_WORKING_DAY", $"{date:yyyy-MM-dd} is a weekend day or a public holiday.");
        }

        if (!calendar.IsWithinWorkingHours(date, TimeOnly.FromDateTime(local), slot.Duration))
        {
            throw new PreconditionFailedException("OUTSIDE_WORKING_HOURS", $"{local:HH:mm} for {slot.Duration:h\\:mm} is not within working hours.");
        }

        if (Receiving(unit, slot.CoChairs, date).Select(r => r.Person).FirstOrDefault() is { } person)
        {
            throw new PreconditionFailedException("CITIZEN_RECEPTION_DAY", $"{date:yyyy-MM-dd} is {person}'s citizen-reception day.");
        }

        if (date < EarliestWithNotice(now) && string.IsNullOrWhiteSpace(overrideReason))
        {
            throw new PreconditionFailedException("INSIDE_NOTICE_PERIOD",
                $"{date:yyyy-MM-dd} is less than {options.NoticeDays} days ahead; give an override reason to schedule it anyway.");
        }
    }

    /// <summary>Whether the planner may use the day for the unit's default co-chairs.</summary>
    public bool IsPlannable(AdminUnit unit, IReadOnlyList<string> coChairs, DateOnly date) =>
        calendar.IsWorkingDay(date) && !Receiving(unit, coChairs, date).Any();

    public bool FitsWorkingHours(DateOnly date, TimeOnly start, TimeSpan duration) => calendar.IsWithinWorkingHours(date, start, duration);

    /// <summary>
    /// Who of the co-chairs and the unit's invitees receives citizens on <paramref name="date"/>, with
    /// the role whose reception days those are (a Party committee's are its secretary's).
    /// </summary>
    public IEnumerable<(string Person, string ReceivingRole, bool Weekly)> Receiving(AdminUnit unit, IReadOnlyList<string> coChairs, DateOnly date)
    {
        foreach (var person in coChairs.Concat(options.InviteesFor(unit.Code)))
        {
            if (CoChairs.Parse(person) is not { } named)
            {
                continue;
            }

            var role = CoChairs.ReceivingRole(named.Role);
            var days = receptions.For(named.UnitCode, named.UnitCode == unit.Code ? ReceptionDays.ProvinceOf(unit) : null, role).Days;
            if (days.Blocks(date))
            {
                yield return (person, role, days.Weekdays.Contains(date.DayOfWeek));
            }
        }
    }
}
