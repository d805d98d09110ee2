using DanVan.Adapters.Errors;
using DanVan.Adapters.Units;
using Google.Protobuf.WellKnownTypes;

namespace DanVan.Hub.Rpc;

/// <summary>
/// The checks request fields go through, the same in every service: each records what is wrong with a
/// stable code (<see cref="ViolationCodes"/>) and returns the value as the service uses it. A required
/// value that is missing or invalid comes back as a placeholder (default): every request's validator
/// ends with <see cref="Violations.ThrowIfAny"/> before it builds its command, so a placeholder never
/// reaches the domain, and the command's validated fields need not be nullable.
/// </summary>
public static class RequestFields
{
    /// <summary>The most entries a list of short texts (co-chairs, topics) takes.</summary>
    public const int MaxEntries = 50;

    private static readonly long EarliestSeconds = Timestamp.FromDateTime(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Seconds;
    private static readonly long LatestSeconds = Timestamp.FromDateTime(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Seconds;

    public static string UnitCode(this Violations v, string code, string field = "unit_code")
    {
        if (!UnitCodes.IsWellFormed(code))
        {
            if (string.IsNullOrEmpty(code))
            {
                v.Add(field, ViolationCodes.UnitCodeRequired, "is required");
            }
            else
            {
                v.Add(field, ViolationCodes.UnitCodeMalformed, UnitCodes.FormatDescription);
            }
        }

        return code;
    }

    /// <summary>An id the hub issued (a UUID in its canonical form).</summary>
    public static Guid Id(this Violations v, string value, string field)
    {
        if (Guid.TryParseExact(value, "D", out var id))
        {
            return id;
        }

        if (string.IsNullOrEmpty(value))
        {
            v.Add(field, ViolationCodes.IdRequired, "is required");
        }
        else
        {
            v.Add(field, ViolationCodes.IdMalformed, "must be an id as returned by this service (a UUID)");
        }

        return Guid.Empty;
    }

    /// <summary>Optional text of at most <paramref name="max"/> characters, returned as sent.</summary>
    public static string Text(this Violations v, string value, string field, int max)
    {
        if (value.Length > max)
        {
            v.Add(field, ViolationCodes.TextTooLong, $"must be at most {max} characters");
        }

        return value;
    }

    /// <summary>Text that is not blank, of at most <paramref name="max"/> characters, returned as sent.</summary>
    public static string RequiredText(this Violations v, string value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, ViolationCodes.TextRequired, "is required");
            return value;
        }

        return v.Text(value, field, max);
    }

    /// <summary>Optional text, trimmed; null when blank.</summary>
    public static string? OptionalText(this Violations v, string value, string field, int max) => Blank(v.Text(value, field, max));

    /// <summary>At most <see cref="MaxEntries"/> texts, none blank, each of at most <paramref name="max"/> characters.</summary>
    public static IReadOnlyList<string> Texts(this Violations v, IReadOnlyList<string> values, string field, int max)
    {
        if (values.Count > MaxEntries)
        {
            v.Add(field, ViolationCodes.TooManyEntries, $"must have at most {MaxEntries} entries");
        }

        for (var i = 0; i < values.Count; i++)
        {
            v.RequiredText(values[i], $"{field}[{i}]", max);
        }

        return values;
    }

    /// <summary>An instant between 2000 and 2100, or null when unset.</summary>
    public static DateTimeOffset? Time(this Violations v, Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Nanos is < 0 or > 999_999_999 || value.Seconds < EarliestSeconds || value.Seconds > LatestSeconds)
        {
            v.Add(field, ViolationCodes.TimeOutOfRange, "must be a time between 2000 and 2100");
            return null;
        }

