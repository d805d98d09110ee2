namespace DanVan.Scheduler.Dialogues.Triggers;

/// <summary>What a rule measured for one unit and month.</summary>
public sealed record Measurement(long UnitId, DateOnly Month, long Numerator, long Denominator)
{
    public double Share => (double)Numerator / Denominator;
}

/// <summary>A rule: its name, which way its threshold points, and how it words a fact (in Vietnamese: <see cref="Fact"/>).</summary>
public sealed record TriggerRule(string Name, bool FiresBelow, string Measure, Func<TriggerOptions, TriggerRuleOptions> Settings)
{
    public const string OnTimeRate = "on_time_rate";
    public const string IdCardBacklog = "id_card_backlog";
    public const string OverdueOpinions = "overdue_opinions";
    public const string Petitions = "petitions";

    public static readonly IReadOnlyList<TriggerRule> All =
    [
        new(OnTimeRate, FiresBelow: true, "hồ sơ thủ tục hành chính giải quyết đúng hạn", o => o.OnTimeRate),
        new(IdCardBacklog, FiresBelow: false, "thẻ căn cước đã sản xuất nhưng chưa trả cho công dân", o => o.IdCardBacklog),
        new(OverdueOpinions, FiresBelow: false, "ý kiến của Nhân dân quá hạn giải quyết", o => o.OverdueOpinions),
        new(Petitions, FiresBelow: false, "cử tri ký kiến nghị", o => o.Petitions),
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

    /// <summary>
    /// The fact, as an agenda item states it. Agenda items go into the Vietnamese papers and pages as they
    /// are, so the fact is worded, and its numbers written, as a Vietnamese office writes them.
    /// </summary>
    public string Fact(TriggerRuleOptions settings, Measurement m) => string.Create(Vietnamese,
        $"Tháng {m.Month:MM/yyyy}: {m.Share * 100:N1}% {Measure} ({m.Numerator:N0}/{m.Denominator:N0}); ngưỡng đề xuất đối thoại: {(FiresBelow ? "dưới" : "từ")} {settings.Threshold * 100:N0}% trên ít nhất {settings.MinDenominator:N0} trường hợp.");

    private static readonly System.Globalization.CultureInfo Vietnamese = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
}
