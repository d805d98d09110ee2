using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Contracts.V1;
using DanVan.Hub.Dialogues;
using DanVan.Hub.Rpc;
using DanVan.Hub.Security;
using DanVan.Hub.Web.Accounts;

namespace DanVan.Hub.Web.Reports;

/// <summary>The kinds of period a report covers, as the query string names them.</summary>
public enum PeriodKind
{
    Month,
    Quarter,
    Half,
    NineMonths,
    Year,
    Range,
}

/// <summary>
/// A report's unit and period as the page's query string gives them (so a report is a link):
/// <c>unit</c> (default the person's own), <c>period</c> (month, quarter, half, nine, year, range),
/// <c>year</c>, <c>number</c> (the month or quarter) and, for a range, <c>from</c> and <c>to</c>.
/// The dates are then checked by SummarizeDialogues' own validator, so the page refuses what the RPC refuses.
/// </summary>
public sealed record ReportQuery(string UnitCode, PeriodKind Kind, int Year, int Number, DateOnly From, DateOnly To)
{
    public static readonly IReadOnlyDictionary<string, PeriodKind> Names = new Dictionary<string, PeriodKind>(StringComparer.Ordinal)
    {
        ["month"] = PeriodKind.Month, ["quarter"] = PeriodKind.Quarter, ["half"] = PeriodKind.Half,
        ["nine"] = PeriodKind.NineMonths, ["year"] = PeriodKind.Year, ["range"] = PeriodKind.Range,
    };

    public string PeriodName => Names.First(n => n.Value == Kind).Key;

    /// <summary>The query string of this report, for links to its exports.</summary>
    public string QueryString(string? format = null)
    {
        var parts = new List<string> { "unit=" + UnitCode, "period=" + PeriodName };
        if (Kind == PeriodKind.Range)
        {
            parts.Add("from=" + From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            parts.Add("to=" + To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            parts.Add("year=" + Year.ToString(CultureInfo.InvariantCulture));
            if (Kind is PeriodKind.Month or PeriodKind.Quarter)
            {
                parts.Add("number=" + Number.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (format is not null)
        {
            parts.Add("format=" + format);
        }

        return string.Join('&', parts);
    }

    /// <summary>
    /// The report asked for; without a period, the current quarter of <paramref name="today"/>. Throws a
    /// <see cref="ValidationException"/> naming the form's fields when it cannot be made.
    /// </summary>
    public static ReportQuery Parse(string defaultUnit, string? unit, string? period, string? year, string? number, string? from, string? to, DateOnly today)
    {
        var range = period == "range";
        try
        {
            return Checked(defaultUnit, unit, period, year, number, from, to, today);
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Violations.Select(f => f with { Field = FormField(f.Field, range) }).ToList());
        }
    }

    /// <summary>Whether a person may see the report of the unit with <paramref name="code"/>: one in their own subtree (anyone's, for someone of the whole country).</summary>
    public static async Task<bool> InScopeAsync(CurrentUser user, UnitScope scope, string code, CancellationToken cancellationToken) =>
        user.UnitCode is not { } own || await scope.ContainsCodeAsync(await scope.RootsAsync(own, cancellationToken), code, cancellationToken) == true;

    private static ReportQuery Checked(string defaultUnit, string? unit, string? period, string? year, string? number, string? from, string? to, DateOnly today)
    {
        var v = new Violations();
        var kind = PeriodKind.Quarter;
        if (!string.IsNullOrEmpty(period) && !Names.TryGetValue(period, out kind))
        {
            v.Add("period", ViolationCodes.ChoiceUnknown, $"{period} is not a period");
        }

        var y = v.Year(Integer(v, year, "year") ?? 0, today);
        var n = Integer(v, number, "number") ?? (kind == PeriodKind.Month ? today.Month : (today.Month + 2) / 3);
        DateOnly? start = null, end = null;
        switch (kind)
        {
            case PeriodKind.Month when n is < 1 or > 12:
            case PeriodKind.Quarter when n is < 1 or > 4:
                v.Add("number", ViolationCodes.ChoiceUnknown, $"{n} is not a {(kind == PeriodKind.Month ? "month" : "quarter")}");
                break;
            case PeriodKind.Month when !v.Any:
                start = new DateOnly(y, n, 1);
                end = start.Value.AddMonths(1).AddDays(-1);
                break;
            case PeriodKind.Quarter when !v.Any:
                start = new DateOnly(y, 3 * n - 2, 1);
                end = start.Value.AddMonths(3).AddDays(-1);
                break;
            case PeriodKind.Half or PeriodKind.NineMonths or PeriodKind.Year when !v.Any:
                start = new DateOnly(y, 1, 1);
                end = start.Value.AddMonths(kind switch { PeriodKind.Half => 6, PeriodKind.NineMonths => 9, _ => 12 }).AddDays(-1);
                break;
            case PeriodKind.Range:
                start = Date(v, from, "from");
                end = Date(v, to, "to");
                break;
        }

        v.ThrowIfAny();
        // SummarizeDialogues' own checks: the unit code's form, the dates' range, the end not before the start.
        var query = DialogueRequests.Validate(new SummarizeDialoguesRequest
        {
            UnitCode = string.IsNullOrWhiteSpace(unit) ? defaultUnit : unit.Trim(),
            StartDate = ProtoDates.ToProto(start!.Value),
            EndDate = ProtoDates.ToProto(end!.Value),
        }, today);
        // The page reports on a unit: the empty code SummarizeDialogues takes for the whole country is a missing one here.
        return query.UnitCode is { } code
            ? new ReportQuery(code, kind, y, n, query.From, query.To)
            : throw new ValidationException([new FieldViolation("unit_code", ViolationCodes.UnitCodeRequired, "is required")]);
    }

    private static string FormField(string field, bool range) => field switch
    {
        "start_date" => range ? "from" : "year",
        "end_date" => range ? "to" : "year",
        "unit_code" => "unit",
        _ => field,
    };

    private static int? Integer(Violations v, string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        v.Add(field, ViolationCodes.ChoiceUnknown, $"{value} is not a number");
        return null;
    }

    private static DateOnly? Date(Violations v, string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            v.Add(field, ViolationCodes.DateRequired, "is required");
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        v.Add(field, ViolationCodes.DateInvalid, $"{value} is not a date (yyyy-MM-dd)");
        return null;
    }
}
