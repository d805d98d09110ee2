using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Tests.Ingest;

public sealed class RecordRulesTests
{
    private static readonly DateOnly Today = new(2025, 10, 15);
    private static readonly IngestOptions Limits = new();
    private readonly RowProblems _problems = new(100);

    [Fact]
    public void Procedure_totals_are_derived_from_complete_parts()
    {
        var record = (ProcedureStatsReport)RecordRules.Check(new ProcedureStatsReport(1, "00004", new DateOnly(2025, 9, 1),
            ReceivedInPerson: 120, ReceivedOnline: 340, ReceivedPostal: 5, ResolvedEarly: 300, ResolvedOnTime: 150, ResolvedLate: 7), Today, Limits, _problems);

        Assert.Empty(_problems.Kept());
        Assert.Equal((465L, 450L, 457L), (record.Received!.Value, record.ResolvedInTime!.Value, record.Resolved!.Value));
    }

    [Fact]
    public void Incomplete_parts_give_no_total()
    {
        var record = (ProcedureStatsReport)RecordRules.Check(new ProcedureStatsReport(1, "00004", new DateOnly(2025, 9, 1),
            ReceivedOnline: 340, ResolvedEarly: 300), Today, Limits, _problems);

        Assert.Null(record.Received);
        Assert.Null(record.Resolved);
    }

    [Fact]
    public void A_stated_percentage_is_checked_against_the_counts()
    {
        RecordRules.Check(new ProcedureStatsReport(3, "00004", new DateOnly(2025, 9, 1),
            Resolved: 457, ResolvedInTime: 450, ResolvedLate: 7, ReportedOnTimePercent: 98.47m), Today, Limits, _problems);
        Assert.Empty(_problems.Kept());

        RecordRules.Check(new ProcedureStatsReport(4, "00004", new DateOnly(2025, 9, 1),
            Resolved: 457, ResolvedInTime: 450, ResolvedLate: 7, ReportedOnTimePercent: 98.5m), Today, Limits, _problems);
        Assert.Equal(("on_time_percent", "PERCENT_MISMATCH"), (_problems.Kept().Single().Field, _problems.Kept().Single().Code));
    }

    [Fact]
    public void The_current_month_is_allowed_and_the_next_is_future()
    {
        RecordRules.Check(new ProcedureStatsReport(1, "00004", new DateOnly(2025, 10, 1), Received: 1), Today, Limits, _problems);
        Assert.Empty(_problems.Kept());

        RecordRules.Check(new ProcedureStatsReport(2, "00004", new DateOnly(2025, 11, 1), Received: 1), Today, Limits, _problems);
        Assert.Equal("FUTURE_PERIOD", _problems.Kept().Single().Code);
    }

    [Fact]
    public void The_id_card_funnel_must_be_monotone_and_every_break_is_reported()
    {
        RecordRules.Check(new IdIssuanceReport(5, "00004", Today, 10, 11, 12, null, null, null, null, null), Today, Limits, _problems);

        Assert.Equal(["cards_produced", "cards_returned"], _problems.Kept().Select(p => p.Field).Order());
        Assert.All(_problems.Kept(), p => Assert.Equal("FUNNEL_NOT_MONOTONE", p.Code));
    }

    [Fact]
    public void Negative_typed_counts_are_refused_by_field()
    {
        RecordRules.Check(new IdIssuanceReport(5, "00004", Today, 10, 5, 1, -1, null, null, null, null), Today, Limits, _problems);

        Assert.Equal(("eid_level1_accounts", "NEGATIVE_COUNT"), (_problems.Kept().Single().Field, _problems.Kept().Single().Code));
    }

    [Fact]
    public void A_count_above_its_plausible_bound_is_refused_and_nothing_is_summed_from_it()
    {
        var record = new ProcedureStatsReport(6, "00004", new DateOnly(2025, 9, 1),
            ReceivedInPerson: long.MaxValue, ReceivedOnline: long.MaxValue, ReceivedPostal: 1, Received: 3);

        RecordRules.Check(record, Today, Limits, _problems);

        Assert.Equal(["received_in_person", "received_online"], _problems.Kept().Select(p => p.Field));
        Assert.All(_problems.Kept(), p => Assert.Equal("VALUE_IMPLAUSIBLE", p.Code));
    }

    [Fact]
    public void Each_field_may_have_its_own_bound()
    {
        var limits = new IngestOptions { DefaultMaxValue = 1_000, MaxValues = { ["eligible_citizens"] = 5_000 } };

        RecordRules.Check(new IdIssuanceReport(7, "00004", Today, 1_000, 900, 800, null, null, 5_000, null, null), Today, limits, _problems);
        Assert.Empty(_problems.Kept());

        RecordRules.Check(new IdIssuanceReport(8, "00004", Today, 1_001, 900, 800, null, null, 5_001, null, null), Today, limits, _problems);
        Assert.Equal(["dossiers_collected", "eligible_citizens"], _problems.Kept().Select(p => p.Field));
    }
}
