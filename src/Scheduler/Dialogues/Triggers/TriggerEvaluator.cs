using Dapper;
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
public sealed class TriggerEvaluator(
    NpgsqlDataSource dataSource, IUnitRegistry units, DialogueLifecycle lifecycle, TriggerOptions options, IndicatorOptions indicators,
    TimeProvider clock, ILogger<TriggerEvaluator> logger)
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
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var recent = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
                select exists (select 1 from dialogue
                                where unit_id = @unitId and trigger_rule = @rule
                                  and (trigger_period = @period or to_date(trigger_period, 'YYYY-MM') > @month::date - @cooldown))
                """, new { unitId, rule = rule.Name, period, month, cooldown = settings.CooldownDays }, cancellationToken: cancellationToken));
            if (recent)
            {
                return null;
            }
        }

        var unit = (await units.GetByIdsAsync([unitId], cancellationToken))[unitId];
        var facts = Enumerable.Range(0, Math.Max(settings.ConsecutivePeriods, 1)).Reverse()
            .Select(k => new AgendaItem(AgendaItemKind.TriggerFact, rule.Fact(settings, byMonth[month.AddMonths(-k)]), null))
            .ToList();
        var proposal = new NewDialogue(
            Guid.CreateVersion7(), unit, await units.AncestryAsync(unit, today, cancellationToken), DialogueKind.AdHoc, DialogueStatus.Proposed,
            $"Ad-hoc dialogue on {rule.Measure} – {unit.Name}", null, null, rule.Name, period, null, null, null, facts);
        try
        {
            var created = await lifecycle.CreateAsync(proposal, "dialogue.proposed", $"{proposal.Title}: {facts[^1].Text}", cancellationToken);
            logger.LogInformation("Rule {Rule} proposed an ad-hoc dialogue for unit {UnitCode}, period {Period}", rule.Name, unit.Code, period);
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
        TriggerRule.OverdueOpinions => QueryAsync($"""
            select o.unit_id as UnitId, @month::date as Month,
                   count(*) filter (where o.overdue_since is not null and o.status in {OpinionWorkflow.OpenStatusesSql}) as Numerator,
                   count(*) as Denominator
              from opinion o join admin_unit u on u.id = o.unit_id and u.valid_from <= @today and @today < u.valid_to
             group by o.unit_id
            """, from, month, today, cancellationToken),
        TriggerRule.Petitions => QueryAsync("""
            select p.unit_id as UnitId, date_trunc('month', p.received_on)::date as Month,
                   sum(p.signatures)::bigint as Numerator, max(p.registered_voters)::bigint as Denominator
              from petition p join admin_unit u on u.id = p.unit_id and u.valid_from <= @today and @today < u.valid_to
             where p.received_on >= @from and p.received_on < @month::date + interval '1 month'
             group by p.unit_id, date_trunc('month', p.received_on)
            """, from, month, today, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    private async Task<IReadOnlyList<Measurement>> QueryAsync(string sql, DateOnly from, DateOnly month, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MeasurementRow>(new CommandDefinition(sql, new { from, month, today }, cancellationToken: cancellationToken));
        return rows.Select(r => new Measurement(r.UnitId, DateOnly.FromDateTime(r.Month), r.Numerator, r.Denominator)).ToList();
    }

    private async Task<IReadOnlyList<Measurement>> MeasureIndicatorsAsync(
        string[] measured, Func<IReadOnlyDictionary<string, long>, (long Numerator, long Denominator)> share,
        DateOnly from, DateOnly month, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var values = await connection.QueryAsync<IndicatorRow>(new CommandDefinition(ObservationSql, new
        {
            indicators = measured,
            from,
            to = month.AddMonths(1),
            today,
            sources = indicators.SourcePriority,
        }, cancellationToken: cancellationToken));

        return values.GroupBy(v => (v.UnitId, v.Month)).Select(g =>
        {
            var (n, d) = share(g.ToDictionary(v => v.Indicator, v => v.Value));
            return new Measurement(g.Key.UnitId, DateOnly.FromDateTime(g.Key.Month), n, d);
        }).ToList();
    }

    /// <summary>Per unit valid today, month and indicator: the month's latest report, the preferred source's when several report.</summary>
    private const string ObservationSql = """
        select distinct on (o.unit_id, date_trunc('month', o.period_start), o.indicator collate "C")
               o.unit_id as UnitId, date_trunc('month', o.period_start)::date as Month, o.indicator, o.value
          from observation o join admin_unit u on u.id = o.unit_id and u.valid_from <= @today and @today < u.valid_to
         where o.indicator = any(@indicators) and o.disaggregation = '' and o.period_start >= @from and o.period_start < @to
         order by o.unit_id, date_trunc('month', o.period_start), o.indicator collate "C", o.period_start desc,
                  array_position(@sources, o.source) nulls last
        """;

    private sealed class MeasurementRow
    {
        public long UnitId { get; init; }
        public DateTime Month { get; init; }
        public long Numerator { get; init; }
        public long Denominator { get; init; }
    }

    private sealed class IndicatorRow
    {
        public long UnitId { get; init; }
        public DateTime Month { get; init; }
        public string Indicator { get; init; } = "";
        public long Value { get; init; }
    }
}
