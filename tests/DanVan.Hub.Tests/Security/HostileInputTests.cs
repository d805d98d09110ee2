using System.Net;
using System.Text;
using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using DanVan.Hub.Tests.Ingest;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Security;

/// <summary>The hub with an announced dialogue of Ba Đình and an opinion raised at it, for requests to name.</summary>
public sealed class HostileInputFixture : Xunit.IAsyncLifetime, IHubFixture
{
    public const string Unit = "00004";

    private readonly RealMapHubFixture _hub = new();

    public HubHost Host => _hub.Host;

    public string ConnectionString => _hub.ConnectionString;

    public string DialogueId { get; private set; } = "";

    public string OpinionId { get; } = Guid.NewGuid().ToString();

    public int BeginTest() => _hub.BeginTest();

    public async ValueTask InitializeAsync()
    {
        await _hub.InitializeAsync();
        var dialogues = new DialogueService.DialogueServiceClient(Host.CallInvoker);
        DialogueId = (await dialogues.ScheduleDialogueAsync(Schedule(Unit, await FreeSlotAsync(Host, Unit)))).Dialogue.DialogueId;
        await dialogues.AnnounceDialogueAsync(Announce(DialogueId, "Loa phường, cổng thông tin điện tử"));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync("""
            insert into opinion (id, dialogue_id, unit_id, topic, content, status)
            select @opinion::uuid, d.id, d.unit_id, 'Chiếu sáng', 'Đèn đường hỏng', 'received' from dialogue d where d.id = @dialogue::uuid
            """, new { opinion = OpinionId, dialogue = DialogueId });
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}

/// <summary>
/// Hostile input across the whole surface: every RPC of the contract (found from the descriptors) gets
/// bytes that are not its message, a NUL character and invalid UTF-8 in every string field (nested and
/// repeated ones too), dates outside the plausible range in every date field, impossible instants and
/// durations, negative and huge page sizes and forged page tokens; every source format gets files with
/// dates before the minimum, ISO dates, duplicated keys and hand-built workbooks; the web routes get
/// codes that are not units. Each case has its expected status; none is UNKNOWN or INTERNAL, no web
/// answer is a 500, nothing is written, health stays SERVING and the hub logs no error.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture fixture, ITestOutputHelper output) : HubTest<HostileInputFixture>(fixture)
{
    /// <summary>
    /// One hostile request. <paramref name="Status"/> is the status expected; <paramref name="Field"/> the
    /// field its BadRequest must name (null: any), or, with <paramref name="RowCode"/>, the field of the
    /// row problem an OK ingest summary must carry.
    /// </summary>
    public sealed record RpcCase(string Name, string Method, Func<HostileInputFixture, byte[]> Payload, StatusCode Status, string? Field, string? RowCode = null)
    {
        public override string ToString() => Name;
    }

    public sealed record WebCase(string Path, HttpStatusCode Status)
    {
        public override string ToString() => Path;
    }

    private static readonly Dictionary<string, MethodDescriptor> Methods =
        SecurityInterceptor.ContractMethods.ToDictionary(m => $"{m.Service.Name}/{m.Name}");

    /// <summary>Bytes that are no message of any type.</summary>
    private static readonly (string Name, byte[] Bytes)[] NotAMessage =
    [
        ("truncated length-delimited field", [0x0A, 0x7F, 0x41]),
        ("wire type 7", [0x0F, 0x01]),
        ("field number 0", [0x00, 0x01]),
        ("varint of eleven bytes", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ];

    private static readonly (string Name, Google.Type.Date Date)[] ImplausibleDates =
    [
        ("9999-12-31", Day(9999, 12, 31)),
        ("0001-01-01", Day(1, 1, 1)),
        ("1900-01-01", Day(1900, 1, 1)),
    ];

    public static TheoryData<RpcCase> RpcCases() => new(GeneratedCases().Concat(FileCases()).Concat(DialogueCases()));

    private static IEnumerable<RpcCase> GeneratedCases()
    {
        foreach (var (name, method) in Methods.OrderBy(m => m.Key))
        {
            foreach (var (what, bytes) in NotAMessage)
            {
                yield return new RpcCase($"{name}: {what}", name, f => [.. Base(method, f).ToByteArray(), .. bytes], StatusCode.InvalidArgument, null);
            }

            foreach (var (path, numbers) in Fields(method.InputType, "", [], f => f.FieldType == FieldType.String))
            {
                yield return new RpcCase($"{name}: NUL in {path}", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, "a\0b"u8.ToArray())],
                    StatusCode.InvalidArgument, path);
                yield return new RpcCase($"{name}: invalid UTF-8 in {path}", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, [0x41, 0xC3, 0x28, 0xFF])],
                    StatusCode.InvalidArgument, path);
            }

