using System.Text;
using DanVan.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>Real files of each format go in through ImportFile and come back out, rolled up, through the query RPCs.</summary>
public sealed class ImportFileTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    private readonly ImportService.ImportServiceClient _import = new(fixture.Host.CallInvoker);
    private readonly IdIssuanceService.IdIssuanceServiceClient _ids = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task An_unknown_format_is_refused_listing_every_adapter_the_hub_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _import.ImportFileAsync(File("excel-2003", [1, 2, 3])).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single();
        Assert.Equal("format", violation.Field);
        Assert.EndsWith("known: one-stop-json, police-cccd-csv, police-cccd-xlsx, portal-xml", violation.Description);
    }

    [Fact]
    public async Task A_police_csv_with_bom_crlf_nfd_headers_and_thousands_separators_rolls_up_to_the_province()
    {
        // Hà Giang / Tuyên Quang (08) after the reform; headers decomposed (NFD) and in odd case and spacing.
        var header = SourceFiles.PoliceHeader.Normalize(NormalizationForm.FormD).ToUpperInvariant().Replace(",", " ,  ");
        var communes = await CommunesAsync("08", 2);
        var csv = SourceFiles.PoliceCsv(header,
            $"{communes[0]},\"Xã A, thôn 1\",30/09/2025,\"12.500\",12.000,11.000,9.000,7.500,15.000,120,35",
            $"{communes[1]},Xã B,30/09/2025,8.000,7.000,6.500,5.000,4.000,10.000,80,10");

        var summary = await _import.ImportFileAsync(File("police-cccd-csv", csv));

        Assert.Equal((2, 2, 0, 0, 0, true), (summary.Received, summary.Inserted, summary.Updated, summary.Unchanged, summary.Rejected, summary.Applied));
        var province = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "08", AsOf = Day(2025, 10, 1) })).Progress;
        Assert.Equal("Tỉnh Tuyên Quang", province.Unit.Name);
        Assert.Equal(20_500, province.Totals.DossiersCollected);
        Assert.Equal(19_000, province.Totals.CardsProduced);
        Assert.Equal(17_500, province.Totals.CardsReturned);
        Assert.Equal(25_000, province.Totals.EligibleCitizens);
        Assert.Equal(45, province.Totals.HomeCollections);
        Assert.Equal((20_500L, 25_000L), (province.Coverage.Numerator, province.Coverage.Denominator));
        Assert.Equal(0.82, province.Coverage.Value, 6);
        Assert.Equal(17_500.0 / 19_000, province.ReturnRate.Value, 6);
        Assert.Equal(11_500.0 / 25_000, province.EidLevel2Coverage.Value, 6);
        Assert.Contains("eligible", province.Coverage.Definition);
        Assert.Equal(2, province.ReportingUnits);
        Assert.Equal(Day(2025, 9, 30), province.LatestReportDate);

        var before = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "08", AsOf = Day(2025, 9, 29) })).Progress;
        Assert.Equal(0, before.ReportingUnits);
        Assert.Null(before.Coverage);
    }

    [Fact]
    public async Task A_police_workbook_with_title_rows_and_a_total_row_ingests_only_the_units()
    {
        var communes = await CommunesAsync("11", 3);
        var xlsx = SourceFiles.PoliceXlsx([
            [communes[0], "Xã Một", new DateTime(2025, 10, 31), 1000, 900, 800, 700, 600, 1200, 5, 1],
            ["'" + communes[1], "Xã Hai", "'31/10/2025", "'2.000", 1800, 1500, 1400, 1000, 2500, 6, 2],
            [communes[2], "Xã Ba", new DateTime(2025, 10, 31), 3000, 2900, 2000, 2500, 2000, 3500, 7, 3],
        ]);

        var summary = await _import.ImportFileAsync(File("police-cccd-xlsx", xlsx));

        Assert.True(summary.Rejected == 0, string.Join("; ", summary.Problems));
        Assert.Equal((3, 3, 0), (summary.Received, summary.Inserted, summary.Rejected));
        var province = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "11", AsOf = Day(2025, 11, 1) })).Progress;
        Assert.Equal(6000, province.Totals.DossiersCollected);
        Assert.Equal(4300, province.Totals.CardsReturned);
        Assert.Equal(7200, province.Totals.EligibleCitizens);
        Assert.Equal(6000.0 / 7200, province.Coverage.Value, 6);
        Assert.Equal(3, province.ReportingUnits);

        var laggards = await _ids.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest
        {
            ParentCode = "11", AsOf = Day(2025, 11, 1), OrderBy = IdIssuanceOrder.CoverageAscending, PageSize = 2,
        });
        Assert.Equal([communes[1], communes[0]], laggards.Progress.Select(p => p.Unit.Code));
        Assert.NotEqual("", laggards.NextPageToken);
    }

    [Fact]
    public async Task One_stop_json_gives_the_on_time_online_and_satisfaction_rates_of_the_province()
    {
        var communes = await CommunesAsync("12", 2);
        var json = SourceFiles.OneStopJson(
            SourceFiles.OneStopItem(communes[0], "2025-09", 120, 340, 5, 12, 300, 150, 7, 18, 2, 200, 120, 3),
            SourceFiles.OneStopItem(communes[1], "2025-09", 50, 50, 0, 0, 40, 40, 20, 5, 5, 30, 30, 40));

        var summary = await _import.ImportFileAsync(File("one-stop-json", json));

        Assert.Equal((2, 2, 0), (summary.Received, summary.Inserted, summary.Rejected));
        var stats = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "12", FromMonth = Month(2025, 9), ToMonth = Month(2025, 9),
        })).Stats;
        Assert.Equal(565, stats.Totals.Received);
        Assert.Equal(390, stats.Totals.ReceivedOnline);
        Assert.Equal(557, stats.Totals.Resolved);
        Assert.Equal(530, stats.Totals.ResolvedInTime);
        Assert.Equal(530.0 / 557, stats.OnTimeRate.Value, 6);
        Assert.Contains("766/QĐ-TTg", stats.OnTimeRate.Definition);
        Assert.Equal(390.0 / 565, stats.OnlineShare.Value, 6);
        Assert.Equal(380.0 / 423, stats.SatisfactionRate.Value, 6);

        var ranked = await _procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest
        {
            ParentCode = "12", FromMonth = Month(2025, 9), ToMonth = Month(2025, 9), OrderBy = ProcedureStatsOrder.OnTimeRateAscending,
        });
        Assert.Equal(communes[1], ranked.Stats[0].Unit.Code);
        Assert.Equal(0.8, ranked.Stats[0].OnTimeRate.Value, 6);
        Assert.Equal(communes[0], ranked.Stats[1].Unit.Code);
        Assert.All(ranked.Stats.Skip(2), s => Assert.Null(s.OnTimeRate));
    }

    [Fact]
    public async Task Portal_xml_is_checked_against_its_counts_and_the_one_stop_figure_wins_for_the_same_unit_and_month()
    {
        var communes = await CommunesAsync("14", 2);
        await _import.ImportFileAsync(File("one-stop-json", SourceFiles.OneStopJson(
            SourceFiles.OneStopItem(communes[0], "2025-08", 100, 100, 0, 0, 50, 100, 50, 0, 0, 1, 1, 1))));

        var summary = await _import.ImportFileAsync(File("portal-xml", SourceFiles.PortalXml("08/2025",
            SourceFiles.PortalUnit(communes[0], 465, 340, 457, 450, 7, "98,47%"),
            SourceFiles.PortalUnit(communes[1], 465, 340, 457, 450, 7, "98,47%"))));

        Assert.Equal((2, 2, 0), (summary.Received, summary.Inserted, summary.Rejected));
        var stats = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "14", FromMonth = Month(2025, 8), ToMonth = new Google.Type.Date { Year = 2025, Month = 8, Day = 1 },
        })).Stats;
        // communes[0]: one-stop (200 received, 150 of 200 in time); communes[1]: portal (465, 450 of 457).
        Assert.Equal(665, stats.Totals.Received);
        Assert.Equal(657, stats.Totals.Resolved);
        Assert.Equal(600, stats.Totals.ResolvedInTime);
        Assert.Equal(600.0 / 657, stats.OnTimeRate.Value, 6);
        Assert.Equal(2, stats.ReportingUnits);
    }

    [Fact]
    public async Task Resending_a_file_writes_nothing_a_changed_payload_under_the_same_id_is_refused_and_a_dry_run_writes_nothing()
    {
        var communes = await CommunesAsync("15", 2);
        var csv = SourceFiles.PoliceCsv(SourceFiles.PoliceHeader,
            $"{communes[0]},,15/10/2025,100,90,80,70,60,150,1,1",
            $"{communes[1]},,15/10/2025,200,190,180,170,160,250,2,2");
        var batchId = "police-2025-10-15";

        var dryRun = await _import.ImportFileAsync(File("police-cccd-csv", csv, batchId, dryRun: true));
        var afterDryRun = await StoreStateAsync(Fixture.ConnectionString);
        var first = await _import.ImportFileAsync(File("police-cccd-csv", csv, batchId));
        var state = await StoreStateAsync(Fixture.ConnectionString);
        var again = await _import.ImportFileAsync(File("police-cccd-csv", csv, batchId));
        var sameRowsNewId = await _import.ImportFileAsync(File("police-cccd-csv", csv));

        Assert.Equal((2, 2, false), (dryRun.Received, dryRun.Inserted, dryRun.Applied));
        Assert.NotEqual(afterDryRun, state);
        Assert.Equal((2, 2, 0, 0), (first.Received, first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((2, 0, 0, 2, true), (again.Received, again.Inserted, again.Updated, again.Unchanged, again.Applied));
        Assert.Equal((0, 0, 2), (sameRowsNewId.Inserted, sameRowsNewId.Updated, sameRowsNewId.Unchanged));
        Assert.Equal(state.Split('/')[..3], (await StoreStateAsync(Fixture.ConnectionString)).Split('/')[..3]);

        var changed = SourceFiles.PoliceCsv(SourceFiles.PoliceHeader, $"{communes[0]},,15/10/2025,100,90,85,70,60,150,1,1");
        var error = await Assert.ThrowsAsync<RpcException>(() => _import.ImportFileAsync(File("police-cccd-csv", changed, batchId)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal("BATCH_ID_REUSED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);

        var correction = await _import.ImportFileAsync(File("police-cccd-csv", changed));
        Assert.Equal((0, 1, 0), (correction.Inserted, correction.Updated, correction.Unchanged));
        var audit = await ScalarAsync<string>(Fixture.ConnectionString, """
            select a.old_value || '->' || a.new_value from observation_audit a join admin_unit u on u.id = a.unit_id
             where u.code = @code and a.indicator = 'id.cards_returned'
            """, new { code = communes[0] });
        Assert.Equal("80->85", audit);
    }

    [Fact]
    public async Task Old_codes_reported_after_the_reform_are_resolved_by_date_through_lineage()
    {
        // 00001 Phúc Xá went whole into 00097 Hồng Hà; 00016 Ngọc Hà was split; 00004 now means Ba Đình.
        var json = SourceFiles.OneStopJson(
            SourceFiles.OneStopItem("00001", "2025-10", 10, 10, 0, 0, 5, 5, 0, 0, 0, 1, 0, 0),
            SourceFiles.OneStopItem("00016", "2025-10", 10, 10, 0, 0, 5, 5, 0, 0, 0, 1, 0, 0),
            SourceFiles.OneStopItem("00004", "2025-10", 7, 3, 0, 0, 5, 4, 1, 0, 0, 1, 0, 0),
            SourceFiles.OneStopItem("00004", "2024-10", 4, 4, 0, 0, 2, 2, 0, 0, 0, 1, 0, 0));

        var summary = await _import.ImportFileAsync(File("one-stop-json", json));

        Assert.Equal((4, 3, 1), (summary.Received, summary.Inserted, summary.Rejected));
        var split = Assert.Single(summary.Problems);
        Assert.Equal((2, "unit_code", "UNIT_SPLIT"), (split.Row, split.Field, split.Code));
        Assert.Contains("00004", split.Message);

        var hongHa = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "00097", FromMonth = Month(2025, 10), ToMonth = Month(2025, 10),
        })).Stats;
        Assert.Equal("Phường Hồng Hà", hongHa.Unit.Name);
        Assert.Equal(20, hongHa.Totals.Received);

        var truc = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "00004", FromMonth = Month(2024, 10), ToMonth = Month(2024, 10),
        })).Stats;
        Assert.Equal("Phường Trúc Bạch", truc.Unit.Name);
        Assert.Equal(8, truc.Totals.Received);
    }

    [Fact]
    public async Task Restating_onto_todays_map_sums_full_predecessors_and_lists_partial_ones()
    {
        // New Phường Ba Đình (00004) took all of Trúc Bạch (00004) and Quán Thánh (00013), parts of others.
        await _import.ImportFileAsync(File("one-stop-json", SourceFiles.OneStopJson(
            SourceFiles.OneStopItem("00004", "2024-12", 10, 20, 0, 0, 10, 10, 0, 0, 0, 0, 0, 0),
            SourceFiles.OneStopItem("00013", "2024-12", 5, 5, 0, 0, 4, 4, 2, 0, 0, 0, 0, 0),
            SourceFiles.OneStopItem("00016", "2024-12", 100, 100, 0, 0, 100, 100, 0, 0, 0, 0, 0, 0))));

        var restated = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "00004", FromMonth = Month(2024, 12), ToMonth = Month(2024, 12), Restate = true,
        })).Stats;
        var asRecorded = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "00004", FromMonth = Month(2024, 12), ToMonth = Month(2024, 12),
        })).Stats;

        Assert.Equal("Phường Ba Đình", restated.Unit.Name);
        Assert.Equal(40, restated.Totals.Received);
        Assert.Equal(2, restated.ReportingUnits);
        Assert.Contains(restated.PartialPredecessors, p => p.Code == "00016" && p.Name == "Phường Ngọc Hà");
        Assert.DoesNotContain(restated.PartialPredecessors, p => p.Code == "00013");
        Assert.Equal("Phường Trúc Bạch", asRecorded.Unit.Name);
        Assert.Equal(30, asRecorded.Totals.Received);
        Assert.Empty(asRecorded.PartialPredecessors);
    }

    [Fact]
    public async Task Restating_id_card_stocks_before_the_reform_onto_todays_unit_sums_its_full_predecessors()
    {
        var csv = SourceFiles.PoliceCsv(SourceFiles.PoliceHeader,
            "00004,Phường Trúc Bạch,30/06/2025,1.000,900,800,700,600,2.000,0,0",
            "00013,Phường Quán Thánh,30/06/2025,500,400,300,200,100,1.000,0,0",
            "00016,Phường Ngọc Hà,30/06/2025,5.000,4.000,3.000,2.000,1.000,8.000,0,0");
        Assert.Equal(3, (await _import.ImportFileAsync(File("police-cccd-csv", csv))).Inserted);

        var restated = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest
        {
            UnitCode = "00004", AsOf = Day(2025, 6, 30), Restate = true,
        })).Progress;
        var asRecorded = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest
        {
            UnitCode = "00004", AsOf = Day(2025, 6, 30),
        })).Progress;

        Assert.Equal("Phường Ba Đình", restated.Unit.Name);
        Assert.Equal((1_500, 3_000, 2), (restated.Totals.DossiersCollected, restated.Totals.EligibleCitizens, restated.ReportingUnits));
        Assert.Equal(0.5, restated.Coverage.Value, 6);
        Assert.Contains(restated.PartialPredecessors, p => p.Code == "00016" && p.Name == "Phường Ngọc Hà");
        Assert.Equal(("Phường Trúc Bạch", 1_000), (asRecorded.Unit.Name, asRecorded.Totals.DossiersCollected));
    }

    [Fact]
    public async Task A_units_own_report_takes_precedence_over_its_descendants_reports_and_nothing_is_counted_twice()
    {
        var communes = await CommunesAsync("19", 3);
        var json = SourceFiles.OneStopJson(
            SourceFiles.OneStopItem("19", "2025-11", 1000, 1000, 0, 0, 500, 400, 100, 0, 0, 0, 0, 0),
            SourceFiles.OneStopItem(communes[0], "2025-11", 10, 10, 0, 0, 5, 5, 0, 0, 0, 0, 0, 0),
            SourceFiles.OneStopItem(communes[1], "2025-11", 20, 20, 0, 0, 5, 5, 0, 0, 0, 0, 0, 0),
            SourceFiles.OneStopItem(communes[2], "2025-10", 30, 30, 0, 0, 5, 5, 0, 0, 0, 0, 0, 0));

        await _import.ImportFileAsync(File("one-stop-json", json));
        var november = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = "19", FromMonth = Month(2025, 10), ToMonth = Month(2025, 11),
        })).Stats;
        var commune = (await _procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            UnitCode = communes[1], FromMonth = Month(2025, 11), ToMonth = Month(2025, 11),
        })).Stats;

        // November: the province's own 2,000 (its communes' 30 and 40 are part of it); October: the commune's 60.
        Assert.Equal(2060, november.Totals.Received);
        Assert.Equal(2, november.ReportingUnits);
        Assert.Equal(40, commune.Totals.Received);
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
