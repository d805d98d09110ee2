using DanVan.Adapters.Time;

namespace DanVan.Adapters.Ingest;

/// <summary>
/// The consistency rules every record must meet, whatever its source: counts are not negative and not
/// above their plausible bound (<see cref="IngestOptions.MaxValue"/>); the CCCD funnel is monotone
/// (returned ≤ produced ≤ collected); early + on time + late = resolved and in person + online +
/// postal = received where a source gives both parts and totals; online ≤ received;
/// a stated on-time percentage matches the counts; the period is not in the future. Totals missing from
/// a record are derived from its complete parts, so every source answers the same queries.
/// </summary>
public static class RecordRules
{
    // Sources round percentages to two decimals.
    private const decimal PercentTolerance = 0.01m;

    public static SourceRecord Check(SourceRecord record, DateOnly today, IngestOptions limits, RowProblems problems)
    {
        // Sums of implausible values could overflow; such a row is refused for its values alone.
        if (!CheckRange(record, limits, problems))
        {
            return record;
        }

        return record switch
        {
            IdIssuanceReport r => CheckIdIssuance(r, today, problems),
            ProcedureStatsReport r => CheckProcedureStats(r, today, problems),
            _ => throw new ArgumentException($"Unknown record type {record.GetType().Name}", nameof(record)),
        };
    }

    private static IdIssuanceReport CheckIdIssuance(IdIssuanceReport r, DateOnly today, RowProblems problems)
    {
        void Problem(string field, string code, string message) => problems.Add(new RowProblem(r.Row, field, code, message));

        if (!PlausibleDates.Contains(r.ReportDate))
        {
            Problem("report_date", ProblemCodes.BadDate, $"report_date {r.ReportDate:dd/MM/yyyy} {PlausibleDates.Description}");
        }
        else if (r.ReportDate > today)
        {
            Problem("report_date", ProblemCodes.FuturePeriod, $"report_date {r.ReportDate:dd/MM/yyyy} is in the future");
        }

        if (r.CardsReturned > r.CardsProduced)
        {
            Problem("cards_returned", ProblemCodes.FunnelNotMonotone,
                $"cards_returned ({r.CardsReturned}) exceeds cards_produced ({r.CardsProduced})");
        }

        if (r.CardsProduced > r.DossiersCollected)
        {
            Problem("cards_produced", ProblemCodes.FunnelNotMonotone,
                $"cards_produced ({r.CardsProduced}) exceeds dossiers_collected ({r.DossiersCollected})");
        }

        if (!IndicatorCodes.Values(r).Any())
        {
            Problem("", ProblemCodes.NoFigures, "the row reports no figure");
        }

        return r;
    }

    private static ProcedureStatsReport CheckProcedureStats(ProcedureStatsReport r, DateOnly today, RowProblems problems)
    {
        void Problem(string field, string code, string message) => problems.Add(new RowProblem(r.Row, field, code, message));

        if (r.Month.Day != 1)
        {
            Problem("period", ProblemCodes.BadPeriod, "period must be a month");
        }
        else if (!PlausibleDates.Contains(r.Month))
        {
            Problem("period", ProblemCodes.BadPeriod, $"period {r.Month:yyyy-MM} {PlausibleDates.Description}");
        }
        else if (r.Month > new DateOnly(today.Year, today.Month, 1))
        {
            Problem("period", ProblemCodes.FuturePeriod, $"period {r.Month:yyyy-MM} is in the future");
        }

        var channels = Sum(r.ReceivedInPerson, r.ReceivedOnline, r.ReceivedPostal);
        if (channels is not null && r.Received is not null && channels != r.Received)
        {
            Problem("received", ProblemCodes.PartsDoNotAddUp,
                $"received_in_person + received_online + received_postal = {channels}, but received is {r.Received}");
        }

        var received = r.Received ?? channels;
        if (r.ReceivedOnline > received)
        {
            Problem("received_online", ProblemCodes.OnlineExceedsReceived,
                $"received_online ({r.ReceivedOnline}) exceeds received ({received})");
        }

        var inTimeParts = Sum(r.ResolvedEarly, r.ResolvedOnTime);
        if (inTimeParts is not null && r.ResolvedInTime is not null && inTimeParts != r.ResolvedInTime)
        {
            Problem("resolved_in_time", ProblemCodes.PartsDoNotAddUp,
                $"resolved_early + resolved_on_time = {inTimeParts}, but resolved_in_time is {r.ResolvedInTime}");
        }

        var inTime = r.ResolvedInTime ?? inTimeParts;
        var resolvedParts = Sum(inTime, r.ResolvedLate);
        if (resolvedParts is not null && r.Resolved is not null && resolvedParts != r.Resolved)
        {
            Problem("resolved", ProblemCodes.PartsDoNotAddUp,
                $"resolved early, on time and late add up to {resolvedParts}, but resolved is {r.Resolved}");
        }

        var resolved = r.Resolved ?? resolvedParts;
        if (r.ReportedOnTimePercent is { } percent)
        {
            if (inTime is null || resolved is null or 0)
            {
                Problem("on_time_percent", ProblemCodes.PercentMismatch, "on_time_percent is given without the counts it is computed from");
            }
            else if (Math.Abs(percent - 100m * inTime.Value / resolved.Value) > PercentTolerance)
            {
                Problem("on_time_percent", ProblemCodes.PercentMismatch,
                    $"on_time_percent is {percent}%, but {inTime} of {resolved} resolved in time is {100m * inTime.Value / resolved.Value:0.00}%");
            }
        }

        var normalized = r with { Received = received, ResolvedInTime = inTime, Resolved = resolved, ReportedOnTimePercent = null };
        if (!IndicatorCodes.Values(normalized).Any())
        {
            Problem("", ProblemCodes.NoFigures, "the row reports no figure");
        }

        return normalized;
    }

    /// <summary>Checks that counts are not negative; false when some count is above its field's plausible bound.</summary>
    private static bool CheckRange(SourceRecord record, IngestOptions limits, RowProblems problems)
    {
        var plausible = true;
        foreach (var (indicator, value) in IndicatorCodes.Values(record))
        {
            var field = IndicatorCodes.FieldName(indicator);
            if (value < 0)
            {
                problems.Add(new RowProblem(record.Row, field, ProblemCodes.NegativeCount, $"{field} is {value}; counts cannot be negative"));
            }
            else if (value > limits.MaxValue(field))
            {
                problems.Add(new RowProblem(record.Row, field, ProblemCodes.ValueImplausible,
                    $"{field} is {value:N0}; no unit reports more than {limits.MaxValue(field):N0}"));
                plausible = false;
            }
        }

        return plausible;
    }

    /// <summary>The sum when every part is given; null when any is missing.</summary>
    private static long? Sum(params long?[] parts) => parts.All(p => p is not null) ? parts.Sum() : null;
}
