using DanVan.Adapters.Errors;
using DanVan.Contracts.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Documents;

/// <summary>
/// The past-dialogues workbook: the template the hub publishes, filled as an office fills it (dates typed
/// as dates or as text, codes that Excel turned into numbers) and imported through the checks of
/// RecordPastDialogues.
/// </summary>
public sealed class PastDialogueWorkbookTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private static readonly string[] Headers =
    [
        "STT", "Ngày tổ chức", "Cấp", "Mã đơn vị", "Tên đơn vị", "Loại (định kỳ/đột xuất)", "Tên hội nghị", "Chủ trì", "Địa điểm",
        "Số ý kiến tiếp nhận", "Đã trả lời tại hội nghị", "Đã giải quyết", "Còn tồn", "Ghi chú",
    ];

    private readonly DocumentService.DocumentServiceClient _documents = new(fixture.Host.CallInvoker);
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly AdminUnitService.AdminUnitServiceClient _units = new(fixture.Host.CallInvoker);

    private async Task<Xlsx> TemplateAsync() =>
        Xlsx.Open((await _documents.GetPastDialogueTemplateAsync(new GetPastDialogueTemplateRequest { UnitCode = "01" })).Document.Content.ToByteArray(), editable: true);

    private async Task<IReadOnlyList<AdminUnit>> CommunesAsync(string districtCode, int year) =>
        (await _units.ListUnitsAsync(new ListUnitsRequest { ParentCode = districtCode, Level = AdminLevel.Commune, AsOf = Day(year, 12, 31), PageSize = 100 })).Units;

    [Fact]
    public async Task The_template_has_the_vietnamese_columns_frozen_under_the_heading_and_a_sheet_of_instructions()
    {
        var document = (await _documents.GetPastDialogueTemplateAsync(new GetPastDialogueTemplateRequest { UnitCode = "01" })).Document;

        Assert.Equal("mau-doi-thoai-da-to-chuc-01.xlsx", document.FileName);
        using var xlsx = Xlsx.Open(document.Content.ToByteArray());
        Assert.Equal(["Hội nghị đã tổ chức", "Hướng dẫn"], xlsx.SheetNames);
        Assert.Equal("Danh sách hội nghị đối thoại đã tổ chức", xlsx.Text("A1"));
        Assert.Equal("Đơn vị: Thành phố Hà Nội (mã 01) và các đơn vị trực thuộc, như vào ngày tổ chức", xlsx.Text("A2"));
        Assert.Equal("Thời điểm trích xuất: 09:00 ngày 04/03/2030", xlsx.Text("A5"));
        Assert.Equal(Headers, xlsx.Row(7));
        Assert.Equal(7, xlsx.FrozenRows());
        Assert.Equal(7, xlsx.LastRow());
        Assert.Equal(Headers, Enumerable.Range(8, Headers.Length).Select(r => xlsx.Text($"A{r}", sheet: 1)));
        Assert.StartsWith("Bắt buộc.", xlsx.Text("B9", sheet: 1));
        Assert.NotNull(xlsx.Column(4)!.Style); // the unit code column is text, so typed codes keep their zeros
    }

    [Fact]
    public async Task The_Soc_Son_archive_filled_into_the_template_gives_the_published_figures_and_the_same_list()
    {
        // "Since 2021 Sóc Sơn district held 81 periodic dialogues: 78 at commune level with 1,009
        // opinions and 3 at district level with 100 opinions", one row a dialogue, as the archive kept them.
        using var xlsx = await TemplateAsync();
        for (var i = 0; i < 78; i++)
        {
            var heldOn = new DateOnly(2021 + i % 4, 3 + i % 9, 5 + i % 20);
            var communes = await CommunesAsync("016", heldOn.Year);
            var commune = communes[i % communes.Count];
            var received = i < 73 ? 13 : 12;
            // Some dates typed as text, some codes turned into numbers by Excel.
            xlsx.AppendRow(i + 1, i % 3 == 0 ? heldOn.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : heldOn, "Cấp xã",
                i % 4 == 0 ? int.Parse(commune.Code, System.Globalization.CultureInfo.InvariantCulture) : commune.Code, commune.Name, "Định kỳ", null,
                "Chủ tịch UBND xã", null, received, received / 2, 1, 1, "Theo biên bản lưu tại xã");
        }

        xlsx.AppendRow(79, new DateOnly(2021, 11, 18), "Cấp huyện", "016", "Huyện Sóc Sơn", "định kỳ", "Đối thoại năm 2021", null, null, 34, null, 30, null, null);
        xlsx.AppendRow(80, new DateOnly(2022, 12, 6), "Cấp huyện", 16, "Huyện Sóc Sơn", "định kỳ", null, null, null, 33, null, 33, null, null);
        xlsx.AppendRow(81, new DateOnly(2024, 10, 15), "Cấp huyện", "016", "Huyện Sóc Sơn", "định kỳ", null, null, null, 33, 10, 20, 3, null);
        var request = new ImportPastDialoguesRequest { RequestId = Guid.NewGuid().ToString(), UnitCode = "01", Content = ByteString.CopyFrom(xlsx.Save()) };

        var imported = await _documents.ImportPastDialoguesAsync(request);
        var again = await _documents.ImportPastDialoguesAsync(request);
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "016", StartDate = Day(2021, 1, 1), EndDate = Day(2025, 6, 30), AsOf = Day(2024, 12, 31),
        });
        var listed = await _dialogues.ListDialoguesAsync(new ListDialoguesRequest
        {
            UnitCode = "01", IncludeDescendants = true, StartDate = Day(2021, 1, 1), EndDate = Day(2025, 6, 30), PageSize = 1000,
        });

        Assert.Equal(81, imported.DialogueIds.Distinct().Count());
        Assert.Equal(imported.DialogueIds, again.DialogueIds);
        Assert.Equal((81, 0, 1109), (summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived));
        Assert.Equal([(AdminLevel.District, 3, 100), (AdminLevel.Commune, 78, 1009)], summary.Levels.Select(l => (l.Level, l.PeriodicHeld, l.OpinionsReceived)));
        Assert.Equal((78, 1009), (summary.Children.Sum(c => c.PeriodicHeld), summary.Children.Sum(c => c.OpinionsReceived)));
        Assert.Equal(imported.DialogueIds.Order(), listed.Dialogues.Select(d => d.DialogueId).Order());
        Assert.Equal(summary.PeriodicHeld, listed.Dialogues.Count(d => d.Kind == DialogueKind.Periodic && d.Status == DialogueStatus.Closed));
        var first = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = imported.DialogueIds[78] })).Dialogue;
        Assert.Equal(("Đối thoại năm 2021", "016"), (first.Title, first.Unit.Code));
        Assert.Equal("Hội nghị đối thoại định kỳ", (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = imported.DialogueIds[79] })).Dialogue.Title);
    }

    [Fact]
    public async Task A_filled_template_with_bad_rows_records_nothing_and_names_each_row_with_its_code()
    {
        var communes = await CommunesAsync("016", 2023);
        // The class's other tests record Sóc Sơn's archive, so "nothing recorded" is measured against what was there before.
        var before = await HeldIn2023Async(communes[0].Code);
        using var xlsx = await TemplateAsync();
        xlsx.AppendRow(1, new DateOnly(2023, 5, 4), "Cấp xã", communes[0].Code, null, "định kỳ", null, null, null, 5, 2, 2, 1, null);   // good: row 8
        xlsx.AppendRow(2, new DateOnly(2031, 5, 4), "Cấp xã", communes[0].Code, null, "định kỳ", null, null, null, null, null, null, null, null); // row 9: in the future
        xlsx.AppendRow(3, new DateOnly(2023, 5, 4), "Cấp huyện", "999", null, "định kỳ", null, null, null, null, null, null, null, null);          // row 10: no such unit
        xlsx.AppendRow(4, new DateOnly(2023, 5, 4), "Cấp xã", communes[1].Code, null, "thường kỳ", null, null, null, 3, 2, 2, 0, null);       // row 11: kind, counts
        xlsx.AppendRow(5, "31/02/2023", "Cấp xã", communes[1].Code, null, "đột xuất", null, null, null, "nhiều", null, null, null, null);      // row 12: date, number
        xlsx.AppendRow(6, null, "Cấp xã", communes[1].Code, null, null, null, null, null, null, null, null, null, null);                        // row 13: nothing given
        var content = ByteString.CopyFrom(xlsx.Save());

        var cells = await Refused(StatusCode.InvalidArgument, () => _documents.ImportPastDialoguesAsync(new ImportPastDialoguesRequest { UnitCode = "01", Content = content }).ResponseAsync);

        Assert.Equal(
        [
            ("rows[11].kind", ViolationCodes.ChoiceUnknown),
            ("rows[12].held_on", ViolationCodes.DateInvalid),
            ("rows[12].opinion_counts.received", ViolationCodes.NumberInvalid),
        ], Codes(cells));

        // With the cells that do not read put right, the checks of RecordPastDialogues name the other rows.
        using var fixedCells = Xlsx.Open(content.ToByteArray(), editable: true);
        fixedCells.SetText("F11", "định kỳ");
        fixedCells.SetText("B12", "01/03/2023");
        fixedCells.SetText("J12", "4");
        var rules = await Refused(StatusCode.InvalidArgument, () => _documents.ImportPastDialoguesAsync(
            new ImportPastDialoguesRequest { UnitCode = "01", Content = ByteString.CopyFrom(fixedCells.Save()) }).ResponseAsync);
        Assert.Equal(
        [
            ("rows[11].opinion_counts", ViolationCodes.OpinionCountsExceedReceived),
            ("rows[13].kind", ViolationCodes.ChoiceRequired),
            ("rows[13].held_on", ViolationCodes.DateRequired),
        ], Codes(rules));

        using var checkedRows = Xlsx.Open(content.ToByteArray(), editable: true);
        checkedRows.SetText("F11", "định kỳ");
        checkedRows.SetText("M11", "");
        checkedRows.SetText("K11", "1");
        checkedRows.SetText("B12", "01/03/2023");
        checkedRows.SetText("J12", "4");
        checkedRows.SetText("F13", "đột xuất");
        checkedRows.SetText("B13", "02/03/2023");
        var domain = await Refused(StatusCode.InvalidArgument, () => _documents.ImportPastDialoguesAsync(
            new ImportPastDialoguesRequest { UnitCode = "01", Content = ByteString.CopyFrom(checkedRows.Save()) }).ResponseAsync);
        Assert.Equal(
        [
            ("rows[9].held_on", ViolationCodes.HeldOnInFuture),
            ("rows[10].unit_code", ViolationCodes.UnitNotValidOnDate),
        ], Codes(domain));

        Assert.Equal(before, await HeldIn2023Async(communes[0].Code));
    }

    private async Task<(int Dialogues, int Opinions)> HeldIn2023Async(string unitCode)
    {
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = unitCode, StartDate = Day(2023, 1, 1), EndDate = Day(2023, 12, 31), AsOf = Day(2023, 12, 31),
        });
        return (summary.PeriodicHeld + summary.AdHocHeld, summary.OpinionsReceived);
    }

    [Fact]
    public async Task A_secretary_imports_only_dialogues_of_their_own_subtree()
    {
        var communes = await CommunesAsync("016", 2023);
        var secretary = await Fixture.Host.CreateClientAsync("secretary-ba-dinh-past", Hub.Security.ClientKind.Secretary, ["dialogues:write"], "00004");
        var documents = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvokerFor(secretary));
        using var xlsx = await TemplateAsync();
        xlsx.AppendRow(1, new DateOnly(2023, 5, 4), "Cấp xã", communes[0].Code, null, "định kỳ", null, null, null, 5, 2, 2, 1, null);
        var content = ByteString.CopyFrom(xlsx.Save());

        var province = await Refused(StatusCode.PermissionDenied, () => documents.ImportPastDialoguesAsync(new ImportPastDialoguesRequest { UnitCode = "01", Content = content }).ResponseAsync);
        var rows = await Refused(StatusCode.InvalidArgument, () => documents.ImportPastDialoguesAsync(new ImportPastDialoguesRequest { UnitCode = "00004", Content = content }).ResponseAsync);

        Assert.Equal("OUTSIDE_UNIT", Reason(province));
        Assert.Equal([("rows[8].unit_code", ViolationCodes.DialogueOutsideUnit)], Codes(rows));
    }

    [Fact]
    public async Task The_import_past_dialogues_command_records_a_filled_template_once_and_prints_each_bad_row()
    {
        // Ba Vì district in 2020: no other test of the class records there, or then.
        var communes = await CommunesAsync("271", 2020);
        using var xlsx = await TemplateAsync();
        xlsx.AppendRow(1, new DateOnly(2020, 8, 9), "Cấp xã", communes[0].Code, communes[0].Name, "định kỳ", null, null, null, 14, 6, 5, 3, null);
        xlsx.AppendRow(2, new DateOnly(2020, 9, 13), "Cấp xã", communes[1].Code, communes[1].Name, "đột xuất", null, null, null, 4, 4, 0, 0, null);
        var folder = Directory.CreateTempSubdirectory("danvan-past-").FullName;
        var file = Path.Combine(folder, "ba-vi-2020.xlsx");
        await System.IO.File.WriteAllBytesAsync(file, xlsx.Save());
        using var bad = await TemplateAsync();
        bad.AppendRow(1, new DateOnly(2020, 8, 9), "Cấp xã", communes[0].Code, null, "định kỳ", null, null, null, 2, 3, 0, 0, null);
        var badFile = Path.Combine(folder, "ba-vi-bad.xlsx");
        await System.IO.File.WriteAllBytesAsync(badFile, bad.Save());

        var first = await HubCommand.RunAsync(Fixture.ConnectionString, "import-past-dialogues", file);
        var again = await HubCommand.RunAsync(Fixture.ConnectionString, "import-past-dialogues", file);
        var refused = await HubCommand.RunAsync(Fixture.ConnectionString, "import-past-dialogues", badFile);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal("2 past dialogues recorded (request id ba-vi-2020.xlsx)", first.Lines[^1]);
        Assert.Equal(first.Lines[^1], again.Lines[^1]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("rows[8].opinion_counts: OPINION_COUNTS_EXCEED_RECEIVED", refused.Error);
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "271", StartDate = Day(2020, 1, 1), EndDate = Day(2020, 12, 31), AsOf = Day(2020, 12, 31),
        });
        Assert.Equal((1, 1, 18, 15), (summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved));
    }

    private static List<(string Field, string Code)> Codes(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => (v.Field, v.Reason)).ToList();
}
