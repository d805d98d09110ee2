using DanVan.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Dialogues;

public sealed class DialogueLifecycleTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task The_same_request_twice_makes_one_dialogue_and_a_reused_request_id_is_refused()
    {
        var request = Schedule("00004", At(2030, 3, 19, 8), venue: "Nhà văn hoá tổ dân phố 5");

        var first = (await _dialogues.ScheduleDialogueAsync(request)).Dialogue;
        var second = (await _dialogues.ScheduleDialogueAsync(request)).Dialogue;

        Assert.Equal(first.DialogueId, second.DialogueId);
        Assert.Equal((DialogueStatus.Scheduled, "Phường Ba Đình", 3), (first.Status, first.Unit.Name, first.CoChairs.Count));
        Assert.Equal(AgendaItemKind.Topic, first.Agenda.Single().Kind);
        var changed = request.Clone();
        changed.Title = "Another title";
        var error = await Refused(StatusCode.AlreadyExists, () => _dialogues.ScheduleDialogueAsync(changed).ResponseAsync);
        Assert.Equal("REQUEST_ID_REUSED", Reason(error));
    }

    [Fact]
    public async Task A_co_chair_or_venue_already_booked_is_refused()
    {
        await _dialogues.ScheduleDialogueAsync(Schedule("00070", At(2030, 3, 20, 8), venue: "Hội trường A"));

        var sameChairs = await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("00070", At(2030, 3, 20, 9), venue: "Hội trường B")).ResponseAsync);
        var otherUnitSameVenue = await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("00091", At(2030, 3, 20, 9), venue: "Hội trường A")).ResponseAsync);

        Assert.Equal("DOUBLE_BOOKED", Reason(sameChairs));
        Assert.Contains("00070:people-committee-chair", sameChairs.Status.Detail);
        Assert.Equal("DOUBLE_BOOKED", Reason(otherUnitSameVenue));
        await _dialogues.ScheduleDialogueAsync(Schedule("00070", At(2030, 3, 20, 14), venue: "Hội trường A"));
    }

    [Theory]
    [InlineData(2030, 4, 30, 8, "NOT_A_WORKING_DAY")]
    [InlineData(2030, 3, 23, 8, "NOT_A_WORKING_DAY")]
    [InlineData(2030, 3, 21, 8, "CITIZEN_RECEPTION_DAY")]
    [InlineData(2030, 3, 19, 12, "OUTSIDE_WORKING_HOURS")]
    [InlineData(2030, 3, 6, 8, "INSIDE_NOTICE_PERIOD")]
    [InlineData(2030, 3, 1, 8, "SLOT_IN_PAST")]
    public async Task A_slot_against_the_rules_is_a_failed_precondition_naming_the_rule(int year, int month, int day, int hour, string reason)
    {
        var error = await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("00103", At(year, month, day, hour))).ResponseAsync);

        Assert.Equal(reason, Reason(error));
    }

    [Fact]
    public async Task Rescheduling_keeps_the_chain_raises_the_sequence_and_needs_a_new_announcement()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00118", At(2030, 3, 25, 8)))).Dialogue;
        var announced = (await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId, "Loa phường, cổng TTĐT"))).Dialogue;

        var noReason = await Refused(StatusCode.InvalidArgument, () => _dialogues.RescheduleDialogueAsync(
            new RescheduleDialogueRequest { DialogueId = dialogue.DialogueId, StartTime = At(2030, 3, 27, 8) }).ResponseAsync);
        var intoPast = await Refused(StatusCode.FailedPrecondition, () => _dialogues.RescheduleDialogueAsync(
            new RescheduleDialogueRequest { DialogueId = dialogue.DialogueId, StartTime = At(2030, 3, 1, 8), Reason = "x" }).ResponseAsync);
        var moved = (await _dialogues.RescheduleDialogueAsync(new RescheduleDialogueRequest
        {
            DialogueId = dialogue.DialogueId, StartTime = At(2030, 3, 27, 14), Reason = "Trùng lịch họp HĐND",
        })).Dialogue;

        Assert.Equal(["reason"], Fields(noReason));
        Assert.Equal("SLOT_IN_PAST", Reason(intoPast));
        Assert.Equal(DialogueStatus.Scheduled, moved.Status);
        Assert.True(moved.Sequence > announced.Sequence && announced.Sequence > dialogue.Sequence);
        var earlier = moved.EarlierSlots.Single();
        Assert.Equal((At(2030, 3, 25, 8), "Trùng lịch họp HĐND"), (earlier.StartTime, earlier.Reason));
        Assert.Equal(At(2030, 3, 27, 14), moved.StartTime);
    }

    [Fact]
    public async Task A_cancelled_dialogue_cannot_be_announced_held_or_moved_and_cancelling_needs_a_reason()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00127", At(2030, 3, 26, 8)))).Dialogue;
        var noReason = await Refused(StatusCode.InvalidArgument,
            () => _dialogues.CancelDialogueAsync(new CancelDialogueRequest { DialogueId = dialogue.DialogueId }).ResponseAsync);
        var cancelled = (await _dialogues.CancelDialogueAsync(new CancelDialogueRequest { DialogueId = dialogue.DialogueId, Reason = "Bão số 3" })).Dialogue;

        var hold = await Refused(StatusCode.FailedPrecondition, () => _dialogues.RecordDialogueOutcomeAsync(
            new RecordDialogueOutcomeRequest { DialogueId = dialogue.DialogueId, HeldOn = new Google.Type.Date { Year = 2030, Month = 3, Day = 4 } }).ResponseAsync);
        var announce = await Refused(StatusCode.FailedPrecondition, () => _dialogues.AnnounceDialogueAsync(
            Announce(dialogue.DialogueId, "x")).ResponseAsync);

        Assert.Equal(["reason"], Fields(noReason));
        Assert.Equal((DialogueStatus.Cancelled, "Bão số 3"), (cancelled.Status, cancelled.CancelReason));
        Assert.Equal("DIALOGUE_CANCELLED", Reason(hold));
        Assert.Equal("DIALOGUE_CANCELLED", Reason(announce));
        // Its slot is free again.
        await _dialogues.ScheduleDialogueAsync(Schedule("00127", At(2030, 3, 26, 8)));
    }

    [Fact]
    public async Task Bad_requests_list_every_field_and_unknown_things_are_not_found()
    {
        var schedule = await Refused(StatusCode.InvalidArgument, () => _dialogues.ScheduleDialogueAsync(new ScheduleDialogueRequest
        {
            UnitCode = "12x", Title = "", Duration = Duration.FromTimeSpan(TimeSpan.FromHours(-1)),
        }).ResponseAsync);
        var list = await Refused(StatusCode.InvalidArgument, () => _dialogues.ListDialoguesAsync(new ListDialoguesRequest
        {
            UnitCode = "01",
            StartDate = new Google.Type.Date { Year = 2030, Month = 5, Day = 1 },
            EndDate = new Google.Type.Date { Year = 2030, Month = 4, Day = 1 },
            PageToken = "not-a-token",
            PageSize = -1,
        }).ResponseAsync);
        var unknownUnit = await Refused(StatusCode.NotFound, () => _dialogues.ScheduleDialogueAsync(Schedule("99999", At(2030, 3, 19, 8))).ResponseAsync);
        var unknownDialogue = await Refused(StatusCode.NotFound,
            () => _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = Guid.NewGuid().ToString() }).ResponseAsync);
        var badId = await Refused(StatusCode.InvalidArgument, () => _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = "42" }).ResponseAsync);

        Assert.Equal(["unit_code", "kind", "title", "start_time", "duration"], Fields(schedule));
        Assert.Equal(["end_date", "page_size", "page_token"], Fields(list));
        Assert.Equal("ADMIN_UNIT_NOT_FOUND", Reason(unknownUnit));
        Assert.Equal("DIALOGUE_NOT_FOUND", Reason(unknownDialogue));
        Assert.Equal(["dialogue_id"], Fields(badId));
    }

    [Fact]
    public async Task New_opinions_are_recorded_with_their_status_in_the_outcome_and_a_status_not_allowed_at_recording_is_refused_with_nothing_written()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00127", await FreeSlotAsync(Fixture.Host, "00127")))).Dialogue;
        await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId, "Loa truyền thanh xã"));
        Fixture.Clock.Set(dialogue.EndTime.ToDateTimeOffset());
        var day = dialogue.StartTime.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7));
        RecordDialogueOutcomeRequest Outcome(params NewOpinion[] opinions)
        {
            var request = new RecordDialogueOutcomeRequest { DialogueId = dialogue.DialogueId, HeldOn = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day } };
            request.Opinions.AddRange(opinions);
            return request;
        }

        static NewOpinion Raised(OpinionStatus status, string agency = "") => new() { Topic = "Đất đai", Content = $"Ý kiến {status}", ResponsibleAgency = agency, Status = status };

        var refused = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordDialogueOutcomeAsync(Outcome(
            Raised(OpinionStatus.NotAccepted), Raised(OpinionStatus.AnsweredAtMeeting), Raised(OpinionStatus.InProgress, "Phòng Kinh tế"),
            Raised(OpinionStatus.Assigned), Raised((OpinionStatus)42), Raised(OpinionStatus.Transferred, "Tòa án nhân dân khu vực"))).ResponseAsync);

        Assert.Equal(
            ["opinions[0].status:OPINION_STATUS_NOT_RECORDABLE", "opinions[1].status:OPINION_STATUS_NOT_RECORDABLE", "opinions[2].status:OPINION_STATUS_NOT_RECORDABLE",
                "opinions[3].responsible_agency:OPINION_NEEDS_AGENCY", "opinions[4].status:CHOICE_UNKNOWN"],
            refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(v => $"{v.Field}:{v.Reason}"));
        var untouched = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogue.DialogueId })).Dialogue;
        Assert.Equal((DialogueStatus.Announced, 0), (untouched.Status, untouched.Opinions.Count));

        var held = (await _dialogues.RecordDialogueOutcomeAsync(Outcome(
            Raised(OpinionStatus.Unspecified), Raised(OpinionStatus.Unspecified, "Phòng Kinh tế"), Raised(OpinionStatus.Received, "Phòng Kinh tế"),
            Raised(OpinionStatus.Assigned, "Phòng Kinh tế"), Raised(OpinionStatus.Transferred, "Tòa án nhân dân khu vực")))).Dialogue;

        Assert.Equal(DialogueStatus.Held, held.Status);
        Assert.Equal([OpinionStatus.Received, OpinionStatus.Assigned, OpinionStatus.Received, OpinionStatus.Assigned, OpinionStatus.Transferred], held.Opinions.Select(o => o.Status));
        Assert.Equal("Tòa án nhân dân khu vực", held.Opinions[4].ResponsibleAgency);
    }

    [Fact]
    public async Task A_required_date_sent_as_all_zeros_is_reported_missing()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00127", At(2030, 3, 27, 8)))).Dialogue;

        var outcome = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordDialogueOutcomeAsync(
            new RecordDialogueOutcomeRequest { DialogueId = dialogue.DialogueId, HeldOn = new Google.Type.Date() }).ResponseAsync);
        var petition = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordPetitionAsync(new RecordPetitionRequest
        {
            RequestId = "zero-date", UnitCode = "00127", ReceivedOn = new Google.Type.Date(), Subject = "Đường liên thôn", Signatures = 10, RegisteredVoters = 100,
        }).ResponseAsync);

        Assert.Equal(["held_on"], Fields(outcome));
        Assert.Equal(["received_on"], Fields(petition));
    }

    [Fact]
    public async Task Listing_pages_through_a_subtree_in_time_order_and_a_token_only_serves_its_own_query()
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var communes = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "04", Level = AdminLevel.Commune, PageSize = 3 })).Units.Select(u => u.Code).ToList();
        foreach (var (code, i) in communes.Select((c, i) => (c, i)))
        {
            await _dialogues.ScheduleDialogueAsync(Schedule(code, At(2030, 6, 10 + i, 8)));
            await _dialogues.ScheduleDialogueAsync(Schedule(code, At(2030, 6, 10 + i, 14)));
        }

        var request = new ListDialoguesRequest
        {
            UnitCode = "04", IncludeDescendants = true, PageSize = 4,
            StartDate = new Google.Type.Date { Year = 2030, Month = 6, Day = 10 }, EndDate = new Google.Type.Date { Year = 2030, Month = 6, Day = 12 },
        };
        var first = await _dialogues.ListDialoguesAsync(request);
        var second = await _dialogues.ListDialoguesAsync(new ListDialoguesRequest(request) { PageToken = first.NextPageToken });
        var misuse = await Refused(StatusCode.InvalidArgument, () => _dialogues.ListDialoguesAsync(
            new ListDialoguesRequest(request) { PageToken = first.NextPageToken, UnitCode = communes[0] }).ResponseAsync);
        var ownOnly = await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = communes[0] });

        var all = first.Dialogues.Concat(second.Dialogues).ToList();
        Assert.Equal((4, 2, ""), (first.Dialogues.Count, second.Dialogues.Count, second.NextPageToken));
        Assert.Equal(all.Select(d => d.StartTime.ToDateTimeOffset()).Order(), all.Select(d => d.StartTime.ToDateTimeOffset()));
        Assert.Equal(["page_token"], Fields(misuse));
        Assert.Equal(2, ownOnly.Dialogues.Count);
    }
}
