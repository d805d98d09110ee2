using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Indicators;

/// <summary>A rate recomputed from summed counts (never averaged), with the definition it follows.</summary>
public sealed record Rate(string Name, decimal Numerator, decimal Denominator, string Definition)
{
    public double Value => (double)(Numerator / Denominator);
}

/// <summary>
/// A rate over a subtree, with who it counts: <paramref name="ReportingUnits"/> units reported every
/// figure it needs (for at least one period); <paramref name="UnitsNotReporting"/> units sent figures but
/// never all of those. <paramref name="Rate"/> is null when no report had them all, or their denominator is zero.
/// </summary>
public sealed record RateResult(Rate? Rate, int ReportingUnits, int UnitsNotReporting);

/// <summary>The rates the hub publishes, each defined once here.</summary>
public static class Rates
{
    private sealed record Definition(string[] Numerator, string[] Denominator, string Text)
    {
        public IEnumerable<string> Components => Numerator.Concat(Denominator).Distinct();
    }

    private static readonly Dictionary<string, Definition> Definitions = new()
    {
        ["coverage"] = new([IndicatorCodes.DossiersCollected], [IndicatorCodes.EligibleCitizens],
            "CCCD dossiers collected / citizens eligible for a card (cumulative, at the report date)"),
        ["return_rate"] = new([IndicatorCodes.CardsReturned], [IndicatorCodes.CardsProduced],
            "CCCD cards returned to citizens / cards produced (cumulative)"),
        ["eid_level2_coverage"] = new([IndicatorCodes.EidLevel2Accounts], [IndicatorCodes.EligibleCitizens],
            "VNeID level-2 accounts activated / citizens eligible for a card"),
        ["on_time_rate"] = new([IndicatorCodes.ResolvedInTime], [IndicatorCodes.Resolved],
            "Decision 766/QĐ-TTg: dossiers resolved early or on time / dossiers resolved, in the period"),
        ["online_share"] = new([IndicatorCodes.ReceivedOnline], [IndicatorCodes.Received],
            "dossiers received online (public-service portal) / dossiers received, in the period"),
        ["satisfaction_rate"] = new(
            [IndicatorCodes.RatingVerySatisfied, IndicatorCodes.RatingSatisfied],
            [IndicatorCodes.RatingVerySatisfied, IndicatorCodes.RatingSatisfied, IndicatorCodes.RatingDissatisfied],
            "ratings 'very satisfied' or 'satisfied' / all ratings, in the period"),
    };

    public static readonly string[] IdIssuance = ["coverage", "return_rate", "eid_level2_coverage"];

    public static readonly string[] ProcedureStats = ["on_time_rate", "online_share", "satisfaction_rate"];

    /// <summary>
    /// The rate over the reports that carry every figure it needs: numerator and denominator come from
    /// the same reports, and a unit (or a month of it) that left a figure out counts as not reporting
    /// the rate rather than as a zero, which would skew it (50 online of 100 received, not of 150).
    /// </summary>
    public static RateResult Of(string name, IndicatorTotals totals)
    {
        var needed = Components(name);
        var complete = totals.Reports.Where(r => needed.IsSubsetOf(r.Indicators)).ToList();
        var summed = needed.ToDictionary(i => i, i => complete.Sum(r => r.Values[i]));
        var reporting = totals.UnitReports.Where(u => u.Sets.Any(needed.IsSubsetOf)).Sum(u => u.Units);
        return new RateResult(complete.Count == 0 ? null : Of(name, summed), reporting, totals.ReportingUnits - reporting);
    }

    /// <summary>Every count the rate divides.</summary>
    public static IReadOnlySet<string> Components(string name) => Find(name).Components.ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The rate of counts that belong together (one report's, or summed over the same reports); for
    /// totals over a subtree use <see cref="Of(string, IndicatorTotals)"/>. Null when any count is
    /// missing or the denominator is zero: no rate rather than a made-up one.
    /// </summary>
    public static Rate? Of(string name, IReadOnlyDictionary<string, decimal> totals)
    {
        var definition = Find(name);
        if (!definition.Components.All(totals.ContainsKey))
        {
            return null;
        }

        var d = definition.Denominator.Sum(i => totals[i]);
        return d == 0 ? null : new Rate(name, definition.Numerator.Sum(i => totals[i]), d, definition.Text);
    }

    private static Definition Find(string name) =>
        Definitions.GetValueOrDefault(name) ?? throw new ArgumentException($"Unknown rate {name}", nameof(name));
}
