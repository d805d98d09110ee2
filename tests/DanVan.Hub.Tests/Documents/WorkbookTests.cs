using DanVan.Adapters.Errors;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using Google.Rpc;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using OpinionStatus = DanVan.Contracts.V1.OpinionStatus;

namespace DanVan.Hub.Tests.Documents;

/// <summary>
/// A periodic dialogue of Phường Ba Đình held on 19 March 2030 with three opinions (one answered at the
/// meeting), recorded through the RPCs; the workbooks are drawn up on 22 March 2030 at 09:00. A
/// workbook holds at most 150 rows here, so that the cap can be reached cheaply.
/// </summary>
public sealed class WorkbookFixture : DialogueHubFixture, Xunit.IAsyncLifetime
{
    public const string Unit = "00004";
    public const int MaxRows = 150;

    public string DialogueId { get; private set; } = "";
    public string Secretary { get; private set; } = "";
    public string OtherSecretary { get; private set; } = "";

    protected override string[] Settings => [$"--DanVan:Spreadsheets:MaxRows={MaxRows}"];

    public override DateTimeOffset StartsAt => new(2030, 3, 22, 9, 0, 0, TimeSpan.FromHours(7));

    public new async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var dialogues = new DialogueService.DialogueServiceClient(Host.CallInvoker);
        var held = (await dialogues.RecordPastDialogueAsync(new RecordPastDialogueRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogue = new PastDialogue
            {
                UnitCode = Unit, Kind = DialogueKind.Periodic, Title = "Đối thoại định kỳ quý I năm 2030", HeldOn = Day(2030, 3, 19),
                Opinions =
                {
                    new NewOpinion { Topic = "Giao thông", Content = "Đề nghị sửa chữa tuyến đường liên tổ dân phố số 3.", ResponsibleAgency = "Phòng Kinh tế, Hạ tầng và Đô thị", DueDate = Day(2030, 6, 30) },
                    new NewOpinion { Topic = "Chiếu sáng", Content = "Kiến nghị bố trí thêm đèn chiếu sáng tại ngõ 12 phố Đội Cấn." },
                    new NewOpinion { Topic = "Đất đai", Content = "Liên hệ ông A, số điện thoại 0912 345 678, về cấp giấy chứng nhận." },
                },
            },
        })).Dialogue;
        DialogueId = held.DialogueId;
        await dialogues.UpdateOpinionAsync(new UpdateOpinionRequest
        {
            OpinionId = held.Opinions[1].OpinionId, Status = OpinionStatus.AnsweredAtMeeting, Answer = "Phường sẽ lắp 6 đèn trong tháng 4/2030.",
        });
        Secretary = await Host.CreateClientAsync("secretary-ba-dinh-workbooks", ClientKind.Secretary, ["dialogues:write"], Unit);
        OtherSecretary = await Host.CreateClientAsync("secretary-other-ward-workbooks", ClientKind.Secretary, ["dialogues:write"], "00070");
    }
}

