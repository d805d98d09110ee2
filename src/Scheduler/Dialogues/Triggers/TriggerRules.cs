namespace DanVan.Scheduler.Dialogues.Triggers;

/// <summary>What a rule measured for one unit and month.</summary>
public sealed record Measurement(long UnitId, DateOnly Month, long Numerator, long Denominator)
{
    public double Share => (double)Numerator / Denominator;
}

/// <summary>A rule: its name, which way its threshold points, and how it words a fact.</summary>
public sealed record TriggerRule(string Name, bool FiresBelow, string Measure, Func<TriggerOptions, TriggerRuleOptions> Settings)
{
    public const string OnTimeRate = "on_time_rate";
    public const string IdCardBacklog = "id_card_backlog";
    public const string OverdueOpinions = "overdue_opinions";
    public const string Petitions = "petitions";

    public static readonly IReadOnlyList<TriggerRule> All =
    [
        new(OnTimeRate, FiresBelow: true, "dossiers resolved on time", o => o.OnTimeRate),
        new(IdCardBacklog, FiresBelow: false, "ID cards produced but not yet returned", o => o.IdCardBacklog),
        new(OverdueOpinions, FiresBelow: false, "citizens' opinions overdue", o => o.OverdueOpinions),
        new(Petitions, FiresBelow: false, "voters petitioning", o => o.Petitions),
    ];

    /// <summary>
    /// Whether the rule fires for a unit in <paramref name="month"/>: each of the consecutive periods
    /// ending with it must have enough data and cross the threshold.
    /// </summary>
    public bool Fires(TriggerRuleOptions settings, IReadOnlyDictionary<DateOnly, Measurement> byMonth, DateOnly month)
    {
        for (var k = 0; k < Math.Max(settings.ConsecutivePeriods, 1); k++)
        {
            if (!byMonth.TryGetValue(month.AddMonths(-k), out var m) || m.Denominator < settings.MinDenominator || m.Denominator <= 0
                || (FiresBelow ? m.Share >= settings.Threshold : m.Share < settings.Threshold))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The fact, as an agenda item states it.</summary>
    public string Fact(TriggerRuleOptions settings, Measurement m) =>
        $"{m.Month:yyyy-MM}: {m.Share:P1} {Measure} ({m.Numerator} of {m.Denominator}); the rule fires {(FiresBelow ? "below" : "at or above")} {settings.Threshold:P0} on at least {settings.MinDenominator}.";
}
