using System.ComponentModel.DataAnnotations;
namespace DanVan.Scheduler.Calendar;

/// <summary>The public holidays of the Labour Code 2019 Art. 112(1); a year's decision is given per holiday.</summary>
public enum HolidayKind
{
    NewYear,
    Tet,
    HungKings,
    /// <summary>30/4 and 1/5, decided together.</summary>
    VictoryAndLabourDay,
    NationalDay,
}

/// <summary>A day off for everyone, why, and the decision it comes from (null when by the Labour Code rule).</summary>
public sealed record Holiday(DateOnly Date, string Name, HolidayKind Kind, string? LegalSource = null);

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

    /// <summary>A holiday falling on a weekend gives a compensatory day off on the next working day (Art. 111(3)).</summary>
    public bool CompensateWeekendHolidays { get; set; } = true;
}

/// <summary>
/// Vietnam's public holidays (Labour Code 2019 Art. 112): 1/1; Tết, five days around the lunar new
/// year; Hùng Kings' day, 10/3 lunar; 30/4 and 1/5; 2/9 and one adjacent day; with compensatory days
/// for holidays falling on a weekend. The Prime Minister decides each year which days Tết and 2/9 take
/// and any swaps (Art. 112(3)): a holiday the year's decision gives replaces the rule's days for it
/// (compensatory ones included); the others keep the rule. A year without a decision is provisional.
/// </summary>
public sealed class PublicHolidays(HolidayOptions options, HolidayDecisions decisions)
{
    /// <summary>The rule alone, for a year nobody has decided (and for tests of the rule).</summary>
    public PublicHolidays(HolidayOptions options) : this(options, new HolidayDecisions())
    {
    }

    public HolidayOptions Options => options;

    /// <summary>Changes whenever a decision is stored or reloaded, so that derived caches know to refresh.</summary>
    public long Version => decisions.Version;

    /// <summary>The year's decision, or null when the year follows the rule (provisionally).</summary>
    public StoredHolidayDecision? Decision(int year) => decisions.For(year);

    public bool IsProvisional(int year) => decisions.For(year) is null;

    public IReadOnlyList<StoredHolidayDecision> Decisions => decisions.All;

    public IReadOnlyList<Holiday> For(int year)
    {
        var decision = decisions.For(year)?.Decision;
        var decided = decision?.Periods.Select(p => p.Holiday).ToHashSet() ?? [];
        var statutory = Statutory(year, options);
        var days = new SortedDictionary<DateOnly, Holiday>();
        foreach (var period in decision?.Periods ?? [])
        {
            for (var date = period.FirstDay; date <= period.LastDay; date = date.AddDays(1))
            {
                var name = statutory.FirstOrDefault(h => h.Date == date && h.Kind == period.Holiday)?.Name ?? Label(period.Holiday);
                days[date] = new Holiday(date, name, period.Holiday, period.LegalSource);
            }
        }

        var ruled = statutory.Where(h => !decided.Contains(h.Kind)).ToList();
        foreach (var holiday in ruled)
        {
            days.TryAdd(holiday.Date, holiday);
        }

        if (options.CompensateWeekendHolidays)
        {
            foreach (var holiday in ruled.Where(h => IsWeekend(h.Date)))
            {
                var compensation = holiday.Date.AddDays(1);
                while (IsWeekend(compensation) || days.ContainsKey(compensation))
                {
                    compensation = compensation.AddDays(1);
                }

                days.Add(compensation, new Holiday(compensation, $"Nghỉ bù {holiday.Name}", holiday.Kind));
            }
        }

        return days.Values.ToList();
    }

    /// <summary>Weekend days the year's decision makes working days.</summary>
    public IReadOnlySet<DateOnly> WorkingWeekendDays(int year) =>
        (decisions.For(year)?.Decision.Periods.SelectMany(p => p.WorkingDays) ?? []).ToHashSet();

    /// <summary>The holidays' own days by the Labour Code rule, before compensation, in date order.</summary>
    public static IReadOnlyList<Holiday> Statutory(int year, HolidayOptions options)
    {
        var days = new List<Holiday> { new(new DateOnly(year, 1, 1), "Tết Dương lịch", HolidayKind.NewYear) };
        var tet = VietnameseLunarCalendar.NewYear(year);
        for (var d = -options.TetDaysBefore; d < options.TetDaysFrom; d++)
        {
            days.Add(new Holiday(tet.AddDays(d), "Tết Nguyên đán", HolidayKind.Tet));
        }

        days.Add(new Holiday(HungKingsDay(year), "Giỗ Tổ Hùng Vương", HolidayKind.HungKings));
        days.Add(new Holiday(new DateOnly(year, 4, 30), "Ngày Chiến thắng", HolidayKind.VictoryAndLabourDay));
        days.Add(new Holiday(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động", HolidayKind.VictoryAndLabourDay));
        days.Add(new Holiday(new DateOnly(year, 9, 2), "Quốc khánh", HolidayKind.NationalDay));
        days.Add(new Holiday(new DateOnly(year, 9, 2).AddDays(options.NationalDayAdjacent), "Quốc khánh", HolidayKind.NationalDay));
        return days.DistinctBy(h => h.Date).OrderBy(h => h.Date).ToList();
    }

    /// <summary>The days a decision's days off for a holiday must include: the days the law names.</summary>
    public static IReadOnlyList<DateOnly> Anchors(int year, HolidayKind kind) => kind switch
    {
        HolidayKind.NewYear => [new DateOnly(year, 1, 1)],
        HolidayKind.Tet => [VietnameseLunarCalendar.NewYear(year)],
        HolidayKind.HungKings => [HungKingsDay(year)],
        HolidayKind.VictoryAndLabourDay => [new DateOnly(year, 4, 30), new DateOnly(year, 5, 1)],
        HolidayKind.NationalDay => [new DateOnly(year, 9, 2)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Days off the Labour Code gives the holiday (Art. 112(1)): a decision gives at least these.</summary>
    public static int StatutoryDays(HolidayKind kind) => kind switch
    {
        HolidayKind.Tet => 5,
        HolidayKind.VictoryAndLabourDay or HolidayKind.NationalDay => 2,
        _ => 1,
    };

    public static string Label(HolidayKind kind) => kind switch
    {
        HolidayKind.NewYear => "Tết Dương lịch",
        HolidayKind.Tet => "Tết Nguyên đán",
        HolidayKind.HungKings => "Giỗ Tổ Hùng Vương",
        HolidayKind.VictoryAndLabourDay => "Nghỉ lễ 30/4 và 1/5",
        HolidayKind.NationalDay => "Quốc khánh",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateOnly HungKingsDay(int year) => VietnameseLunarCalendar.ToSolar(year, 3, 10);
}
