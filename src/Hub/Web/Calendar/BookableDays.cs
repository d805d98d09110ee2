using DanVan.Adapters.Units;
using DanVan.Scheduler.Calendar;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Web.Calendar;

/// <summary>Why a day cannot take a dialogue of a unit, in Vietnamese; none when it can.</summary>
public sealed record DayReason(DateOnly Date, string Kind, string Text);

/// <summary>
/// The days a unit's dialogue cannot be set for, and why: the same facts <see cref="SlotRules"/> checks
/// (weekends and holidays from <see cref="WorkingCalendar"/>, the reception days of the chairs and of
/// the invited Party committee's secretary from <see cref="SlotRules.Receiving"/>, the notice period
/// from <see cref="DialogueOptions"/>), told the way a secretary reads them.
/// </summary>
public sealed class BookableDays(WorkingCalendar calendar, DialogueOptions options, SlotRules rules)
{
    public IReadOnlyList<DayReason> Reasons(AdminUnit unit, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var reasons = new List<DayReason>();
        var holidays = calendar.Holidays;
        var holidayNames = Enumerable.Range(from.Year, to.Year - from.Year + 1)
            .SelectMany(y => holidays.For(y).Select(h => (h, Provisional: holidays.IsProvisional(y))))
            .ToDictionary(x => x.h.Date, x => x.Provisional ? $"{x.h.Name} (dự kiến, chưa có quyết định chính thức)" : x.h.Name);
        var earliest = rules.EarliestWithNotice(now);
        var coChairs = options.CoChairsFor(unit.Code);
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var weekday = VietnameseFormats.WeekdayCapitalised(date.DayOfWeek);
            if (holidayNames.TryGetValue(date, out var holiday))
            {
                reasons.Add(new DayReason(date, "holiday", $"{weekday}: nghỉ lễ, {holiday}"));
            }
            else if (!calendar.IsWorkingDay(date))
            {
                reasons.Add(new DayReason(date, "weekend", $"{weekday}: ngày nghỉ cuối tuần"));
            }

            foreach (var reception in rules.Receiving(unit, coChairs, date).DistinctBy(r => r.ReceivingRole))
            {
                var when = reception.Weekly ? weekday : $"Ngày {date.Day}";
                reasons.Add(new DayReason(date, "reception", $"{when}: ngày tiếp công dân của {ChairTitle(reception.ReceivingRole, unit.Level)}"));
            }

            if (date < earliest && date >= DateOnly.FromDateTime(SlotRules.Local(now)))
            {
                reasons.Add(new DayReason(date, "notice", $"{weekday}: trong thời hạn thông báo {options.NoticeDays} ngày"));
            }
        }

        return reasons;
    }

    private static string ChairTitle(string role, AdminLevel level)
    {
        var body = role switch
        {
            CoChairs.PeopleCommitteeChair => "Chủ tịch UBND",
            CoChairs.FatherlandFrontChair => "Chủ tịch Ủy ban MTTQ Việt Nam",
            CoChairs.PartySecretary when level == AdminLevel.Province => "Bí thư Tỉnh ủy",
            CoChairs.PartySecretary => "Bí thư Đảng ủy xã",
            _ => "đại diện Thường trực HĐND",
        };
        if (role == CoChairs.PartySecretary)
        {
            return body;
        }

        return $"{body} {(level == AdminLevel.Province ? "tỉnh" : "xã")}";
    }
}