            foreach (var (path, numbers) in Fields(method.InputType, "", [], f => f.FieldType == FieldType.Message && f.MessageType == Google.Type.Date.Descriptor))
            {
                // A record's date inside a batch makes that row rejected; elsewhere the request is refused.
                var row = path.StartsWith("reports[", StringComparison.Ordinal);
                foreach (var (what, date) in ImplausibleDates)
                {
                    var leaf = path[(path.LastIndexOf('.') + 1)..];
                    yield return new RpcCase($"{name}: {path} {what}", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, date.ToByteArray())],
                        row ? StatusCode.OK : StatusCode.InvalidArgument, row ? leaf : path, row ? (leaf == "month" ? "BAD_PERIOD" : "BAD_DATE") : null);
                }
            }

            foreach (var (path, numbers) in Fields(method.InputType, "", [], f => f.FieldType == FieldType.Message && f.MessageType == Timestamp.Descriptor))
            {
                yield return new RpcCase($"{name}: {path} beyond year 9999", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, new Timestamp { Seconds = long.MaxValue }.ToByteArray())],
                    StatusCode.InvalidArgument, path);
                yield return new RpcCase($"{name}: {path} with negative nanos", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, new Timestamp { Seconds = 1_900_000_000, Nanos = -1 }.ToByteArray())],
                    StatusCode.InvalidArgument, path);
            }

            foreach (var (path, numbers) in Fields(method.InputType, "", [], f => f.FieldType == FieldType.Message && f.MessageType == Duration.Descriptor))
            {
                yield return new RpcCase($"{name}: {path} of long.MaxValue seconds", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, new Duration { Seconds = long.MaxValue }.ToByteArray())],
                    StatusCode.InvalidArgument, path);
                yield return new RpcCase($"{name}: negative {path}", name, f => [.. Base(method, f).ToByteArray(), .. Encode(numbers, new Duration { Seconds = -3600 }.ToByteArray())],
                    StatusCode.InvalidArgument, path);
            }

            if (method.InputType.FindFieldByName("page_size") is { } pageSize)
            {
                yield return new RpcCase($"{name}: page_size -1", name, f => With(Base(method, f), pageSize, -1), StatusCode.InvalidArgument, "page_size");
                yield return new RpcCase($"{name}: page_size int.MinValue", name, f => With(Base(method, f), pageSize, int.MinValue), StatusCode.InvalidArgument, "page_size");
                yield return new RpcCase($"{name}: page_size int.MaxValue", name, f => With(Base(method, f), pageSize, int.MaxValue), StatusCode.OK, null);
            }

            if (method.InputType.FindFieldByName("page_token") is { } pageToken)
            {
                yield return new RpcCase($"{name}: forged page_token", name, f => With(Base(method, f), pageToken, "eyJsYXN0IjoiMDAwMDAifQ"), StatusCode.InvalidArgument, "page_token");
                yield return new RpcCase($"{name}: page_token of 100 KB", name, f => With(Base(method, f), pageToken, new string('A', 100_000)), StatusCode.InvalidArgument, "page_token");
            }
        }
    }

    /// <summary>Files in every source format that must be refused, as a whole or row by row.</summary>
    private static IEnumerable<RpcCase> FileCases()
    {
        const string Import = "ImportService/ImportFile";
        static string Row(string code = HostileInputFixture.Unit, string date = "30/09/2025") => $"{code},Phường,{date},100,90,80,50,40,200,1,1";
        static Func<HostileInputFixture, byte[]> File(string format, byte[] content) =>
            _ => IngestTestSupport.File(format, content, "hostile-" + Guid.NewGuid().ToString("N")).ToByteArray();
        static Func<HostileInputFixture, byte[]> Csv(params string[] rows) => File("police-cccd-csv", SourceFiles.PoliceCsv(SourceFiles.PoliceHeader, rows));
        static Func<HostileInputFixture, byte[]> Json(string text) => File("one-stop-json", Encoding.UTF8.GetBytes(text));
        static Func<HostileInputFixture, byte[]> Xml(string text) => File("portal-xml", Encoding.UTF8.GetBytes(text));
        static Func<HostileInputFixture, byte[]> Sheet(string rows) => File("police-cccd-xlsx", Workbooks.Build(
            "<row r=\"1\">" + string.Concat(SourceFiles.PoliceHeader.Split(',').Select((h, i) => Workbooks.Text($"{(char)('A' + i)}1", h))) + "</row>" + rows));
        static string SheetRow(string date) =>
            $"<row r=\"2\">{Workbooks.Text("A2", HostileInputFixture.Unit)}{Workbooks.Text("C2", date)}{Workbooks.Number("D2", 10)}{Workbooks.Number("E2", 9)}{Workbooks.Number("F2", 8)}</row>";
        const string Item = "\"maDonVi\":\"00004\",\"kyBaoCao\":\"2025-09\"";

        return
        [
            new(Import + ": csv date 01/01/0001", Import, Csv(Row(date: "01/01/0001")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": csv date 01/09/1945", Import, Csv(Row(date: "01/09/1945")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": csv ISO date", Import, Csv(Row(date: "2025-09-30")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": csv date 31/12/9999", Import, Csv(Row(date: "31/12/9999")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": csv NUL in the unit code", Import, Csv(Row(code: "000\u00004")), StatusCode.OK, "unit_code", "BAD_UNIT_CODE"),
            new(Import + ": csv NUL in the header", Import, File("police-cccd-csv", SourceFiles.PoliceCsv("Mã\0ĐVHC,Ngày số liệu,Số thẻ đã trả", "00004,30/09/2025,1")), StatusCode.InvalidArgument, "content"),
            new(Import + ": csv in UTF-16", Import, File("police-cccd-csv", Encoding.Unicode.GetBytes(SourceFiles.PoliceHeader + "\r\n" + Row())), StatusCode.InvalidArgument, "content"),
            new(Import + ": xlsx date 01/01/0001", Import, Sheet(SheetRow("01/01/0001")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": xlsx ISO date", Import, Sheet(SheetRow("2025-09-30")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": xlsx date cell of serial 0 (1899)", Import, Sheet(SheetRow("x").Replace(Workbooks.Text("C2", "x"), "<c r=\"C2\" t=\"d\"><v>0001-01-01</v></c>")), StatusCode.OK, "report_date", "BAD_DATE"),
            new(Import + ": xlsx shared string index out of range", Import, Sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>999999</v></c></row>"), StatusCode.InvalidArgument, "content"),
            new(Import + ": xlsx shared string index negative", Import, Sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>-1</v></c></row>"), StatusCode.InvalidArgument, "content"),
            // A cell whose reference does not parse is read as the next one, as for a cell without one.
            new(Import + ": xlsx cell reference that is not one", Import, Sheet("<row r=\"2\"><c r=\"2A\"><v>1</v></c></row>"), StatusCode.OK, "report_date", "REQUIRED"),
            new(Import + ": xlsx row number 0", Import, Sheet("<row r=\"0\"><c r=\"A0\"><v>1</v></c></row>"), StatusCode.InvalidArgument, "content"),
            new(Import + ": xlsx number that overflows", Import, Sheet(SheetRow("30/09/2025").Replace("<v>10</v>", "<v>1e400</v>")), StatusCode.OK, "dossiers_collected", "NOT_A_NUMBER"),
            new(Import + ": xlsx without a sheet", Import, File("police-cccd-xlsx", Workbooks.Zip(System.IO.Compression.CompressionLevel.Fastest,
                [("[Content_Types].xml", w => w.Write("<Types/>")), ("xl/workbook.xml", w => w.Write($"<workbook xmlns=\"{Workbooks.SheetNamespace}\"><sheets/></workbook>"))])), StatusCode.InvalidArgument, "content"),
            new(Import + ": xlsx whose sheet is not XML", Import, File("police-cccd-xlsx", Workbooks.Zip(System.IO.Compression.CompressionLevel.Fastest,
                [("[Content_Types].xml", w => w.Write("<Types/>")), ("xl/workbook.xml", w => w.Write("<workbook")), ("xl/worksheets/sheet1.xml", w => w.Write("\0\0\0"))])), StatusCode.InvalidArgument, "content"),
            new(Import + ": json key given twice", Import, Json("[{" + Item + ",\"maDonVi\":\"00070\",\"tiepNhan\":{\"trucTuyen\":1}}]"), StatusCode.OK, "unit_code", "MALFORMED"),
            new(Import + ": json count given twice", Import, Json("[{" + Item + ",\"tiepNhan\":{\"trucTuyen\":1,\"trucTuyen\":1000}}]"), StatusCode.OK, "received_online", "MALFORMED"),
            new(Import + ": json group given twice", Import, Json("[{" + Item + ",\"tiepNhan\":{\"trucTuyen\":1},\"tiepNhan\":{\"trucTuyen\":2}}]"), StatusCode.OK, "", "MALFORMED"),
            new(Import + ": json month 0001-01", Import, Json("[{\"maDonVi\":\"00004\",\"kyBaoCao\":\"0001-01\",\"tiepNhan\":{\"trucTuyen\":1}}]"), StatusCode.OK, "period", "BAD_PERIOD"),
            new(Import + ": json month 9999-12", Import, Json("[{\"maDonVi\":\"00004\",\"kyBaoCao\":\"9999-12\",\"tiepNhan\":{\"trucTuyen\":1}}]"), StatusCode.OK, "period", "BAD_PERIOD"),
            new(Import + ": json escaped NUL in the unit code", Import, Json("[{\"maDonVi\":\"0000\\u00004\",\"kyBaoCao\":\"2025-09\",\"tiepNhan\":{\"trucTuyen\":1}}]"), StatusCode.OK, "unit_code", "BAD_UNIT_CODE"),
            new(Import + ": json count of 10^30", Import, Json("[{" + Item + ",\"tiepNhan\":{\"trucTuyen\":1000000000000000000000000000000}}]"), StatusCode.OK, "received_online", "NOT_A_NUMBER"),
            new(Import + ": json invalid UTF-8", Import, File("one-stop-json", [.. "[{\"maDonVi\":\""u8, 0xC3, 0x28, .. "\"}]"u8]), StatusCode.InvalidArgument, "content"),
            new(Import + ": xml period 01/0001", Import, Xml($"<BaoCaoTTHC ky=\"01/0001\">{SourceFiles.PortalUnit(HostileInputFixture.Unit, 465, 340, 457, 450, 7, "98,47%")}</BaoCaoTTHC>"), StatusCode.OK, "period", "BAD_PERIOD"),
            new(Import + ": xml period 12/9999", Import, Xml($"<BaoCaoTTHC ky=\"12/9999\">{SourceFiles.PortalUnit(HostileInputFixture.Unit, 465, 340, 457, 450, 7, "98,47%")}</BaoCaoTTHC>"), StatusCode.OK, "period", "BAD_PERIOD"),
            new(Import + ": xml NUL character reference", Import, Xml("<BaoCaoTTHC ky=\"09/2025\"><DonVi ma=\"0000&#0;4\"><TiepNhan>1</TiepNhan></DonVi></BaoCaoTTHC>"), StatusCode.InvalidArgument, "content"),
            new(Import + ": xml percentage of 10^30", Import, Xml($"<BaoCaoTTHC ky=\"09/2025\">{SourceFiles.PortalUnit(HostileInputFixture.Unit, 465, 340, 457, 450, 7, "1000000000000000000000000000000%")}</BaoCaoTTHC>"), StatusCode.OK, "on_time_percent", "NOT_A_NUMBER"),
        ];
    }

    /// <summary>Dialogue requests well formed but refused for what they say.</summary>
    private static IEnumerable<RpcCase> DialogueCases()
    {
        const string Record = "DialogueService/RecordDialogueOutcome";
        const string Plan = "DialogueService/PlanPeriodicDialogues";
        return
        [
            new(Record + ": held_on before the day of its slot", Record, f => new RecordDialogueOutcomeRequest
            {
                DialogueId = f.DialogueId, HeldOn = Day(2026, 1, 14), Minutes = "Biên bản",
            }.ToByteArray(), StatusCode.InvalidArgument, "held_on"),
            new(Record + ": negative attendance", Record, f => new RecordDialogueOutcomeRequest
            {
                DialogueId = f.DialogueId, HeldOn = Day(2026, 1, 14), Attendance = { new Attendance { Group = "citizens", Count = -1 } },
            }.ToByteArray(), StatusCode.InvalidArgument, "attendance[0].count"),
            new(Plan + ": year int.MaxValue", Plan, _ => new PlanPeriodicDialoguesRequest { UnitCode = HostileInputFixture.Unit, Year = int.MaxValue, DryRun = true }.ToByteArray(), StatusCode.InvalidArgument, "year"),
            new(Plan + ": year -1", Plan, _ => new PlanPeriodicDialoguesRequest { UnitCode = HostileInputFixture.Unit, Year = -1, DryRun = true }.ToByteArray(), StatusCode.InvalidArgument, "year"),
            new("DialogueService/RecordPetition: negative signatures", "DialogueService/RecordPetition", _ => new RecordPetitionRequest
            {
                UnitCode = HostileInputFixture.Unit, ReceivedOn = Day(2026, 1, 10), Subject = "Đường ngập", Signatures = -5, RegisteredVoters = 100,
            }.ToByteArray(), StatusCode.InvalidArgument, "signatures"),
            new("DialogueService/GetDialogue: not a UUID", "DialogueService/GetDialogue", _ => new GetDialogueRequest { DialogueId = "../../etc/passwd" }.ToByteArray(), StatusCode.InvalidArgument, "dialogue_id"),
            new("DialogueService/GetDialogue: unknown id", "DialogueService/GetDialogue", _ => new GetDialogueRequest { DialogueId = Guid.Empty.ToString() }.ToByteArray(), StatusCode.NotFound, null),
            new("ImportService/ImportFile: file of 25 MiB", "ImportService/ImportFile",
                _ => IngestTestSupport.File("portal-xml", new byte[25 * 1024 * 1024], "hostile-large").ToByteArray(), StatusCode.InvalidArgument, "content"),
            new("ImportService/ImportFile: message of 33 MiB", "ImportService/ImportFile",
                _ => IngestTestSupport.File("portal-xml", new byte[33 * 1024 * 1024], "hostile-larger").ToByteArray(), StatusCode.ResourceExhausted, null),
            new("AdminUnitService/GetUnit: as_of 9999-12-31", "AdminUnitService/GetUnit", _ => new GetUnitRequest { Code = "01", AsOf = Day(9999, 12, 31) }.ToByteArray(), StatusCode.InvalidArgument, "as_of"),
            new("IdIssuanceService/GetIdIssuanceProgress: as_of 9999-12-31", "IdIssuanceService/GetIdIssuanceProgress", _ => new GetIdIssuanceProgressRequest { UnitCode = "01", AsOf = Day(9999, 12, 31) }.ToByteArray(), StatusCode.InvalidArgument, "as_of"),
        ];
    }

    public static TheoryData<WebCase> WebCases() =>
    [
        new WebCase("/calendars/99999.ics", HttpStatusCode.NotFound),
        new WebCase("/calendars/02.ics", HttpStatusCode.NotFound),
        new WebCase("/calendars/000.ics", HttpStatusCode.NotFound),
        new WebCase("/calendars/0.ics", HttpStatusCode.BadRequest),
        new WebCase("/calendars/abcde.ics", HttpStatusCode.BadRequest),
        new WebCase("/calendars/%00%00.ics", HttpStatusCode.BadRequest),
        new WebCase("/calendars/%C3%28.ics", HttpStatusCode.BadRequest),
        new WebCase("/calendars/" + new string('9', 5000) + ".ics", HttpStatusCode.BadRequest),
        new WebCase("/calendars/00004.ics", HttpStatusCode.OK),
        new WebCase("/calendars/.ics", HttpStatusCode.NotFound),
        new WebCase("/calendars/00004.ics/..%2F..%2Fhangfire", HttpStatusCode.NotFound),
        new WebCase("/login?returnUrl=%00", HttpStatusCode.OK),
        new WebCase("/hangfire/jobs/details/%00", HttpStatusCode.BadRequest),
        new WebCase("/no-such-route", HttpStatusCode.NotFound),
    ];

    [Theory]
    [MemberData(nameof(RpcCases))]
    public async Task Each_hostile_request_gets_its_status_and_changes_nothing(RpcCase input)
    {
        var before = await StateAsync();
        var method = Methods[input.Method];

        var (status, response, error) = await SendAsync(method, input.Payload(Fixture));

        Assert.DoesNotContain(status, new[] { StatusCode.Unknown, StatusCode.Internal });
        Assert.Equal(input.Status, status);
        if (status == StatusCode.InvalidArgument)
        {
            var fields = error!.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
            Assert.NotEmpty(fields);
            if (input.Field is not null)
            {
                Assert.Contains(input.Field, fields);
            }
        }

        if (input.RowCode is not null)
        {
            var summary = IngestSummary.Parser.ParseFrom(response);
            Assert.Equal((0, 0), (summary.Inserted, summary.Updated));
            Assert.Contains(summary.Problems, p => p.Field == input.Field && p.Code == input.RowCode);
        }

        Assert.Equal(before, await StateAsync());
        var health = await new Health.HealthClient(Fixture.Host.CallInvoker).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Theory]
    [MemberData(nameof(WebCases))]
    public async Task Each_hostile_web_request_gets_its_status_and_changes_nothing(WebCase input)
    {
        var before = await StateAsync();

        using var response = await Fixture.Host.Web.GetAsync(input.Path);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(input.Status, response.StatusCode);
        Assert.Equal(before, await StateAsync());
        var health = await new Health.HealthClient(Fixture.Host.CallInvoker).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public void The_suite_has_at_least_300_cases_and_covers_every_rpc()
    {
        var cases = RpcCases().Select(c => c.Data).ToList();

        var web = WebCases().Select(c => c.Data).ToList();
        output.WriteLine($"{cases.Count} RPC cases ({string.Join(", ", cases.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}), " +
            $"{web.Count} web cases ({string.Join(", ", web.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{(int)g.Key} {g.Count()}"))})");

        Assert.True(cases.Count + web.Count >= 300, $"{cases.Count} RPC and {web.Count} web cases");
        Assert.Empty(Methods.Keys.Except(cases.Select(c => c.Method)));
    }

    /// <summary>
    /// A request of the method that is otherwise as harmless as can be: units and records of the
    /// Fixture where it names them, no repeated element, a fresh batch id, a dry run where there is one,
    /// and a listing's dates in a month the hub knows.
    /// </summary>
    private static IMessage Base(MethodDescriptor method, HostileInputFixture Fixture)
    {
        var request = SecuritySweepTests.Request(method, _ => HostileInputFixture.Unit, Fixture.DialogueId, Fixture.OpinionId);
        foreach (var field in method.InputType.Fields.InFieldNumberOrder().Where(f => f.IsRepeated))
        {
            ((System.Collections.IList)field.Accessor.GetValue(request)).Clear();
        }

        if (method.InputType.FindFieldByName("options") is { } options)
        {
            options.Accessor.SetValue(request, new BatchOptions { BatchId = "hostile-" + Guid.NewGuid().ToString("N"), DryRun = true });
        }

        method.InputType.FindFieldByName("batch_id")?.Accessor.SetValue(request, "hostile-" + Guid.NewGuid().ToString("N"));
        if (method.Name.StartsWith("List", StringComparison.Ordinal))
        {
            foreach (var field in method.InputType.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message && f.MessageType == Google.Type.Date.Descriptor))
            {
                field.Accessor.SetValue(request, Day(2025, 9, 1));
            }
        }

        return request;
    }

    /// <summary>
    /// Every field of a type reachable from <paramref name="type"/> that matches, with its path as the hub
    /// names it (a repeated field's first element as [0]) and the field numbers that lead to it.
    /// </summary>
    private static IEnumerable<(string Path, int[] Numbers)> Fields(MessageDescriptor type, string prefix, int[] numbers, Func<FieldDescriptor, bool> match)
    {
        if (numbers.Length > 3)
        {
            yield break;
        }

        foreach (var field in type.Fields.InFieldNumberOrder().Where(f => !f.IsMap))
        {
            var path = prefix + field.Name + (field.IsRepeated ? "[0]" : "");
            int[] here = [.. numbers, field.FieldNumber];
            if (match(field))
            {
                yield return (path, here);
            }
            else if (field.FieldType == FieldType.Message && field.MessageType.File.Package == "danvan.v1")
            {
                foreach (var inner in Fields(field.MessageType, path + ".", here, match))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// The bytes of <paramref name="value"/> as a length-delimited field at the end of the field path
    /// <paramref name="numbers"/>: appended to a message, it sets that field (or adds an element to it).
    /// </summary>
    private static byte[] Encode(int[] numbers, byte[] value)
    {
        for (var i = numbers.Length - 1; i >= 0; i--)
        {
            using var buffer = new MemoryStream();
            var output = new CodedOutputStream(buffer);
            output.WriteTag(numbers[i], WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
            output.Flush();
            value = buffer.ToArray();
        }

        return value;
    }

    private static byte[] With(IMessage request, FieldDescriptor field, object value)
    {
        field.Accessor.SetValue(request, value);
        return request.ToByteArray();
    }

    /// <summary>Sends raw bytes as the method's request (one message of a client stream); the status, and the response when OK.</summary>
    private async Task<(StatusCode Status, byte[] Response, RpcException? Error)> SendAsync(MethodDescriptor method, byte[] payload)
    {
        var bytes = new Marshaller<byte[]>(b => b, b => b);
        var type = method.IsClientStreaming ? MethodType.ClientStreaming : method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var rpc = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, bytes, bytes);
        var invoker = Fixture.Host.CallInvoker;
        using var cancel = new CancellationTokenSource(Timeouts.Call);
        var options = new CallOptions(cancellationToken: cancel.Token);
        try
        {
            byte[] response;
            switch (type)
            {
                case MethodType.Unary:
                    response = await invoker.AsyncUnaryCall(rpc, null, options, payload);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(rpc, null, options))
                    {
                        try
                        {
                            await call.RequestStream.WriteAsync(payload);
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // The hub may have answered before reading it all.
                        }

                        response = await call.ResponseAsync;
                    }

                    break;
                default:
                    using (var call = invoker.AsyncServerStreamingCall(rpc, null, options, payload))
                    {
                        // Every hostile watch is refused, so the stream ends with its status.
                        response = await call.ResponseStream.MoveNext(cancel.Token) ? call.ResponseStream.Current : [];
                    }

                    break;
            }

            return (StatusCode.OK, response, null);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, [], e);
        }
    }

    /// <summary>
    /// Everything a call could write: observations and batches, dialogues (what a caller changes; the
    /// milestone job the hub arms in the background is left out), bookings, opinions, petitions and events.
    /// </summary>
    private async Task<string> StateAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        var dialogues = await connection.ExecuteScalarAsync<string>("""
            select (select md5(coalesce(string_agg((d.id, d.status, d.sequence, d.starts_at, d.venue, d.co_chairs, d.held_on)::text, '|' order by d.id), ''))
                      from dialogue d) || '/' ||
                   (select count(*) from dialogue_booking) || '/' ||
                   (select md5(coalesce(string_agg(o::text, '|' order by id), '')) from opinion o) || '/' ||
                   (select count(*) from petition) || '/' || (select count(*) from dialogue_event)
            """);
        return await StoreStateAsync(Fixture.ConnectionString) + "/" + dialogues;
    }
}
