using System.Text;
using DanVan.Contracts.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// A corpus of malformed inputs across the four formats and the typed messages. Each one is refused with
/// INVALID_ARGUMENT naming the field, or rejected row by row in the summary naming the field and code;
/// none writes anything, none crashes the hub.
/// </summary>
public sealed class MalformedInputTests(RealMapHubFixture fixture) : HubTest<RealMapHubFixture>(fixture)
{
    /// <param name="Name">What the input is, as the test's name shows it.</param>
    /// <param name="Send">Sends the input to the hub.</param>
    /// <param name="Field">The field the refusal or problem must name.</param>
    /// <param name="Code">The row problem's code; null when the whole call must be INVALID_ARGUMENT.</param>
    public sealed record InputCase(string Name, Func<CallInvoker, Task<IngestSummary>> Send, string Field, string? Code)
    {
        public override string ToString() => Name;
    }

    private const string Commune = "00004";

    private static string PoliceRow(string code = Commune, string date = "30/09/2025", string collected = "100",
        string produced = "90", string returned = "80") => $"{code},Phường,{date},{collected},{produced},{returned},50,40,200,1,1";

    private static Func<CallInvoker, Task<IngestSummary>> File(string format, byte[] content, bool allOrNothing = false) =>
        calls =>
        {
            var request = IngestTestSupport.File(format, content);
            request.AllOrNothing = allOrNothing;
            return new ImportService.ImportServiceClient(calls).ImportFileAsync(request).ResponseAsync;
        };

    private static Func<CallInvoker, Task<IngestSummary>> Csv(params string[] rows) =>
        File("police-cccd-csv", SourceFiles.PoliceCsv(SourceFiles.PoliceHeader, rows));

    private static Func<CallInvoker, Task<IngestSummary>> CsvText(string text) =>
        File("police-cccd-csv", Encoding.UTF8.GetBytes(text));

    private static Func<CallInvoker, Task<IngestSummary>> Json(string text) => File("one-stop-json", Encoding.UTF8.GetBytes(text));

    private static string JsonItem(string fields) => "{\"maDonVi\":\"" + Commune + "\",\"kyBaoCao\":\"2025-09\"," + fields + "}";

    private static Func<CallInvoker, Task<IngestSummary>> Xml(string text) => File("portal-xml", Encoding.UTF8.GetBytes(text));

    private static Func<CallInvoker, Task<IngestSummary>> Portal(string unit) => Xml($"<BaoCaoTTHC ky=\"09/2025\">{unit}</BaoCaoTTHC>");

    private static Func<CallInvoker, Task<IngestSummary>> Ids(params IdIssuanceReport[] reports) => Ids("typed-" + Guid.NewGuid().ToString("N"), "", reports);