public sealed class WorkbookTests(WorkbookFixture fixture) : HubTest<WorkbookFixture>(fixture)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Extracted = "Thời điểm trích xuất: 09:00 ngày 22/03/2030";
    private static readonly string[] FigureColumns = ["B", "C", "D", "E"];
    private static readonly string[] CountColumns = ["C", "D", "E", "F", "G"];

    private readonly DocumentService.DocumentServiceClient _documents = new(fixture.Host.CallInvoker);
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly AdminUnitService.AdminUnitServiceClient _units = new(fixture.Host.CallInvoker);

    /// <summary>A ward of Hà Nội today that no other test of the class uses.</summary>
    private async Task<AdminUnit> WardAsync(int index) =>
        (await _units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "01", Level = AdminLevel.Commune, PageSize = 100 })).Units[10 + index];

    private async Task<Dialogue> HeldAsync(string unitCode, params NewOpinion[] opinions) =>
        (await _dialogues.RecordPastDialogueAsync(new RecordPastDialogueRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogue = new PastDialogue { UnitCode = unitCode, Kind = DialogueKind.AdHoc, Title = "Đối thoại về giải phóng mặt bằng", HeldOn = Day(2030, 3, 12), Opinions = { opinions } },
        })).Dialogue;

    private static NewOpinion Opinion(string topic, string agency = "") => new() { Topic = topic, Content = $"Kiến nghị về {topic.ToLowerInvariant()}", ResponsibleAgency = agency };

    private static void AssertHeading(Xlsx xlsx, string title, string unit, int headerRow, string source = "Hệ thống DanVan")
    {
        Assert.Equal(title, xlsx.Text("A1"));
        Assert.True(xlsx.IsBold("A1"));
        Assert.Equal("Đơn vị: " + unit, xlsx.Text("A2"));
        Assert.StartsWith("Kỳ báo cáo: ", xlsx.Text("A3"));
        Assert.StartsWith("Nguồn số liệu: " + source, xlsx.Text("A4"));
        Assert.Equal(Extracted, xlsx.Text("A5"));
        Assert.Equal(headerRow, xlsx.FrozenRows());
        Assert.All(Enumerable.Range(0, xlsx.Row(headerRow).Count), i => Assert.True(xlsx.IsBold($"{Xlsx.ColumnName(i)}{headerRow}")));
    }

    [Fact]
    public async Task The_period_report_workbook_has_the_figures_of_SummarizeDialogues_as_numbers()
    {
        var period = new { Start = Day(2030, 1, 1), End = Day(2030, 3, 31) };
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = "01", StartDate = period.Start, EndDate = period.End });
        var children = (await _units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "01", PageSize = 1000 })).Units;

        var document = (await _documents.GetPeriodReportAsync(new GetPeriodReportRequest
        {
            UnitCode = "01", StartDate = period.Start, EndDate = period.End, Format = FileFormat.Xlsx,
        })).Document;

        Assert.Equal(XlsxType, document.MediaType);
        Assert.Equal("bao-cao-doi-thoai-01-20300101-20300331.xlsx", document.FileName);
        using var xlsx = Xlsx.Open(document.Content.ToByteArray());
        Assert.Equal("1. Theo cấp", xlsx.Text("A7"));
        AssertHeading(xlsx, "Báo cáo kết quả công tác đối thoại", "Thành phố Hà Nội (mã 01)", headerRow: 8);
        Assert.Equal("Kỳ báo cáo: quý I năm 2030", xlsx.Text("A3"));
        Assert.Equal(["Cấp", "Đối thoại định kỳ", "Đối thoại đột xuất", "Ý kiến tiếp nhận", "Đã giải quyết", "Tỷ lệ giải quyết"], xlsx.Row(8));
        // Other tests of the class hold dialogues in Hà Nội too: the workbook has whatever the summary has.
        var communes = summary.Levels.Single(l => l.Level == AdminLevel.Commune);
        Assert.Equal("Cấp xã", xlsx.Text("A9"));
        Assert.Equal([communes.PeriodicHeld, communes.AdHocHeld, communes.OpinionsReceived, communes.OpinionsResolved], FigureColumns.Select(c => xlsx.Number($"{c}9")));
        Assert.Equal((double)communes.OpinionsResolved / communes.OpinionsReceived, xlsx.Number("F9"), 9);
        Assert.Equal("0.0%", xlsx.NumberFormat("F9"));
        Assert.Equal("3", xlsx.NumberFormat("D9")); // Excel's built-in #,##0
        Assert.Equal("Tổng cộng", xlsx.Text("A10"));
        Assert.Equal([summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved], FigureColumns.Select(c => xlsx.Number($"{c}10")));

        var byChild = xlsx.RowOf("2. Theo đơn vị trực thuộc");
        Assert.Equal(["Đơn vị", "Đối thoại định kỳ", "Đối thoại đột xuất", "Ý kiến tiếp nhận", "Đã giải quyết", "Tỷ lệ giải quyết", "Mã đơn vị"], xlsx.Row(byChild + 1));
        var rows = Enumerable.Range(byChild + 2, xlsx.LastRow() - byChild - 1).Select(r => xlsx.Row(r)).ToList();
        Assert.Equal(children.Select(c => c.Code), rows.Select(r => r[6]));
        var baDinh = byChild + 2 + rows.FindIndex(r => r[6] == WorkbookFixture.Unit);
        Assert.Equal("Phường Ba Đình", xlsx.Text($"A{baDinh}"));
        Assert.Equal([1d, 0d, 3d, 1d], FigureColumns.Select(c => xlsx.Number($"{c}{baDinh}")));
        Assert.Equal(1d / 3, xlsx.Number($"F{baDinh}"), 9);
        var empty = byChild + 2 + rows.FindIndex(r => r[6] != WorkbookFixture.Unit);
        Assert.Equal(0d, xlsx.Number($"D{empty}"));
        Assert.Null(xlsx.Cell($"F{empty}"));
        Assert.True(xlsx.Column(1)!.Width!.Value >= 30);
    }

    [Fact]
    public async Task The_opinions_workbook_lists_the_units_opinions_with_their_ids_hidden_and_no_personal_data()
    {
        var document = (await _documents.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = WorkbookFixture.Unit })).Document;

        Assert.Equal(XlsxType, document.MediaType);
        Assert.Equal("y-kien-00004-20300322.xlsx", document.FileName);
        using var xlsx = Xlsx.Open(document.Content.ToByteArray());
        AssertHeading(xlsx, "Danh sách ý kiến, kiến nghị của Nhân dân", "Phường Ba Đình (mã 00004) và các đơn vị trực thuộc", headerRow: 7);
        Assert.Equal("Kỳ báo cáo: tất cả ý kiến, kiến nghị", xlsx.Text("A3"));
        Assert.Equal(["Mã ý kiến (không sửa)", "STT", "Mã đơn vị", "Lĩnh vực", "Nội dung ý kiến, kiến nghị", "Ngày tiếp nhận", "Cơ quan chịu trách nhiệm",
            "Hạn giải quyết", "Trạng thái", "Nội dung trả lời", "Quá hạn"], xlsx.Row(7));
        Assert.True(xlsx.Column(1)!.Hidden!.Value);
        var dialogue = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = Fixture.DialogueId })).Dialogue;
        Assert.Equal(dialogue.Opinions.Select(o => o.OpinionId), [xlsx.Text("A8"), xlsx.Text("A9"), xlsx.Text("A10")]);
        Assert.Equal(10, xlsx.LastRow());
        Assert.Equal(1d, xlsx.Number("B8"));
        Assert.Equal(new DateOnly(2030, 6, 30), xlsx.Date("H8"));
        Assert.Equal("Đã giao xử lý", xlsx.Text("I8"));
        Assert.Equal("Phòng Kinh tế, Hạ tầng và Đô thị", xlsx.Text("G8"));
        Assert.Equal("Đã trả lời tại hội nghị", xlsx.Text("I9"));
        Assert.Equal("Phường sẽ lắp 6 đèn trong tháng 4/2030.", xlsx.Text("J9"));
        Assert.Equal("Liên hệ ông A, số điện thoại [số điện thoại đã ẩn], về cấp giấy chứng nhận.", xlsx.Text("E10"));
        Assert.Equal("Đã tiếp nhận", xlsx.Text("I10"));

        var answered = (await _documents.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = WorkbookFixture.Unit, Status = OpinionStatus.AnsweredAtMeeting })).Document;
        using var filtered = Xlsx.Open(answered.Content.ToByteArray());
        Assert.Equal("Kỳ báo cáo: trạng thái \"Đã trả lời tại hội nghị\"", filtered.Text("A3"));
        Assert.Equal([dialogue.Opinions[1].OpinionId], Enumerable.Range(8, filtered.LastRow() - 7).Select(r => filtered.Text($"A{r}")));
        var byAgency = (await _documents.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = WorkbookFixture.Unit, ResponsibleAgency = "hạ tầng", DueTo = Day(2030, 6, 30), Overdue = false })).Document;
        using var agency = Xlsx.Open(byAgency.Content.ToByteArray());
        Assert.Equal([dialogue.Opinions[0].OpinionId], Enumerable.Range(8, agency.LastRow() - 7).Select(r => agency.Text($"A{r}")));
    }

    [Fact]
    public async Task An_answered_opinions_workbook_comes_back_applying_the_changed_rows_once()
    {
        var ward = await WardAsync(0);
        var dialogue = await HeldAsync(ward.Code, Opinion("Môi trường", "Phòng Tài nguyên và Môi trường"), Opinion("Trường học"), Opinion("Chợ dân sinh"));
        var exported = (await _documents.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = ward.Code })).Document.Content.ToByteArray();

        // The agencies answer in Excel: the first opinion is resolved, the second given an agency and a new due date.
        using var answered = Xlsx.Open(exported, editable: true);
        Assert.Equal(dialogue.Opinions.Select(o => o.OpinionId), [answered.Text("A8"), answered.Text("A9"), answered.Text("A10")]);
        answered.SetText("I8", "Đã giải quyết");
        answered.SetText("J8", "Đã xử lý điểm tập kết rác.");
        answered.SetText("G9", "Phòng Văn hóa - Xã hội");
        answered.SetText("I9", "đã giao xử lý");
        answered.SetDate("H9", new DateOnly(2030, 5, 15));
        var content = Google.Protobuf.ByteString.CopyFrom(answered.Save());
        var request = new ImportOpinionUpdatesRequest { RequestId = Guid.NewGuid().ToString(), UnitCode = ward.Code, Content = content };

        var result = await _documents.ImportOpinionUpdatesAsync(request);
        var again = await _documents.ImportOpinionUpdatesAsync(request);
        var reimported = await _documents.ImportOpinionUpdatesAsync(new ImportOpinionUpdatesRequest { RequestId = Guid.NewGuid().ToString(), UnitCode = ward.Code, Content = content });

        Assert.Equal((2, 1), (result.Updated, result.Unchanged));
        Assert.Equal(result, again);
        Assert.Equal((0, 3), (reimported.Updated, reimported.Unchanged));
        var opinions = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogue.DialogueId })).Dialogue.Opinions;
        Assert.Equal((OpinionStatus.Resolved, "Đã xử lý điểm tập kết rác."), (opinions[0].Status, opinions[0].Answer));
        Assert.Equal((OpinionStatus.Assigned, "Phòng Văn hóa - Xã hội", 15), (opinions[1].Status, opinions[1].ResponsibleAgency, opinions[1].DueDate.Day));
        Assert.Equal(dialogue.Opinions[2], opinions[2]);
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = ward.Code, StartDate = Day(2030, 3, 1), EndDate = Day(2030, 3, 31) });
        Assert.Equal((3, 1), (summary.OpinionsReceived, summary.OpinionsResolved));
        var reused = await Refused(StatusCode.AlreadyExists, () => _documents.ImportOpinionUpdatesAsync(
            new ImportOpinionUpdatesRequest { RequestId = request.RequestId, UnitCode = ward.Code, Content = Google.Protobuf.ByteString.CopyFrom(exported) }).ResponseAsync);
        Assert.Equal("REQUEST_ID_REUSED", Reason(reused));
    }

    [Fact]
    public async Task A_workbook_with_bad_rows_changes_nothing_and_names_every_row_with_its_code()
    {
        var ward = await WardAsync(1);
        var dialogue = await HeldAsync(ward.Code, Opinion("Điện", "Điện lực"), Opinion("Nước sạch"), Opinion("Cây xanh"), Opinion("Vỉa hè"), Opinion("Rác thải"));
        var before = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogue.DialogueId })).Dialogue.Opinions;
        var exported = (await _documents.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = ward.Code })).Document.Content.ToByteArray();

        using var answered = Xlsx.Open(exported, editable: true);
        answered.SetText("I8", "Đã giải quyết");            // no answer given
        answered.SetText("I9", "Xong rồi");                  // no such status
        answered.SetText("I10", "Đã giao xử lý");            // assigned without an agency
        answered.SetText("H11", "31/02/2030");               // not a date
        answered.SetText("A12", Guid.NewGuid().ToString());  // no such opinion
        var good = "Phòng Quản lý đô thị";
        answered.SetText("G8", good);
        var error = await Refused(StatusCode.InvalidArgument, () => _documents.ImportOpinionUpdatesAsync(new ImportOpinionUpdatesRequest
        {
            RequestId = Guid.NewGuid().ToString(), UnitCode = ward.Code, Content = Google.Protobuf.ByteString.CopyFrom(answered.Save()),
        }).ResponseAsync);

        Assert.Equal(
        [
            ("rows[9].status", ViolationCodes.ChoiceUnknown),
            ("rows[11].due_date", ViolationCodes.DateInvalid),
        ], Codes(error));

        // Once every cell reads, the rules of UpdateOpinion are checked row by row.
        using var readable = Xlsx.Open(exported, editable: true);
        readable.SetText("I8", "Đã giải quyết");
        readable.SetText("I9", "Đã tiếp nhận");
        readable.SetText("I10", "Đã giao xử lý");
        readable.SetText("A12", Guid.NewGuid().ToString());
        readable.SetText("G11", good);
        var rules = await Refused(StatusCode.InvalidArgument, () => _documents.ImportOpinionUpdatesAsync(new ImportOpinionUpdatesRequest
        {
            UnitCode = ward.Code, Content = Google.Protobuf.ByteString.CopyFrom(readable.Save()),
        }).ResponseAsync);
        Assert.Equal(
        [
            ("rows[8].answer", ViolationCodes.OpinionNeedsAnswer),
            ("rows[10].responsible_agency", ViolationCodes.OpinionNeedsAgency),
            ("rows[12].opinion_id", ViolationCodes.OpinionUnknown),
        ], Codes(rules));
        Assert.All(rules.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        Assert.Equal(before, (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogue.DialogueId })).Dialogue.Opinions);

        var notAWorkbook = await Refused(StatusCode.InvalidArgument, () => _documents.ImportOpinionUpdatesAsync(new ImportOpinionUpdatesRequest
        {
            UnitCode = ward.Code, Content = Google.Protobuf.ByteString.CopyFromUtf8("Mã ý kiến;Trạng thái"),
        }).ResponseAsync);
        Assert.Equal([("content", ViolationCodes.ContentUnreadable)], Codes(notAWorkbook));
    }

    [Fact]
    public async Task A_secretary_exports_and_imports_only_their_own_units_opinions()
    {
        var own = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvokerFor(Fixture.Secretary));
        var other = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvokerFor(Fixture.OtherSecretary));
        var exported = (await own.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = WorkbookFixture.Unit })).Document.Content;

        var export = await Refused(StatusCode.PermissionDenied, () => other.ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = WorkbookFixture.Unit }).ResponseAsync);
        var report = await Refused(StatusCode.PermissionDenied, () => other.GetPeriodReportAsync(new GetPeriodReportRequest { UnitCode = WorkbookFixture.Unit, Format = FileFormat.Xlsx }).ResponseAsync);
        var import = await Refused(StatusCode.PermissionDenied, () => other.ImportOpinionUpdatesAsync(
            new ImportOpinionUpdatesRequest { UnitCode = WorkbookFixture.Unit, Content = exported }).ResponseAsync);
        // Naming its own unit, the other ward's secretary gets every row of Ba Đình refused.
        var rows = await Refused(StatusCode.InvalidArgument, () => other.ImportOpinionUpdatesAsync(
            new ImportOpinionUpdatesRequest { UnitCode = "00070", Content = exported }).ResponseAsync);

        Assert.All(new[] { export, report, import }, e => Assert.Equal("OUTSIDE_UNIT", Reason(e)));
        Assert.Equal(Enumerable.Range(8, 3).Select(r => ($"rows[{r}].opinion_id", ViolationCodes.OpinionOutsideUnit)), Codes(rows));
        Assert.Equal((0, 3), await own.ImportOpinionUpdatesAsync(new ImportOpinionUpdatesRequest { UnitCode = WorkbookFixture.Unit, Content = exported }).ResponseAsync
            is var r ? (r.Updated, r.Unchanged) : default);
    }

    [Fact]
    public async Task The_dialogues_workbook_lists_what_ListDialogues_gives_for_the_same_filters()
    {
        var ward = await WardAsync(2);
        await HeldAsync(ward.Code, Opinion("Điện"));
        await _dialogues.ScheduleDialogueAsync(Schedule(ward.Code, await FreeSlotAsync(Fixture.Host, ward.Code)));
        var listed = await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = "01", IncludeDescendants = true, StartDate = Day(2030, 3, 1), EndDate = Day(2030, 12, 31), PageSize = 1000 });

        var document = (await _documents.ExportDialoguesAsync(new ExportDialoguesRequest
        {
            UnitCode = "01", IncludeDescendants = true, StartDate = Day(2030, 3, 1), EndDate = Day(2030, 12, 31),
        })).Document;

        using var xlsx = Xlsx.Open(document.Content.ToByteArray());
        AssertHeading(xlsx, "Danh sách hội nghị đối thoại", "Thành phố Hà Nội (mã 01) và các đơn vị trực thuộc", headerRow: 7);
        Assert.Equal("Kỳ báo cáo: từ ngày 01/03/2030 đến ngày 31/12/2030", xlsx.Text("A3"));
        Assert.Equal(["STT", "Mã đơn vị", "Đơn vị", "Tên hội nghị", "Loại", "Trạng thái", "Ngày", "Giờ bắt đầu", "Địa điểm", "Ngày tổ chức", "Mã hội nghị (không sửa)"],
            xlsx.Row(7));
        var ids = Enumerable.Range(8, xlsx.LastRow() - 7).Select(r => xlsx.Text($"K{r}")).ToList();
        Assert.True(listed.Dialogues.Count >= 3);
        Assert.Equal(listed.Dialogues.Select(d => d.DialogueId), ids);
        var held = 8 + ids.IndexOf(listed.Dialogues.First(d => d.Unit.Code == ward.Code && d.Status == DialogueStatus.Closed).DialogueId);
        Assert.Equal((ward.Code, "đột xuất", "Đã kết thúc"), (xlsx.Text($"B{held}"), xlsx.Text($"E{held}"), xlsx.Text($"F{held}")));
        Assert.Equal(new DateOnly(2030, 3, 12), xlsx.Date($"J{held}"));
        Assert.True(xlsx.Column(11)!.Hidden!.Value);
    }

    [Fact]
    public async Task The_indicators_workbook_has_each_childs_figures_as_ListProcedureStats_gives_them_and_leaves_unreported_counts_empty()
    {
        var (full, partial) = (await WardAsync(4), await WardAsync(5));
        await new ProcedureStatsService.ProcedureStatsServiceClient(Fixture.Host.CallInvoker).SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "workbook-procedures" },
            Reports =
            {
                new ProcedureStatsReport
                {
                    UnitCode = full.Code, Month = Month(2030, 2), Received = 1200, ReceivedOnline = 900, Resolved = 1000, ResolvedInTime = 950, ResolvedLate = 50,
                    RatingVerySatisfied = 30, RatingSatisfied = 20, RatingDissatisfied = 10,
                },
                new ProcedureStatsReport { UnitCode = partial.Code, Month = Month(2030, 2), Received = 50, Resolved = 40 },
            },
        });
        var procedures = new ProcedureStatsService.ProcedureStatsServiceClient(Fixture.Host.CallInvoker);
        var listed = (await procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest { ParentCode = "01", FromMonth = Month(2030, 2), ToMonth = Month(2030, 2), PageSize = 1000 })).Stats;
        var total = (await procedures.GetProcedureStatsAsync(new GetProcedureStatsRequest { UnitCode = "01", FromMonth = Month(2030, 2), ToMonth = Month(2030, 2) })).Stats;

        var document = (await _documents.ExportIndicatorsAsync(new ExportIndicatorsRequest
        {
            UnitCode = "01", Indicators = IndicatorExport.ProcedureStats, FromMonth = Month(2030, 2), ToMonth = Month(2030, 2),
        })).Document;

        Assert.Equal("thu-tuc-hanh-chinh-01-203002-203002.xlsx", document.FileName);
        using var xlsx = Xlsx.Open(document.Content.ToByteArray());
        AssertHeading(xlsx, "Kết quả giải quyết thủ tục hành chính theo đơn vị", "Thành phố Hà Nội (mã 01)", headerRow: 7, source: "Hệ thống thông tin giải quyết thủ tục hành chính");
        Assert.Equal("Kỳ báo cáo: tháng 02/2030", xlsx.Text("A3"));
        Assert.Equal(["Mã đơn vị", "Đơn vị", "Hồ sơ tiếp nhận", "Tiếp nhận trực tuyến", "Đã giải quyết", "Giải quyết đúng, trước hạn", "Giải quyết quá hạn",
            "Đang giải quyết trong hạn", "Đang giải quyết quá hạn", "Tỷ lệ đúng hạn", "Tỷ lệ trực tuyến", "Tỷ lệ hài lòng", "Đơn vị có báo cáo"], xlsx.Row(7));
        Assert.Equal(listed.Count + 1, xlsx.LastRow() - 7);
        Assert.Equal(listed.Select(l => l.Unit.Code).Order(StringComparer.Ordinal), Enumerable.Range(8, listed.Count).Select(r => xlsx.Text($"A{r}")));
        var fullRow = xlsx.RowOf(full.Code);
        var fullStats = listed.Single(l => l.Unit.Code == full.Code);
        Assert.Equal([1200d, 900d, 1000d, 950d, 50d], CountColumns.Select(c => xlsx.Number($"{c}{fullRow}")));
        Assert.Equal(fullStats.OnTimeRate.Value, xlsx.Number($"J{fullRow}"), 9);
        Assert.Equal(fullStats.SatisfactionRate.Value, xlsx.Number($"L{fullRow}"), 9);
        Assert.Null(xlsx.Cell($"H{fullRow}"));
        // The ward that sent only received and resolved: no online count, no rates — not zeros.
        var partialRow = xlsx.RowOf(partial.Code);
        Assert.Equal(50d, xlsx.Number($"C{partialRow}"));
        Assert.Null(xlsx.Cell($"D{partialRow}"));
        Assert.Null(xlsx.Cell($"K{partialRow}"));
        var totalRow = xlsx.LastRow();
        Assert.Equal("Tổng cộng Thành phố Hà Nội", xlsx.Text($"B{totalRow}"));
        Assert.Equal([(double)total.Totals.Received, total.Totals.ReceivedOnline], CountColumns.Take(2).Select(c => xlsx.Number($"{c}{totalRow}")));
        Assert.Equal(total.OnlineShare.Value, xlsx.Number($"K{totalRow}"), 9);
        Assert.Equal(total.ReportingUnits, xlsx.Number($"M{totalRow}"));

        // The figures need their own scope besides the dialogues'.
        var secretary = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvokerFor(Fixture.Secretary));
        var refused = await Refused(StatusCode.PermissionDenied, () => secretary.ExportIndicatorsAsync(
            new ExportIndicatorsRequest { UnitCode = WorkbookFixture.Unit, Indicators = IndicatorExport.IdIssuance }).ResponseAsync);
        Assert.Equal("SCOPE_MISSING", Reason(refused));
    }

    [Fact]
    public async Task An_export_above_the_row_cap_is_refused_rather_than_built()
    {
        var ward = await WardAsync(3);
        var request = new RecordPastDialoguesRequest { RequestId = Guid.NewGuid().ToString() };
        request.Dialogues.AddRange(Enumerable.Range(0, WorkbookFixture.MaxRows + 1).Select(i => new PastDialogue
        {
            UnitCode = ward.Code, Kind = DialogueKind.AdHoc, Title = $"Đối thoại số {i + 1}", HeldOn = Day(2029, 1 + i % 12, 1 + i % 28),
            OpinionCounts = new OpinionCounts { Received = 1 },
        }));
        await _dialogues.RecordPastDialoguesAsync(request);

        var error = await Refused(StatusCode.FailedPrecondition, () => _documents.ExportDialoguesAsync(new ExportDialoguesRequest { UnitCode = ward.Code }).ResponseAsync);
        var within = (await _documents.ExportDialoguesAsync(new ExportDialoguesRequest { UnitCode = ward.Code, StartDate = Day(2029, 1, 1), EndDate = Day(2029, 6, 30) })).Document;

        Assert.Equal("EXPORT_TOO_LARGE", Reason(error));
        Assert.Contains("150", error.Status.Detail);
        using var xlsx = Xlsx.Open(within.Content.ToByteArray());
        Assert.InRange(xlsx.LastRow() - 7, 1, WorkbookFixture.MaxRows);
    }

    private static List<(string Field, string Code)> Codes(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => (v.Field, v.Reason)).ToList();
}
