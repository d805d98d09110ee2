using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;

namespace DanVan.Hub.Rpc;

/// <summary>Conversions between <c>google.type.Date</c> and <see cref="DateOnly"/>.</summary>
public static class ProtoDates
{
    /// <summary>
    /// The date in <paramref name="date"/>, or null when it is unset (absent or all zero). A date that
    /// does not exist on the calendar, or a partial date (year only, month and year), is a violation.
    /// </summary>
    public static DateOnly? ToDateOnly(Google.Type.Date? date, string field, Violations violations)
    {
        if (IsUnset(date))
        {
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1
            || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add(field, ViolationCodes.DateInvalid, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a calendar date");
            return null;
        }

        var value = new DateOnly(date.Year, date.Month, date.Day);
        if (!PlausibleDates.Contains(value))
        {
            violations.Add(field, ViolationCodes.DateOutOfRange, $"{value:yyyy-MM-dd} {PlausibleDates.Description}");
            return null;
        }

        return value;
    }

    /// <summary>As <see cref="ToDateOnly"/>, and an unset date is the violation "is required".</summary>
    public static DateOnly? RequiredDate(Google.Type.Date? date, string field, Violations violations)
    {
        if (IsUnset(date))
        {
            violations.Add(field, ViolationCodes.DateRequired, "is required");
            return null;
        }

        return ToDateOnly(date, field, violations);
    }

    /// <summary>Absent, or present with every part zero (how proto3 JSON clients often send "no date").</summary>
    public static bool IsUnset([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] Google.Type.Date? date) => date is null || date is { Year: 0, Month: 0, Day: 0 };

    public static Google.Type.Date ToProto(DateOnly date) =>
        new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
