using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DanVan.Scheduler.Dialogues.Triggers;

/// <summary>
/// Runs the trigger rules over the indicators and the dialogue records and proposes one ad-hoc
/// dialogue per unit, rule and period that fires, its first agenda items stating the facts. Indicator
/// rules judge the last complete month; opinion and petition rules the current one. Rules judge the
/// units that report (communes, usually) and are valid today. A proposal exists at most once per unit,
/// rule and period (a unique index), and not again within the rule's cool-down.
/// </summary>
public sealed partial class TriggerEvaluator(
    IUnitRegistry units, DialogueLifecycle lifecycle, DialogueStore dialogues, OpinionStore opinions, Petitions petitions,
    IndicatorQueries indicators, TriggerOptions options, DialogueOptions dialogueOptions, TimeProvider clock, ILogger<TriggerEvaluator> logger)
{
    /// <summary>Evaluates every enabled rule; returns the proposals made.</summary>
    public async Task<IReadOnlyList<Dialogue>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var proposals = new List<Dialogue>();
        foreach (var rule in TriggerRule.All)
        {
            var settings = rule.Settings(options);
            if (!settings.Enabled)
            {
                continue;
            }

            var month = rule.Name is TriggerRule.OnTimeRate or TriggerRule.IdCardBacklog ? thisMonth.AddMonths(-1) : thisMonth;
            var from = month.AddMonths(-(Math.Max(settings.ConsecutivePeriods, 1) - 1));
            var measurements = await MeasureAsync(rule.Name, from, month, today, cancellationToken);
            foreach (var unit in measurements.GroupBy(m => m.UnitId))
            {
                var byMonth = unit.ToDictionary(m => m.Month);
                if (rule.Fires(settings, byMonth, month)
                    && await ProposeAsync(rule, settings, unit.Key, month, byMonth, today, cancellationToken) is { } proposal)
                {
                    proposals.Add(proposal);
                }
            }
        }

        return proposals;
    }

    private async Task<Dialogue?> ProposeAsync(
        TriggerRule rule, TriggerRuleOptions settings, long unitId, DateOnly month, Dictionary<DateOnly, Measurement> byMonth, DateOnly today, CancellationToken cancellationToken)
    {
        var period = $"{month:yyyy-MM}";
        if (await dialogues.HasTriggerProposalAsync(unitId, rule.Name, period, month, settings.CooldownDays, cancellationToken))
        {
            return null;
        }

        var unit = (await units.GetByIdsAsync([unitId], cancellationToken))[unitId];
        var facts = Enumerable.Range(0, Math.Max(settings.ConsecutivePeriods, 1)).Reverse()
            .Select(k => new AgendaItem(AgendaItemKind.TriggerFact, rule.Fact(settings, byMonth[month.AddMonths(-k)]), null))
            .ToList();
        var proposal = new NewDialogue(
            Guid.CreateVersion7(), unit, await units.AncestryAsync(unit, today, cancellationToken), DialogueKind.AdHoc, DialogueStatus.Proposed,
            $"Hội nghị đối thoại đột xuất về {rule.Measure} – {unit.Name}", null, null, rule.Name, period, null, null, null, facts)
        {
            Invitees = dialogueOptions.InviteesFor(unit.Code),
        };
        try
        {
            // Enough voters asking make the dialogue the law's, not a suggestion: scheduled at once.
            if (rule.Name == TriggerRule.Petitions && byMonth[month].Share >= options.MandatoryVoterShare
                && await petitions.ShareReachedOnAsync(unitId, month, options.MandatoryVoterShare, cancellationToken) is { } requestedOn)
            {
                var mandatory = await lifecycle.ScheduleMandatoryAsync(proposal with { MandatoryDueOn = requestedOn.AddDays(options.MandatoryHeldWithinDays) },
                    $"{proposal.Title}: {facts[^1].Text} Requested on {requestedOn:yyyy-MM-dd}: mandatory, to be held by {requestedOn.AddDays(options.MandatoryHeldWithinDays):yyyy-MM-dd}.",
                    cancellationToken);
                LogMandatory(logger, unit.Code, period, requestedOn);
                return mandatory;
            }

            var created = await lifecycle.CreateAsync(proposal, "dialogue.proposed", $"{proposal.Title}: {facts[^1].Text}", cancellationToken);
            LogProposed(logger, rule.Name, unit.Code, period);
            return created;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null; // another evaluation proposed it first
        }
    }

    private Task<IReadOnlyList<Measurement>> MeasureAsync(string rule, DateOnly from, DateOnly month, DateOnly today, CancellationToken cancellationToken) => rule switch
    {
        TriggerRule.OnTimeRate => MeasureIndicatorsAsync([IndicatorCodes.ResolvedInTime, IndicatorCodes.Resolved],
            v => (v.GetValueOrDefault(IndicatorCodes.ResolvedInTime), v.GetValueOrDefault(IndicatorCodes.Resolved)), from, month, today, cancellationToken),
        TriggerRule.IdCardBacklog => MeasureIndicatorsAsync([IndicatorCodes.CardsProduced, IndicatorCodes.CardsReturned],
            v => (v.GetValueOrDefault(IndicatorCodes.CardsProduced) - v.GetValueOrDefault(IndicatorCodes.CardsReturned), v.GetValueOrDefault(IndicatorCodes.CardsProduced)),
            from, month, today, cancellationToken),
        TriggerRule.OverdueOpinions => MeasureOverdueOpinionsAsync(month, today, cancellationToken),
        TriggerRule.Petitions => MeasurePetitionsAsync(from, month, today, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    // Opinions are judged as they stand now, counted against the month being judged.
    private async Task<IReadOnlyList<Measurement>> MeasureOverdueOpinionsAsync(DateOnly month, DateOnly today, CancellationToken cancellationToken) =>
        (await opinions.OverdueCountsAsync(today, cancellationToken)).Select(c => new Measurement(c.UnitId, month, c.Overdue, c.Total)).ToList();

    private async Task<IReadOnlyList<Measurement>> MeasurePetitionsAsync(DateOnly from, DateOnly month, DateOnly today, CancellationToken cancellationToken) =>
        (await petitions.MonthlySignaturesAsync(from, month.AddMonths(1), today, cancellationToken))
        .Select(p => new Measurement(p.UnitId, p.Month, p.Signatures, p.RegisteredVoters)).ToList();

    private async Task<IReadOnlyList<Measurement>> MeasureIndicatorsAsync(
        string[] measured, Func<IReadOnlyDictionary<string, long>, (long Numerator, long Denominator)> share,
        DateOnly from, DateOnly month, DateOnly today, CancellationToken cancellationToken)
    {
        var values = await indicators.MonthlyFiguresAsync(measured, from, month.AddMonths(1), today, cancellationToken);
        return values.GroupBy(v => (v.UnitId, v.Month)).Select(g =>
        {
            var (n, d) = share(g.ToDictionary(v => v.Indicator, v => v.Value));
            return new Measurement(g.Key.UnitId, g.Key.Month, n, d);
        }).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule {Rule} proposed an ad-hoc dialogue for unit {UnitCode}, period {Period}")]
    private static partial void LogProposed(ILogger logger, string rule, string unitCode, string period);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voters' petitions made a dialogue mandatory for unit {UnitCode}, period {Period}, requested on {RequestedOn}")]
    private static partial void LogMandatory(ILogger logger, string unitCode, string period, DateOnly requestedOn);
}
