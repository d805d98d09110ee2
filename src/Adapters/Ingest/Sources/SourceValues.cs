using System.Globalization;
using System.Text;
using DanVan.Adapters.Privacy;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// Parsing of the values found in Vietnamese source files: counts with thousands separators
/// ("754.277", "754 277"), dates dd/MM/yyyy, months "2025-09" or "09/2025", percentages with a decimal
/// comma ("98,47%"). Failures become row problems; values echoed in messages are scrubbed.
/// </summary>
public sealed class SourceValues(int row, RowProblems problems)
{
    public int Row => row;

    public void Problem(string field, string code, string message) =>
        problems.Add(new RowProblem(row, field, code, PersonalDataScrubber.Scrub(message)));

    public long? Count(string? text, string field)
    {
        var value = text?.Trim().Replace("\u00a0", "").Replace(" ", "");
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var negative = value.StartsWith('-');
        var digits = negative ? value[1..] : value;
        if (TryParseGrouped(digits, out var count))
        {
            if (negative && count != 0)
            {
                Problem(field, ProblemCodes.NegativeCount, $"{field} is {value}; counts cannot be negative");
                return null;
            }

            return count;
        }

        Problem(field, ProblemCodes.NotANumber, $"{field} is '{text}', not a whole number");
        return null;
    }

    public long? Count(long? value, string field)
    {
        if (value < 0)
        {
            Problem(field, ProblemCodes.NegativeCount, $"{field} is {value}; counts cannot be negative");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string? text, string field) =>
        Exact(text, field, ["d/M/yyyy", "dd/MM/yyyy"], ProblemCodes.BadDate, "not a date dd/MM/yyyy");

    /// <summary>A month as its first day.</summary>
    public DateOnly? Month(string? text, string field) =>
        Exact(text, field, ["yyyy-MM", "MM/yyyy", "M/yyyy"], ProblemCodes.BadPeriod, "not a month (yyyy-MM or MM/yyyy)");

    private DateOnly? Exact(string? text, string field, string[] formats, string badCode, string expected)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            Problem(field, ProblemCodes.Required, $"{field} is missing");
            return null;
        }

        if (DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Problem(field, badCode, $"{field} is '{text}', {expected}");
        return null;
    }

    public decimal? Percent(string? text, string field)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var number = value.TrimEnd('%').Trim().Replace(',', '.');
        if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent <= 100)
        {
            return percent;
        }

        Problem(field, ProblemCodes.NotANumber, $"{field} is '{text}', not a percentage such as 98,47%");
        return null;
    }

    /// <summary>
    /// Plain digits, or digit groups of three separated by one kind of separator ('.' or ','). A count
    /// never starts with 0 (unless it is 0): such a value is an identifier, e.g. a citizen-ID number
    /// pasted into the wrong column, and is refused rather than stored as a figure.
    /// </summary>
    private static bool TryParseGrouped(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }

        var separator = text.FirstOrDefault(c => c is '.' or ',');
        if (separator != default)
        {
            var groups = text.Split(separator);
            if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
            {
                return false;
            }

            text = string.Concat(groups);
        }

        return text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Header text compared by meaning: NFC, case-folded, single spaces, no BOM.</summary>
    public static string HeaderKey(string header) =>
        string.Join(' ', header.Replace("\uFEFF", "").Normalize(NormalizationForm.FormC).ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
