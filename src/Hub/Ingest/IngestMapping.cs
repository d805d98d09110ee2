using System.Text.RegularExpressions;
using Google.Protobuf;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Privacy;
using DanVan.Adapters.Time;
using DanVan.Hub.Rpc;
using Proto = DanVan.Contracts.V1;

namespace DanVan.Hub.Ingest;

/// <summary>Proto ↔ domain mapping shared by the push and query services.</summary>
internal static partial class IngestMapping
{
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex BatchIdPattern();

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex SourcePattern();

    public static BatchOptions Options(Proto.BatchOptions? options, string defaultSource, Violations violations) =>
        Options(options?.BatchId ?? "", options?.Source ?? "", options?.DryRun ?? false, options?.AllOrNothing ?? false,
            defaultSource, violations, "options.");

    public static BatchOptions Options(string batchId, string source, bool dryRun, bool allOrNothing, string defaultSource, Violations violations, string prefix = "")
    {
        if (!BatchIdPattern().IsMatch(batchId))
        {
            if (batchId.Length == 0)
            {
                violations.Add(prefix + "batch_id", ViolationCodes.IdRequired, "is required");
            }
            else
            {
                violations.Add(prefix + "batch_id", ViolationCodes.BatchIdMalformed, "must be 1-128 of A-Z a-z 0-9 . _ : -");
            }
        }

        if (source.Length > 0 && !SourcePattern().IsMatch(source))
        {
            violations.Add(prefix + "source", ViolationCodes.SourceMalformed, "must be 1-64 of a-z 0-9 -");
        }

        // Caller-chosen keys are stored and logged like free text, so they are scrubbed like it: two keys
        // that differ only by an ID or phone number become one.
        return new BatchOptions(source.Length > 0 ? PersonalDataScrubber.Scrub(source) : defaultSource, PersonalDataScrubber.Scrub(batchId), dryRun, allOrNothing);
    }

    public static Proto.IngestSummary ToProto(this IngestSummary summary)
    {
        var proto = new Proto.IngestSummary
        {
            Received = summary.Received,
            Inserted = summary.Inserted,
            Updated = summary.Updated,
            Unchanged = summary.Unchanged,
            Rejected = summary.Rejected,
            Applied = summary.Applied,
            TotalProblems = summary.TotalProblems,
        };
        foreach (var (code, count) in summary.ProblemsByCode)
        {
            proto.ProblemCounts[code] = count;
        }

        proto.Problems.AddRange(summary.Problems.Select(p => new Proto.IngestProblem
        {
            Row = p.Row, Field = p.Field, Code = p.Code, Message = p.Message,
        }));
        return proto;
    }

    public static Proto.Rate? ToProto(this Rate? rate) => rate is null ? null : new Proto.Rate
    {
        Numerator = ToInt64(rate.Numerator, rate.Name), Denominator = ToInt64(rate.Denominator, rate.Name), Value = rate.Value, Definition = rate.Definition,
    };

    public static Proto.RateReporting ToReporting(this RateResult result) =>
        new() { ReportingUnits = result.ReportingUnits, UnitsNotReporting = result.UnitsNotReporting };

    /// <summary>A typed ID-issuance report as a canonical record, or null with the row's problems added.</summary>
    public static SourceRecord? ToRecord(Proto.IdIssuanceReport r, int row, List<RowProblem> problems)
    {
        var date = RowDate(r.ReportDate, row, "report_date", problems);
        return date is null ? null : new IdIssuanceReport(
            row, r.UnitCode.Trim(), date.Value,
            r.HasDossiersCollected ? r.DossiersCollected : null,
            r.HasCardsProduced ? r.CardsProduced : null,
            r.HasCardsReturned ? r.CardsReturned : null,
            r.HasEidLevel1Accounts ? r.EidLevel1Accounts : null,
            r.HasEidLevel2Accounts ? r.EidLevel2Accounts : null,
            r.HasEligibleCitizens ? r.EligibleCitizens : null,
            r.HasMobileCollections ? r.MobileCollections : null,
            r.HasHomeCollections ? r.HomeCollections : null);
    }

