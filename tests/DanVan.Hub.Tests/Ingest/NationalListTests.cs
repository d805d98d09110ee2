using DanVan.Contracts.V1;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// The indicator lists without a parent: the provinces valid on the date (the 34 of today, or the 63
/// before 2025-07-01), each rolled up over its subtree exactly as its own Get gives it, in the same
/// orders and pages as a unit's children.
/// </summary>
public sealed class NationalListTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    private readonly IdIssuanceService.IdIssuanceServiceClient _ids = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);
    private readonly AdminUnitService.AdminUnitServiceClient _units = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task Procedure_statistics_of_the_country_are_the_provinces_each_equal_to_its_own_figures()
    {
        var hanoi = await CommunesAsync("01", new DateOnly(2025, 12, 1));
        var hoChiMinh = await CommunesAsync("79", new DateOnly(2025, 12, 1));
        var tuyenQuang = await CommunesAsync("08", new DateOnly(2025, 12, 1));
        var binhDuong = await CommunesAsync("74", new DateOnly(2025, 3, 1));
        await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "national-procedures" },
            Reports =
            {
                Stats(hanoi[0], 11, 100, 90, 80), Stats(hanoi[1], 12, 60, 50, 48), Stats(hanoi[0], 12, 70, 70, 70),
                Stats(hoChiMinh[0], 12, 200, 150, 100), Stats(hoChiMinh[1], 11, 40, 40, 39),
                Stats(tuyenQuang[0], 12, 30, 30, 15),
                // Đà Nẵng's own total, with no commune's.
                Stats("48", 12, 500, 480, 470),
                Stats(binhDuong[0], 3, 80, 80, 60), Stats(binhDuong[1], 2, 20, 10, 10),
            },
        });

        var request = new ListProcedureStatsRequest { FromMonth = Month(2025, 11), ToMonth = Month(2025, 12), PageSize = 100 };
        var all = await _procedures.ListProcedureStatsAsync(request);

        Assert.Equal(await ProvincesAsync(new DateOnly(2025, 12, 31)), all.Stats.Select(s => s.Unit.Code));
        Assert.Equal(34, all.Stats.Count);
        Assert.Equal("", all.NextPageToken);
        foreach (var stats in all.Stats)
        {
            Assert.Equal((await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
            {
                UnitCode = stats.Unit.Code, FromMonth = request.FromMonth, ToMonth = request.ToMonth,
            })).Stats, stats);
        }

        var byCode = all.Stats.ToDictionary(s => s.Unit.Code);
        Assert.Equal((230L, 2), (byCode["01"].Totals.Received, byCode["01"].ReportingUnits));
        Assert.Equal((240L, 2), (byCode["79"].Totals.Received, byCode["79"].ReportingUnits));
        Assert.Equal((500L, 1), (byCode["48"].Totals.Received, byCode["48"].ReportingUnits));
        Assert.Equal(0, byCode["04"].ReportingUnits); // Cao Bằng sent nothing

        // The laggards first, page by page as for a unit's children: Tuyên Quang (15/30), then Hồ Chí Minh City (139/190)…
        var pages = new List<ProcedureStats>();
        var token = "";
        do
        {
            var page = await _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest(request)
            {
                OrderBy = ProcedureStatsOrder.OnTimeRateAscending, PageSize = 3, PageToken = token,
            });
            pages.AddRange(page.Stats);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var ordered = await _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest(request) { OrderBy = ProcedureStatsOrder.OnTimeRateAscending });
        Assert.Equal(ordered.Stats, pages);
        Assert.Equal(["08", "79", "01", "48"], pages.Take(4).Select(s => s.Unit.Code));
        Assert.All(pages.Skip(4), s => Assert.Null(s.OnTimeRate));
        // A page token of a unit's list does not page the country's.
        var unitPage = await _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest(request) { ParentCode = "01", PageSize = 1 });
        var mismatch = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest(request) { PageToken = unitPage.NextPageToken }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, mismatch.StatusCode);

        // Before the reform: the 63 provinces of the time, Bình Dương among them.
        var before = await _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest { FromMonth = Month(2025, 2), ToMonth = Month(2025, 3), PageSize = 100 });
        Assert.Equal(await ProvincesAsync(new DateOnly(2025, 3, 31)), before.Stats.Select(s => s.Unit.Code));
        Assert.Equal(63, before.Stats.Count);
        var binhDuongStats = before.Stats.Single(s => s.Unit.Code == "74");
        Assert.Equal((100L, 2), (binhDuongStats.Totals.Received, binhDuongStats.ReportingUnits));
        Assert.Equal((await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "74", FromMonth = Month(2025, 2), ToMonth = Month(2025, 3),
        })).Stats, binhDuongStats);
    }

    [Fact]
    public async Task Id_issuance_of_the_country_is_the_provinces_on_the_date_each_equal_to_its_own_progress()
    {
        var hanoi = await CommunesAsync("01", new DateOnly(2025, 12, 1));
        var caoBang = await CommunesAsync("04", new DateOnly(2025, 12, 1));
        await _ids.SubmitIdIssuanceReportsAsync(new SubmitIdIssuanceReportsRequest
        {
            Options = new BatchOptions { BatchId = "national-ids" },
            Reports =
            {
                Ids(hanoi[0], new DateOnly(2025, 11, 30), 900, 1000), Ids(hanoi[0], new DateOnly(2025, 12, 31), 950, 1000),
                Ids(hanoi[1], new DateOnly(2025, 12, 15), 400, 800),
                Ids(caoBang[0], new DateOnly(2025, 12, 31), 100, 500),
                Ids("92", new DateOnly(2025, 12, 20), 7000, 10000), // Cần Thơ's own report
            },
        });

        var asOf = Day(2026, 1, 10);
        var all = await _ids.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest { AsOf = asOf, PageSize = 100 });

        Assert.Equal(await ProvincesAsync(new DateOnly(2026, 1, 10)), all.Progress.Select(p => p.Unit.Code));
        foreach (var progress in all.Progress)
        {
            Assert.Equal((await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = progress.Unit.Code, AsOf = asOf })).Progress, progress);
        }

        var byCode = all.Progress.ToDictionary(p => p.Unit.Code);
        Assert.Equal((1350L, 1800L, 2), (byCode["01"].Totals.DossiersCollected, byCode["01"].Totals.EligibleCitizens, byCode["01"].ReportingUnits));
        Assert.Equal((100L, 1), (byCode["04"].Totals.DossiersCollected, byCode["04"].ReportingUnits));

        var laggards = await _ids.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest { AsOf = asOf, OrderBy = IdIssuanceOrder.CoverageAscending, PageSize = 2 });
        Assert.Equal(["04", "92"], laggards.Progress.Select(p => p.Unit.Code));
        var next = await _ids.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest
        {
            AsOf = asOf, OrderBy = IdIssuanceOrder.CoverageAscending, PageSize = 2, PageToken = laggards.NextPageToken,
        });
        Assert.Equal("01", next.Progress[0].Unit.Code);
        Assert.Null(next.Progress[1].Coverage);
    }

    private static ProcedureStatsReport Stats(string unit, int month, long received, long resolved, long inTime) => new()
    {
        UnitCode = unit, Month = Month(2025, month), Received = received, ReceivedOnline = received / 2,
        ResolvedEarly = 0, ResolvedOnTime = inTime, ResolvedInTime = inTime, ResolvedLate = resolved - inTime, Resolved = resolved,
    };

    private static IdIssuanceReport Ids(string unit, DateOnly date, long collected, long eligible) => new()
    {
        UnitCode = unit, ReportDate = Day(date.Year, date.Month, date.Day), DossiersCollected = collected, EligibleCitizens = eligible,
        CardsProduced = collected - 10, CardsReturned = collected - 20,
    };

    private async Task<IReadOnlyList<string>> ProvincesAsync(DateOnly asOf) =>
        (await _units.ListUnitsAsync(new ListUnitsRequest { AsOf = Day(asOf.Year, asOf.Month, asOf.Day), PageSize = 100 })).Units.Select(u => u.Code).ToList();

    private async Task<IReadOnlyList<string>> CommunesAsync(string province, DateOnly asOf) =>
        (await _units.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = province, Level = AdminLevel.Commune, AsOf = Day(asOf.Year, asOf.Month, asOf.Day), PageSize = 2,
        })).Units.Select(u => u.Code).ToList();
}
