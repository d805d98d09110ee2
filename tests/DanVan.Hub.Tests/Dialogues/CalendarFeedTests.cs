using DanVan.Contracts.V1;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>The calendar feed describes each dialogue by the agenda a full read of it gives.</summary>
public sealed class CalendarFeedTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task An_upcoming_dialogue_lists_the_open_opinions_it_carries_and_a_held_one_only_its_own_agenda()
    {
        var units = new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker);
        var commune = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = "08", Level = AdminLevel.Commune, PageSize = 3 })).Units[2].Code;

        var first = (await _dialogues.ScheduleDialogueAsync(Schedule(commune, await FreeSlotAsync(Fixture.Host, commune)))).Dialogue;
        await _dialogues.AnnounceDialogueAsync(Announce(first.DialogueId, "Loa truyền thanh xã"));
        Fixture.Clock.Set(first.EndTime.ToDateTimeOffset());
        var day = first.StartTime.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7));
        var held = (await _dialogues.RecordDialogueOutcomeAsync(new RecordDialogueOutcomeRequest
        {
            DialogueId = first.DialogueId,
            HeldOn = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day },
            Minutes = "Biên bản",
            Opinions =
            {
                new NewOpinion { Topic = "Đường liên thôn", Content = "Mặt đường xuống cấp" },
                new NewOpinion { Topic = "Nước sạch", Content = "Thiếu nước mùa khô" },
            },
        })).Dialogue;
        await _dialogues.UpdateOpinionAsync(new UpdateOpinionRequest
        {
            OpinionId = held.Opinions[1].OpinionId, Status = OpinionStatus.AnsweredAtMeeting, Answer = "Đã lắp thêm trạm bơm",
        });

        var next = (await _dialogues.ScheduleDialogueAsync(Schedule(commune, await FreeSlotAsync(Fixture.Host, commune)))).Dialogue;
        var nextAsRead = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = next.DialogueId })).Dialogue;
        var heldAsRead = (await _dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = first.DialogueId })).Dialogue;
        Assert.Equal([AgendaItemKind.Topic, AgendaItemKind.CarriedOpinion], nextAsRead.Agenda.Select(a => a.Kind));
        Assert.Equal(held.Opinions[0].OpinionId, nextAsRead.Agenda[1].OpinionId);
        Assert.DoesNotContain(heldAsRead.Agenda, a => a.Kind == AgendaItemKind.CarriedOpinion);

        var feed = (await Fixture.Host.Web.GetStringAsync($"/calendars/{commune}.ics")).Replace("\r\n ", "").Replace("\r\n\t", "");

        Assert.Equal(Description(nextAsRead), DescriptionIn(feed, next.DialogueId));
        Assert.Equal(Description(heldAsRead), DescriptionIn(feed, first.DialogueId));
        Assert.Contains("• Đường liên thôn: Mặt đường xuống cấp", DescriptionIn(feed, next.DialogueId));
    }

    // As CalendarFeed writes it, with RFC 5545's escaping of the line breaks.
    private static string Description(Dialogue dialogue) => string.Join("\\n", dialogue.Agenda.Select(a => "• " + a.Text));

    private static string DescriptionIn(string feed, string dialogueId)
    {
        var lines = feed.Split("\r\n");
        var uid = Array.IndexOf(lines, $"UID:{dialogueId}@danvan");
        Assert.True(uid >= 0, $"the feed has no event for {dialogueId}");
        var begin = Array.FindLastIndex(lines, uid, l => l == "BEGIN:VEVENT");
        var end = Array.FindIndex(lines, uid, l => l == "END:VEVENT");
        return Assert.Single(lines[begin..end], l => l.StartsWith("DESCRIPTION:", StringComparison.Ordinal))["DESCRIPTION:".Length..];
    }
}
