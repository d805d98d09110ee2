using DanVan.Adapters.Errors;
using DanVan.Contracts.V1;
using DanVan.Hub.Web.Calendar;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using Domain = DanVan.Scheduler.Dialogues;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// The dialogue rules as the texts write them, through the RPCs, on the hub's clock (Monday 4 March
/// 2030): the announcement's four items and channels, the form and sessions by village cluster, the
/// outcome's actual times, chair and secretary, the results' channels, and the reception days of the
/// People's Committee chairs and Party secretaries, set per unit against the minimums of Conclusion 215-KL/TW.
/// </summary>
public sealed class RulesAsWrittenTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly CalendarService.CalendarServiceClient _calendar = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task An_announcement_without_its_channels_time_place_content_and_how_to_take_part_is_refused_item_by_item()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 3, 19, 8)))).Dialogue;

        // What an older client sends: the text alone.
        var textOnly = await Refused(StatusCode.InvalidArgument, () => _dialogues.AnnounceDialogueAsync(
            new AnnounceDialogueRequest { DialogueId = dialogue.DialogueId, Announcement = "Loa truyền thanh phường" }).ResponseAsync);
        var twice = await Refused(StatusCode.InvalidArgument, () => _dialogues.AnnounceDialogueAsync(
            new AnnounceDialogueRequest(Announce(dialogue.DialogueId)) { Channels = { AnnouncementChannel.Loudspeaker } }).ResponseAsync);
        var announced = (await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId, "Thông báo số 12"))).Dialogue;

        Assert.Equal(
        [
            ("channels", ViolationCodes.AnnouncementChannelsRequired),
            ("time", ViolationCodes.AnnouncementTimeRequired),
            ("place", ViolationCodes.AnnouncementPlaceRequired),
            ("content", ViolationCodes.AnnouncementContentRequired),
            ("how_to_take_part", ViolationCodes.AnnouncementParticipationRequired),
        ], Codes(textOnly));
        Assert.Equal([("channels[2]", ViolationCodes.ChannelGivenTwice)], Codes(twice));
        Assert.Equal(DialogueStatus.Announced, announced.Status);
        Assert.Equal("Thông báo số 12", announced.Announcement);
        Assert.Equal([AnnouncementChannel.Loudspeaker, AnnouncementChannel.Portal], announced.AnnouncementDetails.Channels);
        Assert.Equal(("Hội trường UBND", "Tiến độ giải phóng mặt bằng"), (announced.AnnouncementDetails.Place, announced.AnnouncementDetails.Content));
        Assert.Equal(announced.AnnouncementDetails, (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogue.DialogueId })).Dialogue.AnnouncementDetails);
    }

    [Fact]
    public async Task A_dialogue_in_sessions_by_village_cluster_keeps_its_form_and_sessions_which_move_with_it()
    {
        var request = Schedule("00070", At(2030, 3, 19, 8));
        request.Form = DialogueForm.Online;
        request.Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(3));
        request.Sessions.Add(new DialogueSession { Cluster = "Cụm 2", Villages = { "Tổ dân phố 4", "Tổ dân phố 5" }, StartTime = At(2030, 3, 19, 9, 30), EndTime = At(2030, 3, 19, 11), Venue = "Nhà văn hoá tổ 5" });
        request.Sessions.Add(new DialogueSession { Cluster = "Cụm 1", Villages = { "Tổ dân phố 1" }, StartTime = At(2030, 3, 19, 8), EndTime = At(2030, 3, 19, 9, 30), Venue = "Nhà văn hoá tổ 1" });
        var outside = new ScheduleDialogueRequest(request) { RequestId = Guid.NewGuid().ToString(), StartTime = At(2030, 3, 20, 8) };
        var backwards = new ScheduleDialogueRequest(request) { RequestId = Guid.NewGuid().ToString() };
        backwards.Sessions[0].EndTime = At(2030, 3, 19, 9);

        var dialogue = (await _dialogues.ScheduleDialogueAsync(request)).Dialogue;
        var outsideError = await Refused(StatusCode.InvalidArgument, () => _dialogues.ScheduleDialogueAsync(outside).ResponseAsync);
        var backwardsError = await Refused(StatusCode.InvalidArgument, () => _dialogues.ScheduleDialogueAsync(backwards).ResponseAsync);
        var moved = (await _dialogues.RescheduleDialogueAsync(new RescheduleDialogueRequest
        {
            DialogueId = dialogue.DialogueId, StartTime = At(2030, 3, 26, 13, 30), Reason = "Trùng lịch họp",
        })).Dialogue;

        Assert.Equal(DialogueForm.Online, dialogue.Form);
        Assert.Equal(["Cụm 1", "Cụm 2"], dialogue.Sessions.Select(s => s.Cluster));
        Assert.Equal(["Tổ dân phố 4", "Tổ dân phố 5"], dialogue.Sessions[1].Villages);
        Assert.Equal([("sessions[0]", ViolationCodes.SessionOutsideDialogue), ("sessions[1]", ViolationCodes.SessionOutsideDialogue)], Codes(outsideError));
        Assert.Equal([("sessions[0].end_time", ViolationCodes.EndBeforeStart)], Codes(backwardsError));
        Assert.Equal([(At(2030, 3, 26, 13, 30), At(2030, 3, 26, 15)), (At(2030, 3, 26, 15), At(2030, 3, 26, 16, 30))],
            moved.Sessions.Select(s => (s.StartTime, s.EndTime)));
        Assert.Equal(DialogueForm.InPerson, (await _dialogues.ScheduleDialogueAsync(Schedule("00070", At(2030, 3, 29, 8)))).Dialogue.Form);
    }

    [Fact]
    public async Task The_outcome_records_the_actual_times_the_presiding_chair_and_the_secretary_and_the_results_their_channels()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00091", At(2030, 3, 19, 8)))).Dialogue;
        await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId));
        Fixture.Clock.Set(new DateTimeOffset(2030, 3, 20, 17, 0, 0, TimeSpan.FromHours(7)));
        var outcome = new RecordDialogueOutcomeRequest
        {
            DialogueId = dialogue.DialogueId, HeldOn = Day(2030, 3, 20),
            ActualStartTime = At(2030, 3, 20, 8, 10), ActualEndTime = At(2030, 3, 20, 10, 40),
            PresidingChair = "00091:people-committee-chair", MinutesSecretary = "Nguyễn Thị Lan, công chức Văn phòng - Thống kê",
        };
        var notThatDay = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordDialogueOutcomeAsync(
            new RecordDialogueOutcomeRequest(outcome) { ActualStartTime = At(2030, 3, 19, 8), ActualEndTime = At(2030, 3, 19, 7) }).ResponseAsync);

        var held = (await _dialogues.RecordDialogueOutcomeAsync(outcome)).Dialogue;
        var published = (await _dialogues.PublishDialogueResultsAsync(new PublishDialogueResultsRequest
        {
            DialogueId = dialogue.DialogueId, Results = "Đã trả lời 5 ý kiến.", Channels = { ResultsChannel.PostedAtOffice, ResultsChannel.VillageHeads },
        })).Dialogue;

        Assert.Equal([("actual_start_time", ViolationCodes.ActualStartNotOnHeldDay), ("actual_end_time", ViolationCodes.EndBeforeStart)], Codes(notThatDay));
        Assert.Equal((At(2030, 3, 20, 8, 10), At(2030, 3, 20, 10, 40)), (held.Outcome.ActualStartTime, held.Outcome.ActualEndTime));
        Assert.Equal(("00091:people-committee-chair", "Nguyễn Thị Lan, công chức Văn phòng - Thống kê"), (held.Outcome.PresidingChair, held.Outcome.MinutesSecretary));
        Assert.Equal([ResultsChannel.PostedAtOffice, ResultsChannel.VillageHeads], published.ResultsChannels);
    }

    [Fact]
    public void The_results_deadline_runs_from_the_day_the_dialogue_was_held()
    {
        var milestones = Fixture.Host.Services.GetRequiredService<Domain.Milestones>();
        var start = new DateTimeOffset(2030, 3, 19, 8, 0, 0, TimeSpan.FromHours(7));

        // Held two days after its slot: the 10 days count from the 21st, not the 19th.
        var next = milestones.Next(Domain.DialogueStatus.Held, start, start.AddDays(3), new DateOnly(2030, 3, 21));

        Assert.Equal((Domain.Milestone.ResultsDue, new DateTimeOffset(2030, 3, 31, 8, 0, 0, TimeSpan.FromHours(7))), next);
        // On the 30th, past the slot's ten days, the held date's are still running.
        Assert.Equal(next, milestones.Next(Domain.DialogueStatus.Held, start, start.AddDays(11), new DateOnly(2030, 3, 21)));
        Assert.Null(milestones.Next(Domain.DialogueStatus.Held, start, start.AddDays(12), new DateOnly(2030, 3, 21)));
        Assert.Equal(start.AddDays(10), milestones.When(start, Domain.Milestone.ResultsDue));
    }

    [Fact]
    public async Task Reception_days_are_each_units_setting_checked_against_the_minimums_and_block_the_calendar_at_once()
    {
        // A commune Party secretary receiving citizens one day a month is below the two of Conclusion 215-KL/TW.
        var oneDay = await Refused(StatusCode.InvalidArgument, () => _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "00103", Role = ReceptionRole.PartySecretary, DaysOfMonth = { 12 },
        }).ResponseAsync);
        // A commune chair's days must include a day every week; a province's one a month is enough.
        var monthlyChair = await Refused(StatusCode.InvalidArgument, () => _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "00103", Role = ReceptionRole.PeopleCommitteeChair, DaysOfMonth = { 1, 15 },
        }).ResponseAsync);
        var notProvince = await Refused(StatusCode.InvalidArgument, () => _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "00103", ProvinceDefault = true, Role = ReceptionRole.PartySecretary, DaysOfMonth = { 1, 15 },
        }).ResponseAsync);
        var province = await _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "01", Role = ReceptionRole.PeopleCommitteeChair, DaysOfMonth = { 20 },
        });
        var set = await _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "00103", Role = ReceptionRole.PartySecretary, DaysOfMonth = { 12, 26 },
        });
        var chair = await _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "00103", Role = ReceptionRole.PeopleCommitteeChair, Weekdays = { Google.Type.DayOfWeek.Monday },
        });
        // Every other ward of Hà Nội takes the province's default for its Party secretary.
        await _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest
        {
            UnitCode = "01", ProvinceDefault = true, Role = ReceptionRole.PartySecretary, DaysOfMonth = { 13, 27 },
        });

        Assert.Equal([("days_of_month", ViolationCodes.ReceptionDaysBelowMinimum)], Codes(oneDay));
        Assert.Equal([("days_of_month", ViolationCodes.ReceptionDaysBelowMinimum)], Codes(monthlyChair));
        Assert.Equal([("unit_code", ViolationCodes.UnitNotAProvince)], Codes(notProvince));
        Assert.Equal((ReceptionDaysSource.Unit, "20"), (province.ReceptionDays.Source, string.Join(",", province.ReceptionDays.DaysOfMonth)));
        Assert.Equal((ReceptionDaysSource.Unit, "12,26"), (set.ReceptionDays.Source, string.Join(",", set.ReceptionDays.DaysOfMonth)));
        Assert.Equal([Google.Type.DayOfWeek.Monday], chair.ReceptionDays.Weekdays);
        var own = (await _calendar.GetReceptionDaysAsync(new GetReceptionDaysRequest { UnitCode = "00103" })).ReceptionDays;
        var other = (await _calendar.GetReceptionDaysAsync(new GetReceptionDaysRequest { UnitCode = "00118" })).ReceptionDays;
        Assert.Equal([(ReceptionRole.PeopleCommitteeChair, ReceptionDaysSource.Unit), (ReceptionRole.PartySecretary, ReceptionDaysSource.Unit)],
            own.Select(r => (r.Role, r.Source)));
        Assert.Equal([(ReceptionRole.PeopleCommitteeChair, ReceptionDaysSource.Configuration, "THURSDAY", ""),
                      (ReceptionRole.PartySecretary, ReceptionDaysSource.ProvinceDefault, "", "13,27")],
            other.Select(r => (r.Role, r.Source, string.Join(",", r.Weekdays.Select(d => d.ToString().ToUpperInvariant())), string.Join(",", r.DaysOfMonth))));

        // The invited Party committee's secretary receives citizens on the 12th; the chair now on Mondays, no longer on Thursdays.
        var onSecretaryDay = await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("00103", At(2030, 3, 12, 8))).ResponseAsync);
        var onChairDay = await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("00103", At(2030, 3, 18, 8))).ResponseAsync);
        Assert.Equal("CITIZEN_RECEPTION_DAY", Reason(onSecretaryDay));
        Assert.Contains("00103:party-committee", onSecretaryDay.Status.Detail);
        Assert.Equal("CITIZEN_RECEPTION_DAY", Reason(onChairDay));
        await _dialogues.ScheduleDialogueAsync(Schedule("00103", At(2030, 3, 21, 8)));
        // The province default applies to the other ward; the configured 9th no longer does.
        Assert.Equal("CITIZEN_RECEPTION_DAY", Reason(await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("00118", At(2030, 3, 13, 8))).ResponseAsync)));

        // The web calendar gives the same days, in the secretary's words.
        var unit = (await Fixture.Host.Services.GetRequiredService<DanVan.Adapters.Units.IUnitRegistry>()
            .FindAsync("00103", new DateOnly(2030, 3, 4), CancellationToken.None))!;
        var reasons = Fixture.Host.Services.GetRequiredService<BookableDays>()
            .Reasons(unit, new DateOnly(2030, 3, 11), new DateOnly(2030, 3, 14), Fixture.Clock.GetUtcNow());
        Assert.Contains(reasons, r => r.Date == new DateOnly(2030, 3, 12) && r.Text == "Ngày 12: ngày tiếp công dân của Bí thư Đảng ủy xã");
        Assert.Contains(reasons, r => r.Date == new DateOnly(2030, 3, 11) && r.Text == "Thứ Hai: ngày tiếp công dân của Chủ tịch UBND xã");
        Assert.DoesNotContain(reasons, r => r.Date == new DateOnly(2030, 3, 14) && r.Kind == "reception");

        // No days at all removes the unit's setting: the province default applies again.
        var removed = await _calendar.SetReceptionDaysAsync(new SetReceptionDaysRequest { UnitCode = "00103", Role = ReceptionRole.PartySecretary });
        Assert.Equal((ReceptionDaysSource.ProvinceDefault, "13,27"), (removed.ReceptionDays.Source, string.Join(",", removed.ReceptionDays.DaysOfMonth)));
    }

    [Fact]
    public async Task A_province_dialogue_is_chaired_by_the_Party_secretary_and_a_commune_one_by_the_three_with_the_Party_committee_invited()
    {
        var province = (await _dialogues.ScheduleDialogueAsync(Schedule("01", At(2030, 3, 19, 14)))).Dialogue;
        var commune = (await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 3, 20, 14)))).Dialogue;
        // The Party secretary of a province receives citizens on the 25th by default.
        var onReceptionDay = await Refused(StatusCode.FailedPrecondition,
            () => _dialogues.ScheduleDialogueAsync(Schedule("01", At(2030, 3, 25, 14))).ResponseAsync);

        Assert.Equal(["01:party-secretary"], province.CoChairs);
        Assert.Empty(province.Invitees);
        Assert.Equal(["00004:people-committee-chair", "00004:fatherland-front-chair", "00004:people-council-standing"], commune.CoChairs);
        Assert.Equal(["00004:party-committee"], commune.Invitees);
        Assert.Equal("CITIZEN_RECEPTION_DAY", Reason(onReceptionDay));
    }

    private static List<(string Field, string Code)> Codes(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => (v.Field, v.Reason)).ToList();
}
