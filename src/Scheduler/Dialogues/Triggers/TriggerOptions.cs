using System.ComponentModel.DataAnnotations;
namespace DanVan.Scheduler.Dialogues.Triggers;

/// <summary>One trigger rule's numbers: fire when the measured share crosses the threshold on enough data, long enough, not too often.</summary>
public sealed class TriggerRuleOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The share (numerator / denominator) the rule compares with.</summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; }

    /// <summary>Periods whose denominator is smaller than this say nothing (too little data).</summary>
    [Range(0, long.MaxValue)]
    public long MinDenominator { get; set; }

    /// <summary>How many consecutive periods, ending with the one evaluated, must cross the threshold.</summary>
    [Range(1, 36)]
    public int ConsecutivePeriods { get; set; } = 1;

    /// <summary>After a proposal for a unit by this rule, no other one for this many days.</summary>
    [Range(0, 3650)]
    public int CooldownDays { get; set; } = 90;
}

/// <summary>The ad-hoc trigger rules, section <c>DanVan:Dialogues:Triggers</c>; defaults from the dialogue rules.</summary>
public sealed class TriggerOptions
{
    /// <summary>On-time rate of dossiers resolved in the last complete month below 95 %, on at least 30 resolved.</summary>
    public TriggerRuleOptions OnTimeRate { get; set; } = new() { Threshold = 0.95, MinDenominator = 30 };

    /// <summary>ID cards produced but not returned at or above 20 % of those produced, on at least 100 produced.</summary>
    public TriggerRuleOptions IdCardBacklog { get; set; } = new() { Threshold = 0.20, MinDenominator = 100 };

    /// <summary>Overdue opinions at or above 20 % of the unit's opinions, on at least 5 opinions.</summary>
    public TriggerRuleOptions OverdueOpinions { get; set; } = new() { Threshold = 0.20, MinDenominator = 5 };

    /// <summary>Petitions signed in a month by at least 10 % of the unit's voters, on at least 100 voters.</summary>
    public TriggerRuleOptions Petitions { get; set; } = new() { Threshold = 0.10, MinDenominator = 100, CooldownDays = 30 };

    /// <summary>
    /// Petitions signed by at least this share of the unit's voters make the dialogue mandatory (Law on
    /// Implementing Grassroots Democracy 2022: a dialogue requested by at least 10 % of the voters must be
    /// held): the hub schedules it on the first free slot instead of proposing it, and it cannot be
    /// dismissed or cancelled.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MandatoryVoterShare { get; set; } = 0.10;

    /// <summary>
    /// A mandatory dialogue is flagged overdue when not held within this many days of the request (the
    /// day the signatures reached <see cref="MandatoryVoterShare"/>). The texts set no number; 30 days is
    /// the project's default, so that the notice period and the first free slot fit in it.
    /// </summary>
    [Range(1, 365)]
    public int MandatoryHeldWithinDays { get; set; } = 30;
}
