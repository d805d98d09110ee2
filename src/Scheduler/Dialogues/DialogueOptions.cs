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

    /// <summary>
    /// Minutes (the outcome) due this many days after the slot. The project's own practice, not the
    /// law: no text sets a deadline for the minutes; a province may set its own.
    /// </summary>
    [Range(1, 60)]
    public int MinutesDueDays { get; set; } = 3;

    /// <summary>Results published within this many days after the day the dialogue was held.</summary>
    [Range(1, 60)]
    public int ResultsDueDays { get; set; } = 10;

    /// <summary>
    /// Who co-chairs a commune's dialogue, booked against conflicts: the People's Committee chair, the
    /// Fatherland Front chair and a representative of the People's Council's Standing Committee (Law on
    /// Organisation of Local Government 2025 Art. 43; Law on Implementing Grassroots Democracy 2022).
    /// Districts, until 1 July 2025, followed the same rule.
    /// </summary>
    [MinLength(1)]
    public List<string> CommuneCoChairs { get; set; } = [CoChairs.PeopleCommitteeChair, CoChairs.FatherlandFrontChair, CoChairs.PeopleCouncilStanding];

    /// <summary>Invited to a commune's dialogue, not booked: the Party committee (same sources).</summary>
    public List<string> CommuneInvitees { get; set; } = [CoChairs.PartyCommittee];

    /// <summary>Who chairs a province's dialogue: the Party secretary (Regulation 11-QĐi/TW, as amended by Conclusion 215-KL/TW).</summary>
    [MinLength(1)]
    public List<string> ProvinceCoChairs { get; set; } = [CoChairs.PartySecretary];

    public List<string> ProvinceInvitees { get; set; } = [];

    /// <summary>Due date given to an opinion raised without one.</summary>
    [Range(1, 3650)]
    public int OpinionDueDays { get; set; } = 30;

    /// <summary>
    /// Fixed citizen-reception days that block a chair's (or an invited Party committee's secretary's)
    /// calendar, by level, or for one unit (<see cref="ReceptionDay.UnitCode"/>; a province's code with
    /// level Commune sets its communes' default). Days set through CalendarService.SetReceptionDays take
    /// precedence. The days are each unit's choice; these are only defaults.
    /// </summary>
    public List<ReceptionDay> ReceptionDays { get; set; } =
    [
        new() { Role = CoChairs.PeopleCommitteeChair, Level = AdminLevel.Commune, Weekday = DayOfWeek.Thursday },
        new() { Role = CoChairs.PeopleCommitteeChair, Level = AdminLevel.Province, DayOfMonth = 15 },
        new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Commune, DayOfMonth = 9 },
        new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Commune, DayOfMonth = 24 },
        new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Province, DayOfMonth = 25 },
    ];

    /// <summary>
    /// The fewest reception days each role must have (Law on Citizen Reception 2013 Art. 15: the People's
    /// Committee chair a day a week at commune level, a day a month at province level; Conclusion
    /// 215-KL/TW: the Party secretary 2 days a month at commune level, a day a month at province level).
    /// </summary>
    public List<ReceptionMinimum> ReceptionMinimums { get; set; } =
    [
        new() { Role = CoChairs.PeopleCommitteeChair, Level = AdminLevel.Commune, PerWeek = 1 },
        new() { Role = CoChairs.PeopleCommitteeChair, Level = AdminLevel.Province, PerMonth = 1 },
        new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Commune, PerMonth = 2 },
        new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Province, PerMonth = 1 },
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

        foreach (var group in ReceptionDays.GroupBy(r => (r.Role, r.Level, r.UnitCode)))
        {
            var days = new ReceptionSchedule(group.Key.Role, group.Select(r => r.Weekday).OfType<DayOfWeek>().ToList(),
                group.Select(r => r.DayOfMonth).OfType<int>().ToList());
            if (ReceptionMinimum.Shortfall(ReceptionMinimums, group.Key.Level, days) is { } shortfall)
            {
                yield return new ValidationResult($"Reception days of {group.Key.Role} at {group.Key.Level} level{(group.Key.UnitCode is { } code ? $" in {code}" : "")}: {shortfall}.",
                    [nameof(ReceptionDays)]);
            }
        }
    }

    /// <summary>The co-chairs of a dialogue of the unit with this code, by its level.</summary>
    public IReadOnlyList<string> CoChairsFor(string unitCode) =>
        (UnitCodes.LevelOf(unitCode) == AdminLevel.Province ? ProvinceCoChairs : CommuneCoChairs).Select(role => $"{unitCode}:{role}").ToList();

    /// <summary>Those invited to a dialogue of the unit with this code, not booked.</summary>
    public IReadOnlyList<string> InviteesFor(string unitCode) =>
        (UnitCodes.LevelOf(unitCode) == AdminLevel.Province ? ProvinceInvitees : CommuneInvitees).Select(role => $"{unitCode}:{role}").ToList();

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
/// A chair's fixed citizen-reception day (Law on Citizen Reception 2013 Art. 15; Conclusion 215-KL/TW
/// for the Party secretary): a weekday every week, or a day of every month.
/// </summary>
public sealed class ReceptionDay : IValidatableObject
{
    [Required(AllowEmptyStrings = false)]
    public string Role { get; set; } = "";

    public AdminLevel Level { get; set; }

    /// <summary>Only for this unit; a province's code with level Commune: for its communes. Null: every unit of the level.</summary>
    public string? UnitCode { get; set; }

    public DayOfWeek? Weekday { get; set; }

    [Range(1, 31)]
    public int? DayOfMonth { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Weekday is null) == (DayOfMonth is null))
        {
            yield return new ValidationResult("A reception day is either a weekday or a day of the month.", [nameof(Weekday), nameof(DayOfMonth)]);
        }

        if (UnitCode is not null && !UnitCodes.IsWellFormed(UnitCode))
        {
            yield return new ValidationResult(UnitCodes.FormatDescription, [nameof(UnitCode)]);
        }
    }

    public bool Blocks(DateOnly date) =>
        (Weekday is { } weekday && date.DayOfWeek == weekday) || (DayOfMonth is { } day && date.Day == day);
}

/// <summary>
/// The people of a unit's dialogue, named "&lt;unit code&gt;:&lt;role&gt;" (who chairs and who is invited:
/// <see cref="DialogueOptions.CoChairsFor"/>, <see cref="DialogueOptions.InviteesFor"/>).
/// </summary>
public static class CoChairs
{
    public const string PeopleCommitteeChair = "people-committee-chair";
    public const string FatherlandFrontChair = "fatherland-front-chair";

    /// <summary>A representative of the People's Council's Standing Committee (Thường trực HĐND).</summary>
    public const string PeopleCouncilStanding = "people-council-standing";

    /// <summary>The People's Council co-chair as dialogues stored before the Standing Committee rule name it; read, no longer given.</summary>
    public const string PeopleCouncilDelegate = "people-council-delegate";

    /// <summary>The Party secretary (bí thư cấp ủy): chairs a province's dialogues; has reception days of their own.</summary>
    public const string PartySecretary = "party-secretary";

    /// <summary>The Party committee (cấp ủy), invited to a commune's dialogue; its secretary's reception days are avoided.</summary>
    public const string PartyCommittee = "party-committee";

    /// <summary>The role whose reception days keep <paramref name="role"/> away: a committee is represented by its secretary.</summary>
    public static string ReceivingRole(string role) => role == PartyCommittee ? PartySecretary : role;

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
