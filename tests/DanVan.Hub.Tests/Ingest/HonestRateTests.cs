using DanVan.Contracts.V1;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// Hà Nội with two communes: one reports every figure, the other leaves out one figure of each rate.
/// Summing each count on its own would divide 50 online dossiers by 150 received (the second commune's
/// 50 received with no online count); each rate must take both sides from the same reports.
/// </summary>
public sealed class HonestRateTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    private readonly IdIssuanceService.IdIssuanceServiceClient _ids = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task Each_procedure_rate_counts_only_the_reports_that_carry_both_its_figures()
    {
        var communes = await CommunesAsync("01", 2);
        var summary = await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "honest-procedures" },
            Reports =
            {
                new ProcedureStatsReport
                {
                    UnitCode = communes[0], Month = Month(2025, 9), Received = 100, ReceivedOnline = 50, Resolved = 80, ResolvedInTime = 60,
                    RatingVerySatisfied = 30, RatingSatisfied = 20, RatingDissatisfied = 10,
                },
                // Received, resolved and the dissatisfied ratings only.
                new ProcedureStatsReport { UnitCode = communes[1], Month = Month(2025, 9), Received = 50, Resolved = 40, RatingDissatisfied = 40 },
            },
        });
        Assert.Equal((2, 0), (summary.Inserted, summary.Rejected));

        var stats = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "01", FromMonth = Month(2025, 9), ToMonth = Month(2025, 9),
        })).Stats;

        // The totals still show every count sent…
        Assert.Equal((150, 50, 120), (stats.Totals.Received, stats.Totals.ReceivedOnline, stats.Totals.Resolved));
        Assert.Equal(2, stats.ReportingUnits);
        // …but each rate divides the complete commune's figures only: 50/100, not 50/150.
        Assert.Equal((50L, 100L), (stats.OnlineShare.Numerator, stats.OnlineShare.Denominator));
        Assert.Equal(0.5, stats.OnlineShare.Value, 6);
        Assert.Equal((60L, 80L), (stats.OnTimeRate.Numerator, stats.OnTimeRate.Denominator));
        Assert.Equal((50L, 60L), (stats.SatisfactionRate.Numerator, stats.SatisfactionRate.Denominator));
        Assert.All(new[] { stats.OnlineShareReporting, stats.OnTimeRateReporting, stats.SatisfactionRateReporting },
            r => Assert.Equal((1, 1), (r.ReportingUnits, r.UnitsNotReporting)));

        // A commune's own figures: the incomplete one has no rate and is counted as not reporting it.
        var list = await _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest
        {
            ParentCode = "01", FromMonth = Month(2025, 9), ToMonth = Month(2025, 9), OrderBy = ProcedureStatsOrder.OnlineShareAscending, PageSize = 500,
        });
        var partial = list.Stats.Single(s => s.Unit.Code == communes[1]);
        Assert.Null(partial.OnlineShare);
        Assert.Equal((0, 1), (partial.OnlineShareReporting.ReportingUnits, partial.OnlineShareReporting.UnitsNotReporting));
        Assert.Equal(communes[0], list.Stats[0].Unit.Code);
        var silent = list.Stats.First(s => s.ReportingUnits == 0);
        Assert.Equal((0, 0), (silent.OnlineShareReporting.ReportingUnits, silent.OnlineShareReporting.UnitsNotReporting));
    }

    [Fact]
    public async Task A_commune_reporting_a_component_in_one_month_only_counts_in_that_month()
    {
        var communes = await CommunesAsync("01", 5);
        var commune = communes[4];
        await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "honest-months" },
            Reports =
            {
                new ProcedureStatsReport { UnitCode = commune, Month = Month(2025, 7), Received = 100, ReceivedOnline = 40 },
                new ProcedureStatsReport { UnitCode = commune, Month = Month(2025, 8), Received = 100 },
            },
        });

        var stats = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = commune, FromMonth = Month(2025, 7), ToMonth = Month(2025, 8),
        })).Stats;

        Assert.Equal(200, stats.Totals.Received);
        Assert.Equal((40L, 100L), (stats.OnlineShare.Numerator, stats.OnlineShare.Denominator));
        Assert.Equal((1, 0), (stats.OnlineShareReporting.ReportingUnits, stats.OnlineShareReporting.UnitsNotReporting));
    }

    [Fact]
    public async Task Each_id_issuance_rate_counts_only_the_reports_that_carry_both_its_figures()
    {
        var communes = await CommunesAsync("01", 4);
        var summary = await _ids.SubmitIdIssuanceReportsAsync(new SubmitIdIssuanceReportsRequest
        {
            Options = new BatchOptions { BatchId = "honest-ids" },
            Reports =
            {
                new IdIssuanceReport
                {
                    UnitCode = communes[2], ReportDate = Day(2025, 9, 30), EligibleCitizens = 1000, DossiersCollected = 800,
                    CardsProduced = 700, CardsReturned = 600, EidLevel2Accounts = 500,
                },
                // No eligible citizens and no cards returned.
                new IdIssuanceReport { UnitCode = communes[3], ReportDate = Day(2025, 9, 30), DossiersCollected = 300, CardsProduced = 200, EidLevel2Accounts = 100 },
            },
        });
        Assert.Equal((2, 0), (summary.Inserted, summary.Rejected));

        var progress = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "01", AsOf = Day(2025, 10, 1) })).Progress;

        Assert.Equal((1100, 1000), (progress.Totals.DossiersCollected, progress.Totals.EligibleCitizens));
        // Summed count by count, coverage would be 1100/1000, over 100 %.
        Assert.Equal((800L, 1000L), (progress.Coverage.Numerator, progress.Coverage.Denominator));
        Assert.Equal((600L, 700L), (progress.ReturnRate.Numerator, progress.ReturnRate.Denominator));
        Assert.Equal((500L, 1000L), (progress.EidLevel2Coverage.Numerator, progress.EidLevel2Coverage.Denominator));
        Assert.All(new[] { progress.CoverageReporting, progress.ReturnRateReporting, progress.EidLevel2CoverageReporting },
            r => Assert.Equal((1, 1), (r.ReportingUnits, r.UnitsNotReporting)));
    }

    private async Task<List<string>> CommunesAsync(string province, int count)
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var list = await units.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = province, Level = AdminLevel.Commune, AsOf = Day(2025, 8, 1), PageSize = count,
        });
        return list.Units.Select(u => u.Code).ToList();
    }
}
