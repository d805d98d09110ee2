using System.ComponentModel.DataAnnotations;
namespace DanVan.Scheduler.Calendar;

/// <summary>A day off for everyone, and why.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>One year's official changes to the rules, as decided and published each year (loaded as data).</summary>
/// <param name="Year">The calendar year the changes belong to.</param>
/// <param name="ExtraDaysOff">Swap and compensatory days off, extra holidays.</param>
/// <param name="WorkingDays">Weekend days made working days in exchange for a swap.</param>
/// <param name="NotDaysOff">Days the rules would give off that the year's decision does not (e.g. the other day adjacent to 2/9).</param>
public sealed record HolidayYear(int Year, List<Holiday> ExtraDaysOff, List<DateOnly> WorkingDays, List<DateOnly> NotDaysOff);

/// <summary>The holiday rules; every number is a default that configuration may change.</summary>
public sealed class HolidayOptions
{
    /// <summary>Days off before the first day of Tết (the last day of the lunar year).</summary>
    [Range(0, 10)]
    public int TetDaysBefore { get; set; } = 1;

    /// <summary>Days off from the first day of Tết on: 1 + 4 before = the 5 days of the Labour Code 2019.</summary>
    [Range(1, 10)]
    public int TetDaysFrom { get; set; } = 4;

    /// <summary>The day adjacent to National Day (2/9): 1 = 3 September, -1 = 1 September.</summary>
    [AllowedValues(-1, 1)]
    public int NationalDayAdjacent { get; set; } = 1;

    /// <summary>A holiday falling on a weekend gives a compensatory day off on the next working day.</summary>
    public bool CompensateWeekendHolidays { get; set; } = true;

    public List<HolidayYear> Years { get; set; } = [];
}

/// <summary>
/// Vietnam's public holidays (Labour Code 2019 Art. 112): 1/1; Tết, five days around the lunar new
/// year; Hùng Kings' day, 10/3 lunar; 30/4 and 1/5; 2/9 and one adjacent day; with compensatory days
/// for holidays falling on a weekend, then each year's official decisions applied on top.
/// </summary>
public sealed class PublicHolidays(HolidayOptions options)
{
    public IReadOnlyList<Holiday> For(int year)
    {
        var days = new SortedDictionary<DateOnly, string>();
        void Add(DateOnly date, string name) => days.TryAdd(date, name);

        Add(new DateOnly(year, 1, 1), "Tết Dương lịch");
        var tet = VietnameseLunarCalendar.NewYear(year);
        for (var d = -options.TetDaysBefore; d < options.TetDaysFrom; d++)
        {
            Add(tet.AddDays(d), "Tết Nguyên đán");
        }

        Add(VietnameseLunarCalendar.ToSolar(year, 3, 10), "Giỗ Tổ Hùng Vương");
        Add(new DateOnly(year, 4, 30), "Ngày Chiến thắng");
        Add(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động");
        Add(new DateOnly(year, 9, 2), "Quốc khánh");
        Add(new DateOnly(year, 9, 2).AddDays(options.NationalDayAdjacent), "Quốc khánh");

        if (options.CompensateWeekendHolidays)
        {
            foreach (var (date, name) in days.Where(d => IsWeekend(d.Key)).ToList())
            {
                var compensation = date.AddDays(1);
                while (IsWeekend(compensation) || days.ContainsKey(compensation))
                {
                    compensation = compensation.AddDays(1);
                }

                Add(compensation, $"Nghỉ bù {name}");
            }
        }

        var decided = options.Years.FirstOrDefault(y => y.Year == year);
        if (decided is not null)
        {
            foreach (var date in decided.NotDaysOff)
            {
                days.Remove(date);
            }

            foreach (var extra in decided.ExtraDaysOff)
            {
                days[extra.Date] = extra.Name;
            }
        }

        return days.Select(d => new Holiday(d.Key, d.Value)).ToList();
    }

    /// <summary>Weekend days the year's decision makes working days.</summary>
    public IReadOnlySet<DateOnly> WorkingWeekendDays(int year) =>
        (options.Years.FirstOrDefault(y => y.Year == year)?.WorkingDays ?? []).ToHashSet();

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
