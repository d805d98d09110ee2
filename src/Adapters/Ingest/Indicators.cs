namespace DanVan.Adapters.Ingest;

/// <summary>
/// The canonical indicators. ID-issuance indicators are cumulative stocks at a report date; procedure
/// indicators are monthly flows (period = first day of the month). Rates are never stored: they are
/// recomputed from these counts at query time (see <c>Indicators.Rates</c>).
/// </summary>
public static class IndicatorCodes
{
    public const string DossiersCollected = "id.dossiers_collected";
    public const string CardsProduced = "id.cards_produced";
    public const string CardsReturned = "id.cards_returned";
    public const string EidLevel1Accounts = "eid.level1_accounts";
    public const string EidLevel2Accounts = "eid.level2_accounts";
    public const string EligibleCitizens = "id.eligible_citizens";
    public const string MobileCollections = "id.mobile_collections";
    public const string HomeCollections = "id.home_collections";

    public const string ReceivedInPerson = "proc.received_in_person";
    public const string ReceivedOnline = "proc.received_online";
    public const string ReceivedPostal = "proc.received_postal";
    public const string Received = "proc.received";
    public const string CarriedOver = "proc.carried_over";
    public const string ResolvedEarly = "proc.resolved_early";
    public const string ResolvedOnTime = "proc.resolved_on_time";
    public const string ResolvedInTime = "proc.resolved_in_time";
    public const string ResolvedLate = "proc.resolved_late";
    public const string Resolved = "proc.resolved";
    public const string PendingInTime = "proc.pending_in_time";
    public const string PendingOverdue = "proc.pending_overdue";
    public const string RatingVerySatisfied = "proc.rating_very_satisfied";
    public const string RatingSatisfied = "proc.rating_satisfied";
    public const string RatingDissatisfied = "proc.rating_dissatisfied";

    public static readonly string[] IdIssuance =
    [
        DossiersCollected, CardsProduced, CardsReturned, EidLevel1Accounts, EidLevel2Accounts,
        EligibleCitizens, MobileCollections, HomeCollections,
    ];

    public static readonly string[] ProcedureStats =
    [
        ReceivedInPerson, ReceivedOnline, ReceivedPostal, Received, CarriedOver, ResolvedEarly, ResolvedOnTime,
        ResolvedInTime, ResolvedLate, Resolved, PendingInTime, PendingOverdue, RatingVerySatisfied,
        RatingSatisfied, RatingDissatisfied,
    ];

    /// <summary>The record field an indicator comes from, as the contract names it ("eid.level1_accounts" → "eid_level1_accounts").</summary>
    public static string FieldName(string indicator) =>
        indicator.StartsWith("eid.", StringComparison.Ordinal) ? indicator.Replace('.', '_') : indicator[(indicator.IndexOf('.') + 1)..];

    /// <summary>The counts of a record as (indicator, value) pairs, leaving out what was not reported.</summary>
    public static IEnumerable<(string Indicator, long Value)> Values(SourceRecord record) => record switch
    {
        IdIssuanceReport r => Present(
            (DossiersCollected, r.DossiersCollected), (CardsProduced, r.CardsProduced), (CardsReturned, r.CardsReturned),
            (EidLevel1Accounts, r.EidLevel1Accounts), (EidLevel2Accounts, r.EidLevel2Accounts),
            (EligibleCitizens, r.EligibleCitizens), (MobileCollections, r.MobileCollections), (HomeCollections, r.HomeCollections)),
        ProcedureStatsReport r => Present(
            (ReceivedInPerson, r.ReceivedInPerson), (ReceivedOnline, r.ReceivedOnline), (ReceivedPostal, r.ReceivedPostal),
            (Received, r.Received), (CarriedOver, r.CarriedOver), (ResolvedEarly, r.ResolvedEarly),
            (ResolvedOnTime, r.ResolvedOnTime), (ResolvedInTime, r.ResolvedInTime), (ResolvedLate, r.ResolvedLate),
            (Resolved, r.Resolved), (PendingInTime, r.PendingInTime), (PendingOverdue, r.PendingOverdue),
            (RatingVerySatisfied, r.RatingVerySatisfied), (RatingSatisfied, r.RatingSatisfied),
            (RatingDissatisfied, r.RatingDissatisfied)),
        _ => throw new ArgumentException($"Unknown record type {record.GetType().Name}", nameof(record)),
    };

    private static IEnumerable<(string, long)> Present(params (string Indicator, long? Value)[] values) =>
        values.Where(v => v.Value is not null).Select(v => (v.Indicator, v.Value!.Value));
}
