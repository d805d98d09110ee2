using DanVan.Contracts.V1;
using OpinionWorkflow = DanVan.Scheduler.Dialogues.OpinionWorkflow;
using Microsoft.Extensions.DependencyInjection;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using OpinionStatus = DanVan.Contracts.V1.OpinionStatus;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// Dialogues recorded in early 2025 against units the reform then merged still count in today's
/// reports; opinions left open past their due date are swept as overdue once; a petition signed by
/// enough voters proposes a dialogue.
/// </summary>
public sealed class PreReformDialogueTests(PreReformDialogueHubFixture fixture) : HubTest<PreReformDialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_dialogue_held_by_a_merged_province_counts_for_its_successor_and_its_open_opinions_go_overdue_once()
    {
        // Hà Nam (35) merged into Ninh Bình (37) on 2025-07-01; take one of its communes as it was then.
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var commune = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "35", Level = AdminLevel.Commune, PageSize = 1 })).Units.Single();
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule(commune.Code, At(2025, 3, 18, 8)))).Dialogue;
        await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId, "Loa truyền thanh xã"));
        Fixture.Clock.Set(new DateTimeOffset(2025, 3, 18, 11, 0, 0, TimeSpan.FromHours(7)));
        var held = (await _dialogues.RecordDialogueOutcomeAsync(new RecordDialogueOutcomeRequest
        {
            DialogueId = dialogue.DialogueId,
            HeldOn = Day(2025, 3, 18),
            Opinions =
            {
                new NewOpinion { Topic = "Đường giao thông", Content = "Đường liên thôn xuống cấp", DueDate = Day(2025, 4, 30) },
                new NewOpinion { Topic = "Cấp CCCD", Content = "Chưa nhận được thẻ", DueDate = Day(2025, 4, 30) },
            },
        })).Dialogue;
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = held.Opinions[1].OpinionId, Status = OpinionStatus.AnsweredAtMeeting, Answer = "Đã trả thẻ tại hội nghị" });

        // Past the due date, the daily sweep marks the open opinion overdue, once.
        Fixture.Clock.Set(new DateTimeOffset(2025, 5, 2, 7, 0, 0, TimeSpan.FromHours(7)));
        var opinions = Fixture.Host.Services.GetRequiredService<OpinionWorkflow>();
        Assert.Equal(1, await opinions.SweepOverdueAsync(CancellationToken.None));
        Assert.Equal(0, await opinions.SweepOverdueAsync(CancellationToken.None));
        var swept = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = dialogue.DialogueId })).Dialogue;
        Assert.Equal([true, false], swept.Opinions.Select(o => o.Overdue));
        Assert.Equal(1, await ScalarAsync<int>(Fixture.ConnectionString,
            "select count(*)::int from dialogue_event where event_type = 'escalation.opinion_overdue'"));

        // In 2026 Hà Nam is part of Ninh Bình: its 2025 dialogue counts there.
        Fixture.Clock.Set(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(7)));
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = "37", StartDate = Day(2025, 1, 1), EndDate = Day(2025, 12, 31) });

        Assert.Equal("Tỉnh Ninh Bình", summary.Unit.Name);
        Assert.Equal((1, 2, 1), (summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved));
        Assert.Equal(0.5, summary.ResolutionRate.Value);
    }

    [Fact]
    public async Task A_petition_signed_by_a_tenth_of_the_voters_schedules_one_mandatory_dialogue_that_cannot_be_dismissed_and_the_same_petition_twice_is_recorded_once()
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var communes = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "01", Level = AdminLevel.Commune, PageSize = 2 })).Units;
        var (commune, fewer) = (communes[0], communes[1]);
        var today = DateOnly.FromDateTime(Fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        var petition = new RecordPetitionRequest
        {
            RequestId = "petition-1", UnitCode = commune.Code, ReceivedOn = Day(today.Year, today.Month, today.Day),
            Subject = "Ô nhiễm từ cơ sở sản xuất", Signatures = 260, RegisteredVoters = 2400,
        };

        var first = await _dialogues.RecordPetitionAsync(petition);
        var again = await _dialogues.RecordPetitionAsync(petition);
        var reused = await Refused(Grpc.Core.StatusCode.AlreadyExists,
            () => _dialogues.RecordPetitionAsync(new RecordPetitionRequest(petition) { Signatures = 10 }).ResponseAsync);
        // Just under a tenth: nothing is proposed for the other commune.
        await _dialogues.RecordPetitionAsync(new RecordPetitionRequest(petition) { RequestId = "petition-2", UnitCode = fewer.Code, Signatures = 239 });

        Assert.Equal(first.PetitionId, again.PetitionId);
        Assert.Equal("REQUEST_ID_REUSED", Reason(reused));
        await Timeouts.Eventually(async () => (await _dialogues.ListDialoguesAsync(new ListDialoguesRequest
        {
            UnitCode = commune.Code, Kind = DialogueKind.AdHoc, Status = DialogueStatus.Scheduled,
        })).Dialogues.Any(d => d.TriggerRule == "petitions"), Timeouts.Call, "the petition rule to schedule a dialogue");
        var mandatory = (await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = commune.Code, Kind = DialogueKind.AdHoc })).Dialogues.Single();
        Assert.Contains("(260/2.400)", mandatory.Agenda[0].Text);
        Assert.True(mandatory.Mandatory);
        Assert.False(mandatory.Overdue);
        Assert.Equal(Day(today.AddDays(30).Year, today.AddDays(30).Month, today.AddDays(30).Day), mandatory.MandatoryDueDate);
        // On the first slot the hub itself offers the commune, no earlier than the notice period.
        Assert.Equal(await FreeSlotAsync(Fixture.Host, commune.Code), mandatory.StartTime);
        Assert.Equal([$"{commune.Code}:people-committee-chair", $"{commune.Code}:fatherland-front-chair", $"{commune.Code}:people-council-standing"], mandatory.CoChairs);
        Assert.Equal([$"{commune.Code}:party-committee"], mandatory.Invitees);
        Assert.Empty((await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = fewer.Code, Kind = DialogueKind.AdHoc })).Dialogues);

        var dismissed = await Refused(Grpc.Core.StatusCode.FailedPrecondition,
            () => _dialogues.CancelDialogueAsync(new CancelDialogueRequest { DialogueId = mandatory.DialogueId, Reason = "Đã giải quyết tại tổ dân phố" }).ResponseAsync);
        Assert.Equal("DIALOGUE_MANDATORY", Reason(dismissed));
        Assert.Equal(DialogueStatus.Scheduled, (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = mandatory.DialogueId })).Dialogue.Status);

        // The daily sweep flags it once its 30 days have passed without it being held, not before.
        var sweep = Fixture.Host.Services.GetRequiredService<DanVan.Scheduler.Dialogues.Jobs.OverdueOpinionsJob>();
        Fixture.Clock.Set(Fixture.Clock.GetUtcNow().AddDays(30));
        await sweep.RunAsync(CancellationToken.None);
        Assert.False((await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = mandatory.DialogueId })).Dialogue.Overdue);
        Fixture.Clock.Set(Fixture.Clock.GetUtcNow().AddDays(1));
        await sweep.RunAsync(CancellationToken.None);
        Assert.True((await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = mandatory.DialogueId })).Dialogue.Overdue);
        Assert.Equal(1, await ScalarAsync<int>(Fixture.ConnectionString,
            "select count(*)::int from dialogue_event where dialogue_id = @id and event_type = 'escalation.mandatory_overdue'", new { id = Guid.Parse(mandatory.DialogueId) }));
    }
}
