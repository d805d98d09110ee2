using DanVan.Adapters.Errors;
using DanVan.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Rpc;

/// <summary>
/// A bad request's error lists every field violation with its stable code in the violation's
/// <c>reason</c>, which a client translates next to the field; the English description stays beside it.
/// </summary>
public sealed class ViolationCodeTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly AdminUnitService.AdminUnitServiceClient _units = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_schedule_request_with_several_mistakes_lists_each_field_with_its_code()
    {
        var request = new ScheduleDialogueRequest
        {
            UnitCode = "",
            Kind = (DialogueKind)9,
            Title = " ",
            Duration = Duration.FromTimeSpan(TimeSpan.FromHours(9)),
            Venue = new string('v', 301),
        };
        request.CoChairs.AddRange(Enumerable.Range(0, 51).Select(i => $"00004:chair-{i}"));

        var error = await Refused(StatusCode.InvalidArgument, () => _dialogues.ScheduleDialogueAsync(request).ResponseAsync);

        Assert.Equal("INVALID_ARGUMENT", Reason(error));
        Assert.Equal(
        [
            ("unit_code", ViolationCodes.UnitCodeRequired),
            ("kind", ViolationCodes.ChoiceUnknown),
            ("title", ViolationCodes.TextRequired),
            ("start_time", ViolationCodes.TimeRequired),
            ("duration", ViolationCodes.DurationOutOfRange),
            ("venue", ViolationCodes.TextTooLong),
            ("co_chairs", ViolationCodes.TooManyEntries),
        ], Codes(error));
        Assert.All(Violations(error), v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }

    [Fact]
    public async Task A_petition_with_impossible_figures_names_each_rule_broken()
    {
        var error = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordPetitionAsync(new RecordPetitionRequest
        {
            UnitCode = "0004", ReceivedOn = new Google.Type.Date { Year = 2030, Month = 2, Day = 30 }, Signatures = 0, RegisteredVoters = 0,
        }).ResponseAsync);
        var tooMany = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordPetitionAsync(new RecordPetitionRequest
        {
            RequestId = "petition-1", UnitCode = "00004", ReceivedOn = new Google.Type.Date { Year = 2030, Month = 3, Day = 1 },
            Subject = "Đường liên thôn", Signatures = 120, RegisteredVoters = 100,
        }).ResponseAsync);

        Assert.Equal(
        [
            ("request_id", ViolationCodes.TextRequired),
            ("unit_code", ViolationCodes.UnitCodeMalformed),
            ("received_on", ViolationCodes.DateInvalid),
            ("subject", ViolationCodes.TextRequired),
            ("signatures", ViolationCodes.ValueBelowMinimum),
            ("registered_voters", ViolationCodes.ValueBelowMinimum),
        ], Codes(error));
        Assert.Equal([("signatures", ViolationCodes.SignaturesExceedVoters)], Codes(tooMany));
    }

    [Fact]
    public async Task A_domain_rule_on_a_field_carries_its_code_too()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 3, 19, 8)))).Dialogue;
        await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId, "Loa phường"));

        var error = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordDialogueOutcomeAsync(new RecordDialogueOutcomeRequest
        {
            DialogueId = dialogue.DialogueId, HeldOn = new Google.Type.Date { Year = 2030, Month = 3, Day = 18 },
        }).ResponseAsync);

        Assert.Equal([("held_on", ViolationCodes.HeldOnBeforeSlot)], Codes(error));
    }

    [Fact]
    public async Task A_unit_listing_with_several_mistakes_lists_each_field_with_its_code()
    {
        var error = await Refused(StatusCode.InvalidArgument, () => _units.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = "0x", Level = (AdminLevel)7, Query = new string('q', 201), PageSize = -1, PageToken = "not-a-token",
        }).ResponseAsync);
        var levelAbove = await Refused(StatusCode.InvalidArgument,
            () => _units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "04", Level = AdminLevel.Province }).ResponseAsync);

        Assert.Equal(
        [
            ("parent_code", ViolationCodes.UnitCodeMalformed),
            ("level", ViolationCodes.ChoiceUnknown),
            ("query", ViolationCodes.TextTooLong),
            ("page_size", ViolationCodes.ValueNegative),
            ("page_token", ViolationCodes.PageTokenInvalid),
        ], Codes(error));
        Assert.Equal([("level", ViolationCodes.LevelNotBelowParent)], Codes(levelAbove));
    }

    [Fact]
    public async Task A_summary_of_the_whole_country_by_former_units_is_refused_with_every_other_mistake()
    {
        var error = await Refused(StatusCode.InvalidArgument, () => _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            StartDate = new Google.Type.Date { Year = 2030, Month = 3, Day = 10 }, EndDate = new Google.Type.Date { Year = 2030, Month = 3, Day = 1 },
            ByFormerUnits = true,
        }).ResponseAsync);
        var malformed = await Refused(StatusCode.InvalidArgument, () => _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "0x", ByFormerUnits = true,
        }).ResponseAsync);

        Assert.Equal([("end_date", ViolationCodes.EndBeforeStart), ("by_former_units", ViolationCodes.FormerUnitsOfCountry)], Codes(error));
        Assert.Equal([("unit_code", ViolationCodes.UnitCodeMalformed)], Codes(malformed));
        Assert.Contains(ViolationCodes.FormerUnitsOfCountry, ViolationCodes.All);
    }

    [Fact]
    public async Task Indicator_queries_and_imports_give_codes_the_same_way()
    {
        var stats = new ProcedureStatsService.ProcedureStatsServiceClient(Fixture.Host.CallInvoker);
        var import = new ImportService.ImportServiceClient(Fixture.Host.CallInvoker);

        var range = await Refused(StatusCode.InvalidArgument, () => stats.GetProcedureStatsAsync(new GetProcedureStatsRequest
        {
            FromMonth = new Google.Type.Date { Year = 2030, Month = 1, Day = 15 },
        }).ResponseAsync);
        var reversed = await Refused(StatusCode.InvalidArgument, () => stats.ListProcedureStatsAsync(new ListProcedureStatsRequest
        {
            ParentCode = "04", FromMonth = new Google.Type.Date { Year = 2030, Month = 2 }, ToMonth = new Google.Type.Date { Year = 2030, Month = 1 },
            OrderBy = (ProcedureStatsOrder)42,
        }).ResponseAsync);
        var file = await Refused(StatusCode.InvalidArgument,
            () => import.ImportFileAsync(new ImportFileRequest { Format = "fax", BatchId = "two words", Content = ByteString.Empty }).ResponseAsync);

        Assert.Equal(
        [
            ("unit_code", ViolationCodes.UnitCodeRequired),
            ("from_month", ViolationCodes.MonthInvalid),
            ("to_month", ViolationCodes.DateRequired),
        ], Codes(range));
        Assert.Equal([("to_month", ViolationCodes.EndBeforeStart), ("order_by", ViolationCodes.ChoiceUnknown)], Codes(reversed));
        Assert.Equal(
        [
            ("format", ViolationCodes.ChoiceUnknown),
            ("content", ViolationCodes.ContentEmpty),
            ("batch_id", ViolationCodes.BatchIdMalformed),
        ], Codes(file));
    }

    [Fact]
    public async Task A_text_the_database_cannot_store_is_refused_with_its_code_before_any_service_runs()
    {
        var request = Schedule("00004", At(2030, 3, 19, 14));
        request.Title = "Đối thoại\0";

        var error = await Refused(StatusCode.InvalidArgument, () => _dialogues.ScheduleDialogueAsync(request).ResponseAsync);

        Assert.Equal([("title", ViolationCodes.TextHasNul)], Codes(error));
    }

    [Fact]
    public void The_catalogue_lists_each_code_once_in_upper_snake_case()
    {
        Assert.NotEmpty(ViolationCodes.All);
        Assert.Equal(ViolationCodes.All.Count, ViolationCodes.All.Distinct().Count());
        Assert.All(ViolationCodes.All, code => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", code));
        Assert.Contains(ViolationCodes.UnitCodeRequired, ViolationCodes.All);
    }

    private static Google.Protobuf.Collections.RepeatedField<BadRequest.Types.FieldViolation> Violations(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;

    private static List<(string Field, string Code)> Codes(RpcException error) =>
        Violations(error).Select(v => (v.Field, v.Reason)).ToList();
}
