using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using DanVan.Adapters.Errors;

namespace DanVan.Scheduler.Calendar;

/// <summary>
/// One holiday's break as decided: its days off, first to last inclusive (weekend days among them
/// too), the weekend days worked in exchange for a swap, and the text that decided it.
/// </summary>
public sealed record HolidayPeriod(HolidayKind Holiday, DateOnly FirstDay, DateOnly LastDay, IReadOnlyList<DateOnly> WorkingDays, string LegalSource);

/// <summary>A year's official decision: the holidays it fixes (the others keep the Labour Code rule) and a note.</summary>
public sealed record HolidayDecision(int Year, IReadOnlyList<HolidayPeriod> Periods, string Note)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxText = 2000;
    public const int MaxWorkingDays = 10;

    /// <summary>
    /// Adds every rule the decision breaks to <paramref name="v"/>, with field names as the RPC spells
    /// them under <paramref name="prefix"/>. A date left at <c>default</c> or a holiday that is no
    /// <see cref="HolidayKind"/> was already reported by whoever parsed it and is skipped here.
    /// </summary>
    public void Check(Violations v, string prefix = "")
    {
        if (Year is < MinYear or > MaxYear)
        {
            v.Add(prefix + "year", ViolationCodes.YearOutOfRange, $"must be between {MinYear} and {MaxYear}");
            return;
        }

        if (Periods.Count == 0)
        {
            v.Add(prefix + "periods", ViolationCodes.HolidayPeriodsRequired, "must give at least one holiday's days off");
        }
        else if (Periods.Count > Enum.GetValues<HolidayKind>().Length)
        {
            v.Add(prefix + "periods", ViolationCodes.TooManyEntries, $"must be at most {Enum.GetValues<HolidayKind>().Length}, one per holiday");
            return;
        }

        if (Note.Length > MaxText)
        {
            v.Add(prefix + "note", ViolationCodes.TextTooLong, $"must be at most {MaxText} characters");
        }

        var daysOff = new Dictionary<DateOnly, int>();
        var holidays = new Dictionary<HolidayKind, int>();
        for (var i = 0; i < Periods.Count; i++)
        {
            var p = Periods[i];
            var field = $"{prefix}periods[{i}]";
            var known = Enum.IsDefined(p.Holiday);
            if (known && !holidays.TryAdd(p.Holiday, i))
            {
                v.Add($"{field}.holiday", ViolationCodes.HolidayGivenTwice, $"{PublicHolidays.Label(p.Holiday)} is already given by periods[{holidays[p.Holiday]}]");
            }

            if (string.IsNullOrWhiteSpace(p.LegalSource))
            {
                v.Add($"{field}.legal_source", ViolationCodes.TextRequired, "is required: the decision or notice that fixed these days");
            }
            else if (p.LegalSource.Length > MaxText)
            {
                v.Add($"{field}.legal_source", ViolationCodes.TextTooLong, $"must be at most {MaxText} characters");
            }

            var datesKnown = p.FirstDay != default && p.LastDay != default;
            foreach (var (date, name) in new[] { (p.FirstDay, "first_day"), (p.LastDay, "last_day") })
            {
                if (date != default && date.Year != Year)
                {
                    v.Add($"{field}.{name}", ViolationCodes.DateNotInYear, $"{date:yyyy-MM-dd} is not in {Year}");
                    datesKnown = false;
                }
            }

            if (datesKnown && p.FirstDay > p.LastDay)
            {
                v.Add($"{field}.last_day", ViolationCodes.EndBeforeStart, $"{p.LastDay:yyyy-MM-dd} is before first_day {p.FirstDay:yyyy-MM-dd}");
                datesKnown = false;
            }

            if (datesKnown && known)
            {
                var missing = PublicHolidays.Anchors(Year, p.Holiday).Where(a => a < p.FirstDay || a > p.LastDay).ToList();
                if (missing.Count > 0)
                {
                    v.Add(field, ViolationCodes.HolidayOutsidePeriod, $"{PublicHolidays.Label(p.Holiday)} of {Year} falls on {string.Join(" and ", missing.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}, outside {p.FirstDay:yyyy-MM-dd}–{p.LastDay:yyyy-MM-dd}");
                }

                var length = p.LastDay.DayNumber - p.FirstDay.DayNumber + 1;
                if (length < PublicHolidays.StatutoryDays(p.Holiday))
                {
                    v.Add(field, ViolationCodes.HolidayTooShort, $"{PublicHolidays.Label(p.Holiday)} is {PublicHolidays.StatutoryDays(p.Holiday)} days off by the Labour Code (Art. 112(1)); {length} given");
                }
            }

            if (datesKnown)
            {
                for (var date = p.FirstDay; date <= p.LastDay; date = date.AddDays(1))
                {
                    if (!daysOff.TryAdd(date, i))
                    {
                        v.Add(field, ViolationCodes.DaysOffOverlap, $"overlaps periods[{daysOff[date]}] on {date:yyyy-MM-dd}");
                        break;
                    }
                }
            }
        }

        var working = new HashSet<DateOnly>();
        for (var i = 0; i < Periods.Count; i++)
        {
            if (Periods[i].WorkingDays.Count > MaxWorkingDays)
            {
                v.Add($"{prefix}periods[{i}].working_days", ViolationCodes.TooManyEntries, $"must be at most {MaxWorkingDays}");
                continue;
            }

            for (var j = 0; j < Periods[i].WorkingDays.Count; j++)
            {
                var date = Periods[i].WorkingDays[j];
                var field = $"{prefix}periods[{i}].working_days[{j}]";
                if (date == default)
                {
                    continue;
                }

                if (date.Year != Year)
                {
                    v.Add(field, ViolationCodes.DateNotInYear, $"{date:yyyy-MM-dd} is not in {Year}");
                }
                else if (!PublicHolidays.IsWeekend(date))
                {
                    v.Add(field, ViolationCodes.WorkingDayNotWeekend, $"{date:yyyy-MM-dd} is a {date.DayOfWeek}, a working day anyway: only a Saturday or Sunday can be made one");
                }
                else if (daysOff.TryGetValue(date, out var off))
                {
                    v.Add(field, ViolationCodes.WorkingDayIsDayOff, $"{date:yyyy-MM-dd} is a day off of periods[{off}]");
                }
                else if (!working.Add(date))
                {
                    v.Add(field, ViolationCodes.DateGivenTwice, $"{date:yyyy-MM-dd} is given twice");
                }
            }
        }
    }

    /// <summary>As <see cref="Check"/>, throwing a <see cref="ValidationException"/> with every violation.</summary>
    public void Validate()
    {
        var v = new Violations();
        Check(v);
        v.ThrowIfAny();
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Equal content (records compare lists by reference, so by their JSON form).</summary>
    public bool SameAs(HolidayDecision other) => JsonSerializer.Serialize(this, Json) == JsonSerializer.Serialize(other, Json);

    /// <summary>The decisions the hub ships (<c>holiday-decisions.json</c>), each with its legal source.</summary>
    public static IReadOnlyList<HolidayDecision> Shipped { get; } = LoadShipped();

    private static List<HolidayDecision> LoadShipped()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DanVan.Scheduler.Calendar.holiday-decisions.json")
            ?? throw new InvalidOperationException("The shipped holiday decisions are missing from the assembly.");
        var decisions = JsonSerializer.Deserialize<List<HolidayDecision>>(stream, Json)
            ?? throw new InvalidOperationException("The shipped holiday decisions are empty.");
        foreach (var decision in decisions)
        {
            decision.Validate();
        }

        return decisions;
    }
}

/// <summary>A stored decision: shipped with the hub (replaced when a later release corrects it) or set by an operator (kept).</summary>
public sealed record StoredHolidayDecision(HolidayDecision Decision, bool Shipped, string SetBy, DateTimeOffset UpdatedAt);

/// <summary>
/// This hub's copy of the stored decisions, read by the calendar on every planning step without a query.
/// The store replaces it after each change and whenever another instance announces one.
/// </summary>
public sealed class HolidayDecisions
{
    private IReadOnlyDictionary<int, StoredHolidayDecision> _years = new Dictionary<int, StoredHolidayDecision>();
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public StoredHolidayDecision? For(int year) => Volatile.Read(ref _years).GetValueOrDefault(year);

    public IReadOnlyList<StoredHolidayDecision> All => Volatile.Read(ref _years).Values.OrderBy(d => d.Decision.Year).ToList();

    public void Replace(IEnumerable<StoredHolidayDecision> decisions)
    {
        Volatile.Write(ref _years, decisions.ToDictionary(d => d.Decision.Year));
        Interlocked.Increment(ref _version);
    }
}
