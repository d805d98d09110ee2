using System.ComponentModel.DataAnnotations;
using DanVan.Adapters.Units;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// The rules for dialogues, section <c>DanVan:Dialogues</c>. Every number is a default that a
/// deployment (a province) may change; none is fixed in code.
/// </summary>
public sealed class DialogueOptions : IValidatableObject
{
    /// <summary>Announcement at least this many days ahead; scheduling inside it needs an override reason.</summary>
    [Range(0, 90)]
    public int NoticeDays { get; set; } = 7;

    [Range(typeof(TimeSpan), "00:15:00", "12:00:00")]
    public TimeSpan DefaultDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The start times, local, the planner tries on a working day (in this order).</summary>
    [MinLength(1)]
    public List<TimeOnly> PlannedStartTimes { get; set; } = [new(8, 0), new(14, 0)];

    /// <summary>Periodic dialogues a unit must hold per calendar year, by level.</summary>
    public Dictionary<AdminLevel, int> PeriodicPerYear { get; set; } = new()
    {
        [AdminLevel.Province] = 1,
        [AdminLevel.District] = 1,
        [AdminLevel.Commune] = 1,
    };

    /// <summary>Per-province overrides of <see cref="PeriodicPerYear"/>, by province code (e.g. two a year for "01").</summary>
    public Dictionary<string, Dictionary<AdminLevel, int>> ProvincePeriodicPerYear { get; set; } = [];

    /// <summary>Units with no periodic dialogue held or scheduled on or before this day of the year are reported.</summary>
    [Range(1, 12)]
    public int DueMonth { get; set; } = 11;

    [Range(1, 31)]
    public int DueDay { get; set; } = 30;

    /// <summary>When the recurring jobs run (cron, Asia/Ho_Chi_Minh): the plan, the trigger rules, the overdue-opinion sweep.</summary>
    public string PlanCron { get; set; } = "0 2 * * *";

    public string TriggerCron { get; set; } = "30 6 * * *";

    public string OverdueSweepCron { get; set; } = "0 6 * * *";

    /// <summary>From this month on, the recurring planner also plans the next year.</summary>
    [Range(1, 12)]
    public int PlanNextYearFromMonth { get; set; } = 10;

    [Range(0, 60)]
    public int ReminderDaysBefore { get; set; } = 1;

    [Range(1, 60)]
    public int MinutesDueDays { get; set; } = 3;

    [Range(1, 60)]
    public int ResultsDueDays { get; set; } = 10;

    /// <summary>Due date given to an opinion raised without one.</summary>
    [Range(1, 3650)]
    public int OpinionDueDays { get; set; } = 30;

    /// <summary>Fixed citizen-reception days that block a chair's calendar.</summary>
    public List<ReceptionDay> ReceptionDays { get; set; } =
    [
        new() { Role = CoChairs.PeopleCommitteeChair, Level = AdminLevel.Commune, Weekday = DayOfWeek.Thursday },
        new() { Role = CoChairs.PeopleCommitteeChair, Level = AdminLevel.Province, DayOfMonth = 15 },
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var counts = PeriodicPerYear.Values.Concat(ProvincePeriodicPerYear.Values.SelectMany(l => l.Values));
        if (counts.Any(c => c is < 0 or > 52))
        {
            yield return new ValidationResult("Periodic dialogues per year must be between 0 and 52.", [nameof(PeriodicPerYear)]);
        }

        if (ProvincePeriodicPerYear.Keys.Any(code => code.Length != 2 || !code.All(char.IsAsciiDigit)))
        {
            yield return new ValidationResult("Overrides are keyed by two-digit province codes.", [nameof(ProvincePeriodicPerYear)]);
        }
    }

    public int PeriodicPerYearFor(AdminUnit unit)
    {
        var province = unit.Code[..2];
        return ProvincePeriodicPerYear.TryGetValue(province, out var levels) && levels.TryGetValue(unit.Level, out var count)
            ? count
            : PeriodicPerYear.GetValueOrDefault(unit.Level);
    }

    public DateOnly DueDate(int year) => new(year, DueMonth, Math.Min(DueDay, DateTime.DaysInMonth(year, DueMonth)));
}

/// <summary>
/// A chair's fixed citizen-reception day (Law on Citizen Reception 2013 Art. 15): a weekday every
/// week, or a day of every month.
/// </summary>
public sealed class ReceptionDay : IValidatableObject
{
    [Required(AllowEmptyStrings = false)]
    public string Role { get; set; } = "";

    public AdminLevel Level { get; set; }

    public DayOfWeek? Weekday { get; set; }

    [Range(1, 31)]
    public int? DayOfMonth { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Weekday is null) == (DayOfMonth is null))
        {
            yield return new ValidationResult("A reception day is either a weekday or a day of the month.", [nameof(Weekday), nameof(DayOfMonth)]);
        }
    }

    public bool Blocks(DateOnly date) =>
        (Weekday is { } weekday && date.DayOfWeek == weekday) || (DayOfMonth is { } day && date.Day == day);
}

/// <summary>
/// The co-chairs of a unit's dialogue, named "&lt;unit code&gt;:&lt;role&gt;": the People's Committee
/// chair, the Fatherland Front committee chair and a People's Council delegate (the Party committee is
/// invited, not booked).
/// </summary>
public static class CoChairs
{
    public const string PeopleCommitteeChair = "people-committee-chair";
    public const string FatherlandFrontChair = "fatherland-front-chair";
    public const string PeopleCouncilDelegate = "people-council-delegate";

    public static IReadOnlyList<string> Default(string unitCode) =>
        [$"{unitCode}:{PeopleCommitteeChair}", $"{unitCode}:{FatherlandFrontChair}", $"{unitCode}:{PeopleCouncilDelegate}"];

    public static string DefaultVenue(AdminUnit unit) => $"Hội trường UBND {unit.Name} ({unit.Code})";

    /// <summary>
    /// The unit a venue belongs to, named as <see cref="DefaultVenue"/> names it (its code in parentheses
    /// at the end), or null for a venue that names none. Bookings compare venues without case or
    /// surrounding spaces, so those are ignored here too.
    /// </summary>
    public static string? VenueUnit(string venue)
    {
        var trimmed = venue.Trim();
        var open = trimmed.LastIndexOf('(');
        return trimmed.EndsWith(')') && open >= 0 && UnitCodes.IsWellFormed(trimmed[(open + 1)..^1]) ? trimmed[(open + 1)..^1] : null;
    }

    /// <summary>The role part of a co-chair named by convention, or null for a free-form name.</summary>
    public static (string UnitCode, string Role)? Parse(string coChair)
    {
        var colon = coChair.IndexOf(':');
        return colon > 0 && UnitCodes.IsWellFormed(coChair[..colon]) ? (coChair[..colon], coChair[(colon + 1)..]) : null;
    }
}
