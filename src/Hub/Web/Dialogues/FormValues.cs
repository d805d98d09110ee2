using System.Globalization;
using DanVan.Hub.Rpc;
using DanVan.Scheduler.Dialogues;
using Google.Protobuf.WellKnownTypes;

namespace DanVan.Hub.Web.Dialogues;

/// <summary>
/// What a form's inputs hold (dates as yyyy-MM-dd, times as HH:mm, local to Vietnam) as the request
/// fields the RPCs' validators take: a value that does not parse is passed on as missing, and the
/// validator then says what it says of a missing one.
/// </summary>
public static class FormValues
{
    public static Timestamp? LocalTime(string? date, string? time) =>
        Day(date) is { } day && TimeOnly.TryParseExact(time?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? Timestamp.FromDateTimeOffset(SlotRules.FromLocal(day, at))
            : null;

    public static Google.Type.Date? Date(string? value) => Day(value) is { } day ? ProtoDates.ToProto(day) : null;

    public static Duration? Minutes(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes)) : null;

    /// <summary>A count as typed; blank is 0, and what is not a whole number is -1, which the validators refuse as negative.</summary>
    public static int Count(string? value) =>
        string.IsNullOrWhiteSpace(value) ? 0 : int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>The non-blank lines of a text area, trimmed.</summary>
    public static IEnumerable<string> Lines(string? value) =>
        (value ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    /// <summary>The local date of an instant, as a date input holds it.</summary>
    public static string DateOf(DateTimeOffset instant) => SlotRules.Local(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The local time of an instant, as a time input holds it.</summary>
    public static string TimeOf(DateTimeOffset instant) => SlotRules.Local(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
