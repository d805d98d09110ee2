using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Tests.Ingest;

public sealed class RecordRulesTests
{
    private static readonly DateOnly Today = new(2025, 10, 15);
    private readonly List<RowProblem> _problems = [];

    [Fact]
    public void Procedure_totals_are_derived_from_complete_parts()
    {
        var record = (ProcedureStatsReport)RecordRules.Check(new ProcedureStatsReport(1, "00004", new DateOnly(2025, 9, 1),
            ReceivedInPerson: 120, ReceivedOnline: 340, ReceivedPostal: 5, ResolvedEarly: 300, ResolvedOnTime: 150, ResolvedLate: 7), Today, _problems);

        Assert.Empty(_problems);
        Assert.Equal((465L, 450L, 457L), (record.Received!.Value, record.ResolvedInTime!.Value, record.Resolved!.Value));
    }

    [Fact]
    public void Incomplete_parts_give_no_total()
    {
        var record = (ProcedureStatsReport)RecordRules.Check(new ProcedureStatsReport(1, "00004", new DateOnly(2025, 9, 1),
            ReceivedOnline: 340, ResolvedEarly: 300), Today, _problems);

        Assert.Null(record.Received);
        Assert.Null(record.Resolved);
    }

    [Fact]
    public void A_stated_percentage_is_checked_against_the_counts()
    {
        RecordRules.Check(new ProcedureStatsReport(3, "00004", new DateOnly(2025, 9, 1),
            Resolved: 457, ResolvedInTime: 450, ResolvedLate: 7, ReportedOnTimePercent: 98.47m), Today, _problems);
        Assert.Empty(_problems);

        RecordRules.Check(new ProcedureStatsReport(4, "00004", new DateOnly(2025, 9, 1),
            Resolved: 457, ResolvedInTime: 450, ResolvedLate: 7, ReportedOnTimePercent: 98.5m), Today, _problems);
        Assert.Equal(("on_time_percent", "PERCENT_MISMATCH"), (_problems.Single().Field, _problems.Single().Code));
    }

    [Fact]
    public void The_current_month_is_allowed_and_the_next_is_future()
    {
        RecordRules.Check(new ProcedureStatsReport(1, "00004", new DateOnly(2025, 10, 1), Received: 1), Today, _problems);
        Assert.Empty(_problems);

        RecordRules.Check(new ProcedureStatsReport(2, "00004", new DateOnly(2025, 11, 1), Received: 1), Today, _problems);
        Assert.Equal("FUTURE_PERIOD", _problems.Single().Code);
    }

    [Fact]
    public void The_id_card_funnel_must_be_monotone_and_every_break_is_reported()
    {
        RecordRules.Check(new IdIssuanceReport(5, "00004", Today, 10, 11, 12, null, null, null, null, null), Today, _problems);

        Assert.Equal(["cards_produced", "cards_returned"], _problems.Select(p => p.Field).Order());
        Assert.All(_problems, p => Assert.Equal("FUNNEL_NOT_MONOTONE", p.Code));
    }

    [Fact]
    public void Negative_typed_counts_are_refused_by_field()
    {
        RecordRules.Check(new IdIssuanceReport(5, "00004", Today, 10, 5, 1, -1, null, null, null, null), Today, _problems);

        Assert.Equal(("eid_level1_accounts", "NEGATIVE_COUNT"), (_problems.Single().Field, _problems.Single().Code));
    }
}