    private static Func<CallInvoker, Task<IngestSummary>> Ids(string batchId, string source, params IdIssuanceReport[] reports) => calls =>
    {
        var request = new SubmitIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = batchId, Source = source } };
        request.Reports.AddRange(reports);
        return new IdIssuanceService.IdIssuanceServiceClient(calls).SubmitIdIssuanceReportsAsync(request).ResponseAsync;
    };

    private static Func<CallInvoker, Task<IngestSummary>> Procedures(params ProcedureStatsReport[] reports) => calls =>
    {
        var request = new SubmitProcedureStatsRequest { Options = new BatchOptions { BatchId = Guid.NewGuid().ToString("N") } };
        request.Reports.AddRange(reports);
        return new ProcedureStatsService.ProcedureStatsServiceClient(calls).SubmitProcedureStatsAsync(request).ResponseAsync;
    };

    private static IdIssuanceReport IdReport(Action<IdIssuanceReport>? change = null)
    {
        var report = new IdIssuanceReport { UnitCode = Commune, ReportDate = Day(2025, 9, 30), DossiersCollected = 10, CardsProduced = 9, CardsReturned = 8 };
        change?.Invoke(report);
        return report;
    }

    private static ProcedureStatsReport ProcedureReport(Action<ProcedureStatsReport> change)
    {
        var report = new ProcedureStatsReport { UnitCode = Commune, Month = Month(2025, 9), ReceivedOnline = 5, Received = 10 };
        change(report);
        return report;
    }

    private static Func<CallInvoker, Task<IngestSummary>> Query(Func<CallInvoker, Task> call) => async calls =>
    {
        await call(calls);
        return new IngestSummary();
    };

    public static TheoryData<InputCase> Corpus() =>
    [
        // Police CCCD export, CSV
        new InputCase("csv: not UTF-8", File("police-cccd-csv", [0xEF, 0xBB, 0xBF, 0x4D, 0xC3, 0x28, 0x0D, 0x0A]), "content", null),
        new InputCase("csv: empty file", File("police-cccd-csv", []), "content", null),
        new InputCase("csv: header without Mã ĐVHC", CsvText("Tên đơn vị,Ngày số liệu,Số thẻ đã trả\r\nA,30/09/2025,1\r\n"), "content", null),
        new InputCase("csv: header without Ngày số liệu", CsvText("Mã ĐVHC,Số thẻ đã trả\r\n00004,1\r\n"), "content", null),
        new InputCase("csv: header without any figure column", CsvText("Mã ĐVHC,Ngày số liệu,Ghi chú\r\n00004,30/09/2025,x\r\n"), "content", null),
        new InputCase("csv: a column twice", CsvText("Mã ĐVHC,Ngày số liệu,Số thẻ đã trả,SỐ THẺ ĐÃ TRẢ\r\n00004,30/09/2025,1,1\r\n"), "content", null),
        new InputCase("csv: quote never closed", CsvText(SourceFiles.PoliceHeader + "\r\n00004,\"Phường,30/09/2025,1\r\n"), "content", null),
        new InputCase("csv: negative count", Csv(PoliceRow(returned: "-5")), "cards_returned", "NEGATIVE_COUNT"),
        new InputCase("csv: text in a count", Csv(PoliceRow(collected: "nhiều")), "dossiers_collected", "NOT_A_NUMBER"),
        new InputCase("csv: decimal comma in a count", Csv(PoliceRow(collected: "\"12,5\"")), "dossiers_collected", "NOT_A_NUMBER"),
        new InputCase("csv: broken digit grouping", Csv(PoliceRow(collected: "1.23.456")), "dossiers_collected", "NOT_A_NUMBER"),
        new InputCase("csv: 31 February", Csv(PoliceRow(date: "31/02/2025")), "report_date", "BAD_DATE"),
        new InputCase("csv: date in another format", Csv(PoliceRow(date: "2025/09/30")), "report_date", "BAD_DATE"),
        new InputCase("csv: date missing", Csv(PoliceRow(date: "")), "report_date", "REQUIRED"),
        new InputCase("csv: date in the future", Csv(PoliceRow(date: "01/01/2099")), "report_date", "FUTURE_PERIOD"),
        new InputCase("csv: unit code missing", Csv(PoliceRow(code: "")), "unit_code", "REQUIRED"),
        new InputCase("csv: malformed unit code", Csv(PoliceRow(code: "12a45")), "unit_code", "BAD_UNIT_CODE"),
        new InputCase("csv: unknown unit code", Csv(PoliceRow(code: "99999")), "unit_code", "UNKNOWN_UNIT"),
        new InputCase("csv: unit not yet created on the date", Csv(PoliceRow(code: "26732", date: "30/09/2024")), "unit_code", "UNKNOWN_UNIT"),
        new InputCase("csv: old unit split by the reform", Csv(PoliceRow(code: "00016")), "unit_code", "UNIT_SPLIT"),
        new InputCase("csv: more cards returned than produced", Csv(PoliceRow(produced: "90", returned: "91")), "cards_returned", "FUNNEL_NOT_MONOTONE"),
        new InputCase("csv: more cards produced than collected", Csv(PoliceRow(collected: "89", produced: "90", returned: "1")), "cards_produced", "FUNNEL_NOT_MONOTONE"),
        new InputCase("csv: no figure at all", Csv($"{Commune},Phường,30/09/2025,,,,,,,,"), "", "NO_FIGURES"),
        new InputCase("csv: the same unit and date twice, all or nothing", File("police-cccd-csv",
            SourceFiles.PoliceCsv(SourceFiles.PoliceHeader, PoliceRow(), PoliceRow()), allOrNothing: true), "unit_code", "DUPLICATE_ROW"),
        new InputCase("csv: a citizen ID number in a count", Csv(PoliceRow(collected: "001234567890")), "dossiers_collected", "NOT_A_NUMBER"),

        // The same report as a workbook
        new InputCase("xlsx: not a workbook", File("police-cccd-xlsx", Encoding.UTF8.GetBytes("PK\u0003\u0004 not really a zip")), "content", null),
        new InputCase("xlsx: no header row", File("police-cccd-xlsx", SourceFiles.PoliceXlsx([], withTotal: false)[..0]), "content", null),
        new InputCase("xlsx: negative number", File("police-cccd-xlsx", SourceFiles.PoliceXlsx([[Commune, "P", "'30/09/2025", 10, 9, -1, 1, 1, 20, 0, 0]], withTotal: false)), "cards_returned", "NEGATIVE_COUNT"),
        new InputCase("xlsx: date that is not a date", File("police-cccd-xlsx", SourceFiles.PoliceXlsx([[Commune, "P", "'hôm qua", 10, 9, 8, 1, 1, 20, 0, 0]], withTotal: false)), "report_date", "BAD_DATE"),
        new InputCase("xlsx: code stored as a short number", File("police-cccd-xlsx", SourceFiles.PoliceXlsx([[4, "P", "'30/09/2025", 10, 9, 8, 1, 1, 20, 0, 0]], withTotal: false)), "unit_code", "BAD_UNIT_CODE"),

        // One-stop-shop JSON
        new InputCase("json: not JSON", Json("{\"maDonVi\": \"00004\","), "content", null),
        new InputCase("json: a bare number", Json("42"), "content", null),
        new InputCase("json: an item that is not an object", Json("[\"00004\"]"), "", "MALFORMED"),
        new InputCase("json: maDonVi missing", Json("[{\"kyBaoCao\":\"2025-09\",\"tiepNhan\":{\"trucTuyen\":1}}]"), "unit_code", "REQUIRED"),
        new InputCase("json: month 13", Json("[{\"maDonVi\":\"00004\",\"kyBaoCao\":\"2025-13\",\"tiepNhan\":{\"trucTuyen\":1}}]"), "period", "BAD_PERIOD"),
        new InputCase("json: future month", Json("[{\"maDonVi\":\"00004\",\"kyBaoCao\":\"2099-01\",\"tiepNhan\":{\"trucTuyen\":1}}]"), "period", "FUTURE_PERIOD"),
        new InputCase("json: negative count", Json("[" + JsonItem("\"tiepNhan\":{\"trucTiep\":-3}") + "]"), "received_in_person", "NEGATIVE_COUNT"),
        new InputCase("json: count as words", Json("[" + JsonItem("\"daGiaiQuyet\":{\"dungHan\":\"mười\"}") + "]"), "resolved_on_time", "NOT_A_NUMBER"),
        new InputCase("json: fractional count", Json("[" + JsonItem("\"danhGia\":{\"haiLong\":1.5}") + "]"), "rating_satisfied", "NOT_A_NUMBER"),

        // Public-service portal XML
        new InputCase("xml: not well-formed", Xml("<BaoCaoTTHC ky=\"09/2025\"><DonVi ma=\"00004\"></BaoCaoTTHC>"), "content", null),
        new InputCase("xml: wrong root element", Xml("<Report/>"), "content", null),
        new InputCase("xml: a DTD with an external entity", Xml("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><BaoCaoTTHC ky=\"09/2025\">&e;</BaoCaoTTHC>"), "content", null),
        new InputCase("xml: unit without ma", Portal("<DonVi><TiepNhan>1</TiepNhan></DonVi>"), "unit_code", "REQUIRED"),
        new InputCase("xml: period that is not a month", Xml($"<BaoCaoTTHC ky=\"quý 3\">{SourceFiles.PortalUnit(Commune, 465, 340, 457, 450, 7, "98,47%")}</BaoCaoTTHC>"), "period", "BAD_PERIOD"),
        new InputCase("xml: percentage that does not match the counts", Portal(SourceFiles.PortalUnit(Commune, 465, 340, 457, 450, 7, "99,47%")), "on_time_percent", "PERCENT_MISMATCH"),
        new InputCase("xml: on time and late do not add up to resolved", Portal(SourceFiles.PortalUnit(Commune, 465, 340, 457, 440, 7, "96,28%")), "resolved", "PARTS_DO_NOT_ADD_UP"),
        new InputCase("xml: more online than received", Portal(SourceFiles.PortalUnit(Commune, 300, 340, 457, 450, 7, "98,47%")), "received_online", "ONLINE_EXCEEDS_RECEIVED"),
        new InputCase("xml: percentage that is not a number", Portal(SourceFiles.PortalUnit(Commune, 465, 340, 457, 450, 7, "cao")), "on_time_percent", "NOT_A_NUMBER"),

        // Typed pushes
        new InputCase("typed: batch id missing", Ids("", "", IdReport()), "options.batch_id", null),
        new InputCase("typed: batch id with spaces", Ids("lô số 1", "", IdReport()), "options.batch_id", null),
        new InputCase("typed: source not a slug", Ids("b-1", "Police!", IdReport()), "options.source", null),
        new InputCase("typed: no report", Ids(), "reports", null),
        new InputCase("typed: 30 February", Ids(IdReport(r => r.ReportDate = Day(2025, 2, 30))), "report_date", "BAD_DATE"),
        new InputCase("typed: report date missing", Ids(IdReport(r => r.ReportDate = null)), "report_date", "REQUIRED"),
        new InputCase("typed: negative count", Ids(IdReport(r => r.EligibleCitizens = -1)), "eligible_citizens", "NEGATIVE_COUNT"),
        new InputCase("typed: unit code malformed", Ids(IdReport(r => r.UnitCode = "1")), "unit_code", "BAD_UNIT_CODE"),
        new InputCase("typed: month with a day", Procedures(ProcedureReport(r => r.Month = Day(2025, 9, 15))), "month", "BAD_PERIOD"),
        new InputCase("typed: channels do not add up to received", Procedures(ProcedureReport(r => { r.ReceivedInPerson = 1; r.ReceivedPostal = 1; })), "received", "PARTS_DO_NOT_ADD_UP"),
        new InputCase("typed: resolved parts do not add up", Procedures(ProcedureReport(r => { r.ResolvedEarly = 1; r.ResolvedOnTime = 1; r.ResolvedLate = 1; r.Resolved = 4; })), "resolved", "PARTS_DO_NOT_ADD_UP"),
        new InputCase("typed: online above received", Procedures(ProcedureReport(r => r.ReceivedOnline = 11)), "received_online", "ONLINE_EXCEEDS_RECEIVED"),
        new InputCase("typed: stream without options", calls =>
        {
            var call = new IdIssuanceService.IdIssuanceServiceClient(calls).StreamIdIssuanceReports();
            return CompleteAsync(call, new StreamIdIssuanceReportsRequest { Reports = { IdReport() } });
        }, "options.batch_id", null),

        // ImportFile requests and queries
        new InputCase("import: unknown format", File("excel-2003", [1, 2, 3]), "format", null),
        new InputCase("import: empty content", File("portal-xml", []), "content", null),
        new InputCase("import: batch id missing", calls => new ImportService.ImportServiceClient(calls).ImportFileAsync(new ImportFileRequest
        {
            Format = "portal-xml", Content = ByteString.CopyFromUtf8("<BaoCaoTTHC/>"),
        }).ResponseAsync, "batch_id", null),
        new InputCase("query: range ending before it starts", Query(calls => new ProcedureStatsService.ProcedureStatsServiceClient(calls).GetProcedureStatsAsync(
            new GetProcedureStatsRequest { UnitCode = "01", FromMonth = Month(2025, 9), ToMonth = Month(2025, 8) }).ResponseAsync), "to_month", null),
        new InputCase("query: unit code malformed", Query(calls => new IdIssuanceService.IdIssuanceServiceClient(calls).GetIdIssuanceProgressAsync(
            new GetIdIssuanceProgressRequest { UnitCode = "0x" }).ResponseAsync), "unit_code", null),
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Malformed_input_is_refused_naming_the_field_and_writes_nothing(InputCase input)
    {
        var before = await StoreStateAsync(Fixture.ConnectionString);

        if (input.Code is null)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => input.Send(Fixture.Host.CallInvoker));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field);
            Assert.Contains(input.Field, fields);
        }
        else
        {
            var summary = await input.Send(Fixture.Host.CallInvoker);
            Assert.True(summary.Rejected >= 1, $"nothing rejected: {summary}");
            Assert.Equal((0, 0, false), (summary.Inserted, summary.Updated, summary.Applied));
            Assert.Contains(summary.Problems, p => p.Field == input.Field && p.Code == input.Code);
            Assert.All(summary.Problems, p =>
            {
                Assert.True(p.Row >= 1);
                Assert.DoesNotContain("001234567890", p.Message);
            });
        }

        Assert.Equal(before, await StoreStateAsync(Fixture.ConnectionString));
        var health = await new Health.HealthClient(Fixture.Host.CallInvoker).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static async Task<IngestSummary> CompleteAsync(AsyncClientStreamingCall<StreamIdIssuanceReportsRequest, IngestSummary> call, StreamIdIssuanceReportsRequest message)
    {
        using (call)
        {
            await call.RequestStream.WriteAsync(message);
            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
    }
}