        return value.ToDateTimeOffset();
    }

    public static DateTimeOffset RequiredTime(this Violations v, Timestamp? value, string field)
    {
        if (value is null)
        {
            v.Add(field, ViolationCodes.TimeRequired, "is required");
            return default;
        }

        return v.Time(value, field) ?? default;
    }

    /// <summary>A positive duration of at most <paramref name="max"/>, or null when unset.</summary>
    public static TimeSpan? Duration(this Violations v, Duration? value, string field, TimeSpan max)
    {
        if (value is null)
        {
            return null;
        }

        var duration = value.Seconds is >= 0 and <= 86_400 && value.Nanos is >= 0 and < 1_000_000_000 ? value.ToTimeSpan() : TimeSpan.MinValue;
        if (duration <= TimeSpan.Zero || duration > max)
        {
            v.Add(field, ViolationCodes.DurationOutOfRange, $"must be positive and at most {max.TotalHours:0} hours");
            return null;
        }

        return duration;
    }

    /// <summary>A calendar date, or null when unset: see <see cref="ProtoDates.ToDateOnly"/>.</summary>
    public static DateOnly? Date(this Violations v, Google.Type.Date? value, string field) => ProtoDates.ToDateOnly(value, field, v);

    public static DateOnly RequiredDate(this Violations v, Google.Type.Date? value, string field) => ProtoDates.RequiredDate(value, field, v) ?? default;

    /// <summary>An end that, when both ends are given, is not before the start.</summary>
    public static void EndNotBefore(this Violations v, DateOnly? start, DateOnly? end, string endField = "end_date", string startField = "start_date")
    {
        if (start is { } s && end is { } e && e < s)
        {
            v.Add(endField, ViolationCodes.EndBeforeStart, $"must not be before {startField}");
        }
    }

    public static long NotNegative(this Violations v, long value, string field)
    {
        if (value < 0)
        {
            v.Add(field, ViolationCodes.ValueNegative, "must not be negative");
        }

        return value;
    }

    public static int AtLeast(this Violations v, int value, int minimum, string field)
    {
        if (value < minimum)
        {
            v.Add(field, ViolationCodes.ValueBelowMinimum, $"must be at least {minimum}");
        }

        return value;
    }

    /// <summary>
    /// The domain value of a contract enum through its explicit table <paramref name="map"/>; null when
    /// unspecified (0). A number the contract does not define, or one the table does not map, is a violation.
    /// </summary>
    public static TDomain? Choice<TProto, TDomain>(this Violations v, TProto value, Func<TProto, TDomain?> map, string field)
        where TProto : struct, System.Enum where TDomain : struct
    {
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        if (number == 0)
        {
            return null;
        }

        if (map(value) is { } mapped)
        {
            return mapped;
        }

        v.Add(field, ViolationCodes.ChoiceUnknown, $"{number} is not a valid {typeof(TProto).Name}");
        return null;
    }

    /// <summary>As <see cref="Choice"/>, and unspecified is the violation "is required".</summary>
    public static TDomain RequiredChoice<TProto, TDomain>(this Violations v, TProto value, Func<TProto, TDomain?> map, string field, string description)
        where TProto : struct, System.Enum where TDomain : struct
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            v.Add(field, ViolationCodes.ChoiceRequired, description);
            return default;
        }

        return v.Choice(value, map, field) ?? default;
    }

    /// <summary>A contract enum that the service reads as it is (an ordering): any number it defines, unspecified included.</summary>
    public static TProto Defined<TProto>(this Violations v, TProto value, string field) where TProto : struct, System.Enum
    {
        if (!System.Enum.IsDefined(value))
        {
            v.Add(field, ViolationCodes.ChoiceUnknown, $"{Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} is not a valid {typeof(TProto).Name}");
        }

        return value;
    }

    /// <summary>A plan's or a report's year; without one (0), the year of <paramref name="today"/>.</summary>
    public static int Year(this Violations v, int year, DateOnly today, string field = "year")
    {
        var value = year == 0 ? today.Year : year;
        if (value is < 2000 or > 2100)
        {
            v.Add(field, ViolationCodes.YearOutOfRange, "must be between 2000 and 2100");
        }

        return value;
    }

    /// <summary>Null for blank text, else the text trimmed.</summary>
    public static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

}
