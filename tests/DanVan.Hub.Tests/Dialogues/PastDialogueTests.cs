using DanVan.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using OpinionStatus = DanVan.Contracts.V1.OpinionStatus;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// Dialogues held before anyone entered them: recorded against the units of their day (districts
/// before 2025-07-01), with their opinions or only their counts, and reported on through the former units.
/// </summary>
public sealed class PastDialogueTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly AdminUnitService.AdminUnitServiceClient _units = new(fixture.Host.CallInvoker);

    private async Task<IReadOnlyList<AdminUnit>> CommunesAsync(string districtCode, DateOnly asOf) =>
        (await _units.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = districtCode, Level = AdminLevel.Commune, AsOf = Day(asOf.Year, asOf.Month, asOf.Day), PageSize = 100,
        })).Units;

    private static PastDialogue Past(string unitCode, DateOnly heldOn, OpinionCounts? counts = null, params NewOpinion[] opinions)
    {
        var past = new PastDialogue
        {
            UnitCode = unitCode, Kind = DialogueKind.Periodic, Title = "Hội nghị đối thoại định kỳ",
            HeldOn = Day(heldOn.Year, heldOn.Month, heldOn.Day), Chair = $"{unitCode}:people-committee-chair", OpinionCounts = counts,
        };
        past.Opinions.AddRange(opinions);
        return past;
    }

    private static NewOpinion Opinion(int n) => new() { Topic = "Đất đai", Content = $"Kiến nghị số {n} về cấp giấy chứng nhận" };

    [Fact]
    public async Task A_dialogue_recorded_with_counts_only_counts_in_the_summary_like_one_recorded_opinion_by_opinion()
    {
        // Ba Vì district (271) of Hà Nội in 2024, before the reform abolished districts.
        var heldOn = new DateOnly(2024, 5, 14);
        var communes = await CommunesAsync("271", heldOn);
        var (byOpinion, byCount) = (communes[0], communes[1]);

        var request = new RecordPastDialogueRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogue = Past(byOpinion.Code, heldOn, null, Opinion(1), new NewOpinion(Opinion(2)) { ResponsibleAgency = "Phòng Tài nguyên và Môi trường" }, Opinion(3), Opinion(4)),
        };
        var recorded = (await _dialogues.RecordPastDialogueAsync(request)).Dialogue;
        var again = (await _dialogues.RecordPastDialogueAsync(request)).Dialogue;
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = recorded.Opinions[0].OpinionId, Status = OpinionStatus.AnsweredAtMeeting, Answer = "Đã trả lời tại hội nghị" });
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = recorded.Opinions[1].OpinionId, Status = OpinionStatus.Resolved, Answer = "Đã cấp giấy" });
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest { OpinionId = recorded.Opinions[2].OpinionId, Status = OpinionStatus.NotAccepted, Answer = "Không thuộc thẩm quyền" });
        await _dialogues.RecordPastDialogueAsync(new RecordPastDialogueRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogue = Past(byCount.Code, heldOn, new OpinionCounts { Received = 4, AnsweredAtMeeting = 1, Resolved = 1, StillOpen = 1 }),
        });

        Assert.Equal(recorded.DialogueId, again.DialogueId);
        Assert.Equal((DialogueStatus.Closed, byOpinion.Name, AdminLevel.Commune), (recorded.Status, recorded.Unit.Name, recorded.Unit.Level));
        var reused = await Refused(StatusCode.AlreadyExists, () => _dialogues.RecordPastDialogueAsync(
            new RecordPastDialogueRequest(request) { Dialogue = Past(byOpinion.Code, heldOn.AddDays(1)) }).ResponseAsync);
        Assert.Equal("REQUEST_ID_REUSED", Reason(reused));

        async Task<(int, int, int, double)> Figures(string code)
        {
            var s = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
            {
                UnitCode = code, StartDate = Day(2024, 1, 1), EndDate = Day(2024, 12, 31), AsOf = Day(2024, 12, 31),
            });
            return (s.PeriodicHeld, s.OpinionsReceived, s.OpinionsResolved, s.ResolutionRate.Value);
        }

        Assert.Equal((1, 4, 2, 0.5), await Figures(byOpinion.Code));
        Assert.Equal(await Figures(byOpinion.Code), await Figures(byCount.Code));
    }

    [Fact]
    public async Task Past_dialogues_in_the_future_on_a_unit_of_another_day_or_with_counts_that_do_not_add_up_are_refused_all_together()
    {
        var good = Past("016", new DateOnly(2020, 3, 2));
        var request = new RecordPastDialoguesRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogues =
            {
                good,
                // The hub's clock is in March 2030.
                Past("00004", new DateOnly(2030, 3, 20)),
                // Sóc Sơn district ended on 2025-07-01.
                Past("016", new DateOnly(2026, 3, 1)),
            },
        };
        var bad = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordPastDialoguesAsync(request).ResponseAsync);
        var badForm = await Refused(StatusCode.InvalidArgument, () => _dialogues.RecordPastDialoguesAsync(new RecordPastDialoguesRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogues =
            {
                Past("016", new DateOnly(2022, 3, 1), new OpinionCounts { Received = 2, AnsweredAtMeeting = 2, Resolved = 1 }),
                Past("016", new DateOnly(2022, 3, 1), new OpinionCounts { Received = 1 }, Opinion(1)),
            },
        }).ResponseAsync);

        Assert.Equal(
            [("dialogues[1].held_on", "HELD_ON_IN_FUTURE"), ("dialogues[2].unit_code", "UNIT_NOT_VALID_ON_DATE")],
            Violations(bad));
        Assert.Equal(
            [("dialogues[0].opinion_counts", "OPINION_COUNTS_EXCEED_RECEIVED"), ("dialogues[1].opinion_counts", "OPINIONS_AND_COUNTS")],
            Violations(badForm));
        // Nothing of the refused list was stored, not even its valid first dialogue.
        Assert.Equal(0, (await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "016", StartDate = Day(2020, 1, 1), EndDate = Day(2020, 12, 31), AsOf = Day(2020, 3, 2),
        })).PeriodicHeld);
    }

    [Fact]
    public async Task The_Soc_Son_archive_since_2021_gives_the_published_figures_by_level_in_one_summary()
    {
        // "Since 2021 Sóc Sơn district held 81 periodic dialogues: 78 at commune level with 1,009
        // opinions and 3 at district level with 100 opinions." Commune dialogues are spread over its
        // communes as they were on each held date; most archives kept counts, a few kept the opinions.
        var dialogues = new List<PastDialogue>();
        var communesByYear = new Dictionary<int, IReadOnlyList<AdminUnit>>();
        for (var i = 0; i < 78; i++)
        {
            var heldOn = new DateOnly(2021 + i % 4, 3 + i % 9, 5 + i % 20);
            if (!communesByYear.TryGetValue(heldOn.Year, out var communes))
            {
                communes = communesByYear[heldOn.Year] = await CommunesAsync("016", new DateOnly(heldOn.Year, 12, 31));
            }

            var opinions = i < 73 ? 13 : 12;
            dialogues.Add(i % 10 == 0
                ? Past(communes[i % communes.Count].Code, heldOn, null, Enumerable.Range(1, opinions).Select(Opinion).ToArray())
                : Past(communes[i % communes.Count].Code, heldOn, new OpinionCounts { Received = opinions, AnsweredAtMeeting = opinions / 2, Resolved = 1, StillOpen = 1 }));
        }

        dialogues.Add(Past("016", new DateOnly(2021, 11, 18), new OpinionCounts { Received = 34, Resolved = 30 }));
        dialogues.Add(Past("016", new DateOnly(2022, 12, 6), new OpinionCounts { Received = 33, Resolved = 33 }));
        dialogues.Add(Past("016", new DateOnly(2024, 10, 15), null, Enumerable.Range(1, 33).Select(Opinion).ToArray()));
        var request = new RecordPastDialoguesRequest { RequestId = Guid.NewGuid().ToString() };
        request.Dialogues.AddRange(dialogues);

        var recorded = await _dialogues.RecordPastDialoguesAsync(request);
        var again = await _dialogues.RecordPastDialoguesAsync(request);
        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "016", StartDate = Day(2021, 1, 1), EndDate = Day(2025, 6, 30), AsOf = Day(2024, 12, 31),
        });

        Assert.Equal(81, recorded.DialogueIds.Distinct().Count());
        Assert.Equal(recorded.DialogueIds, again.DialogueIds);
        Assert.Equal(("Huyện Sóc Sơn", AdminLevel.District), (summary.Unit.Name, summary.Unit.Level));
        Assert.Equal((81, 0, 1109), (summary.PeriodicHeld, summary.AdHocHeld, summary.OpinionsReceived));
        Assert.Equal(
            [(AdminLevel.District, 3, 100), (AdminLevel.Commune, 78, 1009)],
            summary.Levels.Select(l => (l.Level, l.PeriodicHeld, l.OpinionsReceived)));
        Assert.Equal((78, 1009), (summary.Children.Sum(c => c.PeriodicHeld), summary.Children.Sum(c => c.OpinionsReceived)));
        Assert.All(summary.Children, c => Assert.Equal(AdminLevel.Commune, c.Unit.Level));
    }

    [Fact]
    public async Task A_dialogue_held_after_its_slot_month_is_listed_and_summarized_in_the_month_it_was_held()
    {
        // Slot in March 2030, held (late) on 1 April: both the list and the summary place it in April.
        const string unitCode = "00136";
        var slot = await FreeSlotAsync(Fixture.Host, unitCode);
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule(unitCode, slot))).Dialogue;
        await _dialogues.AnnounceDialogueAsync(Announce(dialogue.DialogueId, "Loa truyền thanh phường"));
        Fixture.Clock.Set(new DateTimeOffset(2030, 4, 1, 17, 0, 0, TimeSpan.FromHours(7)));
        await _dialogues.RecordDialogueOutcomeAsync(new RecordDialogueOutcomeRequest { DialogueId = dialogue.DialogueId, HeldOn = Day(2030, 4, 1) });

        async Task<(int Listed, int Held)> Month(int month)
        {
            var (from, to) = (Day(2030, month, 1), Day(2030, month, month == 3 ? 31 : 30));
            var listed = (await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = unitCode, StartDate = from, EndDate = to })).Dialogues.Count;
            var held = (await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = unitCode, StartDate = from, EndDate = to })).AdHocHeld;
            return (listed, held);
        }

        Assert.Equal(3, slot.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7)).Month);
        Assert.Equal((0, 0), await Month(3));
        Assert.Equal((1, 1), await Month(4));
    }

    private static List<(string, string)> Violations(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => (v.Field, v.Reason)).ToList();
}