    /// <summary>A typed procedure report as a canonical record, or null with the row's problems added.</summary>
    public static SourceRecord? ToRecord(Proto.ProcedureStatsReport r, int row, List<RowProblem> problems)
    {
        var month = RowMonth(r.Month, row, "month", problems);
        return month is null ? null : new ProcedureStatsReport(
            row, r.UnitCode.Trim(), month.Value,
            ReceivedInPerson: r.HasReceivedInPerson ? r.ReceivedInPerson : null,
            ReceivedOnline: r.HasReceivedOnline ? r.ReceivedOnline : null,
            ReceivedPostal: r.HasReceivedPostal ? r.ReceivedPostal : null,
            Received: r.HasReceived ? r.Received : null,
            CarriedOver: r.HasCarriedOver ? r.CarriedOver : null,
            ResolvedEarly: r.HasResolvedEarly ? r.ResolvedEarly : null,
            ResolvedOnTime: r.HasResolvedOnTime ? r.ResolvedOnTime : null,
            ResolvedInTime: r.HasResolvedInTime ? r.ResolvedInTime : null,
            ResolvedLate: r.HasResolvedLate ? r.ResolvedLate : null,
            Resolved: r.HasResolved ? r.Resolved : null,
            PendingInTime: r.HasPendingInTime ? r.PendingInTime : null,
            PendingOverdue: r.HasPendingOverdue ? r.PendingOverdue : null,
            RatingVerySatisfied: r.HasRatingVerySatisfied ? r.RatingVerySatisfied : null,
            RatingSatisfied: r.HasRatingSatisfied ? r.RatingSatisfied : null,
            RatingDissatisfied: r.HasRatingDissatisfied ? r.RatingDissatisfied : null);
    }

    /// <summary>
    /// Summed counts as a report message (IdIssuanceReport, ProcedureStatsReport), whose fields are named
    /// as the indicators' record fields; unreported indicators stay unset.
    /// </summary>
    public static TReport ToTotals<TReport>(IndicatorTotals totals) where TReport : IMessage<TReport>, new()
    {
        var report = new TReport();
        foreach (var (indicator, value) in totals.Values)
        {
            var field = report.Descriptor.FindFieldByName(IndicatorCodes.FieldName(indicator))
                ?? throw new InvalidOperationException($"{typeof(TReport).Name} has no field for indicator {indicator}.");
            field.Accessor.SetValue(report, ToInt64(value, indicator));
        }

        return report;
    }

    /// <summary>
    /// A total as the contract's int64. With every value bounded at ingest no total comes near the limit;
    /// one beyond it can only add up values stored before the bounds, and is refused with a reason rather than wrapped.
    /// </summary>
    private static long ToInt64(decimal total, string what) =>
        total <= long.MaxValue
            ? (long)total
            : throw new PreconditionFailedException("TOTAL_OUT_OF_RANGE",
                $"The figures for {what} add up to {total:N0}, beyond a 64-bit integer; values above the plausible bounds must be corrected at their source.");

    /// <summary>A month given as a google.type.Date with day 0 or 1, as its first day.</summary>
    public static DateOnly? Month(Google.Type.Date? date, string field, Violations violations)
    {
        if (date is { Day: 0, Month: >= 1 and <= 12, Year: >= 1 and <= 9999 })
        {
            var first = new DateOnly(date.Year, date.Month, 1);
            if (!PlausibleDates.Contains(first))
            {
                violations.Add(field, ViolationCodes.DateOutOfRange, $"{first:yyyy-MM} {PlausibleDates.Description}");
                return null;
            }

            return first;
        }

        var day = ProtoDates.ToDateOnly(date, field, violations);
        if (day is { Day: not 1 })
        {
            violations.Add(field, ViolationCodes.MonthInvalid, "must be a month: year and month, with day 0 or 1");
            return null;
        }

        return day;
    }

    private static DateOnly? RowDate(Google.Type.Date? date, int row, string field, List<RowProblem> problems) =>
        RowValue(v => ProtoDates.ToDateOnly(date, field, v), row, field, ProblemCodes.BadDate, "is not a calendar date", problems);

    private static DateOnly? RowMonth(Google.Type.Date? date, int row, string field, List<RowProblem> problems) =>
        RowValue(v => Month(date, field, v), row, field, ProblemCodes.BadPeriod, "is not a month (year, month, day 0 or 1)", problems);

    /// <summary>A typed row's date: a bad or missing one becomes the row's problem rather than a request error.</summary>
    private static DateOnly? RowValue(Func<Violations, DateOnly?> parse, int row, string field, string badCode, string badDescription, List<RowProblem> problems)
    {
        var violations = new Violations();
        var value = parse(violations);
        if (violations.Any || value is null)
        {
            problems.Add(violations.Any
                ? new RowProblem(row, field, badCode, $"{field} {badDescription}")
                : new RowProblem(row, field, ProblemCodes.Required, $"{field} is missing"));
            return null;
        }

        return value;
    }
}
