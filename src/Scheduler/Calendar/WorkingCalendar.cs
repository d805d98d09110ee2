using System.ComponentModel.DataAnnotations;
namespace DanVan.Scheduler.Calendar;

/// <summary>Office hours of public bodies, in Vietnam's local time; configurable per deployment.</summary>
public sealed class WorkingHoursOptions : IValidatableObject
{
    public TimeOnly MorningStart { get; set; } = new(7, 30);
    public TimeOnly MorningEnd { get; set; } = new(11, 30);
    public TimeOnly AfternoonStart { get; set; } = new(13, 30);
    public TimeOnly AfternoonEnd { get; set; } = new(17, 0);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(MorningStart < MorningEnd && MorningEnd <= AfternoonStart && AfternoonStart < AfternoonEnd))
        {
            yield return new ValidationResult(
                "Office hours must run in order: morning start, morning end, afternoon start, afternoon end.",
                [nameof(MorningStart), nameof(MorningEnd), nameof(AfternoonStart), nameof(AfternoonEnd)]);
        }
    }
}

/// <summary>
/// When dialogues may take place: working days (Monday to Friday, plus weekend days a year's decision
/// makes working, minus public holidays) within office hours (a session fits in the morning or the
/// afternoon). Years are cached until the holiday decisions change.
/// </summary>
public sealed class WorkingCalendar(PublicHolidays holidays, WorkingHoursOptions hours)
{
    private readonly Dictionary<int, (HashSet<DateOnly> DaysOff, IReadOnlySet<DateOnly> WorkingWeekend)> _years = [];
    private long _version = -1;

    public PublicHolidays Holidays => holidays;

    /// <summary>True when no official decision is stored for the year: its holidays follow the Labour Code rule and may still move.</summary>
    public bool IsProvisional(int year) => holidays.IsProvisional(year);

    public bool IsWorkingDay(DateOnly date)
    {
        var (daysOff, workingWeekend) = Year(date.Year);
        if (daysOff.Contains(date))
        {
            return false;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || workingWeekend.Contains(date);
    }

    /// <summary>True when the whole session lies within the morning or the afternoon of a working day.</summary>
    public bool IsWithinWorkingHours(DateOnly date, TimeOnly start, TimeSpan duration)
    {
        if (!IsWorkingDay(date) || duration <= TimeSpan.Zero)
        {
            return false;
        }

        var end = start.Add(duration, out var wrapped);
        return wrapped == 0 && (Fits(hours.MorningStart, hours.MorningEnd) || Fits(hours.AfternoonStart, hours.AfternoonEnd));

        bool Fits(TimeOnly from, TimeOnly to) => start >= from && end <= to;
    }

    /// <summary>The first working day on or after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private (HashSet<DateOnly>, IReadOnlySet<DateOnly>) Year(int year)
    {
        lock (_years)
        {
            if (_version != holidays.Version)
            {
                _years.Clear();
                _version = holidays.Version;
            }

            if (!_years.TryGetValue(year, out var entry))
            {
                entry = (holidays.For(year).Select(h => h.Date).ToHashSet(), holidays.WorkingWeekendDays(year));
                _years[year] = entry;
            }

            return entry;
        }
    }
}
