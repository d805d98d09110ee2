using DanVan.Contracts.V1;
using Milestone = DanVan.Scheduler.Dialogues.Milestone;
using DanVan.Scheduler.Dialogues.Jobs;
using DanVan.Scheduler.Dialogues.Triggers;
using Grpc.Core;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using DialogueStatus = DanVan.Contracts.V1.DialogueStatus;
using OpinionStatus = DanVan.Contracts.V1.OpinionStatus;
using AgendaItemKind = DanVan.Contracts.V1.AgendaItemKind;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// From data to published results: procedure statistics push a commune under the on-time threshold,
/// the rules propose one ad-hoc dialogue stating why, a secretary confirms and announces it, it is
/// held with opinions, some are resolved, and the summary, the event stream and the calendar feed
/// all show it.
/// </summary>
public sealed class TriggerScenarioTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_commune_under_the_on_time_threshold_gets_one_proposal_that_goes_all_the_way_to_the_summary_and_the_feed()
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var communes = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "08", Level = AdminLevel.Commune, PageSize = 2 })).Units;
        var (commune, healthy) = (communes[0].Code, communes[1].Code);
        using var watch = _dialogues.WatchDialogues(new WatchDialoguesRequest { UnitCode = "08" });
        await watch.ResponseHeadersAsync;

        // February 2030 is the last complete month on the hub's clock (4 March 2030).
        await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "feb-2030" },
            Reports = { Stats(commune, early: 20, onTime: 20, late: 10), Stats(healthy, early: 50, onTime: 49, late: 1) },
        });
        await Timeouts.Eventually(async () => (await ProposalsAsync(commune)).Count == 1, Timeouts.Call, "the rule to propose a dialogue");

        // The rules running again (after more data, or daily) propose nothing new.
        await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "feb-2030-fix" },
            Reports = { Stats(healthy, early: 50, onTime: 50, late: 0) },
        });
        await Fixture.Host.Services.GetRequiredService<TriggerEvaluator>().EvaluateAsync(CancellationToken.None);
        var proposal = Assert.Single(await ProposalsAsync(commune));
        Assert.Empty(await ProposalsAsync(healthy));
        Assert.Equal(("on_time_rate", "2030-02"), (proposal.TriggerRule, proposal.TriggerPeriod));
        Assert.Equal(AgendaItemKind.TriggerFact, proposal.Agenda[0].Kind);
        Assert.Contains("Tháng 02/2030", proposal.Agenda[0].Text);
        Assert.Contains("(40/50)", proposal.Agenda[0].Text);

        var confirmed = (await _dialogues.ConfirmDialogueAsync(new ConfirmDialogueRequest { DialogueId = proposal.DialogueId })).Dialogue;
        Assert.Equal(DialogueStatus.Scheduled, confirmed.Status);
        Assert.True(confirmed.StartTime.ToDateTimeOffset() >= DialogueHubFixture.Start.AddDays(7).Date.AddHours(-7));
        await _dialogues.AnnounceDialogueAsync(Announce(proposal.DialogueId, "Loa truyền thanh, cổng TTĐT xã"));

        Fixture.Clock.Set(confirmed.EndTime.ToDateTimeOffset());
        var start = confirmed.StartTime.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7));
        var held = (await _dialogues.RecordDialogueOutcomeAsync(new RecordDialogueOutcomeRequest
        {
            DialogueId = proposal.DialogueId,
            HeldOn = Day(start.Year, start.Month, start.Day),
            Attendance = { new Attendance { Group = "citizens", Count = 120 }, new Attendance { Group = "leaders", Count = 9 } },
            Minutes = "Biên bản hội nghị đối thoại",
            Opinions =
            {
                new NewOpinion { Topic = "Hồ sơ đất đai", Content = "Hồ sơ trễ hạn do thiếu cán bộ" },
                new NewOpinion { Topic = "Dịch vụ công trực tuyến", Content = "Cổng hay lỗi", ResponsibleAgency = "Văn phòng UBND" },
                new NewOpinion { Topic = "Chứng thực", Content = "Chờ lâu" },
            },
        })).Dialogue;
        Assert.Equal((DialogueStatus.Held, 3), (held.Status, held.Opinions.Count));
        Assert.Equal(OpinionStatus.Assigned, held.Opinions[1].Status);

        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = held.Opinions[0].OpinionId, Status = OpinionStatus.AnsweredAtMeeting, Answer = "Bổ sung 2 cán bộ từ tháng 4" });
        var wrongMove = await Refused(StatusCode.FailedPrecondition, () => _dialogues.UpdateOpinionAsync(
            new UpdateOpinionRequest { OpinionId = held.Opinions[2].OpinionId, Status = OpinionStatus.Resolved, Answer = "x" }).ResponseAsync);
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = held.Opinions[1].OpinionId, Status = OpinionStatus.Resolved, Answer = "Đã nâng cấp máy chủ" });
        Assert.Equal("OPINION_TRANSITION", Reason(wrongMove));

        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "08", StartDate = Day(2030, 1, 1), EndDate = Day(2030, 12, 31),
        });
        Assert.Equal((0, 1, 3, 2), (summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived, summary.OpinionsResolved));
        Assert.Equal(2.0 / 3, summary.ResolutionRate.Value, 6);
        var communeLevel = Assert.Single(summary.Levels);
        Assert.Equal((AdminLevel.Commune, 1, 3), (communeLevel.Level, communeLevel.AdHocHeld, communeLevel.OpinionsReceived));

        // The open opinion is carried onto the commune's next dialogue.
        var fourWeeksLater = NextWorkingMorning(At(start.Year, start.Month, start.Day, 8).ToDateTimeOffset().AddDays(28));
        var next = (await _dialogues.ScheduleDialogueAsync(Schedule(commune, Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(fourWeeksLater)))).Dialogue;
        var carried = Assert.Single(next.Agenda, a => a.Kind == AgendaItemKind.CarriedOpinion);
        Assert.Equal(held.Opinions[2].OpinionId, carried.OpinionId);
        await _dialogues.CancelDialogueAsync(new CancelDialogueRequest { DialogueId = next.DialogueId, Reason = "Gộp vào kỳ định kỳ" });

        var feed = await Fixture.Host.Web.GetStringAsync($"/calendars/{commune}.ics");
        Assert.Contains("BEGIN:VTIMEZONE", feed);
        Assert.Contains("TZID:Asia/Ho_Chi_Minh", feed);
        Assert.Contains("BEGIN:STANDARD", feed);
        Assert.Contains("TZOFFSETTO:+0700", feed);
        Assert.Contains($"DTSTART;TZID=Asia/Ho_Chi_Minh:{start:yyyyMMdd'T'HHmmss}", feed);
        Assert.Contains($"UID:{proposal.DialogueId}@danvan", feed);
        Assert.Contains($"UID:{next.DialogueId}@danvan", feed);
        Assert.Contains("STATUS:CANCELLED", feed);
        Assert.Matches(@"SEQUENCE:[1-9]", feed);

        var seen = new List<WatchDialoguesResponse>();
        using var stop = new CancellationTokenSource(Timeouts.Call);
        while (!seen.Any(e => e.EventType == "dialogue.cancelled") && await watch.ResponseStream.MoveNext(stop.Token))
        {
            seen.Add(watch.ResponseStream.Current);
        }

        Assert.Equal(
            ["dialogue.proposed", "dialogue.scheduled", "dialogue.announced", "dialogue.held", "opinion.updated", "opinion.updated"],
            seen.Where(e => e.DialogueId == proposal.DialogueId).Select(e => e.EventType));
    }

    [Fact]
    public async Task A_reminder_job_for_a_dialogue_that_has_changed_since_does_nothing()
    {
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 7, 16, 8)))).Dialogue;
        var moved = (await _dialogues.RescheduleDialogueAsync(new RescheduleDialogueRequest
        {
            DialogueId = dialogue.DialogueId, StartTime = At(2030, 7, 17, 8), Reason = "Trùng lịch",
        })).Dialogue;
        var job = Fixture.Host.Services.GetRequiredService<DialogueMilestoneJob>();
        var id = Guid.Parse(dialogue.DialogueId);

        await job.RunAsync(id, dialogue.Sequence, Milestone.DayBeforeReminder, CancellationToken.None);
        var staleEvents = await EventCountAsync(id, "escalation.not_announced");
        await job.RunAsync(id, moved.Sequence, Milestone.DayBeforeReminder, CancellationToken.None);
        await job.RunAsync(id, moved.Sequence, Milestone.DayBeforeReminder, CancellationToken.None);

        Assert.Equal(0, staleEvents);
        Assert.Equal(1, await EventCountAsync(id, "escalation.not_announced"));
        await Timeouts.Eventually(() => Task.FromResult(ScheduledMilestones(id, moved.Sequence).Any()), Timeouts.Call,
            "the moved dialogue's next milestone to be scheduled in Hangfire");
    }

    [Fact]
    public async Task A_cancelled_or_moved_dialogue_leaves_no_pending_reminder_job_of_its_earlier_slot()
    {
        var kept = (await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 8, 13, 8)))).Dialogue;
        var cancelled = (await _dialogues.ScheduleDialogueAsync(Schedule("00004", At(2030, 8, 13, 14)))).Dialogue;
        await Timeouts.Eventually(() => Task.FromResult(ScheduledMilestones(Guid.Parse(kept.DialogueId), kept.Sequence).Count() == 1
                && ScheduledMilestones(Guid.Parse(cancelled.DialogueId), cancelled.Sequence).Count() == 1),
            Timeouts.Call, "both dialogues' first milestone to be scheduled");

        await _dialogues.CancelDialogueAsync(new CancelDialogueRequest { DialogueId = cancelled.DialogueId, Reason = "Trùng lịch tiếp dân" });
        var moved = (await _dialogues.RescheduleDialogueAsync(new RescheduleDialogueRequest
        {
            DialogueId = kept.DialogueId, StartTime = At(2030, 8, 14, 8), Reason = "Hội trường sửa chữa",
        })).Dialogue;

        await Timeouts.Eventually(() => Task.FromResult(!ScheduledMilestones(Guid.Parse(cancelled.DialogueId), null).Any()
                && ScheduledMilestones(Guid.Parse(kept.DialogueId), null).Select(j => (int)j.Args[1]).SequenceEqual([moved.Sequence])),
            Timeouts.Call, "the stale jobs to be deleted and the moved dialogue's new one scheduled");
        var next = ScheduledMilestones(Guid.Parse(kept.DialogueId), moved.Sequence).Single();
        Assert.Equal(Milestone.AnnouncementCheck, (Milestone)next.Args[2]);
    }

    [Fact]
    public async Task A_backlog_of_cards_produced_but_not_returned_proposes_a_dialogue_and_a_small_one_does_not()
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var communes = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "11", Level = AdminLevel.Commune, PageSize = 3 })).Units;
        var ids = new IdIssuanceService.IdIssuanceServiceClient(Fixture.Host.CallInvoker);
        IdIssuanceReport Report(string unit, long produced, long returned) => new()
        {
            UnitCode = unit, ReportDate = Day(2030, 2, 28), DossiersCollected = produced + 10, CardsProduced = produced, CardsReturned = returned,
        };

        await ids.SubmitIdIssuanceReportsAsync(new SubmitIdIssuanceReportsRequest
        {
            Options = new BatchOptions { BatchId = "cards-feb-2030" },
            // 300 of 1,000 not returned fires; 10 of 100 is under 20 %; 40 of 80 is too few cards to say anything.
            Reports = { Report(communes[0].Code, 1000, 700), Report(communes[1].Code, 100, 90), Report(communes[2].Code, 80, 40) },
        });

        await Timeouts.Eventually(async () => (await ProposalsAsync(communes[0].Code)).Count == 1, Timeouts.Call, "the backlog rule to propose a dialogue");
        await Fixture.Host.Services.GetRequiredService<TriggerEvaluator>().EvaluateAsync(CancellationToken.None);
        var proposal = Assert.Single(await ProposalsAsync(communes[0].Code));
        Assert.Equal(("id_card_backlog", "2030-02"), (proposal.TriggerRule, proposal.TriggerPeriod));
        Assert.Contains("(300/1.000)", proposal.Agenda[0].Text);
        Assert.Empty(await ProposalsAsync(communes[1].Code));
        Assert.Empty(await ProposalsAsync(communes[2].Code));
    }

    private static ProcedureStatsReport Stats(string unit, long early, long onTime, long late) => new()
    {
        UnitCode = unit, Month = Month(2030, 2), Received = early + onTime + late, ReceivedOnline = (early + onTime + late) / 2,
        ResolvedEarly = early, ResolvedOnTime = onTime, ResolvedInTime = early + onTime, ResolvedLate = late, Resolved = early + onTime + late,
    };

    private async Task<IReadOnlyList<Dialogue>> ProposalsAsync(string unit) =>
        (await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = unit, Kind = DialogueKind.AdHoc, Status = DialogueStatus.Proposed })).Dialogues;

    private Task<int> EventCountAsync(Guid dialogueId, string eventType) =>
        ScalarAsync<int>(Fixture.ConnectionString, "select count(*)::int from dialogue_event where dialogue_id = @dialogueId and event_type = @eventType",
            new { dialogueId, eventType });

    /// <summary>The dialogue's milestone jobs waiting in Hangfire's schedule, of one sequence or of any.</summary>
    private IEnumerable<Hangfire.Common.Job> ScheduledMilestones(Guid dialogueId, int? sequence) =>
        Fixture.Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 10_000)
            .Select(j => j.Value.Job)
            .Where(j => j?.Type == typeof(DialogueMilestoneJob) && (Guid)j.Args[0] == dialogueId && (sequence is null || (int)j.Args[1] == sequence));

    private static DateTimeOffset NextWorkingMorning(DateTimeOffset from)
    {
        var local = from.ToOffset(TimeSpan.FromHours(7));
        while (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Thursday)
        {
            local = local.AddDays(1);
        }

        return local;
    }
}
