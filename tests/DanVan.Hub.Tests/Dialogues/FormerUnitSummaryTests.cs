using DanVan.Contracts.V1;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// SummarizeDialogues of a unit of today broken down by the units it was formed from, on the real
/// editions: Phường Ba Đình (00004) of 2025 took in the whole of Phường Trúc Bạch (00004 before) and
/// Phường Quán Thánh (00013), and parts of Ngọc Hà (00016), Kim Mã (00028) and others (the 2025
/// conversion table).
/// </summary>
public sealed class FormerUnitSummaryTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    private static PastDialogue Past(string unitCode, DateOnly heldOn, int received, int resolved) => new()
    {
        UnitCode = unitCode, Kind = DialogueKind.Periodic, Title = "Hội nghị đối thoại định kỳ", HeldOn = Day(heldOn.Year, heldOn.Month, heldOn.Day),
        OpinionCounts = new OpinionCounts { Received = received, Resolved = resolved },
    };

    [Fact]
    public async Task A_ward_of_2025_is_summarized_by_the_wards_it_was_formed_from()
    {
        await _dialogues.RecordPastDialoguesAsync(new RecordPastDialoguesRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Dialogues =
            {
                Past("00004", new DateOnly(2024, 4, 10), 12, 10), // Phường Trúc Bạch
                Past("00004", new DateOnly(2024, 10, 2), 8, 8),
                Past("00013", new DateOnly(2024, 5, 14), 20, 15), // Phường Quán Thánh
                Past("00016", new DateOnly(2024, 6, 20), 9, 3),   // Phường Ngọc Hà, only partly in Ba Đình
                Past("00004", new DateOnly(2026, 3, 12), 30, 25), // Phường Ba Đình itself
            },
        });

        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = "00004", StartDate = Day(2024, 1, 1), EndDate = Day(2026, 12, 31), ByFormerUnits = true,
        });
        var plain = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = "00004", StartDate = Day(2024, 1, 1), EndDate = Day(2026, 12, 31) });

        var formers = summary.FormerUnits.ToDictionary(f => f.Unit.Code);
        Assert.Equal(("Phường Trúc Bạch", true, 2, 20, 18), (formers["00004"].Unit.Name, formers["00004"].Whole, formers["00004"].PeriodicHeld,
            formers["00004"].OpinionsReceived, formers["00004"].OpinionsResolved));
        Assert.Equal(("Phường Quán Thánh", true, 1, 20, 15), (formers["00013"].Unit.Name, formers["00013"].Whole, formers["00013"].PeriodicHeld,
            formers["00013"].OpinionsReceived, formers["00013"].OpinionsResolved));
        Assert.Equal(("Phường Ngọc Hà", false, 1, 9), (formers["00016"].Unit.Name, formers["00016"].Whole, formers["00016"].PeriodicHeld, formers["00016"].OpinionsReceived));
        Assert.Equal((false, 0), (formers["00028"].Whole, formers["00028"].PeriodicHeld)); // Kim Mã: part, nothing recorded
        Assert.All(summary.FormerUnits, f => Assert.Equal((2025, 7, 1), (f.Unit.ValidTo.Year, f.Unit.ValidTo.Month, f.Unit.ValidTo.Day)));
        Assert.Equal(summary.FormerUnits.Select(f => f.Unit.Code).Order(StringComparer.Ordinal), summary.FormerUnits.Select(f => f.Unit.Code));
        // The ward's own figures count the whole former wards and its own dialogue, not the partial one.
        Assert.Equal((4, 70, 58), (summary.PeriodicHeld, summary.OpinionsReceived, summary.OpinionsResolved));
        Assert.Equal(summary.PeriodicHeld, summary.FormerUnits.Where(f => f.Whole).Sum(f => f.PeriodicHeld) + 1);
        Assert.Empty(plain.FormerUnits);
        Assert.Equal((plain.PeriodicHeld, plain.OpinionsReceived), (summary.PeriodicHeld, summary.OpinionsReceived));
    }
}
