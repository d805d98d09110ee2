using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using Grpc.Core;

namespace DanVan.Hub.Dialogues;

/// <summary>The server stream of a unit's dialogue changes.</summary>
public sealed partial class DialogueGrpcService
{
    public override async Task WatchDialogues(WatchDialoguesRequest request, IServerStreamWriter<WatchDialoguesResponse> responseStream, ServerCallContext context)
    {
        var query = DialogueRequests.Validate(request);
        var cancellationToken = context.CancellationToken;
        using var subscription = await events.SubscribeAsync(query.UnitCode, VietnamTime.Today(clock), query.AfterEventId, cancellationToken);
        // The headers go out at once so that a watcher knows it is subscribed before the first event.
        await context.WriteResponseHeadersAsync(new Metadata());
        await foreach (var e in subscription.ReadAllAsync(cancellationToken))
        {
            await responseStream.WriteAsync(e.ToProto(), cancellationToken);
        }
    }
}
