using DanVan.Adapters.Errors;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;

namespace DanVan.Scheduler.Documents;

/// <summary>
/// Gathers what each paper needs through the dialogue domain's own reads — the ones GetDialogue,
/// ListDialogues and SummarizeDialogues use, all of them here and nowhere else in this module — and
/// composes the paper, dated today in Hanoi.
/// </summary>
public sealed class DialogueDocumentSource(
    DialogueLifecycle lifecycle, DialogueStore store, DialogueReports reports, IUnitRegistry units, DialogueOptions options, TimeProvider clock)
{
    private const int PageSize = 1000;

    /// <summary>The announcement, minutes or notice of results of one dialogue.</summary>
    public async Task<OfficialDocument> DialoguePaperAsync(Guid dialogueId, DocumentKind kind, CancellationToken cancellationToken)
    {
        var dialogue = await lifecycle.GetAsync(dialogueId, cancellationToken);
        var today = VietnamTime.Today(clock);
        return kind switch
        {
            DocumentKind.Announcement => DialogueDocuments.Announcement(dialogue, today),
            DocumentKind.Minutes => HeldOrFail(dialogue, DialogueDocuments.Minutes),
            DocumentKind.ResultsNotice => HeldOrFail(dialogue, (d, t) => DialogueDocuments.ResultsNotice(d, options.ResultsDueDays, t)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a paper of one dialogue"),
        };

        OfficialDocument HeldOrFail(Dialogue d, Func<Dialogue, DateOnly, OfficialDocument> compose) => d.HeldOn is null
            ? throw new PreconditionFailedException("DIALOGUE_NOT_HELD", $"Dialogue {d.Id} has not been held ({StoredNames.Of(d.Status)}): it has no minutes or results yet.")
            : compose(d, today);
    }

    /// <summary>The plan of the periodic dialogues of a unit and the units below it for a year, as the hub holds them.</summary>
    public async Task<OfficialDocument> PlanAsync(string unitCode, int year, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        var (unit, roots) = await reports.ScopeAsync(unitCode, today, cancellationToken);
        var filter = new DialogueFilter(roots, IncludeDescendants: true, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), DialogueKind.Periodic, null);
        var periodic = new List<Dialogue>();
        (DateTime, Guid)? after = null;
        while (true)
        {
            var page = await store.ListAsync(filter, after, PageSize, cancellationToken);
            periodic.AddRange(page);
            if (page.Count < PageSize)
            {
                break;
            }

            after = (page[^1].Slot?.Start.UtcDateTime ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), page[^1].Id);
        }

        return DialogueDocuments.Plan(unit, year, periodic, today);
    }

    /// <summary>The period report of a unit: its figures, and each of its child units' (as the map stands today).</summary>
    public async Task<OfficialDocument> PeriodReportAsync(string unitCode, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (summary, children) = await PeriodFiguresAsync(unitCode, from, to, cancellationToken);
        return DialogueDocuments.PeriodReport(summary, children, from, to, VietnamTime.Today(clock));
    }

    /// <summary>The figures of the period report (the paper and the workbook alike): the unit's summary and each of its child units' today.</summary>
    public async Task<(DialogueSummary Summary, IReadOnlyList<DialogueSummary> Children)> PeriodFiguresAsync(
        string unitCode, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        var summary = await reports.SummarizeAsync(unitCode, from, to, today, cancellationToken);
        var children = await units.ListAllAsync(new UnitListFilter(summary.Unit.Code, null, today, null), cancellationToken);
        var childSummaries = new List<DialogueSummary>(children.Count);
        foreach (var child in children)
        {
            childSummaries.Add(await reports.SummarizeAsync(child.Code, from, to, today, cancellationToken));
        }

        return (summary, childSummaries);
    }
}
