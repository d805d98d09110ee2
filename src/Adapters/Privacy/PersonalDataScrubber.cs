using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DanVan.Adapters.Privacy;

/// <summary>
/// The hub stores aggregates, never personal data. Every caller-supplied string that reaches storage,
/// the logs, the events or the feeds (opinions, reasons, titles, caller-chosen keys and request ids,
/// and any source value echoed in an error message) passes through here first, once, where the hub
/// receives it: 12-digit citizen-ID numbers and Vietnamese phone numbers are replaced by placeholders.
/// Names of persons cannot be recognised reliably in free text; the hub therefore never stores the
/// name-bearing columns sources may carry (they are not part of any canonical record).
/// </summary>
public static partial class PersonalDataScrubber
{
    public const string IdPlaceholder = "[số định danh đã ẩn]";
    public const string PhonePlaceholder = "[số điện thoại đã ẩn]";

    // 12 digits, possibly grouped by spaces, dots or dashes (e.g. "001 234 567 890").
    [GeneratedRegex(@"(?<![\d])\d(?:[ .\-]?\d){11}(?![\d])")]
    private static partial Regex CitizenId();

    // Mobile and landline numbers: 0 or +84/84, then 9 or 10 digits, possibly grouped.
    [GeneratedRegex(@"(?<![\d+])(?:\+84|84|0)[ .\-]?\d(?:[ .\-]?\d){7,9}(?![\d])")]
    private static partial Regex PhoneNumber();

    /// <summary>Whether <see cref="Scrub"/> would change <paramref name="text"/>.</summary>
    public static bool HasPersonalNumber(string text) => CitizenId().IsMatch(text) || PhoneNumber().IsMatch(text);

    [return: NotNullIfNotNull(nameof(text))]
    public static string? Scrub(string? text)
    {
        // Both kinds of number need digits; most messages (a million "is missing" of a bad file) have none.
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return text;
        }

        var withoutIds = CitizenId().Replace(text, IdPlaceholder);
        return PhoneNumber().Replace(withoutIds, PhonePlaceholder);
    }
}
