using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Indicators;

/// <summary>A rate recomputed from summed counts (never averaged), with the definition it follows.</summary>
public sealed record Rate(string Name, decimal Numerator, decimal Denominator, string Definition)
{
    public double Value => (double)(Numerator / Denominator);
}

/// <summary>The rates the hub publishes, each defined once here.</summary>
public static class Rates
{
    public static Rate? Of(string name, IReadOnlyDictionary<string, decimal> totals) => name switch
    {
        "coverage" => Make(name, totals, [IndicatorCodes.DossiersCollected], [IndicatorCodes.EligibleCitizens],
            "CCCD dossiers collected / citizens eligible for a card (cumulative, at the report date)"),
        "return_rate" => Make(name, totals, [IndicatorCodes.CardsReturned], [IndicatorCodes.CardsProduced],
            "CCCD cards returned to citizens / cards produced (cumulative)"),
        "eid_level2_coverage" => Make(name, totals, [IndicatorCodes.EidLevel2Accounts], [IndicatorCodes.EligibleCitizens],
            "VNeID level-2 accounts activated / citizens eligible for a card"),
        "on_time_rate" => Make(name, totals, [IndicatorCodes.ResolvedInTime], [IndicatorCodes.Resolved],
            "Decision 766/QĐ-TTg: dossiers resolved early or on time / dossiers resolved, in the period"),
        "online_share" => Make(name, totals, [IndicatorCodes.ReceivedOnline], [IndicatorCodes.Received],
            "dossiers received online (public-service portal) / dossiers received, in the period"),
        "satisfaction_rate" => Make(name, totals,
            [IndicatorCodes.RatingVerySatisfied, IndicatorCodes.RatingSatisfied],
            [IndicatorCodes.RatingVerySatisfied, IndicatorCodes.RatingSatisfied, IndicatorCodes.RatingDissatisfied],
            "ratings 'very satisfied' or 'satisfied' / all ratings, in the period"),
        _ => throw new ArgumentException($"Unknown rate {name}", nameof(name)),
    };

    public static readonly string[] IdIssuance = ["coverage", "return_rate", "eid_level2_coverage"];

    public static readonly string[] ProcedureStats = ["on_time_rate", "online_share", "satisfaction_rate"];

    /// <summary>Null when any count is missing or the denominator is zero: no rate rather than a made-up one.</summary>
    private static Rate? Make(string name, IReadOnlyDictionary<string, decimal> totals, string[] numerator, string[] denominator, string definition)
    {
        if (!numerator.Concat(denominator).All(totals.ContainsKey))
        {
            return null;
        }

        var d = denominator.Sum(i => totals[i]);
        return d == 0 ? null : new Rate(name, numerator.Sum(i => totals[i]), d, definition);
    }
}
