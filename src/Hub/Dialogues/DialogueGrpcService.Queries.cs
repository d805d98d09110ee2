using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using DanVan.Hub.Rpc;
using DanVan.Scheduler.Dialogues;
using Grpc.Core;

namespace DanVan.Hub.Dialogues;

/// <summary>Reading dialogues: one, a unit's list page by page, and the summary over a period.</summary>
public sealed partial class DialogueGrpcService
{
    public override async Task<GetDialogueResponse> GetDialogue(GetDialogueRequest request, ServerCallContext context)
    {
        var id = DialogueRequests.Validate(request);
        return new GetDialogueResponse { Dialogue = (await lifecycle.GetAsync(id, context.CancellationToken)).ToProto() };
    }

    public override async Task<ListDialoguesResponse> ListDialogues(ListDialoguesRequest request, ServerCallContext context)
    {
        var query = DialogueRequests.Validate(request);
        // "Today" is pinned by the first page, so that paging across midnight stays one listing.
        var today = query.PinnedDate ?? VietnamTime.Today(clock);
        var (_, roots) = await reports.ScopeAsync(query.UnitCode, today, context.CancellationToken);
        var filter = new DialogueFilter(roots, query.IncludeDescendants, query.From, query.To, query.Kind, query.Status);
        var found = await store.ListAsync(filter, query.After, query.PageSize + 1, context.CancellationToken);

        var response = new ListDialoguesResponse();
        response.Dialogues.AddRange(found.Take(query.PageSize).Select(d => d.ToProto()));
        if (found.Count > query.PageSize)
        {
            response.NextPageToken = PageTokens.Encode(query.Fingerprint, DialogueListQuery.Key(found[query.PageSize - 1]), today);
        }

        return response;
    }

    public override async Task<SummarizeDialoguesResponse> SummarizeDialogues(SummarizeDialoguesRequest request, ServerCallContext context)
    {
        var today = VietnamTime.Today(clock);
        var query = DialogueRequests.Validate(request, today);
        if (query.UnitCode is not { } unitCode)
        {
            return (await reports.SummarizeCountryAsync(query.From, query.To, context.CancellationToken)).ToProto();
        }

        var response = (await reports.SummarizeAsync(unitCode, query.From, query.To, query.AsOf, context.CancellationToken)).ToProto();
        if (request.ByFormerUnits)
        {
            response.FormerUnits.AddRange((await formerUnits.SummarizeAsync(unitCode, query.From, query.To, query.AsOf, context.CancellationToken)).Select(f => f.ToProto()));
        }

        return response;
    }
}
