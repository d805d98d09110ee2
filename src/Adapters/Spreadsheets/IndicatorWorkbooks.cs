using System.Globalization;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Indicators;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Units;
using static DanVan.Adapters.Ingest.IndicatorCodes;

namespace DanVan.Adapters.Spreadsheets;

/// <summary>
/// The national figures by unit as Excel workbooks: a unit's children with their figures (rolled up over
/// each child's subtree, as ListProcedureStats and ListIdIssuanceProgress give them) and the unit's own
/// total, through <see cref="IndicatorQueries"/>. A count no unit of a row reported is left empty (not
/// reporting), not written as zero; a rate counts only the reports that carry all its figures.
/// </summary>
public sealed class IndicatorWorkbooks(IndicatorQueries queries, IUnitRegistry units, TimeProvider clock)
{
    private static readonly (string Indicator, string Header)[] ProcedureColumns =
    [
        (Received, "Hồ sơ tiếp nhận"), (ReceivedOnline, "Tiếp nhận trực tuyến"), (Resolved, "Đã giải quyết"), (ResolvedInTime, "Giải quyết đúng, trước hạn"),
        (ResolvedLate, "Giải quyết quá hạn"), (PendingInTime, "Đang giải quyết trong hạn"), (PendingOverdue, "Đang giải quyết quá hạn"),
    ];

    private static readonly (string Rate, string Header)[] ProcedureRates =
        [("on_time_rate", "Tỷ lệ đúng hạn"), ("online_share", "Tỷ lệ trực tuyến"), ("satisfaction_rate", "Tỷ lệ hài lòng")];

    private static readonly (string Indicator, string Header)[] IdColumns =
    [
        (EligibleCitizens, "Công dân đủ điều kiện cấp CCCD"), (DossiersCollected, "Hồ sơ CCCD đã thu nhận"), (CardsProduced, "Thẻ CCCD đã sản xuất"),
        (CardsReturned, "Thẻ CCCD đã trả"), (EidLevel2Accounts, "Tài khoản định danh điện tử mức 2"),
    ];

    private static readonly (string Rate, string Header)[] IdRates =
        [("coverage", "Tỷ lệ thu nhận hồ sơ"), ("return_rate", "Tỷ lệ trả thẻ"), ("eid_level2_coverage", "Tỷ lệ định danh mức 2")];

    /// <summary>One-stop-shop procedure statistics of the children of the unit over whole months.</summary>
    public async Task<(byte[] Content, string FileName)> ProcedureStatsAsync(string unitCode, DateOnly unitDate, PeriodSelection.Months months, int maxRows,
        CancellationToken cancellationToken)
    {
        var parent = await units.GetAsync(unitCode, unitDate, cancellationToken);
        var period = months.From == months.To ? $"tháng {months.From:MM/yyyy}" : $"từ tháng {months.From:MM/yyyy} đến tháng {months.To:MM/yyyy}";
        var content = await WriteAsync(parent, unitDate, months, IndicatorCodes.ProcedureStats, ProcedureColumns, ProcedureRates, maxRows,
            "Kết quả giải quyết thủ tục hành chính theo đơn vị", period, "Hệ thống thông tin giải quyết thủ tục hành chính, Cổng Dịch vụ công (qua DanVan)", cancellationToken);
        return (content, $"thu-tuc-hanh-chinh-{parent.Code}-{months.From:yyyyMM}-{months.To:yyyyMM}.xlsx");
    }

    /// <summary>Citizen-ID and electronic-identity issuance of the children of the unit, as of a date.</summary>
    public async Task<(byte[] Content, string FileName)> IdIssuanceAsync(string unitCode, DateOnly asOf, int maxRows, CancellationToken cancellationToken)
    {
        var parent = await units.GetAsync(unitCode, asOf, cancellationToken);
        var content = await WriteAsync(parent, asOf, new PeriodSelection.AsOf(asOf), IndicatorCodes.IdIssuance, IdColumns, IdRates, maxRows,
            "Tiến độ cấp căn cước công dân và định danh điện tử theo đơn vị", $"lũy kế đến ngày {asOf.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}",
            "Trung tâm dữ liệu quốc gia về dân cư, Bộ Công an (qua DanVan)", cancellationToken);
        return (content, $"cccd-dinh-danh-{parent.Code}-{asOf:yyyyMMdd}.xlsx");
    }

    private async Task<byte[]> WriteAsync(
        AdminUnit parent, DateOnly unitDate, PeriodSelection periods, string[] indicators, (string Indicator, string Header)[] counts, (string Rate, string Header)[] rates,
        int maxRows, string title, string period, string source, CancellationToken cancellationToken)
    {
        var children = await queries.ListChildrenAsync(parent, unitDate, periods, indicators, cancellationToken);
        if (children.Count + 1 > maxRows)
        {
            throw new PreconditionFailedException("EXPORT_TOO_LARGE", $"The workbook would hold {children.Count + 1:N0} rows; at most {maxRows:N0} (DanVan:Spreadsheets:MaxRows).");
        }

        var total = await queries.GetAsync(parent.Code, unitDate, periods, indicators, restate: false, cancellationToken);
        ReportColumn[] columns =
        [
            new("Mã đơn vị", 10), new("Đơn vị", 30), .. counts.Select(c => new ReportColumn(c.Header, 16, CellKind.WholeNumber)),
            .. rates.Select(r => new ReportColumn(r.Header, 12, CellKind.Percent)), new("Đơn vị có báo cáo", 12, CellKind.WholeNumber),
        ];
        var rows = children.OrderBy(c => c.Unit.Code, StringComparer.Ordinal).Select(c => Row(c.Unit.Code, c.Unit.Name, c.Totals)).ToList();
        rows.Add(Row("", "Tổng cộng " + parent.Name, total.Totals));
        var report = new ReportWorkbook(title, $"{parent.Name} (mã {parent.Code})", period, source, clock.GetUtcNow(),
            [new ReportSheet("Số liệu", [new ReportTable(null, columns, rows)])]);
        return ReportWorkbookWriter.Write(report);

        IReadOnlyList<object?> Row(string code, string name, IndicatorTotals totals) =>
        [
            code, name, .. counts.Select(c => totals.Values.TryGetValue(c.Indicator, out var value) ? (object)value : null),
            .. rates.Select(r => Rates.Of(r.Rate, totals).Rate is { } rate ? (object)rate.Value : null), totals.ReportingUnits,
        ];
    }
}
