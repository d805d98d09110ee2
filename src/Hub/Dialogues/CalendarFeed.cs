using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace DanVan.Hub.Dialogues;

/// <summary>
/// A unit's dialogues as an iCalendar feed (RFC 5545): local times with TZID=Asia/Ho_Chi_Minh and
/// its VTIMEZONE, one VEVENT per dialogue with a UID that never changes, SEQUENCE following the
/// dialogue's sequence (raised on every change) and STATUS:CANCELLED once cancelled, so calendar
/// clients update or strike out what they already hold. Proposals have no time yet and are left out.
/// A dialogue in a year whose holidays are provisional (no official decision stored) carries
/// <c>X-DANVAN-HOLIDAYS:PROVISIONAL</c>, and the calendar lists those years in
/// <c>X-DANVAN-HOLIDAYS-PROVISIONAL</c>: the day may yet become a day off.
/// </summary>
public static class CalendarFeed
{
    public const string UidDomain = "danvan";

    public static string Render(AdminUnit unit, IEnumerable<Dialogue> dialogues, Func<int, bool> provisionalYear)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//DanVan//Dialogues//VI" };
        calendar.AddProperty("X-WR-CALNAME", $"Đối thoại – {unit.Name}");
        var scheduled = dialogues.Where(d => d.Slot is not null).ToList();
        var provisional = scheduled.Select(d => SlotRules.Local(d.Slot!.Start).Year).Distinct().Where(provisionalYear).Order().ToList();
        if (provisional.Count > 0)
        {
            calendar.AddProperty("X-DANVAN-HOLIDAYS-PROVISIONAL", string.Join(",", provisional));
        }

        // With its STANDARD observance (UTC+7 since 1975), which RFC 5545 requires of a VTIMEZONE.
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(VietnamTime.TimeZoneId, new DateTime(2000, 1, 1), includeHistoricalData: false));
        foreach (var dialogue in scheduled)
        {
            var slot = dialogue.Slot!;
            var e = new CalendarEvent
            {
                Uid = $"{dialogue.Id}@{UidDomain}",
                Summary = dialogue.Title,
                Location = slot.Venue,
                Description = dialogue.Agenda.Count == 0 ? null : string.Join("\n", dialogue.Agenda.Select(a => "• " + a.Text)),
                Start = new CalDateTime(SlotRules.Local(slot.Start), VietnamTime.TimeZoneId),
                End = new CalDateTime(SlotRules.Local(slot.End), VietnamTime.TimeZoneId),
                Sequence = dialogue.Sequence,
                DtStamp = new CalDateTime(dialogue.UpdatedAt.UtcDateTime, "UTC"),
                Status = dialogue.Status == DialogueStatus.Cancelled ? EventStatus.Cancelled
                    : dialogue.Status == DialogueStatus.Scheduled ? EventStatus.Tentative : EventStatus.Confirmed,
            };
            if (provisional.Contains(SlotRules.Local(slot.Start).Year))
            {
                e.AddProperty("X-DANVAN-HOLIDAYS", "PROVISIONAL");
            }

            calendar.Events.Add(e);
        }

        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
