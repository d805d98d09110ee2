using DanVan.Adapters.Units;

namespace DanVan.Scheduler.Dialogues;

/// <summary>
/// The figures of a former unit a unit was formed from: the dialogues recorded under it (and the
/// versions before it) over the period. <see cref="Whole"/> when all of it went into the unit, so that
/// its figures are part of the unit's; a unit that went in only in part is shown, not counted.
/// </summary>
public sealed record FormerUnitSummary(AdminUnit Unit, bool Whole, DialogueSummary Summary);

/// <summary>
/// SummarizeDialogues broken down by the units today's unit came from (the unit versions that ended the
/// day it began and are linked to it, whole or in part, per the map's editions and the 2025 conversion
/// table), each summarized as it was on its last day through <see cref="DialogueReports.SummarizeAsync"/>.
/// </summary>
public sealed class FormerUnitSummaries(DialogueReports reports, IUnitRegistry units)
{
    public async Task<IReadOnlyList<FormerUnitSummary>> SummarizeAsync(string code, DateOnly from, DateOnly to, DateOnly asOf, CancellationToken cancellationToken)
    {
        var unit = await units.GetAsync(code, asOf, cancellationToken);
        var formers = (await units.PredecessorsAsync(unit, cancellationToken))
            .Where(p => p.Unit.ValidTo is { } end && end == unit.ValidFrom)
            .OrderBy(p => p.Unit.Code, StringComparer.Ordinal).ToList();
        var summaries = new List<FormerUnitSummary>(formers.Count);
        foreach (var former in formers)
        {
            var lastDay = former.Unit.ValidTo!.Value.AddDays(-1);
            summaries.Add(new FormerUnitSummary(former.Unit, former.Kind == LineageKind.Full,
                await reports.SummarizeAsync(former.Unit.Code, from, to, lastDay, cancellationToken)));
        }

        return summaries;
    }
}
