namespace DanVan.Adapters.Ingest;

/// <summary>A canonical record from any source; <see cref="Row"/> is its 1-based position in its source.</summary>
public abstract record SourceRecord(int Row, string UnitCode);

/// <summary>
/// Citizen-ID issuance progress of one unit at a report date: cumulative stocks (CCCD funnel
/// collected → produced → returned, VNeID accounts, eligible citizens, mobile and home collections).
/// Null means "not reported", not zero.
/// </summary>
public sealed record IdIssuanceReport(
    int Row,
    string UnitCode,
    DateOnly ReportDate,
    long? DossiersCollected,
    long? CardsProduced,
    long? CardsReturned,
    long? EidLevel1Accounts,
    long? EidLevel2Accounts,
    long? EligibleCitizens,
    long? MobileCollections,
    long? HomeCollections) : SourceRecord(Row, UnitCode);

/// <summary>
/// Administrative-procedure statistics of one unit for one month: flows. Sources give either the parts
/// (received per channel, resolved early / on time / late) or totals, or both; the pipeline checks the
/// parts against the totals and derives the totals from complete parts.
/// </summary>
public sealed record ProcedureStatsReport(
    int Row,
    string UnitCode,
    DateOnly Month,
    long? ReceivedInPerson = null,
    long? ReceivedOnline = null,
    long? ReceivedPostal = null,
    long? Received = null,
    long? CarriedOver = null,
    long? ResolvedEarly = null,
    long? ResolvedOnTime = null,
    long? ResolvedInTime = null,
    long? ResolvedLate = null,
    long? Resolved = null,
    long? PendingInTime = null,
    long? PendingOverdue = null,
    long? RatingVerySatisfied = null,
    long? RatingSatisfied = null,
    long? RatingDissatisfied = null,
    decimal? ReportedOnTimePercent = null) : SourceRecord(Row, UnitCode);

/// <summary>A row of a source that could not be taken, and why. <see cref="Field"/> uses the canonical field names.</summary>
public sealed record RowProblem(int Row, string Field, string Code, string Message);

/// <summary>Stable problem codes; callers may switch on them.</summary>
public static class ProblemCodes
{
    public const string Required = "REQUIRED";
    public const string NotANumber = "NOT_A_NUMBER";
    public const string NegativeCount = "NEGATIVE_COUNT";
    public const string ValueImplausible = "VALUE_IMPLAUSIBLE";
    public const string BadDate = "BAD_DATE";
    public const string BadPeriod = "BAD_PERIOD";
    public const string FuturePeriod = "FUTURE_PERIOD";
    public const string BadUnitCode = "BAD_UNIT_CODE";
    public const string UnknownUnit = "UNKNOWN_UNIT";
    public const string UnitSplit = "UNIT_SPLIT";
    public const string FunnelNotMonotone = "FUNNEL_NOT_MONOTONE";
    public const string PartsDoNotAddUp = "PARTS_DO_NOT_ADD_UP";
    public const string OnlineExceedsReceived = "ONLINE_EXCEEDS_RECEIVED";
    public const string PercentMismatch = "PERCENT_MISMATCH";
    public const string DuplicateRow = "DUPLICATE_ROW";
    public const string NoFigures = "NO_FIGURES";
    public const string Malformed = "MALFORMED";
}
