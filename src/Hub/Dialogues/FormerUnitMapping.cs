using DanVan.Hub.Units;
using Domain = DanVan.Scheduler.Dialogues;
using Proto = DanVan.Contracts.V1;

namespace DanVan.Hub.Dialogues;

/// <summary>The figures of the former units a unit came from, as SummarizeDialogues gives them.</summary>
internal static class FormerUnitMapping
{
    public static Proto.FormerUnitSummary ToProto(this Domain.FormerUnitSummary former)
    {
        var summary = former.Summary;
        var proto = new Proto.FormerUnitSummary
        {
            Unit = former.Unit.ToProto(),
            Whole = former.Whole,
            PeriodicHeld = summary.PeriodicHeld,
            AdHocHeld = summary.AdHocHeld,
            OpinionsReceived = summary.OpinionsReceived,
            OpinionsResolved = summary.OpinionsResolved,
        };
        proto.Levels.AddRange(summary.Levels.Select(DialogueMapping.ToProto));
        return proto;
    }
}
